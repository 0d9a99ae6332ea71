from django.db import models
from django.utils.translation import gettext_lazy as _


class Modality(models.TextChoices):
    BILATERAL = "bilateral", _("Bilateral")
    REGIONAL = "regional", _("Regional")
    TRIANGULAR = "triangular", _("Triangular")

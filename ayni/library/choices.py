from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceType(models.TextChoices):
    PUBLICATION = "publication", _("Publication")
    GUIDANCE = "guidance", _("Guidance")
    TOOLKIT = "toolkit", _("Toolkit")
    DATASET = "dataset", _("Dataset")
    VIDEO = "video", _("Video")
    TRAINING = "training", _("Training material")
    WEBSITE = "website", _("Website")

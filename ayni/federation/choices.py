from django.db import models
from django.utils.translation import gettext_lazy as _


class Protocol(models.TextChoices):
    OAI_PMH = "oai-pmh", _("OAI-PMH")
    ATOM = "atom", _("Atom feed")
    RSS = "rss", _("RSS feed")
    AYNI_JSONL = "ayni-jsonl", _("Ayni JSON Lines")
    CBD_CHM = "cbd-chm", _("CBD clearing-house API")


class Schedule(models.TextChoices):
    MANUAL = "manual", _("Manual only")
    HOURLY = "hourly", _("Hourly")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")

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


class LinkStatus(models.TextChoices):
    """What the last check of a resource's web address found."""

    UNCHECKED = "unchecked", _("Not checked yet")
    OK = "ok", _("Working")
    REDIRECTED = "redirected", _("Working, moved to another address")
    BROKEN = "broken", _("Broken")
    UNREACHABLE = "unreachable", _("Unreachable")

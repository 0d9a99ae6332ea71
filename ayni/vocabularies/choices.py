"""Choices of the controlled vocabularies."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    """The levels of the UN M49 hierarchy."""

    WORLD = "world", _("World")
    REGION = "region", _("Region")
    SUBREGION = "subregion", _("Sub-region")
    INTERMEDIATE = "intermediate-region", _("Intermediate region")


class SubjectGroup(models.TextChoices):
    """The CBD's thematic programmes of work and its cross-cutting issues."""

    THEMATIC = "thematic", _("Thematic programme")
    CROSS_CUTTING = "cross-cutting", _("Cross-cutting issue")


class TargetFramework(models.TextChoices):
    """The strategic plans whose targets records refer to."""

    AICHI = "aichi", _("Aichi Biodiversity Targets (2011–2020)")
    GBF = "gbf", _("Kunming-Montreal Global Biodiversity Framework")


class TargetKind(models.TextChoices):
    TARGET = "target", _("Target")
    GOAL = "goal", _("Goal")

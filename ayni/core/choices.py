"""Choices shared by every record."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordStatus(models.TextChoices):
    """The publication lifecycle: draft → submitted → published → archived; or rejected."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")
    REJECTED = "rejected", _("Rejected")


class RevisionAction(models.TextChoices):
    """What a change in a record's history did."""

    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    SUBMIT = "submit", _("Submitted")
    PUBLISH = "publish", _("Published")
    REJECT = "reject", _("Rejected")
    ARCHIVE = "archive", _("Archived")
    IMPORT = "import", _("Imported")
    ENDORSE = "endorse", _("Endorsed")
    DELETE = "delete", _("Deleted")

"""People who sign in to Ayni and their role."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ayni.accounts.choices import Role


class User(AbstractUser):
    """A person with an account: a contributor, a national focal point, a curator or an admin.

    A national focal point is scoped to one country; the others have no country scope.
    """

    role = models.CharField(
        _("role"), max_length=16, choices=Role.choices, default=Role.CONTRIBUTOR
    )
    country = models.ForeignKey(
        "vocabularies.Country",
        verbose_name=_("country (for a national focal point)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    language = models.CharField(
        _("language of e-mails"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Ayni writes to this person in this language."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=Role.values),
                name="accounts_user_role_valid",
                violation_error_message=_("The role is not one of the known roles."),
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.FOCAL_POINT) | Q(country__isnull=False),
                name="accounts_user_focal_point_has_country",
                violation_error_message=_("A national focal point must have a country."),
            ),
        ]

    @property
    def is_curator(self) -> bool:
        """Curators and administrators moderate everything."""
        return self.is_active and (
            self.is_superuser or self.role in (Role.CURATOR, Role.ADMINISTRATOR)
        )

    @property
    def is_focal_point(self) -> bool:
        return self.is_active and self.role == Role.FOCAL_POINT and self.country_id is not None

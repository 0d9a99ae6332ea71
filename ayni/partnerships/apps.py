from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "ayni.partnerships"
    verbose_name = _("Proposals and the partnership loop")

    def ready(self) -> None:
        from ayni.core.permissions import EDIT_GRANTS
        from ayni.partnerships.parties import is_case_study_partner

        # The partners complete the case study their partnership drafted, not only its owner.
        EDIT_GRANTS.append(is_case_study_partner)

"""The admin app with Ayni's site (kept apart from apps.py: one default AppConfig a module)."""

from django.contrib.admin.apps import AdminConfig


class AyniAdminConfig(AdminConfig):
    """Django's admin with Ayni's site (the moderation queue)."""

    default_site = "ayni.core.admin_site.AyniAdminSite"

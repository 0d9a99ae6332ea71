"""Portal addresses of the browse pages (included into the ``portal`` namespace)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []

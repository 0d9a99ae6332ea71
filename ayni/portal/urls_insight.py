"""Portal addresses of the insight pages (included into the ``portal`` namespace)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []

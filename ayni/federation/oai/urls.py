"""The OAI-PMH 2.0 data provider (``/oai``)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []

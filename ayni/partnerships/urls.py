"""Addresses of the partnership loop: proposals, answers and the inbox (under /<lang>/)."""

from django.urls import URLPattern, URLResolver

app_name = "partnerships"

urlpatterns: list[URLPattern | URLResolver] = []

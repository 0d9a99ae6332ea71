"""The OAI-PMH 2.0 data provider (``/oai``) and the schema of its ``ayni`` format."""

from django.urls import URLPattern, URLResolver, path, re_path

from ayni.federation.oai import views

app_name = "oai"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.endpoint, name="endpoint"),
    # Included at "oai" (no slash): this answers /oai/ayni.xsd.
    re_path(r"(?:^/ayni\.xsd)\Z", views.schema, name="ayni_schema"),
]

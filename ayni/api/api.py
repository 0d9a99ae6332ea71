"""The JSON API, version 1: ``/api/v1/``, OpenAPI 3.1 at ``/api/v1/openapi.json``."""

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import escape
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from ayni.api.auth import TokenAuth
from ayni.api.errors import install_error_handlers
from ayni.api.records import path_segment, record_router
from ayni.federation.formats.ayni_jsonl import TYPE_ORDER

DESCRIPTION = """\
The records of Ayni, the South-South cooperation clearing-house, in the exchange format
(the same JSON as the JSON Lines export and OAI-PMH's `ayni` format).

Anyone may read published records. To write, send an API token as
`Authorization: Bearer <key>`; the API acts with the token owner's role and permissions.
Every error has the shape `{"error": {"code", "message", "details"}}`.
"""


class LocalSwagger(DocsBase):
    """Swagger UI from the copy django-ninja ships (``ninja/static``): nothing from a CDN."""

    def render_page(self, request: HttpRequest, api: "NinjaAPI", **kwargs: Any) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
            "validatorUrl": None,  # the badge would call validator.swagger.io
        }

        def asset(name: str) -> str:
            return escape(reverse("api_docs_asset", args=[name]))

        html = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(api.title)}</title>
<link rel="stylesheet" href="{asset("swagger-ui.css")}">
<link rel="icon" href="{asset("favicon.png")}">
</head>
<body>
<noscript><p>The interactive documentation needs JavaScript; the schema is at
<a href="{escape(str(settings["url"]))}">openapi.json</a>.</p></noscript>
<script type="application/json" id="swagger-settings">{json.dumps(settings)}</script>
<div id="swagger-ui"></div>
<script src="{asset("swagger-ui-bundle.js")}"></script>
<script src="{asset("swagger-ui-init.js")}"></script>
</body>
</html>"""
        return HttpResponse(html)


api = NinjaAPI(
    title="Ayni API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=TokenAuth(),
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)
api.add_router("", "ayni.api.matching.router")  # before the record routers (ids with slashes)
api.add_router("", "ayni.api.export.router")

for _record_type in TYPE_ORDER:
    api.add_router(f"/{path_segment(_record_type)}", record_router(_record_type))

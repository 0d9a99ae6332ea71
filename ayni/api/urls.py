"""The versioned JSON API (``/api/v1/``) and the assets of its documentation page."""

from pathlib import Path

import ninja
from django.http import FileResponse, Http404, HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from ayni.api.api import api
from ayni.api.errors import error_body

#: Swagger UI as django-ninja ships it (no CDN); served here so no settings change is needed.
DOCS_ASSETS_DIR = Path(ninja.__file__).parent / "static" / "ninja"
DOCS_ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "favicon.png": "image/png",
}


@require_safe
@cache_control(public=True, max_age=86400)
def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    """One file of the documentation page, from django-ninja's package."""
    if name not in DOCS_ASSETS:
        raise Http404(name)
    return FileResponse((DOCS_ASSETS_DIR / name).open("rb"), content_type=DOCS_ASSETS[name])


def not_found(request: HttpRequest, rest: str) -> JsonResponse:
    """An address under the API that is no endpoint: a 404 in the API's error shape."""
    return JsonResponse(error_body(404, _("There is no endpoint at this address.")), status=404)


urlpatterns: list[URLPattern | URLResolver] = [
    path("v1/docs/assets/<str:name>", docs_asset, name="api_docs_asset"),
    path("v1/", api.urls),
    path("<path:rest>", not_found),
]

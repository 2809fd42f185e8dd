"""The JSON API at /api/: one NinjaAPI that mounts each app's router (`<app>/api.py`). A new app
joins with one line in ROUTERS. OpenAPI at /api/openapi.json, its docs at /api/docs (Swagger UI
from our own static files)."""

from importlib import import_module

from django.shortcuts import render
from django.urls import URLResolver
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from zhaoshang.api import errors
from zhaoshang.api.auth import BearerToken, Session

# (URL prefix under /api/, module holding `router`). One line per app.
ROUTERS = [
    ("", "zhaoshang.org.api"),
    ("", "zhaoshang.companies.api"),
    ("", "zhaoshang.projects.api"),
    ("", "zhaoshang.stats.api"),
    ("", "zhaoshang.targets.api"),
    ("", "zhaoshang.reports.api"),
    ("", "zhaoshang.ledger.api"),
    ("", "zhaoshang.ingest.api"),
    ("", "zhaoshang.fieldwork.api"),
    ("", "zhaoshang.followup.api"),
    ("", "zhaoshang.chains.api"),
]


class OwnSwagger(DocsBase):
    """Swagger UI from the npm package vendored into our static files, started by our own
    script (the Content-Security-Policy allows no inline script and no CDN)."""

    def render_page(self, request, api, **kwargs):
        context = {"openapi_url": self.get_openapi_url(api, kwargs), "api": api}
        return render(request, "api/docs.html", context)


api = NinjaAPI(
    title="zhaoshang API",
    version="1",
    description=(
        "招商 JSON 接口。认证:`Authorization: Bearer <token>`(`zhaoshang create-token`,或在"
        "“接口令牌”页面创建)。每个对象带 `id` 和 `version`;修改须带当前 `version`,否则 409。"
        "错误为 JSON:`code`(稳定)与 `message`(请求的语言,Accept-Language: en 为英文)。"
    ),
    auth=[BearerToken(), Session()],
    docs=OwnSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    urls_namespace="api",
)
errors.install(api)

for prefix, module in ROUTERS:
    api.add_router(prefix, import_module(module).router)


def _login_not_required(patterns) -> None:
    """The API answers 401 itself: Django's LoginRequiredMiddleware must not redirect it to
    the sign-in page."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _login_not_required(pattern.url_patterns)
        else:
            pattern.callback.login_required = False


urls = api.urls
_login_not_required(urls[0])

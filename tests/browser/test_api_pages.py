"""The API's pages in a real browser: the docs (Swagger UI from our own static files, under the
Content-Security-Policy) and the tokens page, where a token is made, shown once, used, revoked."""

import os
from pathlib import Path

import pytest

from tests.factories import make_user
from zhaoshang.api.models import ApiToken
from zhaoshang.org.models import Role
from zhaoshang.org.services import create_zone

pytestmark = pytest.mark.usefixtures("static_files")


@pytest.fixture
def director(transactional_db):
    zone = create_zone(code="yunhe", name="运河经济开发区")
    return make_user("director", zone, Role.DIRECTOR)


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def shots(page, name: str) -> None:
    """A screenshot for the README when $ZHAOSHANG_SCREENSHOTS is set (docs/screenshots/)."""
    folder = os.environ.get("ZHAOSHANG_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_the_docs_list_every_operation_without_a_script_error(page, live_server, director):
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/api/docs")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/projects/{pk}" in path for path in paths)
    assert any("/api/stats" in path for path in paths)
    assert failed == [] and page.errors == []
    shots(page, "api-docs")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_token_is_made_shown_once_used_and_revoked(page, live_server, director, language, client):
    sign_in(page, live_server, "director")
    if language == "en":
        page.click("button[name=language][value=en]")
        page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/accounts/tokens/")
    page.fill("input[name=name]", "省平台")
    page.check("input[name=read_only]")
    page.click("form button.btn-primary")
    secret = page.locator("#token-secret").inner_text().strip()
    assert secret.startswith("zs_")
    if language == "zh-hans":
        shots(page, "api-tokens")
    answer = client.get("/api/projects", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 200
    page.goto(f"{live_server.url}/accounts/tokens/")
    assert secret not in page.content()  # shown once
    page.click("#tokens button.btn-outline-danger")
    page.wait_for_load_state("networkidle")
    assert ApiToken.objects.get().revoked_at is not None
    again = client.get("/api/projects", headers={"Authorization": f"Bearer {secret}"})
    assert again.status_code == 401
    assert page.errors == []

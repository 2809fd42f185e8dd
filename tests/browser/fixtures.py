"""Real-browser tests: Playwright driving Debian's Chromium against a live server. A plugin of
the whole suite (tests/conftest.py), so that tests in any folder share the one browser of the
session: Playwright's sync API cannot run two at once.

Without Chromium they are skipped with a loud message, unless ZHAOSHANG_REQUIRE_BROWSER is set
(.ci/run sets it), in which case they fail: CI always runs them.
"""

import importlib
import os
import warnings
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are still
# plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _browser_missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not found (apt-get install chromium fonts-noto-cjk)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="session")
def browser():
    missing = _browser_missing()
    if missing:
        if os.environ.get("ZHAOSHANG_REQUIRE_BROWSER"):
            pytest.fail(f"browser tests required but cannot run: {missing}")
        message = f"\n\n*** BROWSER TESTS SKIPPED: {missing} ***\n"
        warnings.warn(message, stacklevel=1)
        print(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 960}, locale="zh-CN")
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """Saves a full-page screenshot under $ZHAOSHANG_SCREENSHOTS (docs/screenshots/ in the repo)
    when that is set; the README shows them."""
    folder = os.environ.get("ZHAOSHANG_SCREENSHOTS")

    def take(name: str) -> None:
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)

    return take


@pytest.fixture
def national_regions(transactional_db) -> None:
    """The national regions come with a data migration, which the flush after each transactional
    test takes away: load them again, so that investors and projects have their origin."""
    regions = importlib.import_module("zhaoshang.org.migrations.0002_load_regions")
    regions.load_regions(apps, SimpleNamespace(connection=connection))


@pytest.fixture
def static_files(settings):
    if not (Path(settings.BASE_DIR) / "zhaoshang/static/vendor/echarts.min.js").exists():
        pytest.fail("front-end libraries missing: run make setup")

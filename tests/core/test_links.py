"""A link back (?back=, next=) is followed only when it is a path on this site."""

import pytest
from django.test import RequestFactory

from zhaoshang.core.links import local_path


@pytest.mark.parametrize(
    "url",
    ["/projects/?stage=signed", "/figures/signed/?from=2026-01-01&back=%2F"],
)
def test_a_path_on_this_site_is_kept(url):
    assert local_path(RequestFactory().get("/"), url) == url


@pytest.mark.parametrize(
    "url",
    [
        "",
        None,
        "//evil.example/",
        "/\\evil.example/",
        "https://evil.example/",
        "http://testserver/projects/",  # this host, but not a path: refused all the same
        "javascript:alert(1)",
        "projects/",
    ],
)
def test_anything_else_gives_the_default(url):
    assert local_path(RequestFactory().get("/"), url, default="/") == "/"

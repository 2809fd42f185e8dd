"""The URL names of the API's operations: tests/security/test_crafted_posts.py leaves them to the
API's own matrix (tests/api/test_matrix.py)."""

from django.urls import URLPattern, URLResolver

from zhaoshang.api.api import urls

NOT_OPERATIONS = {"api-root", "openapi-json", "openapi-view"}


def operation_url_names() -> set[str]:
    names = set()

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(pattern.name)

    walk(urls[0])
    return names - NOT_OPERATIONS

"""Links back into the site that a request carries (?back=, next=): taken only when they are a
path on this site, never another site's page (//host, /\\host) nor a javascript: link."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def local_path(request: HttpRequest, url: str | None, *, default: str = "") -> str:
    """`url` when it is a path on this site, else `default`."""
    if (
        url
        and url.startswith("/")
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return url
    return default

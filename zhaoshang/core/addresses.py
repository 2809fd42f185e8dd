"""The address a request comes from, for the sign-in lockout and the change log.

Without a proxy it is REMOTE_ADDR. Behind N trusted proxies (settings.TRUSTED_PROXIES), each of
which appends the address it saw to the proxy header (X-Forwarded-For by default), the client is
the N-th address from the right: whatever a client writes into the header itself stands further
left, so it cannot choose its own address. With no proxy configured the header is ignored.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXIES
    if not proxies:
        return remote
    chain = [part.strip() for part in request.META.get(settings.PROXY_HEADER, "").split(",")]
    chain = [part for part in chain if part]
    if not chain:
        return remote
    # Fewer entries than proxies: the request skipped an outer proxy, and its first entry is
    # the address the first proxy it reached saw.
    seen = chain[-proxies] if len(chain) >= proxies else chain[0]
    return _valid(seen) or remote


def _valid(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None

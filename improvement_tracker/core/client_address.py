"""The address a request came from: the one answer for the lockout and the audit trail.

Behind a proxy, REMOTE_ADDR is the proxy. X-Forwarded-For is believed only as far as the
operator says it can be (TRUSTED_PROXY_COUNT, default 0: trust nothing): each trusted
proxy appends the address it received the request from, so with N trusted proxies the
client is the Nth entry from the right. Entries further left were written by the client
and could say anything.
"""

import ipaddress

from django.conf import settings


def _address(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request: object) -> str | None:
    meta = getattr(request, "META", {})
    remote = _address(meta.get("REMOTE_ADDR"))
    trusted = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if trusted <= 0:
        return remote
    forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < trusted:
        # Fewer hops than the proxies we were told of: not through them all; use the peer.
        return remote
    return _address(forwarded[-trusted]) or remote

"""The client's IP address, for the audit trail and for login throttling."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client that sent `request`, or None when it is not a valid IP.

    Behind `CASETRACKER_TRUSTED_PROXY_COUNT` proxies, each of which appends the address
    it received the request from to X-Forwarded-For, the client is the Nth entry from
    the right. Entries further left were written by the client itself and can be forged
    (a lockout keyed on them would be trivial to dodge), so they are never used.
    """
    trusted_proxies = int(getattr(settings, "CASETRACKER_TRUSTED_PROXY_COUNT", 0) or 0)
    address = request.META.get("REMOTE_ADDR", "")
    if trusted_proxies > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if hops:
            # Fewer hops than proxies: every entry was added by a trusted proxy, and the
            # leftmost is the furthest address any of them saw.
            address = hops[-trusted_proxies] if len(hops) >= trusted_proxies else hops[0]
    return _valid_ip(address)


def _valid_ip(value: str) -> str | None:
    # The column is an inet on PostgreSQL: "unknown" or "1.2.3.4:5678" would fail the
    # insert, and with it the change being audited.
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None

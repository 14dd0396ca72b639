"""The client's address, directly and behind trusted proxies (shared by the audit trail and the lockout)."""

import pytest

from casetracker.audit.ip import client_ip


@pytest.mark.parametrize(
    ("proxies", "remote_addr", "forwarded_for", "expected"),
    [
        (0, "203.0.113.7", "", "203.0.113.7"),
        # Without trusted proxies the header is the client's own claim: ignored.
        (0, "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        (1, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        # A forged entry on the left is never taken: the proxy appended the real one.
        (1, "10.0.0.2", "192.0.2.66, 198.51.100.1", "198.51.100.1"),
        (2, "10.0.0.2", "192.0.2.66, 198.51.100.1, 10.0.0.9", "198.51.100.1"),
        (2, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.2", "", "10.0.0.2"),
        (0, "2001:db8::1", "", "2001:db8::1"),
        (1, "10.0.0.2", "unknown", None),
        (0, "", "", None),
    ],
)
def test_client_ip(rf, settings, proxies, remote_addr, forwarded_for, expected):
    settings.CASETRACKER_TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR=forwarded_for)

    assert client_ip(request) == expected

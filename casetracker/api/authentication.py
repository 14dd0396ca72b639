"""Bearer-token authentication with casetracker's own hashed tokens."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from casetracker.api.tokens import token_authenticate

KEYWORD = "Bearer"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <secret>`. No CSRF check: a token is never sent by a browser on its own."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header: give the token after “Bearer ”."))
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        token = token_authenticate(secret)
        if token is None or not token.user.is_active:
            # One answer for unknown, revoked and deactivated: nothing to probe.
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return token.user, token

    def authenticate_header(self, request) -> str:
        # Makes unauthenticated requests 401 (with this challenge) rather than 403.
        return KEYWORD

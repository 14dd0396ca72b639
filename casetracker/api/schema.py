"""OpenAPI description of what drf-spectacular cannot infer by itself."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "casetracker.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A token created at POST /api/v1/tokens/ from a signed-in session, sent as "
                "`Authorization: Bearer <token>`. Revoke it with DELETE /api/v1/tokens/{id}/."
            ),
        }

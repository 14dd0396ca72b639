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


# The answers every operation can give besides its success, as the one exception handler
# (casetracker.api.exceptions) renders them. drf-spectacular documents only the success,
# which left clients (and the fuzzer in tests/api/test_fuzz.py) with undocumented 400s and 404s.
ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong, for a person to read."}},
    "required": ["detail"],
    "description": "Any error other than a validation error.",
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "description": "Messages per field; `non_field_errors` for the rest.",
}
# A body that is not JSON at all is a 400 too, with `detail` like any other error.
BAD_REQUEST_SCHEMA = {
    "anyOf": [{"$ref": "#/components/schemas/ValidationError"}, {"$ref": "#/components/schemas/Error"}],
}
ERROR_RESPONSES = {
    "400": ("Invalid input: messages per field (or `detail` for a body that cannot be parsed).", "BadRequest"),
    "401": ("Not signed in, or an unknown or revoked token.", "Error"),
    "403": ("Signed in but not allowed to do this.", "Error"),
    "404": ("No such record, or one you cannot see; or a page past the end of a list.", "Error"),
    "409": ("Other records still refer to this one.", "Error"),
    "429": ("Too many requests: wait and retry.", "Error"),
}


def error_codes(path: str, method: str) -> list[str]:
    codes = ["401", "403", "429"]
    if "{" in path:
        codes.append("404")
    if method in {"post", "put", "patch"}:
        codes.append("400")
    elif method == "get" and "{" not in path:
        codes += ["400", "404"]  # a bad filter value; a page past the end
    elif method == "delete" and not path.startswith("/api/v1/tokens/"):
        codes.append("409")  # revoking a token deletes nothing
    return codes


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: document the error answers of every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR_SCHEMA)
    schemas.setdefault("ValidationError", VALIDATION_ERROR_SCHEMA)
    schemas.setdefault("BadRequest", BAD_REQUEST_SCHEMA)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in error_codes(path, method):
                description, component = ERROR_RESPONSES[code]
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
                    },
                )
    return result

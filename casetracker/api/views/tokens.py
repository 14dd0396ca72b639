from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from casetracker.accounts.policy import owned_by
from casetracker.api.models import ApiToken
from casetracker.api.serializers import ApiTokenSerializer, NewApiTokenSerializer
from casetracker.api.tokens import token_issue, token_revoke


@extend_schema_view(
    list=extend_schema(summary="List API tokens", description="Your own tokens (superusers: everyone's)."),
    retrieve=extend_schema(summary="Show an API token", description="Never the secret."),
    create=extend_schema(
        summary="Create an API token",
        description=(
            "Only from a signed-in browser session (where two-factor sign-in applies), never with another "
            "token. The secret is in this response only."
        ),
        responses={201: NewApiTokenSerializer},
    ),
    destroy=extend_schema(
        summary="Revoke an API token",
        description="Your own (superusers: any). Requests with it get 401 from now on; it stays listed as revoked.",
    ),
)
class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ApiTokenSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = None
    ordering_fields = ["created_at", "last_used_at", "name"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self) -> QuerySet[ApiToken]:
        # Someone else's token does not exist for you: 404, as for cases. A superuser
        # sees them all, to revoke a token whose owner cannot.
        tokens = ApiToken.objects.order_by("-created_at", "-pk")
        return owned_by(tokens, self.request.user, field="user", superusers_see_all=True)

    def create(self, request: Request, *args, **kwargs) -> Response:
        if not isinstance(request.successful_authenticator, SessionAuthentication):
            # A stolen token must not be able to mint more tokens that outlive its revocation.
            raise PermissionDenied(_("API tokens are created from a signed-in session, not with a token."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, secret = token_issue(user=request.user, name=serializer.validated_data["name"], request=request)
        token.token = secret
        return Response(NewApiTokenSerializer(token).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: ApiToken) -> None:
        token_revoke(token=instance, user=self.request.user, request=self.request)

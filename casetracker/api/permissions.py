"""Model permissions (the role) first, then the scope (which cases) through the selectors.

The order is the admin's (casetracker.cases.admin.scoping): no permission to see the
model -> 403 for any id; a record of a case the user may not see -> 404 (the viewset's
queryset comes from a visibility selector, so get_object() does not find it); a
visible record the user may not change or delete -> 403.
"""

from rest_framework import permissions

METHOD_ACTIONS = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


def _perm(model, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


class ScopedModelPermissions(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        model = view.get_queryset().model
        if not (user.has_perm(_perm(model, "view")) or user.has_perm(_perm(model, "change"))):
            return False
        if request.method == "POST":
            return user.has_perm(_perm(model, "add"))
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        action = METHOD_ACTIONS.get(request.method)
        if action is None or action == "add":
            return True
        return request.user.has_perm(_perm(type(obj), action))

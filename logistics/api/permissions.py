from rest_framework.permissions import BasePermission

from logistics.scope import permission_name

ACTION_BY_METHOD = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class RolePermission(BasePermission):
    """The user's roles must grant the model permission the request needs; scope comes from the
    viewset's queryset (``logistics.scope.restrict``), so records outside it answer 404."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        queryset = getattr(view, "queryset", None)
        if queryset is None:
            return True
        # A workflow step names its own permission (approve, post…); any other door the method's.
        step_named = getattr(view, "step_named", None)
        step = step_named(view.action) if step_named is not None and getattr(view, "action", None) else None
        action = step.permission if step is not None else ACTION_BY_METHOD.get(request.method, "view")
        return user.has_perm(permission_name(queryset.model, action))

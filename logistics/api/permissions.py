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
        handler = getattr(view, getattr(view, "action", None) or "", None)
        action = getattr(handler, "required_permission", None) or ACTION_BY_METHOD.get(request.method, "view")
        return user.has_perm(permission_name(queryset.model, action))

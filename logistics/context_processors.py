from logistics.navigation import menus_for
from logistics.roles import role_labels


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menus": []}
    return {"menus": menus_for(user), "user_roles": role_labels(user)}

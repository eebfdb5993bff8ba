from logistics.navigation import menu_markup, menus_for
from logistics.roles import role_labels


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menus": []}
    menus = menus_for(user)
    return {"menus": menus, "menu_markup": menu_markup(menus), "user_roles": role_labels(user)}

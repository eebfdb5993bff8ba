from django.utils.functional import SimpleLazyObject

from logistics.models import Notification
from logistics.navigation import menu_markup, menus_for
from logistics.roles import role_labels


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menus": []}
    menus = menus_for(user)
    return {"menus": menus, "menu_markup": menu_markup(menus), "user_roles": role_labels(user)}


def notifications(request):
    """The bell: the user's unread notifications, counted once (lazily: only a page that shows the
    bell asks, in one query on the partial index ``notification_unread``)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        )
    }

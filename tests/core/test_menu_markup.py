"""The top menu is drawn in Python once per language and set of pages shown
(``logistics.navigation.menu_markup``): the markup the template's loop wrote, for each user's
own pages, in each language."""

import pytest
from django.template import Context, Template
from django.utils import translation

from logistics.navigation import menu_markup, menus_for
from logistics.roles import Role

pytestmark = pytest.mark.django_db

#: base.html's loop before the menu was drawn in Python.
LOOP = Template(
    """{% for menu in menus %}
        <li class="nav-item dropdown">
          <a class="nav-link dropdown-toggle" href="#" role="button" data-bs-toggle="dropdown" aria-expanded="false"><i class="bi bi-{{ menu.icon }}"></i> {{ menu.label }}</a>
          <ul class="dropdown-menu">
            {% for item in menu.items %}<li><a class="dropdown-item" href="{{ item.url }}">{% if item.icon %}<i class="bi bi-{{ item.icon }} me-1"></i>{% endif %}{{ item.label }}</a></li>{% endfor %}
          </ul>
        </li>
        {% endfor %}"""
)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_menu_is_the_markup_of_the_templates_loop(tree, make_user, admin_user, language):
    clinic = make_user(Role.CLINIC_STAFF, tree.province)
    with translation.override(language):
        drawn = {}
        for user in (admin_user, clinic):
            menus = menus_for(user)
            drawn[user.pk] = menu_markup(menus)
            assert drawn[user.pk] == LOOP.render(Context({"menus": menus}))
        assert drawn[admin_user.pk] != drawn[clinic.pk]


def test_each_language_has_its_own_menu(admin_user):
    menus = menus_for(admin_user)
    with translation.override("vi"):
        vietnamese = menu_markup(menus)
    with translation.override("en"):
        assert menu_markup(menus) != vietnamese

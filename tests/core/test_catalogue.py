"""The Vietnamese catalogue holds every string the code marks for translation.

``makemessages`` (xgettext) does not look inside f-strings, so ``f"({_('dissolved')})"`` reached users
in English while the catalogue counted as complete. This reads the project's Python itself: every call
of a gettext function with a literal, wherever it stands, must have its translation. The scripts take
their words from the page (``data-text-…`` on ``<body>``, translated there), so each word a script asks
for must be given by the page.
"""

import ast
import re
from pathlib import Path

import polib
from django.conf import settings

from tests.database_templates import project_apps

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
SINGULAR = {"_", "gettext", "gettext_lazy", "gettext_noop", "_lazy"}
WITH_CONTEXT = {"pgettext", "pgettext_lazy"}
PLURAL = {"ngettext", "ngettext_lazy"}
PLURAL_WITH_CONTEXT = {"npgettext", "npgettext_lazy"}


def _name(call: ast.Call) -> str:
    function = call.func
    return function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")


def _literal(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def marked_strings(source: str) -> set[tuple[str | None, str]]:
    """(context, msgid) of every gettext call with literal arguments in ``source``, f-strings included."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name, args = _name(node), [_literal(arg) for arg in node.args]
        if name in SINGULAR | PLURAL and args[0] is not None:
            found.add((None, args[0]))
        elif name in WITH_CONTEXT | PLURAL_WITH_CONTEXT and len(args) > 1 and None not in args[:2]:
            found.add((args[0], args[1]))
    return found


def python_files():
    for app in project_apps():
        yield from (path for path in Path(app.path).rglob("*.py") if "migrations" not in path.parts)


def test_every_string_marked_in_the_code_is_translated():
    catalogue = polib.pofile(str(CATALOGUE))
    translated = {(entry.msgctxt, entry.msgid) for entry in catalogue.translated_entries()}
    missing = []
    files = list(python_files())
    assert len(files) > 100
    for path in files:
        for context, msgid in sorted(marked_strings(path.read_text()), key=str):
            if (context, msgid) not in translated:
                missing.append(f"{path.relative_to(settings.BASE_DIR)}: {msgid!r}")
    assert not missing, "not in the catalogue (make messages):\n" + "\n".join(missing)


def test_the_reading_finds_strings_inside_f_strings_and_calls():
    source = 'x = f" ({_(\'dissolved\')})"\ny = pgettext_lazy("unit", "Kind")\nz = gettext(name)\n'
    assert marked_strings(source) == {(None, "dissolved"), ("unit", "Kind")}


def test_every_word_a_script_asks_the_page_for_is_given_by_the_page():
    base = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text()
    given = set(re.findall(r"data-text-([a-z-]+)=", base))
    asked = set()
    for app in project_apps():
        for script in Path(app.path).rglob("static/**/*.js"):
            asked |= set(re.findall(r"\btext\(\"([a-z-]+)\"", script.read_text()))
    assert asked, "the scripts ask for no word: the reading is broken"
    assert asked <= given, sorted(asked - given)

"""Accent-insensitive search for Vietnamese.

The embedded PostgreSQL ships no ``unaccent`` extension, so folding is done with ``translate()``,
which is IMMUTABLE and therefore usable in a generated column. The same table folds the user's query
in Python, so "thanh ha" finds "Thanh Hà" and "dong" finds "Đông".
"""

import re
import unicodedata

from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce, Concat, Lower

_ACCENTED = {
    "a": "àáạảãâầấậẩẫăằắặẳẵ",
    "e": "èéẹẻẽêềếệểễ",
    "i": "ìíịỉĩ",
    "o": "òóọỏõôồốộổỗơờớợởỡ",
    "u": "ùúụủũưừứựửữ",
    "y": "ỳýỵỷỹ",
    "d": "đ",
}
SOURCE_CHARS = "".join(chars + chars.upper() for chars in _ACCENTED.values())
TARGET_CHARS = "".join(base * len(chars) * 2 for base, chars in _ACCENTED.items())
_TRANSLATION = str.maketrans(SOURCE_CHARS, TARGET_CHARS)


def fold(text: str) -> str:
    """Lower-case ASCII-folded text, the same folding the database applies to search columns."""
    composed = unicodedata.normalize("NFC", text or "")
    return composed.translate(_TRANSLATION).lower()


def search_terms(query: str) -> list[str]:
    return [term for term in fold(query).split() if term]


class Translate(models.Func):
    function = "translate"
    output_field = models.TextField()


def folded(*field_names: str) -> models.Expression:
    """SQL expression: the named text fields joined by spaces, accent-folded and lower-cased."""
    parts = []
    for name in field_names:
        if parts:
            parts.append(Value(" "))
        parts.append(Coalesce(models.F(name), Value(""), output_field=models.TextField()))
    joined = Concat(*parts, output_field=models.TextField()) if len(parts) > 1 else parts[0]
    # Translate before lower(): lower() of non-ASCII letters depends on the database collation.
    return Lower(Translate(joined, Value(SOURCE_CHARS), Value(TARGET_CHARS)))


def search_field(*field_names: str) -> models.GeneratedField:
    """A stored generated column holding the folded text of ``field_names``.

    The database computes it, so bulk updates and raw SQL keep it right too.
    """
    return models.GeneratedField(
        expression=folded(*field_names),
        output_field=models.TextField(),
        db_persist=True,
        editable=False,
    )


def word_prefix_pattern(term: str) -> str:
    """A PostgreSQL regular expression: ``term`` at the start of a word (``\\m``)."""
    return r"\m" + re.sub(r"([^a-z0-9])", r"\\\1", term)


def filter_by_search(queryset, query: str, column: str = "search_text"):
    """Every word of ``query`` must begin a word of ``column``, accents and case ignored:
    "thanh ha" finds "Công an huyện Thanh Hà" but not "Công an xã Thanh Hồng"."""
    for term in search_terms(query):
        queryset = queryset.filter(**{f"{column}__regex": word_prefix_pattern(term)})
    return queryset

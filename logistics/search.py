"""Accent-insensitive search for Vietnamese, fast on large tables.

The embedded PostgreSQL ships no ``unaccent`` and no ``pg_trgm`` extension, so folding is done with
``translate()``, which is IMMUTABLE and therefore usable in a generated column. The same table folds
the user's query in Python, so "thanh ha" finds "Thanh Hà" and "dong" finds "Đông".

A regular expression on that column says exactly what matches (each typed word begins a word), but
it reads every row. So each search column brings a second generated column, ``search_words``: the
same folded text as a full-text vector (``to_tsvector('simple', …)``, core PostgreSQL) with a GIN
index. A search first asks the index for rows holding words that begin with each typed word — a
superset of the answer — and the regular expression then keeps the exact matches among those few.
"""

import re
import unicodedata

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import models
from django.db.models import Value
from django.db.models.constants import LOOKUP_SEP
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


WORDS_COLUMN = "search_words"
# Words of the vector: runs of letters and digits. Every word start that ``\\m`` sees (after a
# character other than a letter, digit or underscore) also starts a word here.
_WORD = r"[a-z0-9]+"
_NOT_WORD = r"[^a-z0-9]+"


def word_vector(*field_names: str) -> models.Expression:
    """SQL expression: the folded text of ``field_names`` as a full-text vector of its words."""
    words = models.Func(folded(*field_names), Value(_NOT_WORD), Value(" "), Value("g"), function="regexp_replace")
    return models.Func(Value("simple"), words, function="to_tsvector", output_field=SearchVectorField())


class SearchTextField(models.GeneratedField):
    """The folded search column; on a concrete model it adds ``search_words`` and its GIN index."""

    def __init__(self, *field_names: str):
        self.source_fields = field_names
        super().__init__(
            expression=folded(*field_names), output_field=models.TextField(), db_persist=True, editable=False
        )

    def deconstruct(self):
        # Migrations hold plain generated columns: the words column is a field of its own there.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.GeneratedField", args, kwargs

    def clone(self):
        _name, _path, args, kwargs = self.deconstruct()
        return models.GeneratedField(*args, **kwargs)

    def contribute_to_class(self, cls, name, private_only=False):
        super().contribute_to_class(cls, name, private_only)
        if cls._meta.abstract or not self.source_fields:
            return
        words = models.GeneratedField(
            expression=word_vector(*self.source_fields),
            output_field=SearchVectorField(),
            db_persist=True,
            editable=False,
        )
        cls.add_to_class(WORDS_COLUMN, words)
        # A new list: Meta.indexes may be shared with a parent's Meta.
        cls._meta.indexes = [*cls._meta.indexes, GinIndex(fields=[WORDS_COLUMN], name=_index_name(cls))]
        cls._meta.original_attrs["indexes"] = cls._meta.indexes


def _index_name(model) -> str:
    # Index names are at most 30 characters (Django's check); table names are unique.
    return f"{model._meta.db_table[:23]}_words"


def search_field(*field_names: str) -> SearchTextField:
    """A stored generated column holding the folded text of ``field_names``, with a word index.

    The database computes both, so bulk updates and raw SQL keep them right too.
    """
    return SearchTextField(*field_names)


def word_prefix_pattern(term: str) -> str:
    """A PostgreSQL regular expression: ``term`` at the start of a word (``\\m``)."""
    return r"\m" + re.sub(r"([^a-z0-9])", r"\\\1", term)


def word_prefixes_query(terms: list[str]) -> SearchQuery | None:
    """The index question: a word beginning with each letter-and-digit run of each term."""
    runs = [run for term in terms for run in re.findall(_WORD, term)]
    if not runs:
        return None
    return SearchQuery(" & ".join(f"{run}:*" for run in runs), search_type="raw", config="simple")


def filter_by_search(queryset, query: str, column: str = "search_text"):
    """Every word of ``query`` must begin a word of ``column``, accents and case ignored:
    "thanh ha" finds "Công an huyện Thanh Hà" but not "Công an xã Thanh Hồng"."""
    terms = search_terms(query)
    if not terms:
        return queryset
    prefixes = word_prefixes_query(terms)
    if prefixes is not None and column.endswith("search_text"):
        queryset = queryset.filter(**{column.removesuffix("search_text") + WORDS_COLUMN: prefixes})
    for term in terms:
        queryset = queryset.filter(**{f"{column}__regex": word_prefix_pattern(term)})
    return queryset


#: Up to this many related records found by a word are named by their ids in the query (so that
#: PostgreSQL knows how many and may OR an index of them with the word index); more are a subquery.
RELATED_IDS_NAMED = 1000


def _word_condition(model, column: str, term: str) -> models.Q:
    """``term`` begins a word of ``column`` (``search_text`` or a path to a related record's), as a
    condition an index answers: the record's own word index, or its link among the related records
    that their own word index finds (asked once, here).

    A few related records are named by id: PostgreSQL then reads the few rows through the indexes
    of both parts. Many are left as a subquery: the list is then read in its order, each row
    checked, and its first page comes long before the end."""
    if LOOKUP_SEP not in column:
        condition = models.Q(**{f"{column}__regex": word_prefix_pattern(term)})
        prefixes = word_prefixes_query([term])
        if prefixes is not None and column == "search_text":
            condition &= models.Q(**{WORDS_COLUMN: prefixes})
        return condition
    first, rest = column.split(LOOKUP_SEP, 1)
    field = model._meta.get_field(first)
    related = field.related_model
    found = related._base_manager.order_by().filter(_word_condition(related, rest, term)).values_list("pk", flat=True)
    ids = list(found[: RELATED_IDS_NAMED + 1])
    if len(ids) <= RELATED_IDS_NAMED:
        return models.Q(**{f"{field.attname}__in": ids})
    return models.Q(**{f"{field.attname}__in": found})


def filter_by_search_any(queryset, query: str, columns: tuple[str, ...]):
    """Every word of ``query`` must begin a word of one of ``columns`` (a record and the records it
    belongs to: a payment found by its contractor's or its work's name; an encounter by its
    patient's name).

    A regular expression ORed across columns cannot use any word index, so every row was read.
    Each column's part is now a condition an index answers (:func:`_word_condition`), the regular
    expression only rechecking what the word index found: the same records."""
    model = queryset.model
    for term in search_terms(query):
        condition = models.Q()
        for column in columns:
            condition |= _word_condition(model, column, term)
        queryset = queryset.filter(condition)
    return queryset

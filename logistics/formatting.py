"""Money, numbers, dates and stored values written the Vietnamese way, in Python: the template
filters of ``vnformat`` are these functions. Nothing here reads the database or the project's
models, so that the model layer (history) can use it."""

import datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

#: The one way a day is written: on pages, in files, in messages and in report parameters.
DAY_FORMAT = "%d/%m/%Y"
#: A moment: the day and the time, in the local time zone.
MOMENT_FORMAT = f"{DAY_FORMAT} %H:%M"


def day_text(value) -> str:
    """A day (or the day of a moment) as dd/mm/yyyy; "" for none."""
    return value.strftime(DAY_FORMAT) if value else ""


def _group(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def vnd(value) -> str:
    """``1234567`` → ``1.234.567 ₫`` (whole đồng)."""
    if value is None or value == "":
        return ""
    amount = int(Decimal(value))
    sign = "−" if amount < 0 else ""
    return f"{sign}{_group(abs(amount))}\u00a0₫"


def number(value) -> str:
    if value is None or value == "":
        return ""
    return _group(int(value))


def vnd_words(value) -> str:
    """Big totals as officers say them, to three significant digits: ``72,5 tỷ đồng``,
    ``2,85 tỷ đồng``, ``12,3 triệu đồng``."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    for size, unit in ((Decimal(10) ** 9, _("billion dong")), (Decimal(10) ** 6, _("million dong"))):
        if abs(amount) >= size:
            scaled = amount / size
            digits = max(0, 2 - len(str(int(abs(scaled)))) + 1)
            text = f"{scaled.quantize(Decimal(1).scaleb(-digits)):f}"
            if "." in text:
                text = text.rstrip("0").rstrip(".")
            return f"{text.replace('.', ',')} {unit}"
    return vnd(value)


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _three_digits(number: int, *, leading: bool) -> list[str]:
    """One group of three digits as it is read: a group after the first reads its hundreds even
    when they are nought ("không trăm"), a nought ten before a unit reads "lẻ"."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words = []
    if hundreds or not leading:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0 and units and words:
        words.append("lẻ")
    elif tens == 1:
        words.append("mười")
    elif tens > 1:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 5 and tens:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _number_words(number: int, *, leading: bool = True) -> list[str]:
    if number >= 10**9:
        billions, rest = divmod(number, 10**9)
        return [*_number_words(billions, leading=leading), "tỷ", *(_number_words(rest, leading=False) if rest else [])]
    words = []
    for size, name in ((10**6, "triệu"), (10**3, "nghìn"), (1, "")):
        group = number // size % 1000
        if group:
            words += [*_three_digits(group, leading=leading and not words), *([name] if name else [])]
    return words


def vnd_in_words(value) -> str:
    """An amount as it is written out on a document that is signed (số tiền bằng chữ), the way
    Vietnamese accounting writes it: ``1015`` → "Một nghìn không trăm mười lăm đồng"."""
    if value is None or value == "":
        return ""
    amount = int(Decimal(value))
    words = _number_words(abs(amount)) or ["không"]
    text = " ".join((["âm"] if amount < 0 else []) + words + ["đồng"])
    return text[0].upper() + text[1:]


def vndate(value) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime(MOMENT_FORMAT)
    return day_text(value)


def is_year_field(model_field: models.Field) -> bool:
    """A calendar year (``year``, ``minutes_year``, ``birth_year``…), written without a thousands dot."""
    return model_field.name == "year" or model_field.name.endswith("_year")


def display_value(model_field: models.Field, value) -> str:
    """A stored value as a reader expects it, for detail pages and history."""
    if value is None or value == "":
        return "—"
    if isinstance(model_field, models.GeneratedField):
        model_field = model_field.output_field
    if isinstance(model_field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(model_field, models.DateTimeField):
        if isinstance(value, str):
            value = datetime.datetime.fromisoformat(value)
        return vndate(value)
    if isinstance(model_field, models.DateField):
        return vndate(value)
    if getattr(model_field, "is_money", False):
        return vnd(value)
    if isinstance(model_field, models.IntegerField) and is_year_field(model_field):
        return str(value)  # 2026, never "2.026"
    if isinstance(model_field, (models.IntegerField, models.DecimalField)):
        return number(value) if float(value).is_integer() else str(value).replace(".", ",")
    return str(value)

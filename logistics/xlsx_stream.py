"""XLSX written as a stream: the first bytes leave before the last row is read.

An XLSX file is a zip of XML parts. The sheet part is written row by row into a zip entry whose
compressed bytes are handed out as they come (the zip module writes data descriptors when its
output cannot seek), so an export of a million rows starts downloading at once and holds one
chunk in memory. Numbers stay numbers, dates stay dates.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from itertools import islice
from xml.sax.saxutils import escape

from django.utils import timezone

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Text that needs escaping or cleaning before it goes into the sheet's XML.
_NEEDS_CARE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f]")
_EPOCH = datetime.datetime(1899, 12, 30)
ROWS_PER_CHUNK = 500

STYLE_TEXT, STYLE_MONEY, STYLE_DATE, STYLE_DATETIME, STYLE_HEADER, STYLE_NUMBER = range(6)

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="#,##0"/><numFmt numFmtId="165" formatCode="dd/mm/yyyy"/>'
    '<numFmt numFmtId="166" formatCode="dd/mm/yyyy hh:mm"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F1"/></patternFill></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _workbook(sheet_name: str) -> str:
    name = escape(_ILLEGAL.sub("", sheet_name)[:31] or "Sheet1", {'"': "&quot;"})
    for forbidden in "[]:*?/\\":
        name = name.replace(forbidden, " ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


#: ``date.toordinal()`` of Excel's day 0 (30/12/1899): a day's serial is its ordinal minus this.
_EPOCH_ORDINAL = _EPOCH.toordinal()
#: Distinct texts a column keeps as ready XML (names, labels repeat over many rows); cleared beyond.
TEXTS_KEPT = 20_000
_EMPTY = "<c/>"
_KEPT_TYPES = (str, datetime.date)


def _text_cell(value: str) -> str:
    text = escape(_ILLEGAL.sub("", value)) if _NEEDS_CARE.search(value) else value
    return f'<c t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _cell(value, money: bool) -> str:
    """One cell's XML. Cells go without a reference (``r``): each is the next of its row, and an
    empty one is written as ``<c/>`` so that the next keeps its column."""
    if value is None or value == "":
        return _EMPTY
    kind = type(value)
    if kind is str:
        return _text_cell(value)
    if kind is bool:
        return f'<c t="b"><v>{int(value)}</v></c>'
    if kind is int or isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c s="{STYLE_MONEY if money else STYLE_NUMBER}"><v>{value}</v></c>'
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = timezone.localtime(value).replace(tzinfo=None)
        serial = (value - _EPOCH).total_seconds() / 86400
        return f'<c s="{STYLE_DATETIME}"><v>{serial:.6f}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c s="{STYLE_DATE}"><v>{value.toordinal() - _EPOCH_ORDINAL}</v></c>'
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    return _text_cell(str(value))


def _row_writer(money: list[bool]):
    """rows → their ``<row>`` XML, the work per cell chosen once per column: a whole number goes
    into its column's template, a text seen before in the column is its XML already made, and
    everything else (a day, a moment, a text seen first) is made by :func:`_cell` and, for a text
    or a day, kept for the next rows."""
    number_open = [f'<c s="{STYLE_MONEY if m else STYLE_NUMBER}"><v>' for m in money]
    made = [{} for _ in money]
    columns = list(zip(number_open, made, money, strict=True))

    def write(rows) -> str:
        parts = []
        append = parts.append
        for row in rows:
            append("<row>")
            for value, (opening, known, is_money) in zip(row, columns, strict=False):
                if type(value) is int:
                    append(f"{opening}{value}</v></c>")
                    continue
                xml = known.get(value)
                if xml is None:
                    xml = _cell(value, is_money)
                    if type(value) in _KEPT_TYPES:
                        # Only texts and days: a key equal across types (True == 1.0) is never kept.
                        if len(known) > TEXTS_KEPT:
                            known.clear()
                        known[value] = xml
                append(xml)
            append("</row>")
        return "".join(parts)

    return write


class _Sink(io.RawIOBase):
    """A write-only, unseekable file whose bytes are collected and handed out in chunks."""

    def __init__(self):
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def stream_xlsx(
    headers: list[str], money: list[bool], rows: Iterable[list], sheet_name: str, on_done=None
) -> Iterator[bytes]:
    """Yield the bytes of an XLSX workbook with one sheet: a bold header row, then ``rows``."""
    is_money = [money[i] if i < len(money) else False for i in range(len(headers))]
    write = _row_writer(is_money)
    counted = [0]

    def pieces():
        iterator = iter(rows)
        while chunk := list(islice(iterator, ROWS_PER_CHUNK)):
            counted[0] += len(chunk)
            # Written to the zip a chunk at a time: one deflate call per chunk, not per row.
            yield write(chunk).encode()

    yield from stream_xlsx_xml(headers, pieces(), sheet_name, on_done=lambda: on_done and on_done(counted[0]))


def stream_xlsx_xml(headers: list[str], pieces: Iterable[bytes], sheet_name: str, on_done=None) -> Iterator[bytes]:
    """:func:`stream_xlsx` for rows already written as the sheet's ``<row>`` XML (by the
    database: ``logistics.export_plan``), in pieces; ``on_done()`` is called after the last."""
    sink = _Sink()
    # The fastest deflate: the sheet is repetitive XML, level 1 keeps most of the gain at a
    # fraction of the time of the default (level 6).
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _workbook(sheet_name))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _STYLES)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            widths = "".join(
                f'<col min="{i + 1}" max="{i + 1}" width="{max(12, min(len(title) + 4, 40))}" customWidth="1"/>'
                for i, title in enumerate(headers)
            )
            sheet.write(
                (
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                    "</sheetView></sheetViews>"
                    f"<cols>{widths}</cols><sheetData>"
                ).encode()
            )
            header_cells = "".join(
                f'<c r="{column_letter(i)}1" t="inlineStr" s="{STYLE_HEADER}"><is><t>{escape(_ILLEGAL.sub("", str(title)))}</t></is></c>'
                for i, title in enumerate(headers)
            )
            sheet.write(f'<row r="1">{header_cells}</row>'.encode())
            yield sink.take()
            for piece in pieces:
                sheet.write(piece)
                data = sink.take()
                if data:
                    yield data
            sheet.write(b"</sheetData></worksheet>")
    if on_done is not None:
        on_done()
    yield sink.take()

"""A streaming SpreadsheetML (.xlsx) writer: rows go straight into the zip as they are added.

Each worksheet's XML is written into its own zip entry while rows are appended, one sheet open
at a time; what a sheet keeps until it is closed is only its merged ranges and links. Text is
written as inline strings (no shared-strings table that grows with the workbook), so memory
stays flat however many sheets there are. The workbook parts (workbook.xml, styles.xml built
from the styles registered, relationships, content types, document properties) are written
when the workbook is closed.

Cells are `(value, style)` tuples, `None` for no cell: a value is text, an int, a Decimal
(written exactly, never through float), a float, a bool, or `None` for an empty cell that only
carries its style. Text is always text: one starting with `= + - @` gets the quote prefix
instead of being read as a formula. Element order follows the ECMA-376 schema (CT_Worksheet:
sheetPr, sheetViews, sheetFormatPr, cols, sheetData, mergeCells, hyperlinks, printOptions,
pageMargins, pageSetup).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext

from reports.render.ooxml import (
    FORMULA_STARTS,
    NEEDS_ESCAPING,
    check_sheet_name,
    escape_attribute,
    escape_text,
    quote_sheet_name,
)

MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Built-in number formats need no <numFmt>; others get ids from 164 on.
_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9,
                    "0.00%": 10, "@": 49}  # fmt: skip
_NEEDS_WORK = NEEDS_ESCAPING
_SPACE = (" ", "\t", "\n", "\r")
_FLUSH_PARTS = 4096  # XML pieces gathered before one compressed write
_PLAIN_VALUES = frozenset((str, int, Decimal, float, bool, type(None)))
MAX_WIDTH, MAX_HEIGHT = 255, 409  # Excel's limits: characters, points
MAX_CELL_TEXT = 32767  # characters Excel holds in a cell; longer text makes it "repair" the file


class XlsxStateError(RuntimeError):
    """The workbook or a sheet was used out of order (closed, or another sheet is open)."""


@dataclass(frozen=True)
class Style:
    """One cell format: font, thin black frame, alignment, number format, quote prefix."""

    font: str = "Calibri"
    size: float = 11
    bold: bool = False
    border: bool = False
    horizontal: str | None = None
    vertical: str | None = None
    wrap: bool = False
    number_format: str = "General"
    quote_prefix: bool = False


@dataclass(frozen=True)
class PrintSetup:
    """Page setup of a sheet; `title_rows` (first, last) repeat on every printed page."""

    paper_size: int = 9  # A4
    landscape: bool = False
    fit_to_width: int | None = 1  # pages wide; None prints at 100 % without fitting
    fit_to_height: int = 0  # 0: as many pages tall as needed
    horizontally_centered: bool = True
    margins: tuple[float, float, float, float] = (0.6, 0.6, 0.8, 0.8)  # left right top bottom
    header_margin: float = 0.5
    footer_margin: float = 0.5
    title_rows: tuple[int, int] | None = None


Cell = tuple[object, int]


def _shortened(text: str) -> str:
    """Text cut to what an Excel cell holds, saying so at the end (Word keeps it whole)."""
    mark = gettext("……（超出 Excel 单元格 32767 字的上限，完整内容见 Word 导出或系统页面）")
    return text[: MAX_CELL_TEXT - len(mark)] + mark


def column_letter(column: int) -> str:
    """Excel's column name of a 1-based column number: 1 → A, 27 → AA."""
    if not 1 <= column <= MAX_COLUMNS:
        raise ValueError(f"column {column} is outside 1…{MAX_COLUMNS}")
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_LETTERS = tuple(column_letter(c) for c in range(1, 703))  # A…ZZ, enough for any row we write


def cell_ref(row: int, column: int) -> str:
    return f"{_LETTERS[column - 1] if column <= len(_LETTERS) else column_letter(column)}{row}"


def _number(value: float) -> str:
    """A size (width, height, margin) in the shortest form: 30.0 → 30, 6.875 → 6.875."""
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    return str(int(value)) if value == int(value) else repr(float(value))


def _plain(value: object, ref: str) -> object:
    """A subclass of a cell type (an IntEnum, a str subclass) as its plain value."""
    for kind in (bool, str, int, Decimal, float):
        if isinstance(value, kind):
            return kind(value)
    raise TypeError(f"cannot write a {type(value).__name__} to cell {ref}")


def _size(value: float, limit: float, what: str) -> str:
    if not 0 <= value <= limit:
        raise ValueError(f"{what} {value!r} is outside 0…{limit}")
    return _number(value)


def _decimal(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError(f"a cell cannot hold {value}")
    # Exact digits, never through float: 330.984 stays 330.984, 1E+2 becomes 100. Trailing
    # fractional zeros say nothing (the cell's format shows the decimals): 40.00 → 40.
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class Sheet:
    """One worksheet being written; made by `Workbook.add_sheet`, closed by `close()`."""

    def __init__(
        self,
        book: Workbook,
        stream: BinaryIO,
        name: str,
        index: int,
        widths: Sequence[float],
        print_setup: PrintSetup | None,
        selected: bool,
        frozen_rows: int = 0,
    ) -> None:
        self.book, self.name, self.index = book, name, index
        self._frozen = frozen_rows
        self.rows = 0
        self._stream = stream
        self._print = print_setup
        self._parts: list[str] = []
        self._merges: list[str] = []
        self._covered: set[int] = set()  # cells of merged ranges: no overlaps
        self._links: list[str] = []
        self._closed = False
        self._write_head(widths, selected)

    def __enter__(self) -> Sheet:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if not self._closed:
            self.close()

    @property
    def closed(self) -> bool:
        return self._closed

    def _check_open(self) -> None:
        if self._closed:
            raise XlsxStateError(f"sheet {self.name!r} is closed: nothing more can be written")

    def _write_head(self, widths: Sequence[float], selected: bool) -> None:
        parts = [_DECLARATION, f'<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">']
        if self._print is not None and self._print.fit_to_width is not None:
            parts.append('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
        tab = ' tabSelected="1"' if selected else ""
        if self._frozen:  # the first rows stay in view when scrolling
            top = f"A{self._frozen + 1}"
            parts.append(
                f'<sheetViews><sheetView{tab} workbookViewId="0"><pane ySplit="{self._frozen}" '
                f'topLeftCell="{top}" activePane="bottomLeft" state="frozen"/>'
                f'<selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/>'
                "</sheetView></sheetViews>"
            )
        else:
            parts.append(f'<sheetViews><sheetView{tab} workbookViewId="0"/></sheetViews>')
        parts.append('<sheetFormatPr defaultRowHeight="15"/>')
        if widths:
            if len(widths) > MAX_COLUMNS:
                raise ValueError(f"a sheet has at most {MAX_COLUMNS} columns")
            cols = "".join(
                f'<col min="{n}" max="{n}" width="{_size(w, MAX_WIDTH, "width")}" customWidth="1"/>'
                for n, w in enumerate(widths, start=1)
            )
            parts.append(f"<cols>{cols}</cols>")
        parts.append("<sheetData>")
        self._parts = parts

    def append(self, cells: Sequence[Cell | None], *, height: float | None = None) -> int:
        """Write the next row (one entry per column from A; `None` leaves no cell there).

        Returns the row's 1-based number. `height` is in points.
        """
        self._check_open()
        if self.rows >= MAX_ROWS:
            raise ValueError(f"a sheet has at most {MAX_ROWS} rows")
        if len(cells) > MAX_COLUMNS:
            raise ValueError(f"a row has at most {MAX_COLUMNS} cells")
        self.rows += 1
        row = str(self.rows)
        parts = self._parts
        if height is None:
            parts.append(f'<row r="{row}">')
        else:
            ht = _size(height, MAX_HEIGHT, "row height")
            parts.append(f'<row r="{row}" ht="{ht}" customHeight="1">')
        styles = self.book._style_count
        letters = _LETTERS
        for column, cell in enumerate(cells):
            if cell is None:
                continue
            value, style = cell
            if not 0 <= style < styles:
                raise ValueError(f"unknown style {style!r}: use Workbook.add_style()")
            ref = (letters[column] if column < 702 else column_letter(column + 1)) + row
            kind = type(value)
            if kind not in _PLAIN_VALUES:
                value = _plain(value, ref)
                kind = type(value)
            if kind is str:
                if len(value) > MAX_CELL_TEXT:
                    value = _shortened(value)
                text = escape_text(value) if _NEEDS_WORK.search(value) else value
                if not text:  # empty, or nothing left once illegal characters are dropped
                    parts.append(f'<c r="{ref}" s="{style}"/>')
                    continue
                if text.startswith(FORMULA_STARTS):  # text stays text when edited, too
                    style = self.book._quoted(style)
                if text[0] in _SPACE or text[-1] in _SPACE or "\n" in text:
                    parts.append(
                        f'<c r="{ref}" s="{style}" t="inlineStr"><is>'
                        f'<t xml:space="preserve">{text}</t></is></c>'
                    )
                else:
                    parts.append(
                        f'<c r="{ref}" s="{style}" t="inlineStr"><is><t>{text}</t></is></c>'
                    )
            elif value is None:
                parts.append(f'<c r="{ref}" s="{style}"/>')
            elif kind is Decimal:
                parts.append(f'<c r="{ref}" s="{style}"><v>{_decimal(value)}</v></c>')
            elif kind is int:
                parts.append(f'<c r="{ref}" s="{style}"><v>{value}</v></c>')
            elif kind is bool:
                parts.append(f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>')
            elif kind is float:
                if not math.isfinite(value):
                    raise ValueError(f"a cell cannot hold {value}")
                parts.append(f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>')
        parts.append("</row>")
        if len(parts) > _FLUSH_PARTS:
            self._flush()
        return self.rows

    def merge(self, first_row: int, first_column: int, last_row: int, last_column: int) -> None:
        """Merge a range (1-based, inclusive); the rows may still be to come."""
        self._check_open()
        if not (1 <= first_row <= last_row <= MAX_ROWS):
            raise ValueError(f"bad merged rows {first_row}…{last_row}")
        if not (1 <= first_column <= last_column <= MAX_COLUMNS):
            raise ValueError(f"bad merged columns {first_column}…{last_column}")
        if first_row == last_row and first_column == last_column:
            raise ValueError("a merged range needs more than one cell")
        cells = {
            r * (MAX_COLUMNS + 1) + c  # one int a cell: smaller and faster than tuples
            for r in range(first_row, last_row + 1)
            for c in range(first_column, last_column + 1)
        }
        if not self._covered.isdisjoint(cells):
            raise ValueError("merged ranges overlap (Excel would repair the file)")
        self._covered |= cells
        first, last = cell_ref(first_row, first_column), cell_ref(last_row, last_column)
        self._merges.append(f'<mergeCell ref="{first}:{last}"/>')

    def link(self, row: int, column: int, location: str, display: str | None = None) -> None:
        """A link from a cell to a place in this workbook, e.g. `'Sheet 2'!A1`."""
        self._check_open()
        if not (1 <= row <= MAX_ROWS and 1 <= column <= MAX_COLUMNS):
            raise ValueError(f"no cell at row {row}, column {column}")
        ref = cell_ref(row, column)
        shown = "" if display is None else f' display="{escape_attribute(display)}"'
        self._links.append(
            f'<hyperlink ref="{ref}" location="{escape_attribute(location)}"{shown}/>'
        )

    def close(self) -> None:
        """Write what follows the rows (merges, links, print setup) and end the zip entry."""
        self._check_open()
        parts = self._parts
        parts.append("</sheetData>")
        if self._merges:
            parts.append(f'<mergeCells count="{len(self._merges)}">')
            parts.extend(self._merges)
            parts.append("</mergeCells>")
        if self._links:
            parts.append("<hyperlinks>")
            parts.extend(self._links)
            parts.append("</hyperlinks>")
        setup = self._print
        if setup is not None:
            if setup.horizontally_centered:
                parts.append('<printOptions horizontalCentered="1"/>')
            left, right, top, bottom = map(_number, setup.margins)
            header, footer = _number(setup.header_margin), _number(setup.footer_margin)
            parts.append(
                f'<pageMargins left="{left}" right="{right}" top="{top}" bottom="{bottom}" '
                f'header="{header}" footer="{footer}"/>'
            )
            fit = ""
            if setup.fit_to_width is not None:
                fit = f' fitToWidth="{setup.fit_to_width}" fitToHeight="{setup.fit_to_height}"'
            orientation = "landscape" if setup.landscape else "portrait"
            parts.append(
                f'<pageSetup paperSize="{setup.paper_size}"{fit} orientation="{orientation}"/>'
            )
        parts.append("</worksheet>")
        self._flush()
        self._stream.close()
        self._closed = True
        self._merges, self._links, self._covered = [], [], set()
        self.book._sheet_closed(self)

    def _flush(self) -> None:
        self._stream.write("".join(self._parts).encode())
        self._parts = []


@dataclass(slots=True)
class _SheetEntry:
    name: str
    hidden: bool
    title_rows: tuple[int, int] | None


class Workbook:
    """An .xlsx package written as it goes; use as a context manager or call `close()`.

    `output` is a path or a binary file object (seekable or not); a file object is left open.
    If the `with` block raises, the package is ended without its workbook parts.
    """

    def __init__(
        self,
        output: str | Path | BinaryIO,
        *,
        compresslevel: int | None = None,
        creator: str = "perfbudget",
        created: dt.datetime | None = None,
    ) -> None:
        self._zip = zipfile.ZipFile(
            output, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=compresslevel
        )
        self._creator = creator
        self._created = created or dt.datetime.now(dt.UTC)
        self._sheets: list[_SheetEntry] = []
        self._names: set[str] = set()
        self._open: Sheet | None = None
        self._closed = False
        self._styles: dict[Style, int] = {}
        self._style_list: list[Style] = []
        self._style_count = 0
        self._quoted_ids: dict[int, int] = {}
        self.add_style(Style())  # xf 0: the Normal style

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if self._closed:
            return
        if kind is None:
            self.close()
        else:
            with contextlib.suppress(Exception):  # the error that got us here is the news
                self._abort()

    def _check_open(self) -> None:
        if self._closed:
            raise XlsxStateError("the workbook is closed: nothing more can be written")

    def add_style(self, style: Style) -> int:
        """The id of a cell style for `(value, style)` cells; equal styles share one id."""
        self._check_open()
        found = self._styles.get(style)
        if found is None:
            found = self._styles[style] = len(self._style_list)
            self._style_list.append(style)
            self._style_count = len(self._style_list)
        return found

    def _quoted(self, style: int) -> int:
        """The same style with the quote prefix, for text that looks like a formula."""
        quoted = self._quoted_ids.get(style)
        if quoted is None:
            quoted = self.add_style(replace(self._style_list[style], quote_prefix=True))
            self._quoted_ids[style] = quoted
        return quoted

    def add_sheet(
        self,
        name: str,
        *,
        widths: Sequence[float] = (),
        hidden: bool = False,
        print_setup: PrintSetup | None = None,
        frozen_rows: int = 0,
    ) -> Sheet:
        """Start the next sheet; the previous one must have been closed. `frozen_rows` stay
        in view when the sheet is scrolled."""
        self._check_open()
        if self._open is not None:
            raise XlsxStateError(
                f"sheet {self._open.name!r} is still open: close it before adding {name!r}"
            )
        check_sheet_name(name)
        if name.lower() in self._names:
            raise ValueError(f"a sheet named {name!r} exists already (names ignore case)")
        title_rows = print_setup.title_rows if print_setup is not None else None
        if title_rows is not None and not 1 <= title_rows[0] <= title_rows[1] <= MAX_ROWS:
            raise ValueError(f"bad title rows {title_rows}")
        index = len(self._sheets)
        # The first visible sheet is the one shown when the file opens.
        selected = not hidden and all(s.hidden for s in self._sheets)
        stream = self._zip.open(f"xl/worksheets/sheet{index + 1}.xml", "w")
        self._names.add(name.lower())
        self._sheets.append(_SheetEntry(name, hidden, title_rows))
        if not 0 <= frozen_rows < MAX_ROWS:
            raise ValueError(f"bad number of frozen rows {frozen_rows}")
        self._open = Sheet(self, stream, name, index, widths, print_setup, selected, frozen_rows)
        return self._open

    def _sheet_closed(self, sheet: Sheet) -> None:
        self._open = None

    def close(self) -> None:
        """Close the open sheet, if any, and write the workbook parts."""
        self._check_open()
        if self._open is not None:
            self._open.close()
        if not self._sheets:
            self._abort()
            raise ValueError("a workbook needs at least one sheet")
        if all(s.hidden for s in self._sheets):
            self._abort()
            raise ValueError("a workbook needs at least one visible sheet")
        parts: dict[str, Iterable[str]] = {
            "xl/workbook.xml": self._workbook_xml(),
            "xl/_rels/workbook.xml.rels": self._workbook_rels(),
            "xl/styles.xml": [self._styles_xml()],
            "docProps/core.xml": [self._core_xml()],
            "docProps/app.xml": [_APP_XML],
            "_rels/.rels": [_PACKAGE_RELS],
            "[Content_Types].xml": self._content_types(),
        }
        for name, pieces in parts.items():
            self._write_part(name, pieces)
        self._zip.close()
        self._closed = True

    def _write_part(self, name: str, pieces: Iterable[str]) -> None:
        """Stream a part in pieces: the parts that list every sheet are never one string."""
        with self._zip.open(name, "w") as part:
            batch: list[str] = []
            for piece in pieces:
                batch.append(piece)
                if len(batch) >= 256:
                    part.write("".join(batch).encode())
                    batch = []
            part.write("".join(batch).encode())

    def _abort(self) -> None:
        """End the package after an error: the file is not a workbook, but nothing leaks."""
        if self._open is not None and not self._open.closed:
            self._open._stream.close()
            self._open = None
        self._zip.close()
        self._closed = True

    # --- the workbook parts ---

    def _workbook_xml(self) -> Iterator[str]:
        active = next(n for n, s in enumerate(self._sheets) if not s.hidden)
        yield f'{_DECLARATION}<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
        yield f'<workbookPr/><bookViews><workbookView activeTab="{active}"/></bookViews><sheets>'
        for n, sheet in enumerate(self._sheets):
            state = ' state="hidden"' if sheet.hidden else ""
            yield (
                f'<sheet name="{escape_attribute(sheet.name)}" sheetId="{n + 1}"{state} '
                f'r:id="rId{n + 1}"/>'
            )
        yield "</sheets>"
        if any(sheet.title_rows is not None for sheet in self._sheets):
            yield "<definedNames>"
            for n, sheet in enumerate(self._sheets):
                if sheet.title_rows is not None:
                    first, last = sheet.title_rows
                    target = escape_text(f"{quote_sheet_name(sheet.name)}!${first}:${last}")
                    yield (
                        f'<definedName name="_xlnm.Print_Titles" localSheetId="{n}">'
                        f"{target}</definedName>"
                    )
            yield "</definedNames>"
        yield "</workbook>"

    def _workbook_rels(self) -> Iterator[str]:
        yield f'{_DECLARATION}<Relationships xmlns="{_PKG_REL_NS}">'
        for n in range(1, len(self._sheets) + 1):
            yield (
                f'<Relationship Id="rId{n}" Type="{_REL_NS}/worksheet" '
                f'Target="worksheets/sheet{n}.xml"/>'
            )
        styles_id = len(self._sheets) + 1
        yield f'<Relationship Id="rId{styles_id}" Type="{_REL_NS}/styles" Target="styles.xml"/>'
        yield "</Relationships>"

    def _content_types(self) -> Iterator[str]:
        office = "application/vnd.openxmlformats-officedocument"
        package = "application/vnd.openxmlformats-package"
        yield (
            f"{_DECLARATION}<Types "
            'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="{package}.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
        )
        overrides = [
            ("/xl/workbook.xml", f"{office}.spreadsheetml.sheet.main+xml"),
            ("/xl/styles.xml", f"{office}.spreadsheetml.styles+xml"),
            ("/docProps/core.xml", f"{package}.core-properties+xml"),
            ("/docProps/app.xml", f"{office}.extended-properties+xml"),
        ]
        for name, kind in overrides:
            yield f'<Override PartName="{name}" ContentType="{kind}"/>'
        sheet = f"{office}.spreadsheetml.worksheet+xml"
        for n in range(1, len(self._sheets) + 1):
            yield f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{sheet}"/>'
        yield "</Types>"

    def _core_xml(self) -> str:
        stamp = self._created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return _CORE_XML.format(creator=escape_text(self._creator), stamp=stamp)

    def _styles_xml(self) -> str:
        fonts: dict[tuple, int] = {}
        formats: dict[str, int] = {}
        xfs = []
        for style in self._style_list:
            font = fonts.setdefault((style.font, style.size, style.bold), len(fonts))
            number = _BUILTIN_FORMATS.get(style.number_format)
            if number is None:
                number = formats.setdefault(style.number_format, 164 + len(formats))
            xfs.append(_xf(style, font, number))
        font_xml = "".join(
            f'<font>{"<b/>" if bold else ""}<sz val="{_number(size)}"/>'
            f'<name val="{escape_attribute(name)}"/></font>'
            for name, size, bold in fonts
        )
        format_xml = "".join(
            f'<numFmt numFmtId="{n}" formatCode="{escape_attribute(code)}"/>'
            for code, n in formats.items()
        )
        return (
            f'{_DECLARATION}<styleSheet xmlns="{_MAIN_NS}">'
            + (f'<numFmts count="{len(formats)}">{format_xml}</numFmts>' if formats else "")
            + f'<fonts count="{len(fonts)}">{font_xml}</fonts>'
            + '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            f'<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
            f"<border>{_THIN}</border></borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            f'</cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            "</cellStyles></styleSheet>"
        )


def _xf(style: Style, font: int, number: int) -> str:
    border = 1 if style.border else 0
    attributes = f'numFmtId="{number}" fontId="{font}" fillId="0" borderId="{border}" xfId="0"'
    if style.quote_prefix:
        attributes += ' quotePrefix="1"'
    if number:
        attributes += ' applyNumberFormat="1"'
    if font:
        attributes += ' applyFont="1"'
    if border:
        attributes += ' applyBorder="1"'
    alignment = ""
    if style.horizontal:
        alignment += f' horizontal="{style.horizontal}"'
    if style.vertical:
        alignment += f' vertical="{style.vertical}"'
    if style.wrap:
        alignment += ' wrapText="1"'
    if not alignment:
        return f"<xf {attributes}/>"
    return f'<xf {attributes} applyAlignment="1"><alignment{alignment}/></xf>'


_THIN = (
    "".join(
        f'<{side} style="thin"><color rgb="FF000000"/></{side}>'
        for side in ("left", "right", "top", "bottom")
    )
    + "<diagonal/>"
)
_PACKAGE_RELS = (
    f'{_DECLARATION}<Relationships xmlns="{_PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{_PKG_REL_NS}/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL_NS}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_CORE_XML = (
    _DECLARATION
    + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:creator>{creator}</dc:creator>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
    "</cp:coreProperties>"
)
_APP_XML = (
    _DECLARATION + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>perfbudget</Application></Properties>'
)

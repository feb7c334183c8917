"""The streaming SpreadsheetML writer: well-formed parts, exact values, safe text, flat memory."""

from __future__ import annotations

import datetime as dt
import io
import tracemalloc
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from lxml import etree

from reports.render.xlsxml import (
    PrintSetup,
    Style,
    Workbook,
    XlsxStateError,
    column_letter,
    quote_sheet_name,
)

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
FRAMED = Style(font="宋体", size=10.5, border=True, horizontal="center", wrap=True)


def write(build, **kwargs) -> bytes:
    """A workbook made by `build(book)`, as bytes."""
    buffer = io.BytesIO()
    with Workbook(buffer, **kwargs) as book:
        build(book)
    return buffer.getvalue()


def one_sheet(*rows, name: str = "表1") -> bytes:
    def build(book):
        style = book.add_style(FRAMED)
        with book.add_sheet(name) as sheet:
            for row in rows:
                sheet.append([None if v is ... else (v, style) for v in row])

    return write(build)


def part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode()


def load(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


# --- the package ---


def test_every_part_is_well_formed_and_listed_in_the_content_types():
    def build(book):
        style = book.add_style(FRAMED)
        for n in range(3):
            setup = PrintSetup(title_rows=(1, 2)) if n else None
            with book.add_sheet(f"S{n}", widths=[12, 8.5], print_setup=setup) as sheet:
                sheet.append([("标题 & <b>", style), (Decimal("1.5"), style)], height=30)
                sheet.merge(1, 1, 2, 1)
                sheet.link(1, 2, "'S0'!A1", display='"quoted"')

    data = write(build)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        trees = {name: etree.fromstring(package.read(name)) for name in names}
    assert sorted(names) == sorted(
        [
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/app.xml",
            "docProps/core.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/styles.xml",
            "xl/workbook.xml",
            "xl/worksheets/sheet1.xml",
            "xl/worksheets/sheet2.xml",
            "xl/worksheets/sheet3.xml",
        ]
    )
    overrides = {
        e.get("PartName").lstrip("/") for e in trees["[Content_Types].xml"] if e.get("PartName")
    }
    assert overrides == {n for n in names if not n.endswith(".rels") and n.endswith(".xml")} - {
        "[Content_Types].xml"
    }
    targets = {e.get("Target") for e in trees["xl/_rels/workbook.xml.rels"]}
    assert {f"worksheets/sheet{n}.xml" for n in (1, 2, 3)} | {"styles.xml"} == targets


def test_sheet_children_follow_the_schema_order():
    def build(book):
        style = book.add_style(FRAMED)
        setup = PrintSetup(title_rows=(1, 1))
        with book.add_sheet("A", widths=[10], print_setup=setup) as sheet:
            sheet.append([("x", style), ("y", style)])
            sheet.merge(1, 1, 1, 2)
            sheet.link(1, 1, "'A'!A1")

    tree = etree.fromstring(part(write(build), "xl/worksheets/sheet1.xml").encode())
    tags = [child.tag.removeprefix(MAIN) for child in tree]
    assert tags == [
        "sheetPr",
        "sheetViews",
        "sheetFormatPr",
        "cols",
        "sheetData",
        "mergeCells",
        "hyperlinks",
        "printOptions",
        "pageMargins",
        "pageSetup",
    ]


def test_openpyxl_reads_values_sizes_print_setup_and_hidden_state():
    def build(book):
        style = book.add_style(FRAMED)
        setup = PrintSetup(landscape=True, title_rows=(1, 2))
        with book.add_sheet("看得见", widths=[20, 7.5], print_setup=setup) as sheet:
            assert sheet.append([("文本", style), (3, style)], height=30) == 1
            sheet.append([(2.5, style), (True, style)])
        with book.add_sheet("藏起来", hidden=True) as sheet:
            sheet.append([("秘密", style)])

    workbook = load(write(build))
    shown, hidden = workbook.worksheets
    assert [[c.value for c in row] for row in shown.iter_rows()] == [["文本", 3], [2.5, True]]
    assert shown.column_dimensions["A"].width == 20 and shown.column_dimensions["B"].width == 7.5
    assert shown.row_dimensions[1].height == 30
    assert shown.page_setup.paperSize == 9 and shown.page_setup.orientation == "landscape"
    assert shown.page_setup.fitToWidth == 1 and shown.page_setup.fitToHeight == 0
    assert shown.sheet_properties.pageSetUpPr.fitToPage
    assert shown.print_options.horizontalCentered
    assert (shown.page_margins.left, shown.page_margins.top) == (0.6, 0.8)
    assert shown.print_title_rows == "$1:$2"
    assert shown["A1"].font.name == "宋体" and shown["A1"].border.left.style == "thin"
    assert hidden.sheet_state == "hidden" and shown.sheet_state == "visible"


def test_a_file_object_is_left_open_and_a_path_is_written(tmp_path):
    buffer = io.BytesIO()
    with Workbook(buffer) as book, book.add_sheet("A") as sheet:
        sheet.append([("x", 0)])
    assert not buffer.closed
    path = tmp_path / "book.xlsx"
    with Workbook(path) as book, book.add_sheet("A") as sheet:
        sheet.append([("x", 0)])
    assert load(path.read_bytes()).active["A1"].value == "x"


def test_a_stream_that_cannot_seek_gets_a_readable_package():
    class Pipe(io.RawIOBase):
        def __init__(self):
            self.data = bytearray()

        def writable(self):
            return True

        def write(self, chunk):
            self.data += chunk
            return len(chunk)

    pipe = Pipe()
    with Workbook(pipe) as book, book.add_sheet("A") as sheet:
        sheet.append([(Decimal("330.984"), 0), ("文本", 0)])
    assert [c.value for c in load(bytes(pipe.data)).active[1]] == [330.984, "文本"]


def test_core_properties_carry_the_given_time():
    created = dt.datetime(2024, 3, 1, 8, 30, tzinfo=dt.UTC)

    def build(book):
        book.add_sheet("A").append([("x", 0)])

    core = part(write(build, created=created), "docProps/core.xml")
    assert "2024-03-01T08:30:00Z" in core and "<dc:creator>perfbudget</dc:creator>" in core


# --- values ---


def test_decimals_are_written_exactly_never_through_float():
    data = one_sheet(
        [
            Decimal("330.984"),
            Decimal("12345678901234567.891"),
            Decimal("40.00"),
            Decimal("1E+2"),
            Decimal("-0.50"),
            Decimal("0.1"),
        ]
    )
    values = [v.text for v in etree.fromstring(part(data, "xl/worksheets/sheet1.xml").encode())
              .iter(f"{MAIN}v")]  # fmt: skip
    assert values == ["330.984", "12345678901234567.891", "40", "100", "-0.5", "0.1"]
    assert load(data).active["A1"].value == 330.984


@pytest.mark.parametrize(
    "value", [Decimal("NaN"), Decimal("Infinity"), float("nan"), float("-inf")]
)
def test_numbers_a_cell_cannot_hold_are_refused(value):
    with pytest.raises(ValueError, match="cannot hold"):
        one_sheet([value])


def test_values_of_unknown_types_are_refused_and_subclasses_are_plain():
    with pytest.raises(TypeError, match="datetime"):
        one_sheet([dt.datetime(2024, 1, 1)])

    class Code(str):
        pass

    assert load(one_sheet([Code("P001")])).active["A1"].value == "P001"


def test_none_and_empty_text_are_styled_blank_cells_and_ellipsis_skips_a_column():
    data = one_sheet([None, "", "x", ..., "y"])
    xml = part(data, "xl/worksheets/sheet1.xml")
    assert '<c r="A1" s="1"/><c r="B1" s="1"/>' in xml
    assert 'r="D1"' not in xml and 'r="E1"' in xml


# --- text ---


def test_markup_characters_are_escaped_and_read_back_unchanged():
    text = "a < b && c > \"d\" 'e'"
    data = one_sheet([text])
    xml = part(data, "xl/worksheets/sheet1.xml")
    assert "a &lt; b &amp;&amp; c &gt;" in xml
    assert load(data).active["A1"].value == text


def test_characters_illegal_in_xml_are_dropped_and_line_breaks_kept():
    data = one_sheet(["a\x00b\x01c\x0bd\x1fe\ufffef", "一\n二\r\n三", "\x01\x02"])
    sheet = load(data).active
    assert sheet["A1"].value == "abc\ndef"  # Word's soft break \x0b is a line break
    assert sheet["B1"].value == "一\n二\r\n三"  # the CR survives as &#13;
    assert sheet["C1"].value is None  # nothing left: a blank cell, not an empty string
    assert "&#13;" in part(data, "xl/worksheets/sheet1.xml")


def test_leading_and_trailing_spaces_and_newlines_are_preserved():
    data = one_sheet(["  indented", "trailing ", "two\nlines", "plain"])
    xml = part(data, "xl/worksheets/sheet1.xml")
    assert xml.count('xml:space="preserve"') == 3
    assert [c.value for c in load(data).active[1]] == [
        "  indented",
        "trailing ",
        "two\nlines",
        "plain",
    ]


def test_text_that_looks_like_a_formula_stays_text_with_the_quote_prefix():
    formulas = ['=HYPERLINK("http://evil","x")', "+1+2", "-3", "@SUM(A1)", "\x01=1+1"]
    data = one_sheet([*formulas, "plain"])
    xml = part(data, "xl/worksheets/sheet1.xml")
    assert "<f>" not in xml and xml.count('t="inlineStr"') == 6
    cells = list(load(data).active[1])
    for cell in cells[:5]:
        assert cell.data_type == "s" and cell.quotePrefix, cell.value
    assert cells[4].value == "=1+1"
    assert not cells[5].quotePrefix
    # one quoted variant of the style, shared by every such cell
    assert len({c.style_id for c in cells[:5]}) == 1


# --- styles ---


def test_styles_are_deduplicated_and_only_used_combinations_are_written():
    def build(book):
        ids = [book.add_style(FRAMED) for _ in range(3)]
        assert len(set(ids)) == 1
        bold = book.add_style(Style(font="黑体", size=14, bold=True))
        money = book.add_style(Style(font="宋体", size=10.5, border=True, number_format="0.00"))
        custom = book.add_style(Style(number_format='0.000"万元"'))
        assert len({ids[0], bold, money, custom}) == 4
        with book.add_sheet("A") as sheet:
            sheet.append([("x", ids[0]), ("y", bold), (Decimal(1), money), (2, custom)])

    styles = etree.fromstring(part(write(build), "xl/styles.xml").encode())
    fonts = styles.find(f"{MAIN}fonts")
    assert fonts.get("count") == "3" and len(fonts) == 3  # default, 宋体 10.5, 黑体 14 bold
    xfs = styles.find(f"{MAIN}cellXfs")
    assert xfs.get("count") == "5" and len(xfs) == 5
    assert [xf.get("numFmtId") for xf in xfs] == ["0", "0", "0", "2", "164"]
    assert styles.find(f"{MAIN}numFmts")[0].get("formatCode") == '0.000"万元"'
    assert len(styles.find(f"{MAIN}borders")) == 2


def test_an_unknown_style_id_is_refused():
    def build(book):
        book.add_sheet("A").append([("x", 7)])

    with pytest.raises(ValueError, match="unknown style"):
        write(build)


# --- names and links ---


def test_links_and_print_titles_quote_sheet_names_with_apostrophes():
    name = "O'Brien's 表"

    def build(book):
        with book.add_sheet("目录") as index:
            index.append([("去", 0)])
            index.link(1, 1, f"{quote_sheet_name(name)}!A1", display="去 & <看>")
        with book.add_sheet(name, print_setup=PrintSetup(title_rows=(1, 2))) as sheet:
            sheet.append([("x", 0)])

    data = write(build)
    workbook = load(data)
    link = workbook["目录"]["A1"].hyperlink
    assert link.location == "'O''Brien''s 表'!A1" and link.display == "去 & <看>"
    assert workbook[name].print_title_rows == "$1:$2"
    assert "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"1\">'O''Brien''s 表'!$1:$2" in (
        part(data, "xl/workbook.xml")
    )


@pytest.mark.parametrize(
    "name", ["", "x" * 32, "a[b", "a/b", "a:b", "a*b", "a?b", "a\\b", "'a", "a'", "a\x01b"]
)
def test_sheet_names_excel_refuses_are_refused(name):
    with pytest.raises(ValueError, match="sheet name"), Workbook(io.BytesIO()) as book:
        book.add_sheet(name)


def test_sheet_names_must_be_unique_ignoring_case():
    with pytest.raises(ValueError, match="exists already"), Workbook(io.BytesIO()) as book:
        book.add_sheet("Data").close()
        book.add_sheet("DATA")


def test_column_letters():
    assert [column_letter(n) for n in (1, 26, 27, 52, 702, 703, 16384)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "ZZ",
        "AAA",
        "XFD",
    ]
    for bad in (0, 16385):
        with pytest.raises(ValueError):
            column_letter(bad)


# --- merges ---


def test_merged_ranges_are_written_and_bad_ones_refused():
    def build(book):
        with book.add_sheet("A") as sheet:
            sheet.merge(1, 1, 1, 3)
            sheet.merge(2, 1, 4, 1)  # rows still to come
            for bad in [(1, 3, 2, 3), (1, 1, 1, 1), (2, 2, 1, 2), (0, 1, 1, 2)]:
                with pytest.raises(ValueError):
                    sheet.merge(*bad)
            for _ in range(4):
                sheet.append([("x", 0)])

    merged = {str(r) for r in load(write(build)).active.merged_cells.ranges}
    assert merged == {"A1:C1", "A2:A4"}


# --- order of use ---


def test_writing_to_a_closed_sheet_raises_a_clear_error():
    with Workbook(io.BytesIO()) as book:
        sheet = book.add_sheet("A")
        sheet.close()
        for action in (
            lambda: sheet.append([("x", 0)]),
            lambda: sheet.merge(1, 1, 1, 2),
            lambda: sheet.link(1, 1, "'A'!A1"),
            sheet.close,
        ):
            with pytest.raises(XlsxStateError, match="'A' is closed"):
                action()


def test_a_second_open_sheet_raises_a_clear_error():
    with Workbook(io.BytesIO()) as book:
        book.add_sheet("A")
        with pytest.raises(XlsxStateError, match="'A' is still open"):
            book.add_sheet("B")


def test_a_closed_workbook_refuses_more_work():
    book = Workbook(io.BytesIO())
    book.add_sheet("A").append([("x", 0)])
    book.close()  # closes the open sheet too
    with pytest.raises(XlsxStateError, match="workbook is closed"):
        book.add_sheet("B")
    with pytest.raises(XlsxStateError):
        book.add_style(FRAMED)
    with pytest.raises(XlsxStateError):
        book.close()


def test_a_workbook_needs_a_visible_sheet():
    with pytest.raises(ValueError, match="at least one sheet"):
        Workbook(io.BytesIO()).close()
    book = Workbook(io.BytesIO())
    book.add_sheet("A", hidden=True).close()
    with pytest.raises(ValueError, match="visible"):
        book.close()


def test_an_error_while_writing_propagates_and_ends_the_package(tmp_path):
    path = tmp_path / "broken.xlsx"
    with pytest.raises(KeyError, match="boom"), Workbook(path) as book:
        book.add_sheet("A").append([("x", 0)])
        raise KeyError("boom")
    with zipfile.ZipFile(path) as package:  # a closed zip, but no workbook in it
        assert "xl/workbook.xml" not in package.namelist()


def test_the_first_visible_sheet_is_the_active_one():
    def build(book):
        book.add_sheet("secret", hidden=True).close()
        book.add_sheet("shown").close()

    data = write(build)
    assert 'activeTab="1"' in part(data, "xl/workbook.xml")
    assert 'tabSelected="1"' in part(data, "xl/worksheets/sheet2.xml")
    assert "tabSelected" not in part(data, "xl/worksheets/sheet1.xml")


# --- memory ---


def _peak(tmp_path, sheets: int, rows: int, *, merges: bool = True) -> int:
    """tracemalloc's peak while writing `sheets` sheets of `rows` framed rows to a file."""
    tracemalloc.start()
    try:
        with Workbook(tmp_path / f"{sheets}x{rows}.xlsx") as book:
            style = book.add_style(FRAMED)
            for n in range(sheets):
                setup = PrintSetup(title_rows=(1, 2))
                with book.add_sheet(f"表{n}", widths=[10] * 13, print_setup=setup) as sheet:
                    for r in range(1, rows + 1):
                        cells = [(f"指标{r}", style)] + [(Decimal("330.984"), style)] * 12
                        sheet.append(cells, height=20)
                        if merges:
                            sheet.merge(r, 2, r, 3)
                    sheet.link(1, 1, f"'表{n}'!A1")
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_as_sheets_are_added(tmp_path):
    small, large = _peak(tmp_path, 100, 12), _peak(tmp_path, 400, 12)
    # What grows is the zip directory and the sheet list (~0.6 KB a sheet); openpyxl kept
    # ~70 KB a sheet until it saved.
    assert large - small < 300 * 2048, (small, large)


def test_the_rows_of_a_sheet_are_not_kept(tmp_path):
    # Merged ranges are kept until the sheet closes (they follow the rows); rows are not.
    short, long = _peak(tmp_path, 1, 500, merges=False), _peak(tmp_path, 1, 6_000, merges=False)
    assert long - short < 256 * 1024, (short, long)


def test_text_longer_than_an_excel_cell_is_cut_and_says_so():
    from reports.render.xlsxml import MAX_CELL_TEXT

    exact = "甲" * MAX_CELL_TEXT
    sheet = load(one_sheet([exact, "乙" * (MAX_CELL_TEXT + 5000), "<&>" * 20000]))["表1"]
    assert sheet["A1"].value == exact  # at the limit: kept whole
    cut = sheet["B1"].value
    assert len(cut) == MAX_CELL_TEXT and cut.startswith("乙" * 1000)
    assert cut.endswith("完整内容见 Word 导出或系统页面）")
    escaped = sheet["C1"].value  # counted before escaping: the cell holds characters
    assert len(escaped) == MAX_CELL_TEXT and escaped.startswith("<&><&>")

"""Benchmark the Word/Excel exports against a plain writer and a floor.

    .venv/bin/python bench/export_bench.py            # 1,000 projects, 8–10 indicators each
    .venv/bin/python bench/export_bench.py -n 200 --skip-plain
    .venv/bin/python bench/export_bench.py --only xlsx --xlsx-memory 100,500,1000

For docx and xlsx it prints seconds (wall clock and CPU; the fastest of `--repeat` runs), peak
memory growth and file size of: our exporter (the department document of N tables); a plain
python-docx / openpyxl writer that fills the same cells one by one with merge() /
merge_cells(); and a floor (table XML from a prepared template; openpyxl write-only with merged
ranges added directly and no styles). For xlsx also XlsxWriter in constant_memory mode writing
the same workbook from the same Document (when installed; decision 017 compares it with ours).
Each run is a separate process so peak memory (ru_maxrss) is its own. No database is needed.

The 自评表 of #18 (`make_evaluation`: the same N projects self-evaluated) are measured as
`selfeval-docx` / `selfeval-xlsx` against the same floors (goal: Word within 1.5× its floor),
and the 1–7月 执行监控表 (`make_monitoring`) as `monitoring-docx` / `monitoring-xlsx`.

`--xlsx-memory` prints our Excel exporter's seconds and peak memory at several N instead: as the
service runs it (layout built, then written) and the writer alone (layout made before measuring),
which should stay flat as N grows.

`--stage-memory N,N,…` prints, for the two stage tables at each N, what part of the memory is
what: building the sheet itself (`sheet`, the plain data the selectors return — not counted in
the figures above, which start from a built sheet), each row's proposed score with the
`scoring.propose` cache emptied first (`proposals`), and each format written as the service
does (`ours`: tables laid out as they are read) and with every table laid out first (`eager`:
the document before the stage tables became lazy; the difference is the Grids).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
import zipfile
from dataclasses import replace
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "perfbudget.settings")

import django

django.setup()

import docx  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Border, Side  # noqa: E402
from openpyxl.worksheet.cell_range import CellRange  # noqa: E402
from sample import make_department, make_evaluation, make_monitoring  # noqa: E402

from evaluation import scoring  # noqa: E402
from evaluation.layout import (  # noqa: E402
    evaluation_document,
    evaluation_grid,
    monitoring_document,
    monitoring_grid,
)
from projects.targets import DepartmentTargets  # noqa: E402
from reports.layout import DOCX, Document, TableGrids, department_document  # noqa: E402
from reports.render import docx as word  # noqa: E402
from reports.render import xlsx  # noqa: E402
from reports.render.docx import DOCUMENT_HEAD, DOCUMENT_PART, DOCUMENT_TAIL  # noqa: E402
from reports.render.placement import place  # noqa: E402
from reports.render.sheets import lines_needed  # noqa: E402
from reports.render.wordml import TABLE_GAP, grid_tables  # noqa: E402


def ours_docx(targets: DepartmentTargets, path: Path) -> None:
    word.render(_document(targets), path)


def ours_xlsx(targets: DepartmentTargets, path: Path) -> None:
    xlsx.render(_document(targets), path)


def _document(targets: DepartmentTargets) -> Document:
    """The department document as the service lays it out, without the embedded exact data
    (as the figures in the README and decisions 010/017 were measured)."""
    return replace(department_document(targets), data=None)


def written_xlsx(prepared: Document, path: Path) -> None:
    """Our Excel writer alone: the layout and summaries were made before measuring."""
    xlsx.render(prepared, path)


# --- plain writers: what most projects do ---


def plain_docx(targets: DepartmentTargets, path: Path) -> None:
    document = docx.Document()
    for grid in TableGrids(targets.tables):
        document.add_heading(grid.title, 1)
        for _section, rows in grid.sections():
            table = document.add_table(rows=len(rows), cols=grid.columns)
            table.style = "Table Grid"
            for r, placed_row in enumerate(place(rows)):
                for p in placed_row:
                    if p.continues:
                        continue
                    first = table.cell(r, p.column)
                    last = table.cell(r + p.cell.rowspan - 1, p.column + p.cell.colspan - 1)
                    cell = first.merge(last) if first._tc is not last._tc else first
                    cell.text = p.cell.text
            document.add_paragraph()
    document.save(path)


def plain_xlsx(targets: DepartmentTargets, path: Path) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    thin = Side(style="thin")
    frame = Border(left=thin, right=thin, top=thin, bottom=thin)
    for n, grid in enumerate(TableGrids(targets.tables), start=1):
        sheet = workbook.create_sheet(f"{n}")
        sheet.cell(1, 1, grid.title)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.columns)
        for r, placed_row in enumerate(place(grid.rows), start=2):
            for p in placed_row:
                if p.continues:
                    continue
                value = p.cell.text if p.cell.value is None else p.cell.value
                sheet.cell(r, p.column + 1, value)
                for dr in range(p.cell.rowspan):
                    for dc in range(p.cell.colspan):
                        sheet.cell(r + dr, p.column + 1 + dc).border = frame
                if p.cell.rowspan > 1 or p.cell.colspan > 1:
                    sheet.merge_cells(
                        start_row=r,
                        start_column=p.column + 1,
                        end_row=r + p.cell.rowspan - 1,
                        end_column=p.column + p.cell.colspan,
                    )
    workbook.save(path)


# --- floors ---


def floor_docx(targets: DepartmentTargets, path: Path) -> None:
    """docxtpl-style: a prepared table template, texts substituted, XML streamed to the zip."""
    _floor_docx_grids(TableGrids(targets.tables), path)


def _floor_docx_grids(layout, path: Path) -> None:
    """The Word floor over any sequence of Grids (target tables or 自评表)."""
    # Private-use characters: the XML escaper keeps them (it drops control characters, which
    # left the template without placeholders until 2026-12: the floor wrote "0", "1", … for
    # the texts, and its figures were too low).
    opening, closing = "\ue000", "\ue001"
    marker = opening + "{}" + closing
    template_cache: dict[tuple, str] = {}
    from reports.layout import Grid, Row

    def prepared(grid: Grid) -> str:
        # One template per table shape (rows, spans); made once, like a docxtpl template file.
        key = tuple((r.section, tuple((c.colspan, c.rowspan) for c in r.cells)) for r in grid.rows)
        if key not in template_cache:
            cells = iter(range(10_000))
            rows = tuple(
                Row(
                    tuple(c._replace(text=marker.format(next(cells))) for c in r.cells),
                    r.section,
                )
                for r in grid.rows
            )
            xml = "".join(grid_tables(Grid(grid.title, rows)))
            xml = xml.replace("{", "{{").replace("}", "}}")
            template = xml.replace(opening, "{").replace(closing, "}")
            assert "{0}" in template, "the template lost its placeholders"
            template_cache[key] = template
        return template_cache[key]

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in word._template_parts():
            if name != DOCUMENT_PART:
                package.writestr(name, data)
                continue
            with package.open(DOCUMENT_PART, "w") as part:
                part.write(DOCUMENT_HEAD.encode())
                for grid in layout:
                    texts = [escape(c.text) for r in grid.rows for c in r.cells]
                    title = f"<w:p><w:r><w:t>{escape(grid.title)}</w:t></w:r></w:p>"
                    part.write((title + prepared(grid).format(*texts)).encode())
                part.write(TABLE_GAP.encode() + DOCUMENT_TAIL.encode())


def floor_xlsx(targets: DepartmentTargets, path: Path) -> None:
    """openpyxl write-only, values only, merged ranges added directly."""
    _floor_xlsx_grids(TableGrids(targets.tables), path)


def _floor_xlsx_grids(layout, path: Path) -> None:
    workbook = Workbook(write_only=True)
    for n, grid in enumerate(layout, start=1):
        sheet = workbook.create_sheet(f"{n}")
        sheet.append([grid.title])
        sheet.merged_cells.ranges.add(CellRange(min_row=1, min_col=1, max_row=1, max_col=13))
        for r, placed_row in enumerate(place(grid.rows), start=2):
            values = [None] * grid.columns
            for p in placed_row:
                if p.continues:
                    continue
                values[p.column] = p.cell.text if p.cell.value is None else p.cell.value
                if p.cell.rowspan > 1 or p.cell.colspan > 1:
                    sheet.merged_cells.ranges.add(
                        CellRange(
                            min_row=r,
                            min_col=p.column + 1,
                            max_row=r + p.cell.rowspan - 1,
                            max_col=p.column + p.cell.colspan,
                        )
                    )
            sheet.append(values)
    workbook.save(path)


def xlsxwriter_xlsx(targets: DepartmentTargets, path: Path) -> None:
    """XlsxWriter in constant_memory mode writing the same workbook as ours from the same
    Document: 目录 with links, the narrative, one sheet per table with the same styles, widths,
    heights, merges and print setup. Vertical merges go straight into the sheet's merge list:
    its merge_range writes blank cells into the rows below, which constant_memory then refuses
    to go back to (a private attribute: fine for a measurement, not for the app)."""
    import xlsxwriter

    from reports.layout import AMOUNT, CAPTION, XLSX, Grid, Heading
    from reports.render.sheets import LINE_HEIGHT

    document = _document(targets)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    formats: dict[tuple, object] = {}

    def style(align="center", bold=False, framed=True, money=False, size=10.5, font="宋体"):
        key = (align, bold, framed, money, size, font)
        if key not in formats:
            spec = {"font_name": font, "font_size": size, "bold": bold, "align": align,
                    "valign": "vcenter", "text_wrap": True}  # fmt: skip
            if framed:
                spec["border"] = 1
            if money:
                spec["num_format"] = "0.00"
            formats[key] = book.add_format(spec)
        return formats[key]

    def a4(sheet, title_rows):
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        sheet.center_horizontally()
        sheet.set_margins(0.6, 0.6, 0.8, 0.8)
        sheet.repeat_rows(0, title_rows - 1)

    def put(sheet, row, column, value, fmt):
        if isinstance(value, str):
            sheet.write_string(row, column, value, fmt)
        elif value is None:
            sheet.write_blank(row, column, None, fmt)
        else:
            sheet.write_number(row, column, float(value), fmt)  # through float: not exact

    parts = document.parts(XLSX)
    names = xlsx.sheet_names(parts)
    links = {part.anchor: name for part, name in zip(parts, names, strict=True) if part.anchor}
    title_style = style(bold=True, framed=False, size=14, font="黑体")
    for section, name in zip(document.sections_in(XLSX), names, strict=True):
        sheet = book.add_worksheet(name)
        if not isinstance(section, Grid):
            sheet.set_column(0, 0, xlsx.NARRATIVE_WIDTH)
            a4(sheet, 1)
            heading = style(align="left", bold=True, framed=False, size=12, font="黑体")
            body = style(align="left", framed=False)
            row = 0
            for block in section.blocks:
                if isinstance(block, Heading):
                    put(sheet, row, 0, block.text.replace("\n", " "), heading)
                    row += 1
                    continue
                for line in block.text.split("\n") if block.text else ():
                    height = lines_needed(line, xlsx.NARRATIVE_WIDTH) * LINE_HEIGHT + 4
                    sheet.set_row(row, height)
                    put(sheet, row, 0, line, body)
                    row += 1
            continue
        widths = [w * xlsx.WIDTH_FACTOR for w in section.column_widths]
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width)
        a4(sheet, 2)
        sheet.set_row(0, 30)
        sheet.merge_range(0, 0, 0, section.columns - 1, section.title, title_style)
        for r, placed_row in enumerate(place(section.rows), start=1):
            if section.fit_rows:
                sheet.set_row(r, xlsx._row_height(placed_row, widths))
            for p in placed_row:
                cell = p.cell
                fmt = style(align=cell.align, bold=cell.bold, framed=cell.role != CAPTION,
                            money=cell.role == AMOUNT)  # fmt: skip
                if cell.link and not p.continues:
                    target = f"internal:{xlsx.sheet_link(links[cell.link])}"
                    sheet.write_url(r, p.column, target, fmt, cell.text)
                else:
                    put(sheet, r, p.column, None if p.continues else xlsx._value(cell), fmt)
                for column in range(p.column + 1, p.column + cell.colspan):
                    put(sheet, r, column, None, fmt)
                if not p.continues and (cell.colspan > 1 or cell.rowspan > 1):
                    sheet.merge.append([r, p.column, r + cell.rowspan - 1,
                                        p.column + cell.colspan - 1])  # fmt: skip
    book.close()


# --- the self-evaluation tables (#18): our exporter against the same floors ---


def selfeval_ours_docx(sheet, path: Path) -> None:
    word.render(replace(evaluation_document(sheet), data=None), path)


def selfeval_ours_xlsx(sheet, path: Path) -> None:
    xlsx.render(replace(evaluation_document(sheet), data=None), path)


def _selfeval_grids(sheet):
    """One 自评表 Grid at a time, laid out when read (as the floor for the targets does)."""
    for n, project in enumerate(sheet.projects, start=1):
        yield evaluation_grid(sheet, project, n)


def selfeval_floor_docx(sheet, path: Path) -> None:
    _floor_docx_grids(_selfeval_grids(sheet), path)


def selfeval_floor_xlsx(sheet, path: Path) -> None:
    _floor_xlsx_grids(_selfeval_grids(sheet), path)


def _eager(document: Document) -> Document:
    """Every table laid out before writing and held: the stage documents before they laid
    out one table at a time (2026-12)."""
    return replace(document, sections=tuple(document.sections_in(DOCX)), data=None)


def selfeval_eager_docx(sheet, path: Path) -> None:
    word.render(_eager(evaluation_document(sheet)), path)


def selfeval_eager_xlsx(sheet, path: Path) -> None:
    xlsx.render(_eager(evaluation_document(sheet)), path)


# --- the 执行监控表 of #18 ---


def monitoring_ours_docx(sheet, path: Path) -> None:
    word.render(replace(monitoring_document(sheet), data=None), path)


def monitoring_ours_xlsx(sheet, path: Path) -> None:
    xlsx.render(replace(monitoring_document(sheet), data=None), path)


def monitoring_eager_docx(sheet, path: Path) -> None:
    word.render(_eager(monitoring_document(sheet)), path)


def monitoring_eager_xlsx(sheet, path: Path) -> None:
    xlsx.render(_eager(monitoring_document(sheet)), path)


def _monitoring_grids(sheet):
    for n, project in enumerate(sheet.projects, start=1):
        yield monitoring_grid(sheet, project, n)


def monitoring_floor_docx(sheet, path: Path) -> None:
    _floor_docx_grids(_monitoring_grids(sheet), path)


def monitoring_floor_xlsx(sheet, path: Path) -> None:
    _floor_xlsx_grids(_monitoring_grids(sheet), path)


WRITERS = {
    "docx": {"ours": ours_docx, "plain": plain_docx, "floor": floor_docx},
    "xlsx": {
        "ours": ours_xlsx,
        "plain": plain_xlsx,
        "floor": floor_xlsx,
        "written": written_xlsx,
        "xlsxwriter": xlsxwriter_xlsx,
    },
    "selfeval-docx": {
        "ours": selfeval_ours_docx,
        "floor": selfeval_floor_docx,
        "eager": selfeval_eager_docx,
    },
    "selfeval-xlsx": {
        "ours": selfeval_ours_xlsx,
        "floor": selfeval_floor_xlsx,
        "eager": selfeval_eager_xlsx,
    },
    "monitoring-docx": {
        "ours": monitoring_ours_docx,
        "floor": monitoring_floor_docx,
        "eager": monitoring_eager_docx,
    },
    "monitoring-xlsx": {
        "ours": monitoring_ours_xlsx,
        "floor": monitoring_floor_xlsx,
        "eager": monitoring_eager_xlsx,
    },
}


WRITERS_ORDER = (
    "docx",
    "xlsx",
    "selfeval-docx",
    "selfeval-xlsx",
    "monitoring-docx",
    "monitoring-xlsx",
)
SAMPLES = {"selfeval": make_evaluation, "monitoring": make_monitoring}


def _sample(fmt: str, n: int):
    stage = fmt.rsplit("-", 1)[0]
    return SAMPLES[stage](n) if stage in SAMPLES else make_department(n)


def _measure(fmt: str, kind: str, n: int, results) -> None:
    if kind in ("sheet", "proposals"):
        _measure_sheet(fmt, kind, n, results)
        return
    targets = _sample(fmt, n)
    if kind == "written":  # the layout is the caller's: only the writing is measured
        targets = _document(targets)  # laid out (tables lazily, as the service does)
    word._template_parts()  # the prepared package is built once per process, like a template
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / f"bench.{fmt.rsplit('-', 1)[-1]}"
        start, cpu = time.perf_counter(), time.process_time()
        WRITERS[fmt][kind](targets, path)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        size = path.stat().st_size
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    results.put((seconds, peak / 1024, size / 1024 / 1024, cpu))


def _measure_sheet(stage: str, kind: str, n: int, results) -> None:
    """`sheet`: building the stage's sheet of N projects; `proposals`: every row's proposed
    score of a built self-evaluation, the memoised `scoring.propose` emptied first."""
    sheet = make_evaluation(n) if kind == "proposals" else None
    scoring.propose.cache_clear()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, cpu = time.perf_counter(), time.process_time()
    if kind == "sheet":
        sheet = SAMPLES[stage](n)
    else:
        for project in sheet.projects:
            project.total  # noqa: B018 -- every row's final score, through the cache
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    results.put((seconds, peak / 1024, 0.0, cpu))


def measure(fmt: str, kind: str, n: int) -> tuple[float, float, float, float]:
    """Seconds, peak memory growth (MB), file size (MB) and CPU seconds, in a fresh process.

    CPU seconds wander less than wall-clock ones on a shared VM (other processes' work is not
    counted): compare writers by them."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    process = context.Process(target=_measure, args=(fmt, kind, n, results))
    process.start()
    value = results.get()
    process.join()
    return value


def _has_xlsxwriter() -> bool:
    """XlsxWriter is measured when installed (`pip install XlsxWriter`); the app does not use
    it (decision 017)."""
    try:
        import xlsxwriter  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=1000, help="number of project tables")
    parser.add_argument("--skip-plain", action="store_true", help="skip the slow plain writers")
    parser.add_argument("--small", type=int, default=11, help="size of the 'one department' run")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of ours and the floor; the fastest is shown"
    )
    parser.add_argument(
        "--only",
        choices=tuple(WRITERS_ORDER),
        help="one format only (selfeval-*: N 自评表, monitoring-*: N 执行监控表 of #18)",
    )
    parser.add_argument(
        "--stage-memory",
        metavar="N,N,…",
        help="the stage tables' memory at these counts: sheet, proposals, ours and eager",
    )
    parser.add_argument(
        "--xlsx-memory",
        metavar="N,N,…",
        help="print our Excel exporter's peak memory at these table counts (e.g. 100,500,1000)",
    )
    args = parser.parse_args()
    if args.xlsx_memory:
        xlsx_memory([int(n) for n in args.xlsx_memory.split(",")], args.repeat)
        return
    if args.stage_memory:
        stage_memory([int(n) for n in args.stage_memory.split(",")], args.repeat)
        return
    print(
        f"{'format':6} {'writer':10} {'tables':>6} {'seconds':>8} {'CPU s':>8} {'peak MB':>8} "
        f"{'file MB':>8}"
    )
    for fmt in (args.only,) if args.only else WRITERS_ORDER:
        for kind in ("ours", "plain", "floor", "xlsxwriter"):
            if kind not in WRITERS[fmt] or (kind == "xlsxwriter" and not _has_xlsxwriter()):
                continue
            if kind == "plain" and args.skip_plain:
                continue
            sizes = (args.small, args.n) if kind == "ours" else (args.n,)
            for n in sizes:
                # A shared VM's timings wander by a third: the fastest of a few runs is the
                # figure to compare (the plain writer is ten times slower, once is enough).
                runs = [measure(fmt, kind, n) for _ in range(1 if kind == "plain" else args.repeat)]
                seconds, cpu = min(r[0] for r in runs), min(r[3] for r in runs)
                peak, size = max(r[1] for r in runs), runs[0][2]
                print(
                    f"{fmt:6} {kind:10} {n:>6} {seconds:>8.2f} {cpu:>8.3f} {peak:>8.1f} "
                    f"{size:>8.2f}"
                )


def xlsx_memory(sizes: list[int], repeat: int) -> None:
    """Seconds and peak MB of the Excel export at each N: layout + writing, and writing alone."""
    print(f"{'tables':>6} {'writer':8} {'seconds':>8} {'peak MB':>8} {'MB/1000 tables':>15}")
    for n in sizes:
        for kind in ("ours", "written"):
            runs = [measure("xlsx", kind, n) for _ in range(repeat)]
            seconds, peak = min(r[0] for r in runs), max(r[1] for r in runs)
            print(f"{n:>6} {kind:8} {seconds:>8.2f} {peak:>8.1f} {peak / n * 1000:>15.1f}")


def stage_memory(sizes: list[int], repeat: int) -> None:
    """CPU seconds and peak MB of each part of a stage table export at each N."""
    print(f"{'what':16} {'part':9} {'tables':>6} {'CPU s':>8} {'peak MB':>8}")
    parts = [("selfeval", "sheet"), ("selfeval", "proposals"), ("monitoring", "sheet")]
    parts += [(fmt, kind) for fmt in WRITERS_ORDER[2:] for kind in ("ours", "eager")]
    for n in sizes:
        for what, kind in parts:
            runs = [measure(what, kind, n) for _ in range(repeat)]
            cpu, peak = min(r[3] for r in runs), max(r[1] for r in runs)
            print(f"{what:16} {kind:9} {n:>6} {cpu:>8.3f} {peak:>8.1f}")


if __name__ == "__main__":
    main()

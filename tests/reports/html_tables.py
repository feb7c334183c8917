"""Read the target tables back out of a rendered page (test helper, standard library only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class HtmlTable:
    section_id: str
    title: str = ""
    rows: list[list[str]] = field(default_factory=list)
    spans: list[list[tuple[int, int]]] = field(default_factory=list)


class TargetTableParser(HTMLParser):
    """Collect, per `section.target-table-page`, the title and every cell's text and spans."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[HtmlTable] = []
        self._in_title = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "section" and "target-table-page" in classes:
            self.tables.append(HtmlTable(section_id=attributes.get("id", "")))
        elif not self.tables:
            return
        elif tag == "h3" and "table-title" in classes:
            self._in_title = True
        elif tag == "tr":
            self.tables[-1].rows.append([])
            self.tables[-1].spans.append([])
        elif tag == "td":
            self._cell = []
            span = (int(attributes.get("rowspan", 1)), int(attributes.get("colspan", 1)))
            self.tables[-1].spans[-1].append(span)
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if tag == "h3":
            self._in_title = False
        elif tag == "td" and self._cell is not None:
            self.tables[-1].rows[-1].append("".join(self._cell).replace("\n\n", "\n").strip())
            self._cell = None

    def handle_data(self, data):
        if self._in_title:
            self.tables[-1].title += data.strip()
        elif self._cell is not None:
            self._cell.append(data.strip("\n"))


def read_tables(html: str) -> list[HtmlTable]:
    parser = TargetTableParser()
    parser.feed(html)
    return parser.tables

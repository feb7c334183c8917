"""The Word package every export starts from: python-docx's default template, made Chinese.

python-docx's template sets theme fonts (`w:asciiTheme`, `w:eastAsiaTheme`) on the document
defaults and on styles; theme attributes override explicit font names, so Chinese text would
come out in a Japanese/Latin theme font. We remove them and name 宋体 (headings 黑体) as the East
Asian font, Times New Roman for Latin text, and mark the language zh-CN.
"""

from __future__ import annotations

import io

import docx
from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from reports.render.ooxml import HEI, LATIN, SONG

THEME_ATTRIBUTES = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
# Heading sizes in half-points: 三号 (16 pt) for titles of parts and tables, 四号 for sections.
HEADING_SIZES = {"Heading1": 32, "Heading2": 28}


def prepared_template_bytes() -> bytes:
    """The prepared template saved as a .docx file."""
    buffer = io.BytesIO()
    prepared_template().save(buffer)
    return buffer.getvalue()


def prepared_template() -> Document:
    """A python-docx Document with Chinese fonts and settings, and an empty body."""
    document = docx.Document()
    styles = document.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for attribute in THEME_ATTRIBUTES:
            fonts.attrib.pop(qn(f"w:{attribute}"), None)
    _set_defaults(styles)
    for style_id, size in HEADING_SIZES.items():
        _set_heading(styles, style_id, size)
    _ask_to_update_fields(document)
    document.core_properties.language = "zh-CN"
    document.core_properties.title = "绩效目标表"
    return document


def _set_fonts(rpr, east_asian: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, fonts)
    for attribute in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attribute}"), LATIN)
    fonts.set(qn("w:eastAsia"), east_asian)


def _set_defaults(styles) -> None:
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _set_fonts(rpr, SONG)
    for tag, value in (("w:sz", "21"), ("w:szCs", "21")):  # 五号 10.5 pt
        rpr.find(qn(tag)).set(qn("w:val"), value)
    language = rpr.find(qn("w:lang"))
    language.set(qn("w:eastAsia"), "zh-CN")
    spacing = styles.find(
        f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}"
    )
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")


def _set_heading(styles, style_id: str, size: int) -> None:
    style = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
    rpr = style.find(qn("w:rPr"))
    for tag in ("w:color", "w:sz", "w:szCs", "w:i"):
        element = rpr.find(qn(tag))
        if element is not None:
            rpr.remove(element)
    _set_fonts(rpr, HEI)
    rpr.append(parse_xml(f'<w:color {nsdecls("w")} w:val="000000"/>'))
    rpr.append(parse_xml(f'<w:sz {nsdecls("w")} w:val="{size}"/>'))
    rpr.append(parse_xml(f'<w:szCs {nsdecls("w")} w:val="{size}"/>'))
    ppr = style.find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    if spacing is not None:
        spacing.set(qn("w:before"), "240")
        spacing.set(qn("w:after"), "120")
    if style_id == "Heading1":
        ppr.find(qn("w:outlineLvl")).addprevious(
            parse_xml(f'<w:jc {nsdecls("w")} w:val="center"/>')
        )


def _ask_to_update_fields(document: Document) -> None:
    """Word refreshes the table of contents on open when settings.xml says so."""
    settings = document.settings.element
    update = parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>')
    compat = settings.find(qn("w:compat"))
    if compat is not None:
        compat.addprevious(update)
    else:
        settings.append(update)

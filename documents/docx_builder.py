"""A document as a Word file in the form of Nghị định 30/2020 (Phụ lục I): A4, its margins, Times New Roman."""

import io
import math

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, Twips

from documents.content import Block, Document

FONT = "Times New Roman"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)


def _at_least(mm: float) -> Twips:
    """Word stores margins in twips: round up, so 15 mm is not 14.99 mm, outside the decree's range."""
    return Twips(math.ceil(mm * 1440 / 25.4))


MARGINS = {"top": _at_least(20), "bottom": _at_least(20), "left": _at_least(30), "right": _at_least(15)}
TEXT_WIDTH_MM = 210 - 30 - 15
LEFT_COLUMN_MM = 68
FIRST_LINE_INDENT = Cm(1.27)


def _fonts(element_rpr) -> None:
    """`font.name` writes w:ascii and w:hAnsi only; Word takes Vietnamese letters from w:cs/w:eastAsia too."""
    fonts = element_rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        element_rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _run(paragraph, text: str, size: float, *, bold=False, italic=False, underline=False):
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    _fonts(run._element.get_or_add_rPr())
    return run


def _paragraph(container, text="", size=14, *, align=WD_ALIGN_PARAGRAPH.CENTER, bold=False, italic=False, after=0):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(after)
    if text:
        for n, line in enumerate(text.split("\n")):
            if n:
                paragraph.add_run().add_break(WD_BREAK.LINE)
            _run(paragraph, line, size, bold=bold, italic=italic)
    return paragraph


def _short_line(container, text_width_mm: float, fraction: float = 0.4):
    """A solid line under the issuing body (1/3 to 1/2 of the text above it), centred in its column."""
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(0)
    width = max(text_width_mm * fraction, 12)
    column = container.width.mm if hasattr(container, "width") and container.width else TEXT_WIDTH_MM
    side = max((column - width) / 2, 0)
    paragraph.paragraph_format.left_indent = Mm(side)
    paragraph.paragraph_format.right_indent = Mm(side)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    _run(paragraph, "", 4)
    paragraph.paragraph_format.line_spacing = Pt(4)
    return paragraph


def _text_width_mm(text: str, size: float, bold: bool = True) -> float:
    """A rough width of a line of capitals in Times New Roman, to size the short lines under it."""
    return len(text) * size * (0.70 if bold else 0.62) * 0.3528


def _page_number_header(section) -> None:
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = _run(paragraph, "", 14)
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)


def _cell(table, row, column, width_mm):
    # Word reads the cell's width, LibreOffice the table grid's: set both.
    table.columns[column].width = Mm(width_mm)
    cell = table.cell(row, column)
    cell.width = Mm(width_mm)
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return cell


def _header(docx, doc: Document) -> None:
    table = docx.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    right_mm = TEXT_WIDTH_MM - LEFT_COLUMN_MM + 10
    left = _cell(table, 0, 0, LEFT_COLUMN_MM - 10)
    right = _cell(table, 0, 1, right_mm)
    if doc.youth:
        for line in doc.top_left[:-1]:
            _paragraph(left, line, 14)
        _paragraph(left, doc.top_left[-1], 14, bold=True)
        _paragraph(left, "***", 14)
        _paragraph(right, "ĐOÀN TNCS HỒ CHÍ MINH", 15, bold=True).runs[0].font.underline = True
    else:
        for line in doc.top_left[:-1]:
            _paragraph(left, line, 13)
        _paragraph(left, doc.top_left[-1], 13, bold=True)
        left.width = Mm(LEFT_COLUMN_MM - 10)
        _short_line(left, _text_width_mm(doc.top_left[-1], 13))
        _paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
        motto = _paragraph(right, "", 13)
        _run(motto, "Độc lập - Tự do - Hạnh phúc", 13, bold=True, underline=True)
    number = _paragraph(left, doc.number, 13)
    number.paragraph_format.space_before = Pt(6)
    if doc.is_draft:
        draft = _paragraph(left, "DỰ THẢO", 13, bold=True)
        draft.paragraph_format.space_before = Pt(6)
    date = _paragraph(right, doc.place_date, 14, italic=True)
    date.paragraph_format.space_before = Pt(6)


def _body_paragraph(docx, text: str, *, bold=False, italic=False, indent=True):
    paragraph = docx.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = FIRST_LINE_INDENT if indent else None
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.15
    _run(paragraph, text, 14, bold=bold, italic=italic)
    return paragraph


def _table(docx, block: Block, size: float = 12):
    table = docx.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = block.widths or [1] * len(block.header)
    total = sum(widths)
    for column, title in enumerate(block.header):
        table.columns[column].width = Mm(TEXT_WIDTH_MM * widths[column] / total)
        cell = table.rows[0].cells[column]
        cell.width = Mm(TEXT_WIDTH_MM * widths[column] / total)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(cell.paragraphs[0], title, size, bold=True)
    for values in block.rows:
        cells = table.add_row().cells
        for column, value in enumerate(values):
            cells[column].width = Mm(TEXT_WIDTH_MM * widths[column] / total)
            paragraph = cells[column].paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if column == 0 else WD_ALIGN_PARAGRAPH.LEFT
            _run(paragraph, value, size)
    docx.add_paragraph().paragraph_format.space_after = Pt(0)


def _blocks(docx, blocks: list[Block]) -> None:
    for block in blocks:
        if block.kind == "heading" or block.kind == "subheading":
            _body_paragraph(docx, block.text, bold=True)
        elif block.kind == "note":
            _body_paragraph(docx, block.text, italic=True)
        elif block.kind == "table":
            _table(docx, block)
        else:
            _body_paragraph(docx, block.text)


def _signature(cell, signer) -> None:
    if signer.caption:
        _paragraph(cell, signer.caption, 14, bold=True)
    if signer.title:
        _paragraph(cell, signer.title, 14, bold=True)
    for _ in range(4):
        _paragraph(cell, "", 14)
    _paragraph(cell, signer.name or "", 14, bold=True)


def _footer(docx, doc: Document) -> None:
    table = docx.add_table(rows=1, cols=2)
    table.autofit = False
    left = _cell(table, 0, 0, TEXT_WIDTH_MM / 2)
    right = _cell(table, 0, 1, TEXT_WIDTH_MM / 2)
    if len(doc.signers) == 2:
        _signature(left, doc.signers[0])
        _signature(right, doc.signers[1])
        return
    if doc.recipients:
        _paragraph(left, "Nơi nhận:", 12, align=WD_ALIGN_PARAGRAPH.LEFT, bold=True, italic=True)
        for line in doc.recipients:
            _paragraph(left, line, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    else:
        _paragraph(left, "")
    for signer in doc.signers:
        _signature(right, signer)


def build_docx(doc: Document) -> bytes:
    docx = new_docx()
    normal = docx.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _fonts(normal.element.get_or_add_rPr())
    section = docx.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.header_distance = Mm(10)
    _page_number_header(section)

    _header(docx, doc)
    title = _paragraph(docx, doc.type_name, 14, bold=True)
    title.paragraph_format.space_before = Pt(18)
    _paragraph(docx, doc.summary, 14, bold=True)
    _short_line(docx, min(_text_width_mm(doc.summary, 14, bold=False), TEXT_WIDTH_MM), 0.3)
    docx.add_paragraph().paragraph_format.space_after = Pt(0)
    _blocks(docx, doc.blocks)
    _footer(docx, doc)
    if doc.appendix:
        page_break = docx.add_paragraph()
        page_break.add_run().add_break(WD_BREAK.PAGE)
        _paragraph(docx, doc.appendix_title, 14, bold=True)
        _paragraph(docx, doc.appendix_summary, 14, italic=True, after=12)
        _blocks(docx, doc.appendix)
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()

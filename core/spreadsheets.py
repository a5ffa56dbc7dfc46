"""Spreadsheet downloads (CSV and XLSX) that are safe to open in Excel and LibreOffice, built in constant memory.

- CSV is UTF-8 with a byte-order mark: without it Excel reads the file as the local code page and garbles Vietnamese.
- XLSX is written by openpyxl in write-only mode, which keeps no rows in memory; the workbook is assembled in a
  temporary file and streamed from there, so a 100,000-row export costs disk, not the worker's memory.
- Text that a spreadsheet would run as a formula (it begins with =, +, -, @, a tab or a carriage return) is prefixed
  with an apostrophe in both formats, as OWASP advises against CSV injection; XLSX cells are also typed as text.
"""

import csv
import datetime as dt
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

BOM = "\ufeff"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT, DATETIME_FORMAT = "%d/%m/%Y", "%d/%m/%Y %H:%M"
XLSX_DATE_FORMAT, XLSX_DATETIME_FORMAT = "DD/MM/YYYY", "DD/MM/YYYY HH:MM"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel's own limit on the text of one cell.
CELL_MAX_CHARS = 32767


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 18
    wrap: bool = False


def neutralise(text: str) -> str:
    """The text, made inert for a spreadsheet: an apostrophe before a character that would start a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return _local(value).strftime(DATETIME_FORMAT)
    if isinstance(value, dt.date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, int | float):
        return str(value)
    return neutralise(str(value))


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value):
        return value


def csv_lines(columns: Sequence[Column], rows: Iterable[Sequence]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([neutralise(str(column.header)) for column in columns])
    for row in rows:
        yield writer.writerow([csv_value(value) for value in row])


def _attachment(filename: str) -> str:
    return f'attachment; filename="{filename}"'


def csv_response(filename: str, columns: Sequence[Column], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(columns, rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = _attachment(filename)
    return response


def _xlsx_cell(sheet, value, wrap: bool):
    if isinstance(value, bool):
        value = _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value=_local(value).replace(tzinfo=None))
        cell.number_format = XLSX_DATETIME_FORMAT
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    if value is None or isinstance(value, int | float):
        return WriteOnlyCell(sheet, value=value)
    cell = WriteOnlyCell(sheet, value=neutralise(str(value))[:CELL_MAX_CHARS])
    cell.data_type = "s"  # never a formula, whatever openpyxl guesses from the text
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def sheet_title(title: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Sheet"


def write_xlsx(target, title: str, columns: Sequence[Column], rows: Iterable[Sequence]) -> None:
    """One worksheet: a bold, frozen header row, the columns' widths, then the rows as they come."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(title))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = _xlsx_cell(sheet, str(column.header), wrap=False)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value, column.wrap) for value, column in zip(row, columns, strict=True)])
    workbook.save(target)


def xlsx_response(filename: str, title: str, columns: Sequence[Column], rows: Iterable[Sequence]) -> FileResponse:
    # A temporary file on disk, deleted when the response closes it: the rows never sit in memory all at once.
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    try:
        write_xlsx(handle, title, columns, rows)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)

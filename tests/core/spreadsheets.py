"""Read a spreadsheet download back, as Excel or LibreOffice would: CSV with its BOM, XLSX with openpyxl."""

import csv
import io

from openpyxl import load_workbook


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode()), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def read_xlsx(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return workbook.active


def xlsx_rows(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]

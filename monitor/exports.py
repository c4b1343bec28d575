"""A monitor table as a file, exactly as the page shows it: the same header, the same rows, the same hidden cells.

Nothing is exported that the page does not show (docs/adr/0017-monitor-exports.md): a hidden count is the text
"< 5" in CSV and XLSX alike, never a number, a formula or an empty cell someone could fill in from the totals.
"""

import csv
from io import BytesIO

from django.http import HttpResponse
from django.utils.formats import get_format
from openpyxl import Workbook
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Font

from core.spreadsheets import spreadsheet_text
from monitor.tables import PublishedTable

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_response(table: PublishedTable) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="monitor-{table.key}.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow([spreadsheet_text(str(heading)) for heading in table.header])
    for label, texts in table.body():
        # A name starting with "=" (a wijk or team as the beheerder typed it) must not run as a formula; "< 5" and
        # counts are left as they are.
        writer.writerow([spreadsheet_text(str(label)), *texts])
    return response


def xlsx_rows(table: PublishedTable) -> list[list[str | int | float]]:
    """The header and the rows shown, with shown counts as numbers and everything else (a hidden cell, "–") as
    text: a spreadsheet can add up what the page shows, and nothing more."""
    columns = len(table.column_labels) + 1
    rows: list[list[str | int | float]] = [list(table.header)]
    for i in table.rows():
        row: list[str | int | float] = [table.label(i)]
        for j in range(columns):
            value = table.value((i, j))
            row.append(table.text((i, j)) if value is None else value)
        row += [_number(text) for text in table.figure_texts(i)]
        rows.append(row)
    return rows


class Share(float):
    """A percentage from the page ("45%") as the fraction 0.45, written with a percent format."""


def _number(text: str) -> str | float:
    """A figure the table formatted ("12,5" per 1,000, "45%") back to a number; any other text ("–") stays text."""
    plain = text.replace("\N{NO-BREAK SPACE}", "").replace(str(get_format("THOUSAND_SEPARATOR")), "")
    plain = plain.replace(str(get_format("DECIMAL_SEPARATOR")), ".")
    share = plain.endswith("%")
    try:
        number = float(plain.removesuffix("%"))
    except ValueError:
        return text
    return Share(number / 100) if share else number


def xlsx_response(table: PublishedTable) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = table.key[:31]
    workbook.properties.title = str(table.title)
    rows = xlsx_rows(table)
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell, SheetCell) and isinstance(cell.value, str):
                # A label that starts with "=" is a name, not a formula: a spreadsheet must not run it.
                cell.data_type = "s"
            elif isinstance(cell.value, Share):
                cell.number_format = "0%"
            elif isinstance(cell.value, int):
                cell.number_format = "#,##0"
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = max(12, *(len(str(row[0])) + 2 for row in rows))
    output = BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="monitor-{table.key}.xlsx"'
    return response

"""Text for a cell of a CSV file that someone opens in a spreadsheet.

A text that starts with "=", "+", "-" or "@" (or a tab or carriage return) is read as a formula by Excel and
LibreOffice: a name or a reason typed that way would run (CSV injection, OWASP). Every CSV export writes its texts
through `spreadsheet_text`, which puts a quote before such a text so it shows as typed.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    return "'" + text if text[:1] in FORMULA_STARTS else text

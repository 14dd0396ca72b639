"""Cell values safe to open in a spreadsheet (CSV and XLSX).

Event names and places are free text typed by users; a value such as `=HYPERLINK(...)`
would run as a formula when an analyst opens the file (OWASP "CSV injection"). Strings
that a spreadsheet would read as a formula get a leading apostrophe, which spreadsheets
show as text and which a reader of the raw file can strip.
"""

import datetime as dt
from decimal import Decimal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# OWASP: `=`, `+`, `-`, `@`, and tab and carriage return, which some spreadsheets skip
# before looking at the next character.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

CellValue = str | int | float | Decimal | dt.date | None


def escape_formula(value: CellValue) -> CellValue:
    """`value`, with a leading `'` when it is a string a spreadsheet would take for a formula.

    Numbers stay numbers: a negative count is not text typed by anyone.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_cell(value: CellValue) -> CellValue:
    """A value for csv.writer: escaped, None as an empty field."""
    return "" if value is None else escape_formula(value)


def xlsx_cell(value: CellValue) -> CellValue:
    """A value for an openpyxl cell: escaped, without the control characters XLSX cannot hold.

    openpyxl refuses those characters (IllegalCharacterError) and would fail the whole
    export over one stray byte pasted into an event name.
    """
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return escape_formula(value)

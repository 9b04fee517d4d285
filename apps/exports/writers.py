"""The files an export writes, CSV or XLSX, from a source's columns and rows.

Every text cell is defused here, whatever the source: spreadsheet programs run a cell that
starts like a formula ("=HYPERLINK(…)" typed into a form), and a leading apostrophe stops that.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence

# Progress is reported (and a run's lease renewed) after every BATCH rows.
BATCH = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Progress = Callable[[int], None]


def defuse(value):
    """The value as a spreadsheet should show it: text that starts like a formula gets a
    leading apostrophe; anything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(columns: Sequence[str], rows: Iterable[Sequence], progress: Progress) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for index, row in enumerate(rows, start=1):
        writer.writerow(["" if value is None else defuse(value) for value in row])
        if index % BATCH == 0:
            progress(index)
    # A byte-order mark so Excel opens the UTF-8 (names with accents, ₦) correctly.
    return ("\ufeff" + buffer.getvalue()).encode()


def write_xlsx(columns: Sequence[str], rows: Iterable[Sequence], progress: Progress, *, sheet: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])
    worksheet.append(list(columns))
    for index, row in enumerate(rows, start=1):
        worksheet.append([defuse(value) for value in row])
        if index % BATCH == 0:
            progress(index)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""The one CSV writer for every download the project offers.

A spreadsheet program runs a cell that starts with `=`, `+`, `-` or `@` (and, in some programs,
a tab or carriage return) as a formula, so a patient whose name is `=HYPERLINK(...)` would run
code in their therapist's spreadsheet (CSV formula injection). `csv_writer()` neutralises such
cells with a leading apostrophe, the usual defence (OWASP), and writes a byte-order mark first
so spreadsheet programs read the text as UTF-8.
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """`value` as CSV text a spreadsheet will show, never run: None is empty, lists are joined."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = "; ".join(str(item) for item in value)
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class SpreadsheetWriter:
    """csv.writer with every cell passed through `spreadsheet_cell`."""

    def __init__(self, file):
        self._writer = csv.writer(file)

    def writerow(self, row):
        self._writer.writerow([spreadsheet_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(file):
    """A writer for `file` (an HttpResponse or a text file) that starts with a byte-order mark."""
    file.write("\ufeff")
    return SpreadsheetWriter(file)

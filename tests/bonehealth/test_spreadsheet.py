import io

import pytest

from bonehealth.spreadsheet import csv_writer, spreadsheet_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Ada", "Ada"),
        ("a=b", "a=b"),
        (None, ""),
        (7, "7"),
        (["sleep", "=stress"], "sleep; =stress"),
    ],
)
def test_cells_that_a_spreadsheet_would_run_get_an_apostrophe(value, expected):
    assert spreadsheet_cell(value) == expected


def test_writer_starts_with_a_byte_order_mark_and_neutralises_every_cell():
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerows([["name", "note"], ["=cmd|' /C calc'!A0", "fine"]])
    text = out.getvalue()
    assert text.startswith("\ufeff")
    assert text.endswith("\r\n'=cmd|' /C calc'!A0,fine\r\n")

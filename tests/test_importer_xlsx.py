"""`import volunteers|households` from an .xlsx reads the same rows as from the CSV.

Each workbook here is made from a CSV fixture of tests/data with every row put on the
row number of its line in the CSV, so line numbers (and so every problem) match too.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from dutyboard.intake.signups import parse_households, parse_volunteers, read_csv_rows
from dutyboard.storage.errors import UsageError

DATA = Path(__file__).parent / "data"
GROUPS = {
    "supplies": ("物资组", "Supplies"),
    "delivery": ("快递组", "Delivery"),
    "disinfection": ("消杀组", "Disinfection"),
    "medicine": ("配药组", "Medicine"),
    "testing": ("核酸组", "Testing"),
    "care": ("关爱组", "Care"),
}


def as_workbook(csv_path: Path, path: Path, *, typed: bool = False) -> Path:
    """The CSV's rows in a workbook's first sheet, each on its CSV line's row number.
    ``typed``: digits-only cells stored as numbers, as Excel does when typed in."""
    header, rows, _ = read_csv_rows(csv_path)
    book = openpyxl.Workbook()
    sheet = book.active
    book.create_sheet("说明").append(["这一页不是名单"])  # only the first sheet is read
    for line, cells in [(1, header), *rows]:
        for column, value in enumerate(cells, start=1):
            cell: object = value
            if typed and value.isascii() and value.isdigit() and not value.startswith("0"):
                cell = int(value)
            sheet.cell(row=line, column=column, value=cell if value != "" else None)
    book.save(path)
    return path


@pytest.mark.parametrize("typed", [False, True])
@pytest.mark.parametrize("name", ["households-bom.csv", "households-gbk.csv", "households-bad.csv"])
def test_households_from_xlsx_are_the_csv_rows(tmp_path: Path, name: str, typed: bool) -> None:
    from_csv = parse_households(DATA / name)
    from_xlsx = parse_households(as_workbook(DATA / name, tmp_path / "h.xlsx", typed=typed))
    assert from_xlsx.encoding == "xlsx"
    assert from_xlsx.rows == from_csv.rows
    assert from_xlsx.problems == from_csv.problems
    assert from_xlsx.ignored_columns == from_csv.ignored_columns
    assert from_csv.rows or from_csv.problems  # the comparison is not of two empties


@pytest.mark.parametrize("typed", [False, True])
@pytest.mark.parametrize(
    "name",
    [
        "volunteers-bom.csv",
        "volunteers-gbk.csv",
        "volunteers-en.csv",
        "volunteers-title.csv",
        "volunteers-bad.csv",
    ],
)
def test_volunteers_from_xlsx_are_the_csv_rows(tmp_path: Path, name: str, typed: bool) -> None:
    from_csv = parse_volunteers(DATA / name, GROUPS)
    path = as_workbook(DATA / name, tmp_path / "v.xlsx", typed=typed)
    from_xlsx = parse_volunteers(path, GROUPS)
    assert from_xlsx.rows == from_csv.rows
    assert from_xlsx.problems == from_csv.problems
    assert from_csv.rows or from_csv.problems


def test_line_numbers_are_excel_row_numbers(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A3"], sheet["B3"], sheet["C3"] = "楼栋", "单元", "房号"  # two empty rows above
    sheet.append(["5号楼", 2, 301])
    sheet.append([])
    sheet.append(["5号楼", 2, "三零一"])
    book.save(tmp_path / "h.xlsx")
    result = parse_households(tmp_path / "h.xlsx")
    assert [h.line for h in result.rows] == [4]
    assert [(p.line, p.reason) for p in result.problems] == [
        (6, "room '三零一' is not a room number like 301")
    ]


def test_a_workbook_saved_with_a_csv_name_is_read_as_a_workbook(tmp_path: Path) -> None:
    path = as_workbook(DATA / "households-bom.csv", tmp_path / "h.xlsx")
    renamed = path.rename(tmp_path / "households.csv")
    assert parse_households(renamed).rows == parse_households(DATA / "households-bom.csv").rows


def test_an_old_xls_is_still_refused_with_the_save_as_csv_advice(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(UsageError) as error:
        parse_households(path)
    assert error.value.message == (
        f"{path}: this is an Excel workbook, not a CSV file; "
        "in Excel or WPS use 另存为 (Save As) and choose CSV (逗号分隔)."
    )


@pytest.mark.parametrize("content", [b"PK\x03\x04\x14\x00\x06\x00rest-of-a-zip", b"PK\x03\x04"])
def test_a_broken_workbook_is_one_clear_line_naming_the_path(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "h.xlsx"
    path.write_bytes(content)
    with pytest.raises(UsageError) as error:
        parse_volunteers(path, GROUPS)
    assert str(path) in error.value.message
    assert "Excel workbook" in error.value.message
    assert "\n" not in error.value.message
    assert error.value.exit_code == 2


def test_an_empty_workbook_is_an_empty_file(tmp_path: Path) -> None:
    openpyxl.Workbook().save(tmp_path / "empty.xlsx")
    with pytest.raises(UsageError, match="empty"):
        parse_households(tmp_path / "empty.xlsx")

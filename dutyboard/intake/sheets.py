"""Rows of a spreadsheet: an .xlsx workbook read with openpyxl, or a CSV file.

Rows come as ``(line, cells)`` like dutyboard.intake.signups's CSV reader: ``line`` is the row
number Excel shows (header = 1 when it is on the first row), ``cells`` are strings, and
rows with no value are left out. openpyxl is imported only when a workbook is read: it
costs about a tenth of a second, which a start of the app should not pay.
"""

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

from dutyboard.storage.errors import UsageError
from dutyboard.storage.outfiles import SHEET_CAP, UNZIPPED_CAP, file_error, read_input, size_text

Rows = list[tuple[int, list[str]]]


def cell_text(value: object) -> str:
    """A cell's value as the text Excel shows: ``2.0`` -> ``"2"``, a phone typed as a
    number -> its digits, a date -> ``2022-04-26``, a time -> ``09:30``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes")
    return str(value)


def workbook_rows(path: Path, raw: bytes | None = None, prefer: Sequence[str] = ()) -> Rows:
    """The rows of a workbook's first sheet, or of the first sheet named in ``prefer``
    that it has. Anything wrong with the file raises UsageError naming the path."""
    import openpyxl  # only here: see the module's docstring

    if raw is None:
        raw = read_bytes(path)
    _check_unzipped(path, raw)
    try:
        # From bytes, not the path: openpyxl refuses a name not ending in .xlsx, and a
        # chat app may have renamed the file.
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise UsageError(
            f"{path}: cannot read this as an Excel workbook (.xlsx) ({_why(exc)}); "
            f"open it in Excel or WPS and save it again, or {_SAVE_AS_CSV}."
        ) from None
    try:
        names = workbook.sheetnames
        if not names:
            raise UsageError(f"{path}: the workbook has no sheet.")
        chosen = next((name for name in prefer if name in names), names[0])
        sheet = workbook[chosen]
        # Some programs write a wrong sheet size; read every row there is.
        reset = getattr(sheet, "reset_dimensions", None)
        if reset is not None:
            reset()
        rows: Rows = []
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            cells = [cell_text(v) for v in values]
            if any(c.strip() for c in cells):
                rows.append((number, cells))
    except UsageError:
        raise
    except Exception as exc:
        raise UsageError(
            f"{path}: cannot read the workbook's rows ({_why(exc)}); "
            f"open it in Excel or WPS and save it again, or {_SAVE_AS_CSV}."
        ) from None
    finally:
        workbook.close()
    return rows


def _why(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or UsageError saying in one line why not: missing, a folder,
    a FIFO or a device (refused without waiting for it), over SHEET_CAP."""
    return read_input(path, SHEET_CAP)


def _check_unzipped(path: Path, raw: bytes) -> None:
    """A workbook is a zip: refuse one that unpacks to more than UNZIPPED_CAP before
    openpyxl reads it all (the sizes the zip declares bound what zipfile unpacks)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # openpyxl says what is wrong with it
    if total > UNZIPPED_CAP:
        size, cap = size_text(total), size_text(UNZIPPED_CAP)
        raise file_error(
            UsageError, "files.in.too_big_unzipped", path=str(path), size=size, cap=cap
        )


def read_rows(path: Path, prefer: Sequence[str] = ()) -> tuple[Rows, str]:
    """``(rows, encoding)`` of a workbook (encoding ``"xlsx"``) or a CSV file (read as
    dutyboard.intake.signups does: UTF-8 with or without BOM, UTF-16, GB18030/GBK)."""
    raw = read_bytes(path)
    magic = raw[:4]
    suffix = path.suffix.lower()
    if magic == _XLS_MAGIC or (suffix == ".xls" and magic != _XLSX_MAGIC):
        raise UsageError(
            f"{path}: this is an old Excel .xls workbook (or one with a password); "
            f"save it as .xlsx, or {_SAVE_AS_CSV}."
        )
    if magic == _XLSX_MAGIC or suffix in (".xlsx", ".xlsm"):
        rows = workbook_rows(path, raw, prefer)
        if not rows:
            raise UsageError(f"{path}: the sheet is empty.")
        return rows, "xlsx"
    return read_table(path)


# ---------------------------------------------------------------- CSV and the file itself
# (dutyboard.intake.signups reads sign-up sheets through these too)

_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"
_SAVE_AS_CSV = "in Excel or WPS use 另存为 (Save As) and choose CSV (逗号分隔)"


def decode(raw: bytes, path: Path) -> tuple[str, str]:
    if raw.startswith(_XLSX_MAGIC) or raw.startswith(_XLS_MAGIC):
        raise UsageError(f"{path}: this is an Excel workbook, not a CSV file; {_SAVE_AS_CSV}.")
    if raw.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, encoding
    raise UsageError(
        f"{path}: cannot read the file as text (tried {', '.join(candidates)}); "
        f"is it a CSV file? {_SAVE_AS_CSV}."
    )


def delimiter(text: str) -> str:
    for line in text.splitlines():
        if line.strip(" ,\t;"):
            if "," not in line:
                if "\t" in line:
                    return "\t"
                if ";" in line:
                    return ";"
            return ","
    return ","


def read_table(path: Path) -> tuple[list[tuple[int, list[str]]], str]:
    """All non-empty rows with the physical line each starts on, and the encoding.

    An .xlsx workbook gives its first sheet's rows, each with its Excel row number, and
    the encoding ``"xlsx"``; an old .xls is refused (save it as CSV or .xlsx)."""
    raw = read_bytes(path)
    if raw.startswith(_XLSX_MAGIC):
        sheet_rows = workbook_rows(path, raw)
        if not sheet_rows:
            raise UsageError(f"{path}: the file is empty.")
        return sheet_rows, "xlsx"
    text, encoding = decode(raw, path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    rows: list[tuple[int, list[str]]] = []
    end = 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            if any(c.strip() for c in cells):
                rows.append((start, cells))
    except csv.Error as exc:
        raise UsageError(f"{path}: line {reader.line_num}: not valid CSV ({exc}).") from None
    if not rows:
        raise UsageError(f"{path}: the file is empty.")
    return rows, encoding

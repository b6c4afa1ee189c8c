"""Order intake: the day's group-buy orders from a pasted 群接龙 post or an order export.

Pure parsers (no board, no screen): text or a file in, :class:`ParsedOrders` out, one
order per household plus every problem with its line and raw text. Nothing here
raises for what an entry or row says; only a file that cannot be read at all raises
UsageError.
"""

import os
import stat
from pathlib import Path

from dutyboard.intake.address import AddressBook, HouseholdLike
from dutyboard.intake.jielong import parse_jielong
from dutyboard.intake.ktt import PREFERRED_SHEETS, parse_rows
from dutyboard.intake.records import (
    HouseholdRef,
    OrderEntry,
    ParsedOrders,
    Problem,
    Resolved,
)
from dutyboard.intake.sheets import decode, read_bytes, read_rows
from dutyboard.storage.errors import UsageError
from dutyboard.storage.text import clean_typed

__all__ = [
    "AddressBook",
    "HouseholdLike",
    "HouseholdRef",
    "OrderEntry",
    "ParsedOrders",
    "Problem",
    "Resolved",
    "parse_file",
    "parse_text",
]

_SHEET_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".xls")


def parse_text(text: str, book: AddressBook) -> ParsedOrders:
    """The orders of a pasted 群接龙 post (see dutyboard.intake.jielong)."""
    return parse_jielong(clean_typed(text, multiline=True), book)


def parse_file(path: Path, book: AddressBook) -> ParsedOrders:
    """The orders of a file: a .csv/.xlsx order export (快团团 or 群接龙, read by its
    column names; a workbook's sheet 顾客购买表 if it has one), or any other file as a
    saved 群接龙 post in UTF-8 (with or without BOM), UTF-16 or GB18030.

    A missing, unreadable or undecodable file, a broken workbook or a sheet without a
    recognisable header raises UsageError naming the path.
    """
    if path.suffix.lower() in _SHEET_SUFFIXES or _is_workbook(path):
        rows, encoding = read_rows(path, PREFERRED_SHEETS)
        rows = [(line, [clean_typed(c) for c in cells]) for line, cells in rows]
        return parse_rows(rows, book, encoding=encoding, path=path)
    raw = read_bytes(path)
    try:
        text, encoding = decode(raw, path)
    except UsageError:
        raise UsageError(
            f"{path}: cannot read the file as text (tried UTF-8, UTF-16 and GB18030); "
            "paste the 接龙 instead, or save it as a UTF-8 text file."
        ) from None
    # Typed text is data: control characters go, line breaks stay (dutyboard/storage/text.py).
    return parse_jielong(clean_typed(text, multiline=True), book, encoding)


def _is_workbook(path: Path) -> bool:
    """A workbook whatever its name says (a chat app may rename what it passes on)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False  # a FIFO would block the open; read_bytes refuses it below
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError:
        return False  # read_bytes below says what is wrong
    return magic in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")

"""Reading another copy of the board (or of a part of its archive) to merge it in:
refused whole, before anything is written, if it is not of this board or fails the
validation."""

from __future__ import annotations

from pathlib import Path

from dutyboard.storage import migrations, validate
from dutyboard.storage.board_bytes import Table, parse_board_bytes, parse_checked, read_regular
from dutyboard.storage.errors import BoardFileError, Refused


def read_copy(path: Path, board_id: str) -> dict[str, Table]:
    """Parse another copy; refuse a different board, an unreadable file, or one whose
    values fail the validation (validate.InvalidFile: one line naming table, record
    and field). Its text is cleaned of control characters (validate.clean_text)."""
    try:
        _st, raw = read_regular(path)  # a FIFO, a folder or a huge file: refused unread
    except BoardFileError as exc:
        if exc.message.endswith("no such board file."):
            raise BoardFileError(f"{path}: no such file.") from None
        raise
    data = parse_board_bytes(raw, path, records=False)
    other = next(iter(data["meta"].values())).get("board_id")
    if other != board_id:
        raise Refused(
            f"{path}: is a copy of a different board ({other}), not of this one "
            f"({board_id}); nothing was merged."
        )
    data = parse_checked(raw, path, "integrity.copy_invalid", required=True)
    return validate.clean_text(migrations.upgrade(data))

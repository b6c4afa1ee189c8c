"""Upgrades of older board files, one function per format version step.

``upgrade`` runs on every load, in memory; the upgraded form is written on the next
save. Add ``_from_N`` (to N+1) here with its test when the format changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dutyboard.storage.board_bytes import FORMAT_VERSION

Data = dict[str, dict[str, dict[str, Any]]]


def _from_1(data: Data) -> Data:
    """Format 2 keeps the archive in parts (NAME.archive/DAY.json): the live file's
    records are unchanged; the split itself is done by the store when it opens a live
    board (dutyboard.storage.archive_split). The new number makes an older dutyboard
    refuse the file rather than miss its history."""
    return data


STEPS: dict[int, Callable[[Data], Data]] = {1: _from_1}


def upgrade(data: Data) -> Data:
    meta = next(iter(data["meta"].values()))
    version = meta["format_version"]
    while version < FORMAT_VERSION:
        data = STEPS[version](data)
        version += 1
        meta = next(iter(data["meta"].values()))
        meta["format_version"] = version
    return data

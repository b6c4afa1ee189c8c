"""Upgrades of older board files, one function per format version step.

``upgrade`` runs on every load, in memory; the upgraded form is written on the next
save. Format 1 is the first; add ``_from_1`` (to 2) here with its test when it changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dutyboard.storage.board_bytes import FORMAT_VERSION

Data = dict[str, dict[str, dict[str, Any]]]

STEPS: dict[int, Callable[[Data], Data]] = {}


def upgrade(data: Data) -> Data:
    meta = next(iter(data["meta"].values()))
    version = meta["format_version"]
    while version < FORMAT_VERSION:
        data = STEPS[version](data)
        version += 1
        meta = next(iter(data["meta"].values()))
        meta["format_version"] = version
    return data

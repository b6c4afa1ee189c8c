"""The care group's settings on a board (config/care.toml, copied into the board's
configuration): how often households are called, the need types, medicine due times."""

from __future__ import annotations

from dutyboard.core.board import Board
from dutyboard.core.care_config import CareSpec, care_spec


def settings(board: Board) -> CareSpec:
    return care_spec(board.meta.get("config"))

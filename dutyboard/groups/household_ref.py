"""A household by what someone typed: its id or its address ("5-2-201")."""

from __future__ import annotations

from dutyboard.core.board import Board
from dutyboard.core.model import Household
from dutyboard.storage.errors import refused


def household_of(board: Board, ref: str) -> Household:
    """A household by id or address ("5-2-201")."""
    r = ref.strip()
    h = board.household(r)
    if h is not None:
        return h
    matches = [x for x in board.households() if x.address == r]
    if len(matches) == 1:
        return matches[0]
    raise refused("refused.no_household", ref=ref)

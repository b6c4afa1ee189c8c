"""What the order-intake parsers return: plain immutable records, no behaviour.

NamedTuples like dutyboard.core.model (quick to make by the thousand). Every ``reason`` is a
key of the catalogue in dutyboard/i18n/catalogues/intake.py; ``fields`` are its format fields.
"""

# No ``from __future__ import annotations``: NamedTuple would turn every annotation
# into a ForwardRef (see dutyboard/core/model.py).

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

NO_FIELDS: Mapping[str, object] = MappingProxyType({})


class HouseholdRef(NamedTuple):
    """What the address book knows of a household."""

    id: str
    building: int
    unit: int
    room: str  # "302"


class Resolved(NamedTuple):
    """An address looked up in the address book, found or not and why."""

    household: str | None  # household id when exactly one matches
    address: str  # canonical "5-2-302" when found, else ""
    building: int | None  # the building number when it could be read
    reason: str | None  # None when found; else a catalogue key (intake.*)
    candidates: tuple[str, ...] = ()  # canonical addresses when ambiguous, sorted
    span: tuple[int, int] | None = None  # where in the searched text the address was
    written: str = ""  # the address as read, "5-2-399" / "5-302" / "302"; "" if none


class OrderEntry(NamedTuple):
    """One household's order as the source gives it."""

    line: int  # 1-based line where the entry starts (sheets: the row, header = 1)
    raw: str  # the entry's lines as written, joined with "\n" (sheets: cells " | ")
    name: str  # nickname / 下单人 / 收货人
    household: str  # household id
    address: str  # canonical "5-2-302"
    building: int
    items: tuple[tuple[str, int], ...]  # (product, quantity); "" = the offer's product
    quantity_text: str  # as written: "2份", "+1", "2斤", "2大1小"; "" when none
    note: str  # continuation lines of a 接龙 entry; 团员备注/备注 of a sheet
    cancelled: bool  # 取消, or every line of the order refunded
    phone: str = ""

    @property
    def units(self) -> int:
        """All quantities added up."""
        return sum(quantity for _, quantity in self.items)


class Problem(NamedTuple):
    """An entry or row that could not be taken as it is, and why."""

    line: int
    text: str  # the raw text of that entry/row
    reason: str  # catalogue key in dutyboard/i18n/catalogues/intake.py
    fields: Mapping[str, object] = NO_FIELDS  # format fields of the reason's text
    candidates: tuple[str, ...] = ()


class ParsedOrders(NamedTuple):
    """The orders of one paste or file, one per household, and every problem."""

    kind: str  # "jielong" or "ktt"
    orders: tuple[OrderEntry, ...]  # one per household, in first-appearance order
    problems: tuple[Problem, ...]  # sorted by line
    encoding: str = ""  # of a file; "" for pasted text
    lines: int = 0  # source lines / rows read

"""Find household addresses in what people write, and look them up; never guess.

Spellings read (after folding full-width forms; Chinese numerals before 号楼/栋/单元):

* building, unit, room: ``5-2-302``, ``5号楼2单元302``, ``5栋2单元302室``, ``5幢2-302``,
  ``五号楼二单元302``, ``5#2-302``, ``5/2/302``, ``5 2 302``;
* building and room: ``5#302``, ``5号302``, ``5-302``, ``5号楼302``, ``5栋302室``,
  ``5 302``: fine when only one unit of the building has that room, else ambiguous;
* a room alone (``302``): only when nothing else looks like an address, and ambiguous
  unless one household in the whole book has that room.

Phones, money, times and quantities (``2份``, ``+1``, ``2斤``) are blanked out before
looking, so their digits are never read as a building or room. Spaced forms (``5 2
302``) count only when no marked or dashed form is in the text.
"""

import re
from collections.abc import Iterable
from types import MappingProxyType
from typing import NamedTuple, Protocol

from dutyboard.intake.cell_values import cn_number, parse_building, parse_unit
from dutyboard.intake.fold import Folded, fold
from dutyboard.intake.quantity import PHONE_RE, UNITS
from dutyboard.intake.records import Problem, Resolved

__all__ = ["AddressBook", "HouseholdLike", "address_problem"]

NO_ADDRESS = "intake.no_address"
UNKNOWN_BUILDING = "intake.unknown_building"
UNKNOWN_ROOM = "intake.unknown_room"
AMBIGUOUS_ROOM = "intake.ambiguous_room"
SEVERAL_ADDRESSES = "intake.several_addresses"

_CN = "零〇一二两三四五六七八九十"
_BUILDING_MARK = r"号楼|#楼|号栋|栋|幢|座|号|楼|#"
_ROOM_SUFFIX = r"(?:\s*(?:室|号(?!楼)|房))?"


def _building(p: str) -> str:
    # Chinese numerals count only before a building word (五号楼, not 两 or 三).
    return rf"第?(?:(?P<{p}b>\d{{1,3}})|(?P<{p}bc>[{_CN}]{{1,3}})(?=\s*(?:号|栋|幢|座|楼)))"


def _after_building(p: str) -> str:
    return rf"(?:\s*(?P<{p}bm>{_BUILDING_MARK})\s*[-/]?\s*|\s*[-/]\s*|(?P<{p}bs>[ \t]+))"


def _unit(p: str) -> str:
    return rf"(?:(?P<{p}u>\d{{1,2}})|(?P<{p}uc>[{_CN}]{{1,2}})(?=\s*单))"


def _after_unit(p: str) -> str:
    return rf"(?:\s*(?:单元|单)\s*[-/]?\s*|\s*[-/]\s*|(?P<{p}us>[ \t]+))"


def _room(p: str) -> str:
    return rf"(?P<{p}r>\d{{3,4}}|\d{{1,2}}(?=\s*室))"


_FULL = f"{_building('f')}{_after_building('f')}{_unit('f')}{_after_unit('f')}{_room('f')}"
_SHORT = f"{_building('s')}{_after_building('s')}{_room('s')}"
# Not inside a longer number, a decimal, a "+1" or a phone-like "138-1234".
_ADDRESS_RE = re.compile(
    rf"(?<![\d.#+])(?<!\d-)(?<!\d/)(?:{_FULL}{_ROOM_SUFFIX}|{_SHORT}{_ROOM_SUFFIX})(?!\d)"
)
_NUMBER_START_RE = re.compile(rf"(?<!\d)[\d第{_CN}]")
_BARE_ROOM_RE = re.compile(r"(?<![\w.#+\-/])(?P<r>\d{3,4})(?:\s*(?:室|号|房))?(?![\w.\-/])")
_WHOLE_ROOM_RE = re.compile(r"(?P<r>[A-Za-z]?\d{1,4}[A-Za-z]?)\s*(?:室|号|房)?")

# Quantities, money and times, blanked before looking for addresses.
_NOT_ADDRESS_RE = re.compile(
    rf"\+\s*\d{{1,3}}(?!\d)|(?<![A-Za-z])[x×*]\d{{1,2}}(?!\d)"
    rf"|\d+(?:\.\d+)?(?:{UNITS}|大|小|元|块钱)"
    r"|[¥$]\s*\d+(?:\.\d+)?|\d{1,2}:\d{2}|\d{1,2}月\d{1,2}[日号]?|\d{1,2}点",
    re.IGNORECASE,
)
# Phones first: "+86 138…" is a phone, not a "+86" quantity.
_MASK_RE = re.compile(f"{PHONE_RE.pattern}|{_NOT_ADDRESS_RE.pattern}", re.IGNORECASE)
_ROOM_SUFFIX_RE = re.compile(r"(?:室|号|房)$")

# Tiers: 0 building-unit-room, 1 building-room, 2 spaced digits, 3 a room alone.
_SPACED, _BARE = 2, 3


class HouseholdLike(Protocol):
    """A HouseholdRef, a dutyboard.core.model.Household, or anything with these fields."""

    @property
    def id(self) -> str: ...
    @property
    def building(self) -> int: ...
    @property
    def unit(self) -> int: ...
    @property
    def room(self) -> str: ...


class _Home(NamedTuple):
    id: str
    building: int
    unit: int
    address: str
    order: tuple[int, int, int, str]


class _Hit(NamedTuple):
    tier: int
    building: int | None
    unit: int | None
    room: str
    start: int  # in the folded text
    end: int


def _room_key(room: str) -> str:
    """One key for "302", "0302", "302室", "３０２"."""
    key = _ROOM_SUFFIX_RE.sub("", fold(room).strip().replace(" ", "")).upper()
    return key.lstrip("0") or key


def _sort_key(building: int, unit: int, room: str) -> tuple[int, int, int, str]:
    digits = re.match(r"\d+", room)
    return building, unit, int(digits.group()) if digits else 0, room


def _number(digits: str | None, chinese: str | None) -> int | None:
    if digits:
        return int(digits) or None
    return cn_number(chinese) if chinese else None


def _hit(match: re.Match[str]) -> _Hit | None:
    groups = match.groupdict()
    if groups["fr"] is not None:
        building = _number(groups["fb"], groups["fbc"])
        unit = _number(groups["fu"], groups["fuc"])
        spaced = groups["fbs"] is not None and groups["fus"] is not None
        tier, room = (_SPACED if spaced else 0), groups["fr"]
    else:
        building = _number(groups["sb"], groups["sbc"])
        unit = None
        tier, room = (_SPACED if groups["sbs"] is not None else 1), groups["sr"]
    if building is None or (groups["fr"] is not None and unit is None):
        return None
    return _Hit(tier, building, unit, room, match.start(), match.end())


def _blank(match: re.Match[str]) -> str:
    return "\x00" * (match.end() - match.start())


def _hits(text: str) -> list[_Hit]:
    """Address-like places in folded ``text``, strongest tier first, then by position.

    Every place a number starts is tried, and overlaps go to the stronger reading: in
    ``邻居1 321号楼1单元101`` a scan from left to right would take ``1 321`` (spaced)
    and never see ``321号楼1单元101``.
    """
    masked = _MASK_RE.sub(_blank, text)
    tried = (_ADDRESS_RE.match(masked, m.start()) for m in _NUMBER_START_RE.finditer(masked))
    found = sorted(
        (h for h in map(_hit, filter(None, tried)) if h is not None),
        key=lambda h: (h.tier, h.start),
    )
    hits: list[_Hit] = []
    for hit in found:
        if all(hit.end <= h.start or hit.start >= h.end for h in hits):
            hits.append(hit)
    strong = [h for h in hits if h.tier < _SPACED]
    if strong or hits:
        return strong or hits
    return [
        _Hit(_BARE, None, None, m.group("r"), m.start(), m.end())
        for m in _BARE_ROOM_RE.finditer(masked)
    ]


class AddressBook:
    """The community's households indexed by building, unit and room.

    Built once per import (a few milliseconds for 5,000 households); every lookup is a
    dictionary access, so a 2,000-line paste costs no scan of the households.
    """

    def __init__(self, households: Iterable[HouseholdLike]) -> None:
        self._full: dict[tuple[int, int, str], list[_Home]] = {}
        self._building_room: dict[tuple[int, str], list[_Home]] = {}
        self._room: dict[str, list[_Home]] = {}
        self._buildings: set[int] = set()
        for household in households:
            room = str(household.room)
            key = _room_key(room)
            home = _Home(
                household.id,
                household.building,
                household.unit,
                f"{household.building}-{household.unit}-{room}",
                _sort_key(household.building, household.unit, room),
            )
            self._full.setdefault((home.building, home.unit, key), []).append(home)
            self._building_room.setdefault((home.building, key), []).append(home)
            self._room.setdefault(key, []).append(home)
            self._buildings.add(home.building)

    def __len__(self) -> int:
        return sum(len(homes) for homes in self._full.values())

    # ----------------------------------------------------------------- lookups

    def _lookup(
        self, building: int | None, unit: int | None, room: str, span: tuple[int, int] | None
    ) -> Resolved:
        key = _room_key(room)
        written = "-".join(str(p) for p in (building, unit, room) if p is not None)
        if building is None:
            homes = self._room.get(key, [])
            if unit is not None:
                homes = [h for h in homes if h.unit == unit]
        elif building not in self._buildings:
            return Resolved(None, "", building, UNKNOWN_BUILDING, (), span, written)
        elif unit is None:
            homes = self._building_room.get((building, key), [])
        else:
            homes = self._full.get((building, unit, key), [])
        if len(homes) == 1:
            home = homes[0]
            return Resolved(home.id, home.address, home.building, None, (), span, written)
        if not homes:
            return Resolved(None, "", building, UNKNOWN_ROOM, (), span, written)
        ordered = sorted(homes, key=lambda h: h.order)
        candidates = tuple(dict.fromkeys(h.address for h in ordered))
        buildings = {h.building for h in homes}
        known = (
            building if building is not None else (min(buildings) if len(buildings) == 1 else None)
        )
        return Resolved(None, "", known, AMBIGUOUS_ROOM, candidates, span, written)

    def _resolve_hit(self, hit: _Hit, folded: Folded) -> Resolved:
        return self._lookup(hit.building, hit.unit, hit.room, folded.span(hit.start, hit.end))

    def find_all(self, text: str) -> tuple[Resolved, ...]:
        """Every address written in ``text`` (rooms standing alone excepted), each
        looked up, in the order they are written."""
        folded = Folded(text)
        hits = [h for h in _hits(folded.text) if h.tier != _BARE]
        hits.sort(key=lambda h: h.start)
        return tuple(self._resolve_hit(h, folded) for h in hits)

    def other_address(self, text: str, own: Resolved) -> str | None:
        """An address in ``text`` other than ``own`` (a note's ``帮忙送到87-105``): its
        canonical form when the book has it, else as written; None when there is none.
        A building-and-room that may be ``own`` (``5-302`` for 5-2-302) is not another."""
        for found in self.find_all(text):
            if not self._same(found, own):
                return found.address or found.written
        return None

    def find(self, text: str) -> Resolved:
        """The address written somewhere in free text: ``"王姐 5-2-302 2份"``,
        ``"5号楼2单元302室 张三"``, ``"5-302 王姐"``.

        Several spellings of one household are fine; two different households give
        ``intake.several_addresses`` with both as candidates. When none is found, the
        reason is that of the strongest, first address-like text, or
        ``intake.no_address`` when there is none.
        """
        return self._find(text)[0]

    def find_with_other(self, text: str) -> tuple[Resolved, str | None]:
        """``find(text)``, and what ``other_address`` would say of the rest of the text,
        from one reading of it (a 接龙 entry's line: ``王姐 5-2-302 帮87-105带``)."""
        resolved, results = self._find(text)
        if resolved.household is None:
            return resolved, None
        for hit, other in sorted(results, key=lambda pair: pair[0].start):
            if (
                other.span != resolved.span
                and hit.tier != _BARE
                and not self._same(other, resolved)
            ):
                return resolved, other.address or other.written
        return resolved, None

    def _find(self, text: str) -> tuple[Resolved, list[tuple[_Hit, Resolved]]]:
        """What find() says, and every address-like place looked up."""
        folded = Folded(text)
        hits = _hits(folded.text)
        if not hits:
            return Resolved(None, "", None, NO_ADDRESS), []
        results = [(h, self._resolve_hit(h, folded)) for h in hits]
        found = [r for _, r in results if r.household is not None]
        households = {r.household for r in found}
        if len(households) == 1:
            return found[0], results
        if len(households) > 1:
            first = min(found, key=lambda r: r.span or (0, 0))
            ordered = sorted({(r.address, r.household) for r in found})
            several = Resolved(
                None, "", None, SEVERAL_ADDRESSES, tuple(a for a, _ in ordered), first.span
            )
            return several, results
        return results[0][1], results

    @staticmethod
    def _same(found: Resolved, own: Resolved) -> bool:
        """``found`` is, or may well be, the household ``own`` names."""
        if found.household is not None:
            return found.household == own.household
        return found.reason == AMBIGUOUS_ROOM and own.address in found.candidates

    def resolve(self, text: str) -> Resolved:
        """The whole of ``text`` is an address, typed at the gate: ``"5-2-302"``,
        ``"5#302"``, ``"5 2 302"``, ``"５－２－３０２室"``. A room alone (``"302"``) is
        looked up across the book and is ambiguous when several households have it."""
        folded = Folded(text)
        stripped = folded.text.strip()
        start = len(folded.text) - len(folded.text.lstrip())
        span = folded.span(start, start + len(stripped))
        match = _ADDRESS_RE.fullmatch(stripped)
        hit = _hit(match) if match else None
        if hit is not None:
            return self._lookup(hit.building, hit.unit, hit.room, span)
        room = _WHOLE_ROOM_RE.fullmatch(stripped)
        if room is not None:
            return self._lookup(None, None, room.group("r"), span)
        return Resolved(None, "", None, NO_ADDRESS)

    def from_parts(self, building: str, unit: str, room: str, free: str = "") -> Resolved:
        """An address given in separate columns (楼号, 单元, 房号), with ``free`` text
        (a 详细地址) to search when the columns are empty.

        Each column may hold what people type: ``5号楼``, ``二单元``, ``302室``; a room
        column may hold more (``2-302``, ``5-2-302``), read with the building column.
        """
        parts = [fold(p).strip() for p in (building, unit, room)]
        if not any(parts):
            return self.find(free) if free.strip() else Resolved(None, "", None, NO_ADDRESS)
        building_text, unit_text, room_text = parts
        number = parse_building(building_text) if building_text else None
        unit_number = parse_unit(unit_text) if unit_text else None
        room_match = _WHOLE_ROOM_RE.fullmatch(room_text)
        readable = (not building_text or number is not None) and (
            not unit_text or unit_number is not None
        )
        if room_match is not None and readable:
            return self._lookup(number, unit_number, room_match.group("r"), None)
        if room_text:
            joined = self.resolve(" ".join(p for p in parts if p))
            if joined.reason != NO_ADDRESS:
                return joined._replace(span=None)
            alone = self.resolve(room_text)
            agrees = number is None or alone.building == number
            if alone.reason != NO_ADDRESS and agrees:
                return alone._replace(span=None)
            if alone.reason != NO_ADDRESS:
                written = " ".join(p for p in parts if p)
                return Resolved(None, "", number, UNKNOWN_ROOM, (), None, written)
        if free.strip():
            return self.find(free)
        return Resolved(None, "", number, NO_ADDRESS)


def address_problem(line: int, text: str, resolved: Resolved) -> Problem:
    """The problem of an entry or row whose address was not found, with the format
    fields its reason's text needs."""
    reason = resolved.reason or NO_ADDRESS
    fields: dict[str, object] = {}
    if reason == UNKNOWN_BUILDING:
        fields["building"] = resolved.building
    elif reason == UNKNOWN_ROOM:
        fields["address"] = resolved.written
    elif reason == AMBIGUOUS_ROOM:
        fields["room"] = resolved.written
    return Problem(line, text, reason, MappingProxyType(fields), resolved.candidates)

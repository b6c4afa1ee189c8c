"""One data row of a sign-up sheet or a household list checked field by field: the
volunteer or household it gives, every problem in its cells, and the groups a volunteer
names."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from dutyboard.intake.cell_text import _clean, _clean_name, _no_spaces, _squeeze, _text, _value_key
from dutyboard.intake.cell_values import (
    _ELDERLY_FALSE,
    _ELDERLY_TRUE,
    _PARTY_FALSE,
    _PARTY_TRUE,
    _normalise_availability,
    _normalise_household_phone,
    _normalise_room,
    _parse_building,
    _parse_flag,
    _parse_unit,
    normalise_phone,
)
from dutyboard.intake.signup_columns import _Row
from dutyboard.intake.signup_records import HouseholdRow, VolunteerRow

# --------------------------------------------------------------------------- groups


def _group_index(groups: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for key, (zh, en) in groups.items():
        names = [key, zh, en]
        zh_clean = _no_spaces(zh)
        if zh_clean.endswith("组") and len(zh_clean) > 1:
            names.append(zh_clean[:-1])
        for name in names:
            index.setdefault(_value_key(name), key)
    return index


def _accepted_groups(groups: Mapping[str, tuple[str, str]]) -> str:
    return ", ".join(f"{zh}/{en}" for zh, en in groups.values())


_GROUP_SEPARATORS = re.compile(r"[、,;/|┋+&\n\r]+")
_GROUP_WORDS = re.compile(r"\s+|和|\band\b", re.IGNORECASE)


def _parse_groups(
    text: str, index: Mapping[str, str], accepted: str
) -> tuple[list[str], list[str]]:
    """(group keys in first-seen order, problems)."""
    keys: list[str] = []
    problems: list[str] = []

    def add(key: str) -> None:
        if key not in keys:
            keys.append(key)

    for chunk in _GROUP_SEPARATORS.split(_clean(text)):
        chunk = chunk.strip()
        if not chunk:
            continue
        whole = index.get(_value_key(chunk))
        if whole is not None:
            add(whole)
            continue
        for part in _GROUP_WORDS.split(chunk):
            if not part:
                continue
            key = index.get(_value_key(part))
            if key is None:
                problems.append(f"unknown group '{part}'; accepted: {accepted}")
            else:
                add(key)
    if not keys and not problems:
        problems.append(f"no group given; accepted: {accepted}")
    return keys, problems


# --------------------------------------------------------------------------- volunteers


@dataclass
class _Volunteer:
    lines: list[int]
    name: str
    phone: str
    building: int | None
    room: str
    party: bool | None
    groups: list[str]
    availability: str
    role: str | None
    note: str
    bad: bool

    def absorb(self, other: _Volunteer) -> None:
        self.lines.extend(other.lines)
        self.groups.extend(g for g in other.groups if g not in self.groups)
        if not self.name:
            self.name = other.name
        if self.building is None:
            self.building = other.building
        if not self.room:
            self.room = other.room
        if self.party is None:
            self.party = other.party
        if not self.availability:
            self.availability = other.availability
        if self.role is None:
            self.role = other.role
        if not self.note:
            self.note = other.note
        self.bad = self.bad or other.bad

    def finish(self) -> VolunteerRow:
        return VolunteerRow(
            lines=tuple(self.lines),
            name=self.name,
            phone=self.phone,
            building=self.building,
            room=self.room,
            party_member=bool(self.party),
            groups=tuple(self.groups),
            availability=self.availability,
            role=self.role or "volunteer",
            note=self.note,
            given=frozenset(
                name
                for name, value in (
                    ("building", self.building),
                    ("room", self.room or None),
                    ("party_member", self.party),
                    ("availability", self.availability or None),
                    ("note", self.note or None),
                )
                if value is not None
            ),
        )


def _parse_role(text: str) -> str | None:
    key = _value_key(text)
    if not key:
        return None
    if "组长" in key or "负责人" in key or "队长" in key or "leader" in key:
        return "leader"
    return "volunteer"


def _volunteer(
    line: int, row: _Row, problems: list[str], index: Mapping[str, str], accepted: str
) -> _Volunteer | None:
    name = _clean_name(row.get("name"))
    if not name:
        problems.append("name is empty")
    elif name.isdigit():
        problems.append(f"name '{name}' is a number; are the columns in the right order?")

    raw_phone = row.get("phone")
    phone = ""
    if not _clean(raw_phone):
        problems.append("phone is empty")
    else:
        try:
            phone = normalise_phone(raw_phone)
        except ValueError as exc:
            problems.append(str(exc))

    building: int | None = None
    raw_building = row.get("building")
    if _clean(raw_building):
        building = _parse_building(raw_building)
        if building is None:
            problems.append(
                f"building '{_squeeze(raw_building)}' is not a building number like 5 or 5号楼"
            )

    party: bool | None = None
    raw_party = row.get("party")
    if _clean(raw_party):
        party = _parse_flag(raw_party, _PARTY_TRUE, _PARTY_FALSE)
        if party is None:
            problems.append(f"party member '{_squeeze(raw_party)}' is not 是/否 or yes/no")

    groups, group_problems = _parse_groups(row.get("groups"), index, accepted)
    problems.extend(group_problems)

    if not phone:
        return None
    return _Volunteer(
        lines=[line],
        name=name,
        phone=phone,
        building=building,
        room=_normalise_room(row.get("room")),
        party=party,
        groups=groups,
        availability=_normalise_availability(row.get("availability")),
        role=_parse_role(row.get("role")),
        note=_text(row.get("note")),
        bad=bool(problems),
    )


# --------------------------------------------------------------------------- households


def _household(
    line: int, row: _Row, previous: _Row | None, problems: list[str]
) -> HouseholdRow | None:
    def required_int(name: str, parse: Callable[[str], int | None], example: str) -> int:
        raw = row.get(name)
        if not _clean(raw):
            hint = ""
            if previous is not None and _clean(previous.get(name)):
                hint = " (if the sheet had merged cells, fill the value into every row)"
            problems.append(f"{name} is empty{hint}")
            return 0
        value = parse(raw)
        if value is None:
            problems.append(f"{name} '{_squeeze(raw)}' is not a {name} number like {example}")
            return 0
        return value

    building = required_int("building", _parse_building, "5 or 5号楼")
    unit = required_int("unit", _parse_unit, "2 or 2单元")

    raw_room = row.get("room")
    room = re.sub(r"(室|号|房)$", "", _normalise_room(raw_room))
    if not room:
        problems.append("room is empty")
    elif not re.fullmatch(r"[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*", room):
        problems.append(f"room '{_squeeze(raw_room)}' is not a room number like 301")

    residents = 1
    raw_residents = row.get("residents")
    if _clean(raw_residents):
        match = re.fullmatch(r"(-?\d+)(?:人|口)?", _no_spaces(raw_residents))
        if match is None:
            problems.append(f"residents '{_squeeze(raw_residents)}' is not a number")
        elif int(match.group(1)) < 1:
            problems.append(f"residents '{_squeeze(raw_residents)}' must be at least 1")
        else:
            residents = int(match.group(1))

    elderly = False
    raw_elderly = row.get("elderly_alone")
    if _clean(raw_elderly):
        flag = _parse_flag(raw_elderly, _ELDERLY_TRUE, _ELDERLY_FALSE)
        if flag is None:
            problems.append(f"elderly alone '{_squeeze(raw_elderly)}' is not 是/否 or yes/no")
        elderly = bool(flag)

    phone = ""
    raw_phone = row.get("phone")
    if _clean(raw_phone):
        try:
            phone = _normalise_household_phone(raw_phone)
        except ValueError as exc:
            problems.append(str(exc))

    if problems:
        return None
    return HouseholdRow(
        line=line,
        building=building,
        unit=unit,
        room=room,
        residents=residents,
        elderly_alone=elderly,
        phone=phone,
        note=_text(row.get("note")),
        given=frozenset(
            name
            for name in ("residents", "elderly_alone", "phone", "note")
            if _clean(row.get(name))
        ),
    )

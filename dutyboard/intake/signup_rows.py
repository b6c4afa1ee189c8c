"""One data row of a sign-up sheet or a household list checked field by field: the
volunteer or household it gives, every problem in its cells, and the groups a volunteer
names."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from dutyboard.intake.cell_text import (
    cell_name,
    cell_str,
    clean_cell,
    no_spaces,
    squeeze,
    value_key,
)
from dutyboard.intake.cell_values import (
    ELDERLY_FALSE,
    ELDERLY_TRUE,
    PARTY_FALSE,
    PARTY_TRUE,
    normalise_availability,
    normalise_household_phone,
    normalise_phone,
    normalise_room,
    parse_building,
    parse_flag,
    parse_unit,
)
from dutyboard.intake.signup_columns import SheetRow
from dutyboard.intake.signup_records import HouseholdRow, VolunteerRow

# --------------------------------------------------------------------------- groups


def group_index(groups: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for key, (zh, en) in groups.items():
        names = [key, zh, en]
        zh_clean = no_spaces(zh)
        if zh_clean.endswith("组") and len(zh_clean) > 1:
            names.append(zh_clean[:-1])
        for name in names:
            index.setdefault(value_key(name), key)
    return index


def accepted_groups(groups: Mapping[str, tuple[str, str]]) -> str:
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

    for chunk in _GROUP_SEPARATORS.split(clean_cell(text)):
        chunk = chunk.strip()
        if not chunk:
            continue
        whole = index.get(value_key(chunk))
        if whole is not None:
            add(whole)
            continue
        for part in _GROUP_WORDS.split(chunk):
            if not part:
                continue
            key = index.get(value_key(part))
            if key is None:
                problems.append(f"unknown group '{part}'; accepted: {accepted}")
            else:
                add(key)
    if not keys and not problems:
        problems.append(f"no group given; accepted: {accepted}")
    return keys, problems


# --------------------------------------------------------------------------- volunteers


@dataclass
class SignupVolunteer:
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

    def absorb(self, other: SignupVolunteer) -> None:
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
    key = value_key(text)
    if not key:
        return None
    if "组长" in key or "负责人" in key or "队长" in key or "leader" in key:
        return "leader"
    return "volunteer"


def volunteer_row(
    line: int, row: SheetRow, problems: list[str], index: Mapping[str, str], accepted: str
) -> SignupVolunteer | None:
    name = cell_name(row.get("name"))
    if not name:
        problems.append("name is empty")
    elif name.isdigit():
        problems.append(f"name '{name}' is a number; are the columns in the right order?")

    raw_phone = row.get("phone")
    phone = ""
    if not clean_cell(raw_phone):
        problems.append("phone is empty")
    else:
        try:
            phone = normalise_phone(raw_phone)
        except ValueError as exc:
            problems.append(str(exc))

    building: int | None = None
    raw_building = row.get("building")
    if clean_cell(raw_building):
        building = parse_building(raw_building)
        if building is None:
            problems.append(
                f"building '{squeeze(raw_building)}' is not a building number like 5 or 5号楼"
            )

    party: bool | None = None
    raw_party = row.get("party")
    if clean_cell(raw_party):
        party = parse_flag(raw_party, PARTY_TRUE, PARTY_FALSE)
        if party is None:
            problems.append(f"party member '{squeeze(raw_party)}' is not 是/否 or yes/no")

    groups, group_problems = _parse_groups(row.get("groups"), index, accepted)
    problems.extend(group_problems)

    if not phone:
        return None
    return SignupVolunteer(
        lines=[line],
        name=name,
        phone=phone,
        building=building,
        room=normalise_room(row.get("room")),
        party=party,
        groups=groups,
        availability=normalise_availability(row.get("availability")),
        role=_parse_role(row.get("role")),
        note=cell_str(row.get("note")),
        bad=bool(problems),
    )


# --------------------------------------------------------------------------- households


def household_row(
    line: int, row: SheetRow, previous: SheetRow | None, problems: list[str]
) -> HouseholdRow | None:
    def required_int(name: str, parse: Callable[[str], int | None], example: str) -> int:
        raw = row.get(name)
        if not clean_cell(raw):
            hint = ""
            if previous is not None and clean_cell(previous.get(name)):
                hint = " (if the sheet had merged cells, fill the value into every row)"
            problems.append(f"{name} is empty{hint}")
            return 0
        value = parse(raw)
        if value is None:
            problems.append(f"{name} '{squeeze(raw)}' is not a {name} number like {example}")
            return 0
        return value

    building = required_int("building", parse_building, "5 or 5号楼")
    unit = required_int("unit", parse_unit, "2 or 2单元")

    raw_room = row.get("room")
    room = re.sub(r"(室|号|房)$", "", normalise_room(raw_room))
    if not room:
        problems.append("room is empty")
    elif not re.fullmatch(r"[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*", room):
        problems.append(f"room '{squeeze(raw_room)}' is not a room number like 301")

    residents = 1
    raw_residents = row.get("residents")
    if clean_cell(raw_residents):
        match = re.fullmatch(r"(-?\d+)(?:人|口)?", no_spaces(raw_residents))
        if match is None:
            problems.append(f"residents '{squeeze(raw_residents)}' is not a number")
        elif int(match.group(1)) < 1:
            problems.append(f"residents '{squeeze(raw_residents)}' must be at least 1")
        else:
            residents = int(match.group(1))

    elderly = False
    raw_elderly = row.get("elderly_alone")
    if clean_cell(raw_elderly):
        flag = parse_flag(raw_elderly, ELDERLY_TRUE, ELDERLY_FALSE)
        if flag is None:
            problems.append(f"elderly alone '{squeeze(raw_elderly)}' is not 是/否 or yes/no")
        elderly = bool(flag)

    phone = ""
    raw_phone = row.get("phone")
    if clean_cell(raw_phone):
        try:
            phone = normalise_household_phone(raw_phone)
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
        note=cell_str(row.get("note")),
        given=frozenset(
            name
            for name in ("residents", "elderly_alone", "phone", "note")
            if clean_cell(row.get(name))
        ),
    )

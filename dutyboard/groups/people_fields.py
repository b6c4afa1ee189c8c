"""Checking what people type for a volunteer or a household, one field at a time.

Each ``clean_*`` returns the value as stored or raises one refusal that names the
field (errors.refused, in zh and en). The rules are the sign-up sheet import's
(dutyboard.intake.signups: how phones, names, groups and rooms are written) plus the board's:
the building exists, the unit and room are in its layout (room 301: floor 3, flat 01),
no other volunteer has the phone. dutyboard.groups.people runs them inside its save; the forms
of the People tab run them first, to say at once which field is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dutyboard.core.board import Board
from dutyboard.core.model import Building
from dutyboard.intake.cell_text import cell_name, cell_str, clean_cell, value_key
from dutyboard.intake.cell_values import (
    normalise_availability,
    normalise_household_phone,
    normalise_phone,
    normalise_room,
    parse_building,
    parse_unit,
)
from dutyboard.intake.signup_rows import accepted_groups, group_index
from dutyboard.storage.errors import Refused, refused
from dutyboard.storage.vocab import ROLES

OFF_FIELDS = ("off_reason", "off_since", "off_until", "off_by")
NAME_MAX = 20  # characters
AVAILABILITY_MAX = 60
NOTE_MAX = 200
REASON_MAX = 100
RESIDENTS_MAX = 30
# What separates groups typed in one line (as on the sign-up sheets, importer.py).
_GROUP_SPLIT = re.compile(r"[、,，;；/|┋+&\s]+")
_ROOM_END = re.compile(r"(室|号|房)$")


# ---------------------------------------------------------------- checking fields
# One refusal per field, naming it; the forms call these too, to say it at once.


def clean_name(text: str) -> str:
    name = cell_name(str(text))
    if not name:
        raise refused("refused.people_name_empty")
    if name.isdigit():
        raise refused("refused.people_name_digits", name=name)
    if len(name) > NAME_MAX:
        raise refused("refused.people_name_long", n=NAME_MAX)
    return name


def clean_phone(board: Board, text: str, *, person_id: str | None = None) -> str:
    """An 11-digit mobile number (importer.normalise_phone) no other volunteer has."""
    if not clean_cell(str(text)):
        raise refused("refused.people_phone_empty")
    try:
        phone = normalise_phone(str(text))
    except ValueError:
        raise refused("refused.people_phone", phone=_shown(text)) from None
    for v in board.volunteers():
        if v.phone == phone and v.id != person_id:
            raise refused("refused.people_phone_taken", phone=phone, name=v.name)
    return phone


def clean_groups(board: Board, groups: str | Iterable[str]) -> tuple[str, ...]:
    """Group keys from keys or names (物资组, 物资, Supplies), in the board's order; one
    or more a line, as a sign-up sheet writes them."""
    known = {g.key: (g.zh, g.en) for g in board.groups()}
    index = group_index(known)
    parts = [groups] if isinstance(groups, str) else list(groups)
    found: set[str] = set()
    for part in parts:
        for word in _GROUP_SPLIT.split(clean_cell(str(part))):
            if not word:
                continue
            key = index.get(value_key(word))
            if key is None:
                raise refused("refused.people_group", group=word, groups=accepted_groups(known))
            found.add(key)
    if not found:
        raise refused("refused.people_groups_empty", groups=accepted_groups(known))
    return tuple(k for k in known if k in found)


def clean_group(board: Board, text: str) -> str:
    """Exactly one group."""
    keys = clean_groups(board, text)
    if len(keys) > 1:
        raise refused("refused.people_one_group", group=_shown(text))
    return keys[0]


def building_of(board: Board, value: int | str) -> Building:
    """A building of this board by number (5, "5", "5号楼")."""
    number = value if isinstance(value, int) else parse_building(str(value))
    found = board.views().buildings.get(number) if number is not None else None
    if found is None:
        numbers = sorted(board.views().buildings)
        span = f"{numbers[0]}–{numbers[-1]}" if numbers else "—"
        raise refused("refused.people_building", building=_shown(value), span=span)
    return found


def check_room(b: Building, unit: int, room: str) -> None:
    """The unit and room are in the building's layout (room 301: floor 3, flat 01)."""
    if not 1 <= unit <= b.units:
        raise refused("refused.people_unit", unit=unit, n=b.number, units=b.units)
    floor, flat = (int(room[:-2]), int(room[-2:])) if room.isdigit() and len(room) >= 3 else (0, 0)
    if not (1 <= floor <= b.floors and 1 <= flat <= b.rooms_per_floor):
        raise refused(
            "refused.people_room",
            room=room,
            n=b.number,
            floors=b.floors,
            per=b.rooms_per_floor,
            last=f"{b.floors}{b.rooms_per_floor:02d}",
        )


def _unit_room(b: Building, text: str) -> tuple[int, str]:
    """ "2-301", "2单元301", "5-2-301" (its building first) or, in a one-unit building,
    "301"; checked against the layout."""
    raw = _ROOM_END.sub("", normalise_room(clean_cell(text)))
    raw = re.sub(r"单元?", "-", raw)
    m = re.fullmatch(r"(?:(\d+)-)?(\d+)-(\d+)", raw)
    if m is not None and (m.group(1) is None or int(m.group(1)) == b.number):
        unit, room = int(m.group(2)), m.group(3)
    elif raw.isdigit() and b.units == 1:
        unit, room = 1, raw
    else:
        raise refused("refused.people_room_form", room=_shown(text), n=b.number)
    check_room(b, unit, room)
    return unit, room


def clean_home(board: Board, building: int | str | None, room: str = "") -> tuple[int | None, str]:
    """(building number, "unit-room") of a volunteer's home; no building: no room."""
    if building is None or (isinstance(building, str) and not building.strip()):
        if clean_cell(room):
            raise refused("refused.people_room_no_building")
        return None, ""
    b = building_of(board, building)
    if not clean_cell(room):
        return b.number, ""
    unit, number = _unit_room(b, room)
    return b.number, f"{unit}-{number}"


def clean_role(text: str) -> str:
    role = clean_cell(str(text)).lower()
    if role in ("组长", "leader"):
        return "leader"
    if role in ("志愿者", "volunteer"):
        return "volunteer"
    raise refused("refused.people_role", role=_shown(text), roles=", ".join(ROLES))


def clean_availability(text: str) -> str:
    value = normalise_availability(str(text))
    if len(value) > AVAILABILITY_MAX:
        raise refused("refused.people_availability_long", n=AVAILABILITY_MAX)
    return value


def clean_note(text: str) -> str:
    value = cell_str(str(text))
    if len(value) > NOTE_MAX:
        raise refused("refused.people_note_long", n=NOTE_MAX)
    return value


def clean_until(board: Board, text: str | None) -> str:
    """The day someone is back (ISO), after today; "" for until put back."""
    if text is None or not str(text).strip():
        return ""
    try:
        day = board.resolve_date(str(text).strip())
    except Refused:
        raise refused("refused.people_until", value=_shown(text)) from None
    if day <= board.today:
        raise refused("refused.people_until_past", value=day.isoformat())
    return day.isoformat()


def clean_address(
    board: Board, building: int | str, unit: int | str, room: str
) -> tuple[int, int, str]:
    """(building, unit, room) of a household, checked against the building's layout."""
    b = building_of(board, building)
    u = unit if isinstance(unit, int) else parse_unit(str(unit))
    if u is None:
        raise refused("refused.people_unit", unit=_shown(unit), n=b.number, units=b.units)
    number = _ROOM_END.sub("", normalise_room(clean_cell(str(room))))
    check_room(b, u, number)
    return b.number, u, number


def parse_address(board: Board, text: str) -> tuple[int, int, str]:
    """A household's address, "5-2-301" or 5号楼2单元301, as (building, unit, room)."""
    raw = _ROOM_END.sub("", normalise_room(clean_cell(str(text))))
    raw = re.sub(r"(号楼|号|栋|幢|#)", "-", raw)
    parts = re.sub(r"单元?", "-", raw).replace("--", "-").split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts[1:]) or not parts[0]:
        raise refused("refused.people_address", address=_shown(text))
    return clean_address(board, parts[0], int(parts[1]), parts[2])


def clean_household_phone(text: str) -> str:
    """A mobile number or a landline (021-58123456), as the household import takes."""
    if not clean_cell(str(text)):
        return ""
    try:
        return normalise_household_phone(str(text))
    except ValueError:
        raise refused("refused.people_household_phone", phone=_shown(text)) from None


def clean_residents(value: int | str) -> int:
    text = str(value).strip().removesuffix("人").removesuffix("口")
    if not text.isdigit() or not 1 <= int(text) <= RESIDENTS_MAX:
        raise refused("refused.people_residents", value=_shown(value), most=RESIDENTS_MAX)
    return int(text)


def _shown(value: object) -> str:
    """What was typed, on one line, for a message."""
    return " ".join(str(value).split())[:40]

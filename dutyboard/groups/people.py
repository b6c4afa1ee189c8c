"""People: volunteers and households added and changed by hand (issue 13, part 2).

Leaders add a volunteer, edit one, take one off duty (sick, moved, living in a sealed
building) and put them back, and add several people to a group at once; a volunteer
may change their own availability and nothing else. Households the same way (leaders
only); a household marked elderly-alone is on the care register at once (care.register
reads the flag; one taken off the register earlier goes back on).

Every field is checked with one clear refusal that names it, by the rules the sign-up
sheet import uses (dutyboard.intake.signups: how phones, names, groups and rooms are written)
and against the board: the building exists, the unit and room are in its layout, no
other volunteer has the phone, no other household has the address. Every change is
one save with one audit entry that ``u`` undoes (Board.undo_last): a record added is
deleted again, the fields changed are put back.

Off duty lives on the volunteer's record (off_reason, off_since, off_until, off_by;
``Volunteer.off_on``). Such a person is left out of every suggestion (rules.free_now,
supplies.gate.delivery_people, care_needs.neighbours), placing them in a slot is a warning
a leader must override (rules.placement_warnings), and the roster marks them.
``until`` is the day they are back: from that day they count again by themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from dutyboard.core.board import Board
from dutyboard.core.model import Household, Volunteer
from dutyboard.groups import care
from dutyboard.groups.household_ref import household_of
from dutyboard.groups.people_fields import (
    OFF_FIELDS,
    REASON_MAX,
    clean_address,
    clean_availability,
    clean_group,
    clean_groups,
    clean_home,
    clean_household_phone,
    clean_name,
    clean_note,
    clean_phone,
    clean_residents,
    clean_role,
    clean_until,
)
from dutyboard.storage.errors import refused

VOLUNTEER_FIELDS = ("name", "phone", "groups", "building", "room", "role", "availability", "note")
HOUSEHOLD_FIELDS = ("residents", "elderly_alone", "phone", "note")

# ---------------------------------------------------------------- volunteers


def person_now(board: Board, person: Volunteer | str) -> Volunteer:
    """The person as the file holds them now (by record, id, name or phone)."""
    if isinstance(person, Volunteer):
        found = board.volunteer(person.id)
        if found is None:
            raise refused("refused.person_gone")
        return found
    return board.resolve_person(person)


# What a field a record did not have is put back as on undo (not null); else "".
_BLANK: dict[str, Any] = {"building": None, "residents": 1, "elderly_alone": False}


def _blanked(before: dict[str, Any]) -> dict[str, Any]:
    return {k: (_BLANK.get(k, "") if v is None else v) for k, v in before.items()}


def add_volunteer(
    board: Board,
    who: Volunteer,
    name: str,
    phone: str,
    groups: str | Iterable[str],
    *,
    building: int | str | None = None,
    room: str = "",
    role: str = "volunteer",
    availability: str = "",
    note: str = "",
) -> Volunteer:
    """A new volunteer (leaders only); ``u`` removes them again."""
    board.require_leader(who, "add volunteers")
    with board.transaction() as tx:
        home, where = clean_home(board, building, room)
        values: dict[str, Any] = {
            "name": clean_name(name),
            "phone": clean_phone(board, phone),
            "groups": list(clean_groups(board, groups)),
            "building": home,
            "room": where,
            "role": clean_role(role),
            "party_member": False,
            "availability": clean_availability(availability),
            "note": clean_note(note),
        }
        doc = tx.insert("volunteers", values)
        created = [["volunteers", doc["id"]]]
        board.log(
            tx, who, "volunteer_add", "volunteers", doc["id"], {}, {**values, "created": created}
        )
    return person_now(board, doc["id"])


def _may_edit(board: Board, who: Volunteer, person: Volunteer, fields: Iterable[str]) -> None:
    if who.is_leader:
        return
    if who.id != person.id:
        board.require_leader(who, "change other people's details")
    if set(fields) - {"availability"}:
        raise refused("refused.people_own_availability", name=who.name)


def edit_volunteer(
    board: Board, who: Volunteer, person: Volunteer | str, **changes: Any
) -> Volunteer:
    """Change a volunteer's fields (any of VOLUNTEER_FIELDS). Leaders; a volunteer their
    own availability only. Nothing changed: no audit entry."""
    unknown = set(changes) - set(VOLUNTEER_FIELDS)
    if unknown:
        raise TypeError(f"not a volunteer's field: {', '.join(sorted(unknown))}")
    with board.transaction() as tx:
        p = person_now(board, person)
        _may_edit(board, who, p, changes)
        values: dict[str, Any] = {}
        if "name" in changes:
            values["name"] = clean_name(changes["name"])
        if "phone" in changes:
            values["phone"] = clean_phone(board, changes["phone"], person_id=p.id)
        if "groups" in changes:
            values["groups"] = list(clean_groups(board, changes["groups"]))
        if "building" in changes or "room" in changes:
            building = changes.get("building", p.building)
            room = changes.get("room", "" if "building" in changes else p.room)
            values["building"], values["room"] = clean_home(board, building, room)
        if "role" in changes:
            values["role"] = clean_role(changes["role"])
            others = [v for v in board.volunteers() if v.is_leader and v.id != p.id]
            if values["role"] != "leader" and p.is_leader and not others:
                raise refused("refused.people_last_leader", name=p.name)
        if "availability" in changes:
            values["availability"] = clean_availability(changes["availability"])
        if "note" in changes:
            values["note"] = clean_note(changes["note"])
        before = tx.update("volunteers", p.id, values)
        if before:
            after = {k: values[k] for k in before}
            board.log(tx, who, "volunteer_edit", "volunteers", p.id, _blanked(before), after)
    return person_now(board, p.id)


def take_off(
    board: Board,
    who: Volunteer,
    person: Volunteer | str,
    reason: str,
    *,
    until: str | None = None,
) -> Volunteer:
    """Off duty from today (leaders): sick, moved, in a sealed building. ``until``: the
    day they are back (today, tomorrow or YYYY-MM-DD); none: until put back."""
    board.require_leader(who, "take people off duty")
    text = " ".join(str(reason).split())
    if not text:
        raise refused("refused.people_off_reason")
    if len(text) > REASON_MAX:
        raise refused("refused.people_off_reason_long", n=REASON_MAX)
    with board.transaction() as tx:
        p = person_now(board, person)
        if p.off_on(board.today):
            raise refused("refused.people_already_off", name=p.name, reason=p.off_reason)
        changes = {
            "off_reason": text,
            "off_since": board.today.isoformat(),
            "off_until": clean_until(board, until),
            "off_by": who.name,
        }
        before = tx.update("volunteers", p.id, changes)
        after = {k: changes[k] for k in before}
        board.log(tx, who, "volunteer_off", "volunteers", p.id, _blanked(before), after, text)
    return person_now(board, p.id)


def put_back(board: Board, who: Volunteer, person: Volunteer | str) -> Volunteer:
    """Back on duty (leaders): in every suggestion again."""
    board.require_leader(who, "put people back on duty")
    with board.transaction() as tx:
        p = person_now(board, person)
        if not p.off_reason:
            raise refused("refused.people_not_off", name=p.name)
        changes = dict.fromkeys(OFF_FIELDS, "")
        before = tx.update("volunteers", p.id, changes)
        after = {k: changes[k] for k in before}
        board.log(tx, who, "volunteer_on", "volunteers", p.id, _blanked(before), after)
    return person_now(board, p.id)


def add_to_group(
    board: Board, who: Volunteer, people: Sequence[Volunteer | str], group: str
) -> list[Volunteer]:
    """Add several people to a group at once (leaders): one save, one audit entry, one
    ``u``. Returns those added (the others were in it already; none: nothing saved)."""
    board.require_leader(who, "add people to a group")
    with board.transaction() as tx:
        key = clean_group(board, group)
        chosen = {p.id: p for p in (person_now(board, x) for x in people)}
        if not chosen:
            raise refused("refused.people_none_chosen")
        restore: dict[str, dict[str, Any]] = {}
        added: list[str] = []
        for p in chosen.values():
            if key in p.groups:
                continue
            restore[p.id] = tx.update("volunteers", p.id, {"groups": [*p.groups, key]})
            added.append(p.id)
        if not added:
            return []  # all in it already: nothing to save
        board.log(
            tx,
            who,
            "group_add",
            "meta",
            board.meta["id"],
            {"restore": {"volunteers": restore}},
            {"group": key, "volunteers": added},
        )
    return [person_now(board, vid) for vid in added]


def duties_ahead(board: Board, person: Volunteer) -> int:
    """Active assignments today and tomorrow: someone taken off duty is still in them
    until a leader moves them."""
    return sum(
        1
        for day in (board.today, board.tomorrow)
        for a in board.assignments_of(person.id, day)
        if a.active
    )


# ---------------------------------------------------------------- households


def household_now(board: Board, household: Household | str) -> Household:
    if isinstance(household, Household):
        found = board.household(household.id)
        if found is None:
            raise refused("refused.no_household", ref=household.address)
        return found
    return household_of(board, household)


def add_household(
    board: Board,
    who: Volunteer,
    building: int | str,
    unit: int | str,
    room: str,
    *,
    residents: int | str = 1,
    elderly_alone: bool = False,
    phone: str = "",
    note: str = "",
) -> Household:
    """A new household (leaders); elderly-alone puts it on the care register."""
    board.require_leader(who, "add households")
    with board.transaction() as tx:
        number, u, room = clean_address(board, building, unit, room)
        address = f"{number}-{u}-{room}"
        if any(h.address == address for h in board.households()):
            raise refused("refused.people_address_taken", address=address)
        values: dict[str, Any] = {
            "building": number,
            "unit": u,
            "room": room,
            "residents": clean_residents(residents),
            "elderly_alone": bool(elderly_alone),
            "phone": clean_household_phone(phone),
            "note": clean_note(note),
        }
        doc = tx.insert("households", values)
        created = [["households", doc["id"]]]
        board.log(
            tx, who, "household_add", "households", doc["id"], {}, {**values, "created": created}
        )
    return household_now(board, doc["id"])


def edit_household(
    board: Board, who: Volunteer, household: Household | str, **changes: Any
) -> Household:
    """Change a household's residents, elderly-alone flag, phone or note (leaders).
    Marked elderly-alone, it is on the care register at once, also if it was taken off
    it earlier (one ``u`` undoes both)."""
    unknown = set(changes) - set(HOUSEHOLD_FIELDS)
    if unknown:
        raise TypeError(f"not a household's field: {', '.join(sorted(unknown))}")
    board.require_leader(who, "change households")
    with board.transaction() as tx:
        h = household_now(board, household)
        values: dict[str, Any] = {}
        if "residents" in changes:
            values["residents"] = clean_residents(changes["residents"])
        if "elderly_alone" in changes:
            values["elderly_alone"] = bool(changes["elderly_alone"])
        if "phone" in changes:
            values["phone"] = clean_household_phone(changes["phone"])
        if "note" in changes:
            values["note"] = clean_note(changes["note"])
        before = _blanked(tx.update("households", h.id, values))
        back = {}
        if values.get("elderly_alone") and not h.elderly_alone:
            back = care.back_on_register(tx, board, h.id)
        after = {k: values[k] for k in before}
        if back:
            rid = care.register_id(h.id)
            restore = {"households": {h.id: before}, "care_register": {rid: back}}
            board.log(
                tx, who, "household_edit", "households", h.id, {"restore": restore},
                {**after, "register": "back_on"},
            )  # fmt: skip
        elif before:
            board.log(tx, who, "household_edit", "households", h.id, before, after)
    return household_now(board, h.id)

"""The care group (关爱组): the register of elderly-alone households, their contacts,
when each is next due, and every need followed until it is met.

A contact is a record of its own (``contacts``: who called, when, notes). Each need
recorded with it becomes a task in the group that meets it (the routing):

* ``supplies``: a care task in the supplies group (物资组);
* ``medicine``: a medicine request (a ``medicine`` task in the medicine group, see
  medicine.py);
* ``help``: a care task in the care group for neighbours in the same building
  (volunteers living there are suggested as helpers).

The task carries the contact's id, so the care view follows each need (open / met)
until the task is done, wherever it is done (the needs and their routes: care_needs.py). Every change is one transaction with one
audit entry, which lists the records it created (so ``u`` undo removes them again).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.model import Household, Volunteer
from dutyboard.core.newboard import insert_task
from dutyboard.groups.care_needs import Need, NeedInput, check_needs, need_record, needs
from dutyboard.groups.care_settings import settings
from dutyboard.groups.household_ref import household_of
from dutyboard.storage.clock import parse_moment
from dutyboard.storage.errors import Refused, refused
from dutyboard.storage.records import META_KEYS
from dutyboard.storage.transaction import Transaction

# ---------------------------------------------------------------- the register


@dataclass(frozen=True)
class RegisterEntry:
    household: Household
    people: str  # who lives there ("王秀英 82岁")
    help: str  # what help they need ("洗澡需要人帮忙")
    every_days: int  # effective contact frequency
    override: int | None  # this household's own frequency, if any
    note: str = ""


@dataclass(frozen=True)
class Contact:
    id: str
    household: str
    by: str | None
    by_name: str
    at: str  # ISO 8601
    notes: str
    reached: bool
    needs: tuple[str, ...] = ()  # keys of the needs recorded


@dataclass(frozen=True)
class ContactDue:
    last: pendulum.DateTime | None
    due: pendulum.DateTime | None  # None: never contacted (due now)
    overdue: bool
    due_today: bool
    days_since: int | None


def contact_due(
    last: pendulum.DateTime | None, every_days: int, now: pendulum.DateTime
) -> ContactDue:
    """When the next contact is due: ``every_days`` after the last one. Never contacted
    is overdue; past the due moment is overdue; due before tomorrow is due today."""
    if last is None:
        return ContactDue(None, None, True, True, None)
    due = last.add(days=every_days)
    since = (now.date() - last.in_timezone(now.timezone or "UTC").date()).days
    overdue = now >= due
    today = not overdue and due.in_timezone(now.timezone or "UTC").date() <= now.date()
    return ContactDue(last, due, overdue, today, since)


def register_id(household_id: str) -> str:
    """A household's register record: one id on every laptop, so entries made apart
    merge into one (ids are unique across tables, so not the household's own)."""
    return f"care-{household_id}"


def register(board: Board) -> list[RegisterEntry]:
    """Every household on the register (and every elderly-alone household, registered
    or not), in address order; not those taken off it (``off``)."""
    spec = settings(board)
    households = board.views().households
    rows: dict[str, dict[str, Any]] = {}
    for d in board.store.rows("care_register"):
        if d.get("household") in households:
            rows[d["household"]] = d
    out = []
    for h in households.values():
        found = rows.get(h.id)
        if found is None and not h.elderly_alone:
            continue
        if found is not None and _is_off(found):
            continue
        d = found or {}
        override = d.get("every_days")
        override = override if isinstance(override, int) and override > 0 else None
        out.append(
            RegisterEntry(
                h,
                str(d.get("people", "")),
                str(d.get("help", "")),
                override or spec.contact_every_days,
                override,
                str(d.get("note", "")) or h.note,
            )
        )
    out.sort(key=lambda e: address_key(e.household))
    return out


def address_key(h: Household) -> tuple[int, int, int, str]:
    room = int(h.room) if h.room.isdigit() else 0
    return (h.building, h.unit, room, h.room)


def entry(board: Board, household_id: str) -> RegisterEntry | None:
    return next((e for e in register(board) if e.household.id == household_id), None)


def _contact(d: dict[str, Any]) -> Contact:
    return Contact(
        d["id"],
        d["household"],
        d.get("by"),
        str(d.get("by_name", "")),
        d["at"],
        str(d.get("notes", "")),
        bool(d.get("reached", True)),
        tuple(str(n) for n in d.get("needs", ()) if isinstance(n, str)),
    )


def contacts(board: Board, household: str | None = None) -> list[Contact]:
    """Contacts, oldest first (one household's, or all)."""
    out = [
        _contact(d)
        for d in board.store.rows("contacts")
        if household is None or d.get("household") == household
    ]
    out.sort(key=lambda c: (parse_moment(c.at) or pendulum.datetime(1970, 1, 1), c.id))
    return out


def last_contacts(board: Board) -> dict[str, Contact]:
    out: dict[str, Contact] = {}
    for c in contacts(board):
        out[c.household] = c  # oldest first: the last one wins
    return out


def log_contact(
    board: Board,
    who: Volunteer,
    household_id: str,
    notes: str = "",
    given: Sequence[NeedInput] = (),
    *,
    reached: bool = True,
) -> tuple[str, list[str]]:
    """Record a call to a household and route each need. Returns the contact's id and
    the ids of the tasks the needs became."""
    household = board.household(household_id)
    if household is None:
        raise Refused("that household is no longer on the board.")
    types = check_needs(board, given)
    now = board.now()
    with board.transaction() as tx:
        contact = tx.insert(
            "contacts",
            {
                "household": household.id,
                "by": who.id,
                "by_name": who.name,
                "at": now.isoformat(),
                "day": board.today.isoformat(),
                "notes": notes.strip(),
                "reached": reached,
                "needs": [nt.key for nt in types],
            },
        )
        created: list[list[str]] = [["contacts", contact["id"]]]
        task_ids = []
        for nt, n in zip(types, given, strict=True):
            doc = insert_task(tx, need_record(board, household, nt, n, contact["id"], now))
            task_ids.append(doc["id"])
            created.append(["tasks", doc["id"]])
        board.log(
            tx,
            who,
            "contact",
            "contacts",
            contact["id"],
            {},
            {
                "household": household.address,
                "notes": notes.strip(),
                "needs": [nt.key for nt in types],
                "created": created,
            },
        )
    return contact["id"], task_ids


# Blank values of a register record's fields: a record deleted by an undo and written
# again comes back with these, not with what the undone change had put in it.
_BLANK: dict[str, Any] = {
    "people": "",
    "help": "",
    "note": "",
    "every_days": None,
    "off": False,
    "off_reason": "",
    "off_at": None,
    "off_by": None,
    "off_by_name": "",
}


def _revive(tx: Transaction, rid: str, doc: dict[str, Any]) -> None:
    """Bring back a register record deleted by an undo (a later edit revives a
    tombstone, records.py), blank."""
    blank = {
        k: _BLANK.get(k)
        for k in doc
        if k not in META_KEYS and k != "household" and doc[k] != _BLANK.get(k)
    }
    if blank:
        tx.update("care_register", rid, blank)


def set_register(
    board: Board,
    who: Volunteer,
    household_id: str,
    *,
    every_days: int | None = None,
    people: str | None = None,
    help: str | None = None,
) -> None:
    """Change a household's register entry (its contact frequency: leaders only)."""
    if every_days is not None:
        board.require_leader(who, "change how often a household is called")
        if not 1 <= every_days <= 60:
            raise Refused(f"every_days: expected 1 to 60 days, got {every_days}")
    household = board.household(household_id)
    if household is None:
        raise Refused("that household is no longer on the board.")
    changes: dict[str, Any] = {}
    if every_days is not None:
        changes["every_days"] = every_days
    if people is not None:
        changes["people"] = people.strip()
    if help is not None:
        changes["help"] = help.strip()
    with board.transaction() as tx:
        rid = register_id(household.id)
        gone = board.store.raw("care_register", rid)
        if gone is not None and board.store.get("care_register", rid) is None:
            # Deleted by an undo of the change that made it: written anew.
            _revive(tx, rid, gone)
            tx.update("care_register", rid, {"household": household.id, **changes})
            if board.store.get("care_register", rid) is not None:
                board.log(
                    tx, who, "register", "care_register", rid, {},
                    {**changes, "created": [["care_register", rid]]},
                )  # fmt: skip
            return
        if gone is None:
            tx.insert("care_register", {"household": household.id, **changes}, rid)
            board.log(
                tx,
                who,
                "register",
                "care_register",
                rid,
                {},
                {**changes, "created": [["care_register", rid]]},
            )
            return
        before = tx.update("care_register", rid, changes)
        if before:
            board.log(
                tx, who, "register", "care_register", rid, before,
                {k: changes[k] for k in before},
            )  # fmt: skip


# ---------------------------------------------------------------- off the register

# A household taken off the register (moved away, in hospital, passed away) keeps its
# record with these fields set; it is not deleted, because every elderly-alone household
# is on the register without a record. Its calls and needs stay as they were.
OFF_FIELDS = ("off", "off_reason", "off_at", "off_by", "off_by_name")
REASON_MAX = 100  # characters


@dataclass(frozen=True)
class OffEntry:
    """A household taken off the register: why, when and by whom."""

    household: Household
    reason: str
    at: str  # ISO 8601, or ""
    by: str | None
    by_name: str
    people: str = ""


def _is_off(d: dict[str, Any]) -> bool:
    return d.get("off") is True


def off_register(board: Board) -> list[OffEntry]:
    """Households taken off the register, in address order."""
    households = board.views().households
    out = []
    for d in board.store.rows("care_register"):
        h = households.get(d.get("household", ""))
        if h is None or not _is_off(d):
            continue
        out.append(
            OffEntry(
                h,
                str(d.get("off_reason") or ""),
                str(d.get("off_at") or ""),
                d.get("off_by"),
                str(d.get("off_by_name") or ""),
                str(d.get("people") or ""),
            )
        )
    out.sort(key=lambda e: address_key(e.household))
    return out


def is_off(board: Board, household_id: str) -> bool:
    d = board.store.get("care_register", register_id(household_id))
    return d is not None and _is_off(d)


def remove_from_register(board: Board, household: str, who: Volunteer, reason: str) -> OffEntry:
    """Take a household off the register (leaders only; a reason is required). A field
    change on its register record, so a merge keeps it and ``u`` puts it back; its calls
    and needs are kept, open needs stay open in the groups they went to."""
    board.require_leader(who, "take a household off the care register")
    text = " ".join(reason.split())
    if not text:
        raise refused("refused.register_off_reason")
    if len(text) > REASON_MAX:
        raise refused("refused.register_off_long", n=REASON_MAX)
    h = household_of(board, household)
    now = board.now()
    with board.transaction() as tx:
        rid = register_id(h.id)
        doc = board.store.get("care_register", rid)
        if doc is not None and _is_off(doc):
            raise refused(
                "refused.register_already_off", address=h.address, reason=doc.get("off_reason")
            )
        if doc is None and not h.elderly_alone:
            raise refused("refused.register_not_on", address=h.address)
        gone = board.store.raw("care_register", rid)
        if gone is None:
            tx.insert("care_register", {"household": h.id}, rid)
        elif doc is None:
            _revive(tx, rid, gone)  # deleted by an undo: the update below brings it back
        changes = {
            "off": True,
            "off_reason": text,
            "off_at": now.isoformat(),
            "off_by": who.id,
            "off_by_name": who.name,
        }
        before = tx.update("care_register", rid, changes)
        board.log(
            tx,
            who,
            "register_off",
            "care_register",
            rid,
            before,
            {k: changes[k] for k in before},
            reason=text,
        )
    return OffEntry(h, text, now.isoformat(), who.id, who.name)


def restore_to_register(board: Board, household: str, who: Volunteer) -> Household:
    """Put a household taken off the register back on it (leaders only)."""
    board.require_leader(who, "put a household back on the care register")
    h = household_of(board, household)
    with board.transaction() as tx:
        rid = register_id(h.id)
        doc = board.store.get("care_register", rid)
        if doc is None or not _is_off(doc):
            raise refused("refused.register_not_off", address=h.address)
        changes = {k: _BLANK[k] for k in OFF_FIELDS}
        before = tx.update("care_register", rid, changes)
        board.log(
            tx, who, "register_on", "care_register", rid, before,
            {k: changes[k] for k in before},
        )  # fmt: skip
    return h


def back_on_register(tx: Transaction, board: Board, household_id: str) -> dict[str, Any]:
    """In the caller's save: a household taken off the register goes back on it (it was
    marked elderly-alone again, dutyboard/groups/people.py). Returns the fields it replaced
    (empty: it was not off)."""
    rid = register_id(household_id)
    doc = board.store.get("care_register", rid)
    if doc is None or not _is_off(doc):
        return {}
    return tx.update("care_register", rid, {k: _BLANK[k] for k in OFF_FIELDS})


@dataclass(frozen=True)
class CareStatus:
    """One register row as the care view shows it."""

    entry: RegisterEntry
    last: Contact | None
    due: ContactDue
    open_needs: tuple[Need, ...] = field(default_factory=tuple)


def care_status(board: Board, now: pendulum.DateTime) -> list[CareStatus]:
    last = last_contacts(board)
    open_by: dict[str, list[Need]] = {}
    for n in needs(board, open_only=True):
        open_by.setdefault(n.household, []).append(n)
    out = []
    for e in register(board):
        c = last.get(e.household.id)
        due = contact_due(parse_moment(c.at) if c else None, e.every_days, now)
        out.append(CareStatus(e, c, due, tuple(open_by.get(e.household.id, ()))))
    return out


def need_name(board: Board, key: str, lang: str) -> str:
    nt = settings(board).need(key)
    return nt.name(lang) if nt else key

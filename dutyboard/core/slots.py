"""A day's slots changed by a leader: an extra slot, new times or headcount, an empty
slot taken away. No Textual here.

config/groups.toml stays the template of every new day (newboard.slot_records, used
by the swap for the day after tomorrow): what a leader changes here is today's or
tomorrow's roster only. An extra slot gets a key of its own ("extra-1530", then
"extra-1530-2"), never one of the template's: a plan that copies a day by slot key
(dutyboard.core.plan) finds no template slot to put its people in.

The rules, each refused with one clear sentence: a known group; times written HH:MM;
a slot that ends after it starts, unless it is a night slot (it starts at 18:00 or
later and ends by 12:00 the next morning: 22:00–06:00); 1 to 50 people; today or
tomorrow only. Every change is one save with one audit entry, undone with ``u``
(Board.undo_last; adding and removing through ``undo_slot_change``).
"""

from __future__ import annotations

import re
from typing import Any

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.model import AuditEntry, Slot, Volunteer
from dutyboard.i18n import t
from dutyboard.storage.errors import Refused, refused
from dutyboard.storage.text import squeezed

MAX_NEEDED = 50
NIGHT_FROM = "18:00"  # a slot starting at or after this may run into the next morning
NIGHT_UNTIL = "12:00"  # ... and must end by this time then
MAX_NAME = 30  # characters
EXTRA = "extra-"
_TIME = re.compile(r"(\d{1,2})[:：](\d{2})\Z")


# ---------------------------------------------------------------- the checks


def parse_time(text: object) -> str:
    """'7:30', '07:30' or '07：30' as '07:30'; anything else is refused."""
    value = str(text if text is not None else "").strip()
    m = _TIME.match(value)
    if m is None or int(m[1]) > 23 or int(m[2]) > 59:
        raise refused("slots.refused.time", value=value)
    return f"{int(m[1]):02d}:{m[2]}"


def check_span(start: str, end: str) -> None:
    """A slot ends after it starts; a night slot (from 18:00) may end the next morning."""
    if end == start:
        raise refused("slots.refused.same_time", start=start)
    if end < start:
        if start < NIGHT_FROM:
            raise refused("slots.refused.ends_before", start=start, end=end, night=NIGHT_FROM)
        if end > NIGHT_UNTIL:
            raise refused("slots.refused.night_too_long", start=start, end=end, until=NIGHT_UNTIL)


def check_needed(value: object) -> int:
    """How many people: a whole number from 1 to MAX_NEEDED."""
    if isinstance(value, int) and not isinstance(value, bool):
        n, text = value, str(value)
    else:
        text = str(value if value is not None else "").strip()
        n = int(text) if re.fullmatch(r"\d{1,4}", text) else 0
    if not 1 <= n <= MAX_NEEDED:
        raise refused("slots.refused.needed", value=text, most=MAX_NEEDED)
    return n


def check_name(text: str) -> str:
    """A name as typed, on one line (control characters and runs of spaces folded)."""
    name = squeezed(text)
    if len(name) > MAX_NAME:
        raise refused("slots.refused.name_long", most=MAX_NAME)
    return name


def slot_day(board: Board, day: str | pendulum.Date) -> pendulum.Date:
    """'today', 'tomorrow', or one of those two dates; other days are refused."""
    today, tomorrow = board.today, board.tomorrow
    if isinstance(day, str):
        text = day.strip().lower()
        if text in ("", "today", "今天"):
            return today
        if text in ("tomorrow", "明天"):
            return tomorrow
        try:
            found = pendulum.Date.fromisoformat(text)
        except ValueError:
            raise refused("slots.refused.day", value=day, today=today, tomorrow=tomorrow) from None
        day = pendulum.date(found.year, found.month, found.day)
    if day not in (today, tomorrow):
        raise refused("slots.refused.day", value=day, today=today, tomorrow=tomorrow)
    return day


def default_name(start: str) -> tuple[str, str]:
    """The names of an extra slot nobody named: 加开 15:30 / Extra 15:30."""
    return t("slots.extra_name", "zh", start=start), t("slots.extra_name", "en", start=start)


def _group(board: Board, text: str) -> str:
    try:
        return board.find_group(text).key
    except Refused:  # said again, in the reader's language
        keys = ", ".join(g.key for g in board.groups())
        raise refused("slots.refused.group", value=text, groups=keys) from None


def _free_key(board: Board, group: str, day: pendulum.Date, start: str) -> str:
    base = EXTRA + start.replace(":", "")
    # Removed slots too (their tombstones): an undo brings one back under its key.
    taken = {
        str(d.get("key"))
        for d in board.store.table("slots").values()
        if d.get("group") == group and d.get("date") == day.isoformat()
    }
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    return key


# ---------------------------------------------------------------- finding a slot


def resolve_slot(board: Board, ref: str) -> Slot:
    """A slot of today or tomorrow by its id (or its first 6+ characters), or by
    GROUP:KEY (today's first, then tomorrow's; GROUP:KEY@tomorrow picks the day)."""
    text = ref.strip()
    found = board.slot(text)
    if found is not None:
        return found
    days = (board.today, board.tomorrow)
    pool = [s for d in days for s in board.slots(d)]
    if ":" in text or "：" in text:
        group_text, _, key = text.replace("：", ":").partition(":")
        key, _, day_text = key.partition("@")
        group = _group(board, group_text)
        chosen = [slot_day(board, day_text)] if day_text else list(days)
        for d in chosen:
            for s in board.slots(d, group):
                if s.key == key.strip():
                    return s
        raise refused("slots.refused.unknown", ref=ref)
    if len(text) >= 6:
        matches = [s for s in pool if s.id.startswith(text.lower())]
        if len(matches) == 1:
            return matches[0]
    raise refused("slots.refused.unknown", ref=ref)


def slot_ref(slot: Slot) -> str:
    """How a leader types this slot again: delivery:extra-1530."""
    return f"{slot.group}:{slot.key}"


def _editable(board: Board, slot: Slot | str) -> Slot:
    found = board.slot(slot if isinstance(slot, str) else slot.id)
    if found is None:
        raise refused("refused.slot_gone")
    if found.date not in (board.today, board.tomorrow):
        raise refused("slots.refused.past", date=found.date)
    return found


def people_in(board: Board, slot: Slot) -> list[str]:
    """The names of everyone with an assignment in the slot (no-shows too)."""
    out = []
    for a in board.assignments(slot.id):
        v = board.volunteer(a.volunteer)
        out.append(v.name if v else a.volunteer)
    return out


# ---------------------------------------------------------------- the changes


def add_slot(
    board: Board,
    who: Volunteer,
    group: str,
    start: str,
    end: str,
    needed: int | str,
    *,
    day: str | pendulum.Date = "today",
    name: str = "",
) -> Slot:
    """An extra slot for today or tomorrow (leaders only). Returns the new slot."""
    board.require_leader(who, "add slots")
    with board.transaction() as tx:
        key = _group(board, group)
        s, e = parse_time(start), parse_time(end)
        check_span(s, e)
        n = check_needed(needed)
        d = slot_day(board, day)
        typed = check_name(name)
        zh, en = (typed, typed) if typed else default_name(s)
        values: dict[str, Any] = {
            "group": key,
            "date": d.isoformat(),
            "key": _free_key(board, key, d, s),
            "zh": zh,
            "en": en,
            "start": s,
            "end": e,
            "needed": n,
            "extra": True,
        }
        doc = tx.insert("slots", values)
        board.log(tx, who, "slot_add", "slots", doc["id"], {}, values)
        sid = doc["id"]
    made = board.slot(sid)
    assert made is not None
    return made


def edit_slot(
    board: Board,
    who: Volunteer,
    slot: Slot | str,
    *,
    start: str | None = None,
    end: str | None = None,
    needed: int | str | None = None,
    name: str | None = None,
) -> Slot:
    """New times, headcount or name for a slot of today or tomorrow (leaders only).
    Fields left None stay; an empty name gives an extra slot its default name back."""
    board.require_leader(who, "change slots")
    with board.transaction() as tx:
        found = _editable(board, slot)
        s = parse_time(start) if start is not None else found.start
        e = parse_time(end) if end is not None else found.end
        if start is not None or end is not None:
            check_span(s, e)
        changes: dict[str, Any] = {"start": s, "end": e}
        if needed is not None:
            changes["needed"] = check_needed(needed)
        if name is not None:
            typed = check_name(name)
            if typed:
                changes["zh"] = changes["en"] = typed
            elif found.key.startswith(EXTRA):
                changes["zh"], changes["en"] = default_name(s)
            else:
                raise refused("slots.refused.name_empty")
        before = tx.update("slots", found.id, changes)
        if before:
            after = {k: changes[k] for k in before}
            board.log(tx, who, "slot_edit", "slots", found.id, before, after)
    edited = board.slot(found.id)
    assert edited is not None
    return edited


def remove_slot(board: Board, who: Volunteer, slot: Slot | str) -> Slot:
    """Take away a slot of today or tomorrow that nobody is in (leaders only); a slot
    with people is refused, naming them. ``u`` brings it back."""
    board.require_leader(who, "remove slots")
    with board.transaction() as tx:
        found = _editable(board, slot)
        names = people_in(board, found)
        if names:
            raise refused("slots.refused.not_empty", n=len(names), names=", ".join(names))
        tx.delete("slots", found.id)
        board.log(
            tx,
            who,
            "slot_remove",
            "slots",
            found.id,
            {"deleted": False, "key": found.key, "date": found.date.isoformat()},
            {"deleted": True},
        )
    return found


def undo_slot_change(board: Board, who: Volunteer, entry: AuditEntry) -> None:
    """``u`` after adding or removing a slot (Board.undo_last). An added slot goes
    again, unless someone has been put in it since (refused, naming them); a removed
    one comes back by a later edit, as deletions do everywhere (records.is_deleted)."""
    with board.transaction() as tx:
        raw = board.store.raw("slots", entry.record)
        if raw is None:
            raise refused("refused.undo_gone")
        if entry.action == "slot_add":
            live = board.slot(entry.record)
            if live is not None:
                names = people_in(board, live)
                if names:
                    raise refused(
                        "slots.refused.undo_not_empty", n=len(names), names=", ".join(names)
                    )
                tx.delete("slots", entry.record)
            before, after = {"deleted": False}, {"deleted": True}
        else:
            if board.store.get("slots", entry.record) is None:
                tx.update("slots", entry.record, {"restored_at": board.now().isoformat()})
            before, after = {"deleted": True}, {"deleted": False}
        board.log(tx, who, "undo", "slots", entry.record, before, {**after, "undoes": entry.id})

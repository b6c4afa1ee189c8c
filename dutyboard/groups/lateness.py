"""Who is late and what is overdue. No Textual here.

Late: a person scheduled in a slot of the board's today (not marked arrived, not a
no-show) once ``late_after_minutes`` (board.toml [rules], default 15) have passed since
the slot started, until it ends. Marking them arrived or a no-show (``a`` / ``n``,
dutyboard.core.staffing) clears it.

Overdue: work of every group past its time: disinfection rounds past due (one entry
per building or area and round, the items in it), medicine requests past due
(medicine.py), care calls overdue (care.py: never called, or ``every_days`` since the
last call), courier parcels on the shelf for more than a day (supplies/parcels.py).
Each says what it is, since when, and where to find it (a tab and its row's key).

The header counts both every second, so the work is split: what depends on the
records is worked out once per revision of the board (the moments at which each
person would be late, each thing overdue) and kept; what depends on the time is a
comparison with those moments.
"""

# No ``from __future__ import annotations`` here: NamedTuple turns string annotations
# into ForwardRefs, compiling each one (see model.py); the header imports this module
# for the first screen.

import bisect
import math
import re
import weakref
from typing import TYPE_CHECKING, NamedTuple

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.model import Assignment, Slot, Volunteer
from dutyboard.storage.clock import parse_moment

if TYPE_CHECKING:
    from dutyboard.storage.store import BoardStore

DEFAULT_LATE_AFTER = 15
KINDS = ("disinfection", "medicine", "care", "parcel")
TAB_OF = {"disinfection": "disinfection", "medicine": "medicine", "care": "care"}
# Strictly after the moment (the views read "late" as due < now): a microsecond on.
_AFTER = 1e-6


def late_after_minutes(board: Board) -> int:
    """Minutes after a slot starts until someone not there is late (board.toml)."""
    value = (board.meta.get("rules") or {}).get("late_after_minutes")
    if value is None:
        value = (board.meta.get("config") or {}).get("late_after_minutes")
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 24 * 60:
        return value
    return DEFAULT_LATE_AFTER


# ---------------------------------------------------------------- late


class _Window(NamedTuple):
    begins: float  # POSIX seconds: late from here ...
    ends: float  # ... until the slot ends
    assignment: str


# store -> (revision, windows): the header asks every second.
_windows: "weakref.WeakKeyDictionary[BoardStore, tuple[int, tuple[_Window, ...]]]" = (
    weakref.WeakKeyDictionary()
)


def _late_windows(board: Board) -> tuple[_Window, ...]:
    store = board.store
    seen = _windows.get(store)
    if seen is not None and seen[0] == store.revision:
        return seen[1]
    after = late_after_minutes(board) * 60
    v = board.views()
    out = []
    for s in board.slots(board.today):
        people = [a for a in v.by_slot.get(s.id, ()) if a.status == "scheduled"]
        if not people:
            continue
        start, end = s.span(board.tz)
        begins, ends = start.timestamp() + after, end.timestamp()
        for a in people:
            if a.volunteer in v.volunteers:
                out.append(_Window(begins, ends, a.id))
    windows = tuple(out)
    _windows[store] = (store.revision, windows)
    return windows


def late_ids(board: Board, now: pendulum.DateTime) -> frozenset[str]:
    """The assignments (ids) of the people late at ``now``."""
    at = now.timestamp()
    return frozenset(w.assignment for w in _late_windows(board) if w.begins <= at < w.ends)


def late_count(board: Board, now: pendulum.DateTime) -> int:
    at = now.timestamp()
    return sum(1 for w in _late_windows(board) if w.begins <= at < w.ends)


def late(board: Board, now: pendulum.DateTime) -> list[tuple[Slot, Assignment, Volunteer]]:
    """The people late at ``now``: their slot, assignment and who they are, by the
    slot's start, then name."""
    ids = late_ids(board, now)
    v = board.views()
    out = []
    for aid in ids:
        a = v.assignments[aid]
        out.append((v.slots[a.slot], a, v.volunteers[a.volunteer]))
    out.sort(key=lambda r: (r[0].start, r[0].group, r[2].name, r[1].id))
    return out


# ---------------------------------------------------------------- overdue


class Overdue(NamedTuple):
    """One overdue thing: what kind, since when (None: a household never called),
    and where to find it: a tab and the key of its row there (and a column)."""

    kind: str  # disinfection | medicine | care | parcel
    since: pendulum.DateTime | None
    tab: str
    record: str
    column: str = ""
    tasks: tuple[str, ...] = ()  # the tasks it is about
    household: str = ""  # care: the household to call


class _Due(NamedTuple):
    at: float  # overdue from this moment (POSIX seconds; -inf: already)
    kind: str
    record: str  # the row key in the tab; things with one (kind, record) are one entry
    since: pendulum.DateTime | None
    task: str = ""
    household: str = ""
    column: str = ""


_dues: "weakref.WeakKeyDictionary[BoardStore, tuple[int, list[_Due], list[float]]]" = (
    weakref.WeakKeyDictionary()
)


def _work(board: Board) -> tuple[list[_Due], list[float]]:
    """Everything that will be overdue unless done, by when, for this revision."""
    store = board.store
    seen = _dues.get(store)
    if seen is not None and seen[0] == store.revision:
        return seen[1], seen[2]
    with board.lock:  # a save in another thread waits: the records stay as they are
        revision = store.revision
        dues = [*_disinfection(board), *_medicine(board), *_care(board), *_parcels(board)]
    dues.sort(key=lambda d: (d.at, KINDS.index(d.kind), _natural(d.record), d.task))
    moments = [d.at for d in dues]
    _dues[store] = (revision, dues, moments)
    return dues, moments


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    """b2.1 before b10.1."""
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in re.split(r"(\d+)", text))


def prepare(board: Board) -> None:
    """Work out what will be overdue when, for the board's revision (reading every open
    task, the care register and its calls: tens of milliseconds at town scale; the
    app's header does it in a worker thread)."""
    _work(board)


def _disinfection(board: Board) -> list[_Due]:
    out = []
    today = board.today
    for task in board.tasks(kind="disinfection", status="open"):
        due = parse_moment(task.due)
        if due is None or task.date > today:
            continue
        place = f"b{task.building}" if task.building is not None else f"a:{task.area or ''}"
        out.append(
            _Due(
                due.timestamp() + _AFTER,
                "disinfection",
                f"{place}.{task.round}",
                due,
                task.id,
                column=task.item or "",
            )
        )
    return out


def _medicine(board: Board) -> list[_Due]:
    # Loaded here, not at the top: the header imports this module for the first screen,
    # which has no use for the care and medicine modules.
    from dutyboard.groups.medicine import due_at

    out = []
    for task in board.tasks(kind="medicine", status="open"):
        due = due_at(board, task)
        if due is not None:
            out.append(_Due(due.timestamp(), "medicine", task.id, due, task.id))
    return out


def _care(board: Board) -> list[_Due]:
    from dutyboard.groups.care import last_contacts, register

    last = last_contacts(board)
    out = []
    for entry in register(board):
        hid = entry.household.id
        contact = last.get(hid)
        called = parse_moment(contact.at) if contact else None
        if called is None:
            out.append(_Due(-math.inf, "care", hid, None, household=hid))
        else:
            due = called.add(days=entry.every_days)
            out.append(_Due(due.timestamp(), "care", hid, due, household=hid))
    return out


def _parcels(board: Board) -> list[_Due]:
    from dutyboard.groups.supplies.parcels import OVERDUE_HOURS, received_at

    out = []
    for task in board.tasks(kind="parcel", status="open"):
        came = received_at(task)
        if came is not None:
            due = came.add(hours=OVERDUE_HOURS)
            out.append(_Due(due.timestamp() + _AFTER, "parcel", task.id, due, task.id))
    return out


def overdue(board: Board, now: pendulum.DateTime) -> list[Overdue]:
    """What is overdue at ``now``, the longest overdue first (households never called
    first of all)."""
    dues, moments = _work(board)
    passed = dues[: bisect.bisect_right(moments, now.timestamp())]
    entries: dict[tuple[str, str], Overdue] = {}
    for d in passed:  # earliest first: an entry's since and column are its first item's
        key = (d.kind, d.record)
        found = entries.get(key)
        if found is None:
            tab = TAB_OF.get(d.kind, "deliveries")
            tasks = (d.task,) if d.task else ()
            entries[key] = Overdue(d.kind, d.since, tab, d.record, d.column, tasks, d.household)
        elif d.task:
            entries[key] = found._replace(tasks=(*found.tasks, d.task))
    return list(entries.values())


# store -> (revision, things past due, entries): counted again only as time passes one.
_counted: "weakref.WeakKeyDictionary[BoardStore, tuple[int, int, int]]" = (
    weakref.WeakKeyDictionary()
)


def overdue_count(board: Board, now: pendulum.DateTime) -> int:
    """How many entries ``overdue`` lists at ``now``: cheap when nothing changed."""
    dues, moments = _work(board)
    return _count(board.store, board.store.revision, dues, moments, now)


def known_overdue_count(board: Board, now: pendulum.DateTime) -> int | None:
    """``overdue_count`` if the board's revision is worked out (``prepare``), else None
    at once: the header never works it out on the screen's thread."""
    store = board.store
    seen = _dues.get(store)
    if seen is None or seen[0] != store.revision:
        return None
    return _count(store, seen[0], seen[1], seen[2], now)


def _count(
    store: "BoardStore",
    revision: int,
    dues: list[_Due],
    moments: list[float],
    now: pendulum.DateTime,
) -> int:
    upto = bisect.bisect_right(moments, now.timestamp())
    seen = _counted.get(store)
    if seen is not None and seen[0] == revision and seen[1] == upto:
        return seen[2]
    n = len({(d.kind, d.record) for d in dues[:upto]})
    _counted[store] = (revision, upto, n)
    return n

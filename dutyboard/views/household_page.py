"""One household at a glance: who lives there, its deliveries, the disinfection of its
building today, care calls and needs, medicine requests and testing, and its history
of closed days from the archive. Plain data for the household screen and ``dutyboard
household``; no Textual here."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.closed_days import DATED_TABLES
from dutyboard.core.model import Household, Task
from dutyboard.groups import care
from dutyboard.groups import testing_rounds as tr
from dutyboard.groups.task_titles import task_title
from dutyboard.storage.clock import parse_moment
from dutyboard.storage.records import Doc
from dutyboard.storage.store import BoardStore
from dutyboard.storage.tables import TABLES
from dutyboard.views.care import NeedRow, need_rows, short_moment
from dutyboard.views.medicine import MedicineRow, medicine_rows


@dataclass(frozen=True)
class DeliveryLine:
    code: str
    date: str
    items: str
    status: str  # open | done | failed
    done: str
    reason: str


@dataclass(frozen=True)
class ContactLine:
    at: str
    by: str
    notes: str
    needs: tuple[str, ...]


@dataclass(frozen=True)
class HistoryLine:
    """One entry of a closed day, from the archive."""

    day: str  # ISO date of the closed day it belongs to
    kind: str  # call | care | medicine | delivery | testing | disinfection
    code: str  # the task's short code ("" for calls and a day's disinfection)
    what: str  # items, the need, the medicine, the call's notes, "round 15"
    status: str  # done | failed | carried | open | "" (calls); for disinfection "3/5"
    done: str  # "04-25 10:45 张三": when and who, or the call's time and caller
    reason: str = ""  # why not delivered; for a call, the needs it raised


@dataclass(frozen=True)
class HouseholdPage:
    household: Household
    building_status: str
    register: care.RegisterEntry | None
    due: care.ContactDue | None
    deliveries: tuple[DeliveryLine, ...]
    disinfection_done: int
    disinfection_total: int
    disinfection_last: str  # "HH:MM" of the latest tick today
    disinfection_overdue: int
    contacts: tuple[ContactLine, ...]  # newest first
    needs: tuple[NeedRow, ...]
    medicine: tuple[MedicineRow, ...]
    testing_round: int | None  # the round under way, or None
    testing_state: str  # open | called | done | "" (no round under way)
    testing_door: bool
    testing_last: str  # "第16轮" data: number of the last round that finished
    testing_last_number: int | None
    # Closed days from the archive, newest first, capped (HISTORY_DAYS, HISTORY_MAX).
    history: tuple[HistoryLine, ...] = ()
    history_older: int = 0  # entries left out (older than the cap)
    history_unreadable: bool = False  # the archive is missing or could not be read
    history_pending: bool = False  # left out for now: the archive is still being read

    @property
    def history_days(self) -> tuple[str, ...]:
        """The days the history shows, newest first."""
        return tuple(sorted({x.day for x in self.history}, reverse=True))


def household_page(
    board: Board,
    household_id: str,
    lang: str,
    now: pendulum.DateTime,
    *,
    history: bool = True,
) -> HouseholdPage | None:
    """Everything about one household. ``history=False`` leaves out the archive's part
    (the screen shows the page at once and reads the archive in the background when
    ``history_ready`` says it is not read yet)."""
    h = board.household(household_id)
    if h is None:
        return None
    tz = board.tz
    entry = care.entry(board, h.id)
    due = None
    hist = care.contacts(board, h.id)
    if entry is not None:
        last = parse_moment(hist[-1].at) if hist else None
        due = care.contact_due(last, entry.every_days, now)
    batches = board.views().batches
    deliveries = []
    for task in sorted(board.tasks(kind="delivery"), key=lambda x: (x.date, x.code), reverse=True):
        if task.household != h.id:
            continue
        b = batches.get(task.batch or "")
        who = board.volunteer(task.done_by) if task.done_by else None
        done = f"{short_moment(task.done_at, tz)} {who.name if who else ''}".strip()
        deliveries.append(
            DeliveryLine(
                task.code,
                task.date.isoformat(),
                (b.name if b else "") or task.items,
                task.status,
                done if task.status != "open" else "",
                task.fail_reason,
            )
        )
    dis = [x for x in board.tasks(board.today, kind="disinfection") if x.building == h.building]
    done_at = sorted(x.done_at for x in dis if x.done_at)
    overdue = 0
    for x in dis:
        d = parse_moment(x.due)
        overdue += x.status == "open" and d is not None and now >= d
    contacts = tuple(
        ContactLine(
            short_moment(c.at, tz),
            c.by_name,
            c.notes,
            tuple(care.need_name(board, k, lang) for k in c.needs),
        )
        for c in reversed(hist)
    )
    r = tr.current(board)
    state, door = "", False
    if r is not None:
        stop = next((s for s in tr.stops(board, r.id) if s.building == h.building), None)
        if stop is not None:
            state = "done" if stop.status != "open" else "called" if tr.called(stop) else "open"
            door = bool(stop.extra.get("door_to_door"))
    finished = [x for x in tr.rounds(board) if not x.running]
    last_round = finished[-1] if finished else None
    return HouseholdPage(
        h,
        board.building_status(h.building),
        entry,
        due,
        tuple(deliveries),
        sum(x.status != "open" for x in dis),
        len(dis),
        short_moment(done_at[-1], tz)[6:] if done_at else "",
        overdue,
        contacts,
        tuple(need_rows(board, lang, household=h.id)),
        tuple(medicine_rows(board, now, household=h.id)),
        r.number if r else None,
        state,
        door,
        short_moment(last_round.ended_at, tz) if last_round and last_round.ended_at else "",
        last_round.number if last_round else None,
        *(_history(board, h, lang, now) if history else ((), 0, False)),
        history_pending=not history,
    )


# ---------------------------------------------------------------- history (the archive)

HISTORY_DAYS = 14  # closed days shown: a fortnight, the span leaders follow a home over
HISTORY_MAX = 50  # and never more entries than this, however busy those days were
_KIND_ORDER = {"call": 0, "care": 1, "medicine": 2, "delivery": 3, "testing": 4, "disinfection": 5}


@dataclass
class _Index:
    """One household's records in the archive, and its building's disinfection and
    testing: found through the parts' indexes, a few hundred small reads."""

    tasks: dict[str, list[Doc]] = field(default_factory=lambda: defaultdict(list))
    building: dict[int, list[Doc]] = field(default_factory=lambda: defaultdict(list))
    contacts: dict[str, list[Doc]] = field(default_factory=lambda: defaultdict(list))
    batches: dict[str, Doc] = field(default_factory=dict)
    task_ids: set[str] = field(default_factory=set)


def _household_records(board: Board, h: Household) -> _Index:
    archive = board.store.archive()
    idx = _Index()
    first = "~"
    for day, table, d in archive.lookup(f"h:{h.id}"):
        first = min(first, day)
        if table == "contacts":
            idx.contacts[h.id].append(d)
        elif table == "tasks" and isinstance(d.get("id"), str):
            idx.task_ids.add(d["id"])
            idx.tasks[h.id].append(d)
    for day, table, d in archive.lookup(f"b:{h.building}"):
        if table == "tasks" and isinstance(d.get("id"), str) and not d.get("household"):
            first = min(first, day)
            idx.task_ids.add(d["id"])
            idx.building[h.building].append(d)
    if first != "~":
        idx.batches = {d["id"]: d for _day, _t, d in archive.lookup("batches", since=first)}
    return idx


def _had_a_swap(board: Board) -> bool:
    """The live file shows days were closed, so an archive should be beside it."""
    store = board.store
    return any(d.get("action") == "swap" for d in store.rows("audit")) or any(
        d.get("carried_from") for d in store.rows("tasks")
    )


def archive_index(board: Board) -> None:
    """Load (or build) the index of every part of the archive, so the history of any
    household is read at once. For a worker thread: building the index of a part
    synced in from another laptop reads and checks that part."""
    store = board.store
    if store.has_archive():
        store.archive().warm()


def history_ready(board: Board) -> bool:
    """True if the history can be built at once: no archive, or every part's index is
    at hand (building them reads the parts: the screen does that in a worker)."""
    store = board.store
    return not store.has_archive() or store.archive().warm(build=False)


def _day_of(moment: str | None, tz: str) -> str:
    at = parse_moment(moment or "")
    return at.in_timezone(tz).date().isoformat() if at is not None else ""


def _history(
    board: Board, h: Household, lang: str, now: pendulum.DateTime
) -> tuple[tuple[HistoryLine, ...], int, bool]:
    store = board.store
    if not store.has_archive():
        return (), 0, _had_a_swap(board)  # closed days, but no archive beside the board
    idx = _household_records(board, h)
    live = board.views().tasks
    today = board.today.isoformat()

    def shown(d: Doc) -> bool:
        if d["id"] in live or str(d.get("date", "")) >= today:
            return False  # the live file has it (or its day is not closed yet)
        succ = d.get("carried_to")
        # Carried over at a swap: its successor (live or archived) is the one shown.
        return not (
            d.get("status") == "carried" and succ and (succ in live or succ in idx.task_ids)
        )

    tasks = [d for d in idx.tasks.get(h.id, ()) if shown(d)]
    tasks += [d for d in idx.building.get(h.building, ()) if shown(d)]
    live_calls = {d["id"] for d in board.store.rows("contacts")}
    calls = [d for d in idx.contacts.get(h.id, ()) if d.get("id") not in live_calls]
    # An entry per task, call, and day of the building's disinfection.
    entries: dict[tuple[str, str], list[Doc]] = defaultdict(list)
    for d in tasks:
        day = str(d.get("date", ""))
        key = "disinfection" if d.get("kind") == "disinfection" else d["id"]
        entries[(day, key)].append(d)
    for d in calls:
        day = str(d.get("day") or _day_of(d.get("at"), board.tz))
        entries[(day, d["id"])].append(d)
    days = set(sorted({day for day, _ in entries}, reverse=True)[:HISTORY_DAYS])

    def order(k: tuple[str, str]) -> tuple[str, int, str]:
        # Newest day first; in a day calls, needs, medicine, deliveries, testing,
        # disinfection; the latest first within each.
        d = entries[k][0]
        kind = str(d.get("kind", "call"))
        return (k[0], -_KIND_ORDER.get(kind, 9), str(d.get("at") or d.get("done_at") or ""))

    picked = sorted((k for k in entries if k[0] in days), key=order, reverse=True)[:HISTORY_MAX]
    older = len(entries) - len(picked)
    lines = _lines(board, h, lang, now, {k: entries[k] for k in picked}, idx)
    # A part that could not be read is left out, and the page says so.
    return tuple(lines), older, bool(store.archive_problem)


def _history_board(board: Board, h: Household, docs: dict[str, list[Doc]]) -> Board:
    """A read-only Board of the live file's people, groups and buildings with this
    household's archived records (as closed_day.board_for_day does for one day), so
    its tasks, needs and requests read exactly as the live ones do. Never saved."""
    live = board.store
    data = {name: live.table(name) for name in TABLES if name not in DATED_TABLES}
    for name, rid in (("households", h.id), ("care_register", care.register_id(h.id))):
        doc = live.raw(name, rid)
        data[name] = {"1": doc} if doc is not None else {}
    data["contacts"] = {str(i): d for i, d in enumerate(docs.get("contacts", ()), start=1)}
    for name in DATED_TABLES:
        data[name] = {str(i): d for i, d in enumerate(docs.get(name, ()), start=1)}
    view = BoardStore(
        live.path.with_name(live.path.name + ".household-history"), data, clock=live.clock
    )
    return Board(view, board.clock)


def _lines(
    board: Board,
    h: Household,
    lang: str,
    now: pendulum.DateTime,
    entries: dict[tuple[str, str], list[Doc]],
    idx: _Index,
) -> list[HistoryLine]:
    tz = board.tz
    docs = [d for ds in entries.values() for d in ds]
    task_docs = [d for d in docs if "kind" in d]
    call_day = {d["id"]: day for (day, _), ds in entries.items() for d in ds if "kind" not in d}
    batch_ids = {str(d.get("batch")) for d in task_docs if d.get("batch")}
    batches = [idx.batches[b] for b in batch_ids if b in idx.batches]
    hb = _history_board(
        board,
        h,
        {"tasks": task_docs, "contacts": [d for d in docs if "kind" not in d], "batches": batches},
    )
    out: dict[tuple[str, str], HistoryLine] = {}

    def when(moment: str | None, day: str) -> str:
        return when_done(short_moment(moment, tz), day)

    def done(task: Task, day: str) -> str:
        if task.status not in ("done", "failed"):
            return ""
        who = hb.volunteer(task.done_by) if task.done_by else None
        return f"{when(task.done_at, day)} {who.name if who else ''}".strip()

    sep = "；" if lang == "zh" else "; "
    for c in care.contacts(hb, h.id):
        day = call_day.get(c.id, "")
        needs = sep.join(care.need_name(hb, k, lang) for k in c.needs)
        by = f"{when(c.at, day)} {c.by_name}".strip()
        out[(day, c.id)] = HistoryLine(day, "call", "", c.notes, "", by, needs)
    medicine = {m.task_id: m for m in medicine_rows(hb, now, household=h.id)}
    need = {n.task_id: n for n in need_rows(hb, lang, household=h.id)}
    batch_names = hb.views().batches
    rounds = {r.id: r.number for r in tr.rounds(board)}
    dis: dict[str, list[Task]] = defaultdict(list)
    for task in hb.tasks():
        day = task.date.isoformat()
        line = partial(HistoryLine, day, task.kind, task.code, status=task.status)
        key = (day, task.id)
        if task.kind == "disinfection":
            dis[day].append(task)
        elif task.id in medicine:
            m = medicine[task.id]
            what = f"{m.medicine} {m.quantity}".strip()
            out[key] = line(what, done=when_done(m.done, day))
        elif task.id in need:
            n = need[task.id]
            out[key] = line(f"{n.what(lang)} → {n.group}", done=when_done(n.done, day))
        elif task.kind == "delivery":
            b = batch_names.get(task.batch or "")
            what = (b.name if b else "") or task.items
            out[key] = line(what, done=done(task, day), reason=task.fail_reason)
        elif task.kind == "testing":
            number = rounds.get(str(task.extra.get("test_round", "")))
            out[key] = line(str(number) if number is not None else "", done=done(task, day))
        else:
            out[key] = line(task_title(board, task, lang), done=done(task, day))
    for day, items in dis.items():
        n_done = sum(x.status not in ("open", "carried") for x in items)
        status = f"{n_done}/{len(items)}"
        out[(day, "disinfection")] = HistoryLine(
            day, "disinfection", "", str(h.building), status, ""
        )
    return [out[k] for k in entries if k in out]


def when_done(text: str, day: str) -> str:
    """'04-25 16:13 张三' as given by the need and medicine rows, the date left out
    when it is the entry's own day."""
    return text[6:] if text.startswith(day[5:] + " ") else text

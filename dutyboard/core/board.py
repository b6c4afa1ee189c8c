"""The board: what the CLI and the screens ask and tell. No Textual here.

A ``Board`` wraps the one ``BoardStore`` of a file with the domain: typed views of the
records (rebuilt only when the store's revision moves), name and task-code lookup,
and the changes people make, each written with its audit entry in one save.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pendulum

from dutyboard.core.model import (
    ASSIGNMENT_STATUSES,
    KIND_LETTER,
    Assignment,
    AuditEntry,
    Batch,
    Building,
    Group,
    GroupRoster,
    Household,
    Roster,
    Slot,
    SlotRoster,
    Task,
    Volunteer,
    mask_phone,
)
from dutyboard.storage import device
from dutyboard.storage.clock import Clock, SystemClock, operational_date
from dutyboard.storage.errors import BoardFileError, Refused, refused
from dutyboard.storage.records import Doc
from dutyboard.storage.store import BoardStore, Transaction


def task_code(kind: str, record_id: str) -> str:
    """A short code for typing a task in from a printed sheet: kind letter + 5 hex digits."""
    return KIND_LETTER.get(kind, "K") + record_id.replace("-", "")[:5].upper()


def _date(value: str) -> pendulum.Date:
    """A stored YYYY-MM-DD as a pendulum Date (strict: nothing else is a date)."""
    d = pendulum.Date.fromisoformat(value)
    return pendulum.date(d.year, d.month, d.day)


class _Views:
    """Typed snapshots of one revision. The Today screen needs people and slots only,
    so tasks, households and batches are built on first use (under the board's lock)."""

    def __init__(self, board: Board, revision: int) -> None:
        self._board = board
        self.revision = revision
        self.groups: list[Group] = []
        self.buildings: dict[int, Building] = {}
        self.volunteers: dict[str, Volunteer] = {}
        self.slots: dict[str, Slot] = {}
        self.slots_by_date: dict[str, list[Slot]] = defaultdict(list)
        self.assignments: dict[str, Assignment] = {}
        self.by_slot: dict[str, list[Assignment]] = defaultdict(list)
        self.status: dict[tuple[int, str], str] = {}

    @functools.cached_property
    def households(self) -> dict[str, Household]:
        with self._board.lock:
            return self._board._build_households()

    @functools.cached_property
    def _task_index(self) -> tuple[dict[str, Task], dict[str, list[Task]], dict[str, list[str]]]:
        with self._board.lock:
            return self._board._build_tasks()

    @property
    def tasks(self) -> dict[str, Task]:
        return self._task_index[0]

    @property
    def tasks_by_date(self) -> dict[str, list[Task]]:
        return self._task_index[1]

    @property
    def codes(self) -> dict[str, list[str]]:
        return self._task_index[2]

    @functools.cached_property
    def batches(self) -> dict[str, Batch]:
        with self._board.lock:
            return self._board._build_batches()


def _volunteer(doc: Doc) -> Volunteer:
    return Volunteer(
        id=doc["id"],
        name=doc.get("name", ""),
        phone=doc.get("phone", ""),
        building=doc.get("building"),
        room=doc.get("room", ""),
        groups=tuple(doc.get("groups", ())),
        role=doc.get("role", "volunteer"),
        party_member=bool(doc.get("party_member", False)),
        availability=doc.get("availability") or "",
        note=doc.get("note") or "",
        off_reason=doc.get("off_reason") or "",
        off_since=doc.get("off_since") or "",
        off_until=doc.get("off_until") or "",
    )


_TASK_FIELDS = {
    "done_by",
    "done_at",
    "batch",
    "household",
    "address",
    "items",
    "carrier",
    "fail_reason",
    "building",
    "area",
    "item",
    "round",
    "due",
    "carried_from",
}
_TASK_BASE = {"id", "kind", "group", "date", "status", "code", "_c", "_s", "_v", "_del"}


def _task(doc: Doc, day: pendulum.Date) -> Task:
    known = {k: doc[k] for k in _TASK_FIELDS if k in doc}
    extra = {k: v for k, v in doc.items() if k not in _TASK_FIELDS and k not in _TASK_BASE}
    return Task(
        id=doc["id"],
        code=doc.get("code") or task_code(doc["kind"], doc["id"]),
        kind=doc["kind"],
        group=doc["group"],
        date=day,
        status=doc.get("status", "open"),
        extra=extra,
        **known,
    )


class Board:
    def __init__(self, store: BoardStore, clock: Clock | None = None) -> None:
        self.store = store
        self.tz: str = store.meta.get("timezone", "Asia/Shanghai")
        self.clock: Clock = clock or SystemClock(self.tz)
        self._views: _Views | None = None
        self._dates: dict[str, pendulum.Date] = {}
        # The app saves in a worker thread while the screen reads: one lock keeps a
        # view rebuild from walking tables that a save is changing.
        self.lock = threading.RLock()

    @classmethod
    def open(
        cls,
        path: str | Path,
        clock: Clock | None = None,
        *,
        device_id: str | None = None,
        lock_timeout: float = 15.0,
    ) -> Board:
        store = BoardStore.open(
            path, device=device_id or device.device_id(), lock_timeout=lock_timeout
        )
        return cls(store, clock)

    # ------------------------------------------------------------ meta

    @property
    def meta(self) -> Doc:
        return self.store.meta

    @property
    def today(self) -> pendulum.Date:
        return self._day(self.meta["today"])

    @property
    def tomorrow(self) -> pendulum.Date:
        return self.today.add(days=1)

    def community(self, lang: str) -> str:
        return str(self.meta.get("community_zh" if lang == "zh" else "community_en", ""))

    def rule(self, name: str, default: Any) -> Any:
        return self.meta.get("rules", {}).get(name, default)

    def now(self) -> pendulum.DateTime:
        return self.clock.now().in_timezone(self.tz)

    def duty_day(self, now: pendulum.DateTime | None = None) -> pendulum.Date:
        """The duty day of a moment (default: now): before the day-start hour it is
        still yesterday. The board's ``today`` only moves when a leader swaps."""
        moment = (now or self.clock.now()).in_timezone(self.tz)
        return operational_date(moment, int(self.meta.get("day_start_hour", 6)))

    def _day(self, value: str) -> pendulum.Date:
        d = self._dates.get(value)
        if d is None:
            d = self._dates[value] = _date(value)
        return d

    def resolve_date(self, text: str | None) -> pendulum.Date:
        if text in (None, "", "today"):
            return self.today
        if text == "tomorrow":
            return self.tomorrow
        if text == "yesterday":
            return self.today.subtract(days=1)
        try:
            return _date(str(text))
        except ValueError:
            raise Refused(f"'{text}' is not a date; use today, tomorrow or YYYY-MM-DD.") from None

    # ------------------------------------------------------------ views

    def views(self) -> _Views:
        """Typed snapshots of the records; never changed after they are built."""
        v = self._views
        if v is not None and v.revision == self.store.revision:
            return v
        with self.lock:
            self._views = v = self._build_views()
        return v

    def load_archive(self) -> BoardStore | None:
        """The archive of closed days, parsed without holding the board's lock (seconds
        at town scale: a save meanwhile does not wait), then kept under it; read again
        if it changed on disk since (``store.archive_stale``). None if there is none or
        it cannot be read (``store.archive_problem`` says why). For worker threads; the
        UI thread uses what they loaded."""
        store = self.store
        if (store.loaded_archive is None or store.archive_stale()) and store.has_archive():
            try:
                parsed = store.read_archive()
            except BoardFileError as exc:
                store.archive_problem = exc.message
                return None
            if parsed is not None:
                with self.lock:
                    store.adopt_archive(parsed)
        with self.lock:
            return store.readable_archive()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self.lock, self.store.transaction() as tx:
            yield tx

    def refresh(self) -> bool:
        """Take in what another process saved to the file. True if anything changed."""
        with self.lock:
            return self.store.refresh()

    def _build_views(self) -> _Views:
        s = self.store
        v = _Views(self, s.revision)
        v.groups = sorted(
            (Group(d["key"], d["zh"], d["en"], d.get("order", 0)) for d in s.rows("groups")),
            key=lambda g: g.order,
        )
        v.buildings = {
            d["number"]: Building(
                d["id"],
                d["number"],
                d.get("units", 1),
                d.get("floors", 1),
                d.get("rooms_per_floor", 1),
            )
            for d in s.rows("buildings")
        }
        v.volunteers = {d["id"]: _volunteer(d) for d in s.rows("volunteers")}
        for d in s.rows("slots"):
            slot = Slot(
                d["id"],
                d["group"],
                self._day(d["date"]),
                d["key"],
                str(d.get("zh", d["key"])),
                str(d.get("en", d["key"])),
                d["start"],
                d["end"],
                int(d.get("needed", 0)),
            )
            v.slots[slot.id] = slot
            v.slots_by_date[d["date"]].append(slot)
        for lst in v.slots_by_date.values():
            lst.sort(key=lambda sl: (sl.start, sl.key))
        for d in s.rows("assignments"):
            a = Assignment(
                d["id"],
                d["slot"],
                d["volunteer"],
                self._day(d["date"]),
                d["group"],
                d.get("status", "scheduled"),
                d.get("status_at", ""),
            )
            v.assignments[a.id] = a
            v.by_slot[a.slot].append(a)
        v.status = {(d["building"], d["date"]): d["status"] for d in s.rows("building_status")}
        return v

    def _build_households(self) -> dict[str, Household]:
        return {
            d["id"]: Household(
                d["id"],
                d["building"],
                d["unit"],
                d["room"],
                d.get("residents", 1),
                bool(d.get("elderly_alone", False)),
                d.get("phone", ""),
                d.get("note", ""),
            )
            for d in self.store.rows("households")
        }

    def _build_tasks(
        self,
    ) -> tuple[dict[str, Task], dict[str, list[Task]], dict[str, list[str]]]:
        tasks: dict[str, Task] = {}
        tasks_by_date: dict[str, list[Task]] = defaultdict(list)
        codes: dict[str, list[str]] = defaultdict(list)
        for d in self.store.rows("tasks"):
            t = _task(d, self._day(d["date"]))
            tasks[t.id] = t
            tasks_by_date[d["date"]].append(t)
            codes[t.code].append(t.id)
        return tasks, tasks_by_date, codes

    def _build_batches(self) -> dict[str, Batch]:
        return {
            d["id"]: Batch(
                d["id"],
                self._day(d["date"]),
                d.get("name", ""),
                d.get("supplier", ""),
                d.get("items", ""),
                d.get("arrives", ""),
            )
            for d in self.store.rows("batches")
        }

    def groups(self) -> list[Group]:
        return self.views().groups

    def group(self, key: str) -> Group:
        for g in self.views().groups:
            if g.key == key:
                return g
        raise Refused(
            f"unknown group '{key}'", ["groups: " + ", ".join(g.key for g in self.groups())]
        )

    def find_group(self, text: str) -> Group:
        """A group by key, Chinese or English name (with or without 组)."""
        t = text.strip().lower()
        for g in self.views().groups:
            if t in (g.key, g.zh.lower(), g.en.lower(), g.zh.removesuffix("组").lower()):
                return g
        return self.group(text)

    def buildings(self) -> list[Building]:
        return [self.views().buildings[n] for n in sorted(self.views().buildings)]

    def building_status(self, number: int, day: pendulum.Date | None = None) -> str:
        day = day or self.today
        return self.views().status.get((number, day.isoformat()), "normal")

    def households(self) -> list[Household]:
        return list(self.views().households.values())

    def household(self, hid: str) -> Household | None:
        return self.views().households.get(hid)

    def volunteers(self) -> list[Volunteer]:
        return list(self.views().volunteers.values())

    def volunteer(self, vid: str) -> Volunteer | None:
        return self.views().volunteers.get(vid)

    def batches(self, day: pendulum.Date | None = None) -> list[Batch]:
        day = day or self.today
        return [b for b in self.views().batches.values() if b.date == day]

    def slots(self, day: pendulum.Date, group: str | None = None) -> list[Slot]:
        lst = self.views().slots_by_date.get(day.isoformat(), [])
        return [s for s in lst if group is None or s.group == group]

    def slot(self, sid: str) -> Slot | None:
        return self.views().slots.get(sid)

    def assignments(self, slot_id: str) -> list[Assignment]:
        return self.views().by_slot.get(slot_id, [])

    def assignment(self, aid: str) -> Assignment | None:
        return self.views().assignments.get(aid)

    def assignments_of(self, volunteer_id: str, day: pendulum.Date) -> list[Assignment]:
        return [
            a
            for s in self.slots(day)
            for a in self.assignments(s.id)
            if a.volunteer == volunteer_id
        ]

    def roster(self, day: pendulum.Date) -> Roster:
        v = self.views()
        out = []
        for g in v.groups:
            slot_rosters = []
            for s in self.slots(day, g.key):
                people = tuple(
                    (a, v.volunteers[a.volunteer])
                    for a in v.by_slot.get(s.id, ())
                    if a.volunteer in v.volunteers
                )
                slot_rosters.append(SlotRoster(s, people))
            out.append(GroupRoster(g, tuple(slot_rosters)))
        return Roster(day, tuple(out))

    def on_duty(
        self, day: pendulum.Date, now: pendulum.DateTime
    ) -> list[tuple[Slot, Assignment, Volunteer]]:
        """Active people in slots running at ``now`` (the night slot of the day before
        ``day`` included)."""
        out = []
        v = self.views()
        for d in (day.subtract(days=1), day):
            for s in self.slots(d):
                start, end = s.span(self.tz)
                if start <= now < end:
                    for a in v.by_slot.get(s.id, ()):
                        if a.active and a.volunteer in v.volunteers:
                            out.append((s, a, v.volunteers[a.volunteer]))
        return out

    def tasks(
        self,
        day: pendulum.Date | None = None,
        *,
        group: str | None = None,
        kind: str | None = None,
        status: str | None = None,
    ) -> list[Task]:
        v = self.views()
        pool: Iterable[Task]
        pool = v.tasks.values() if day is None else v.tasks_by_date.get(day.isoformat(), [])
        return [
            t
            for t in pool
            if (group is None or t.group == group)
            and (kind is None or t.kind == kind)
            and (
                status is None or t.status == status or (status == "done" and t.status == "failed")
            )
        ]

    def task(self, tid: str) -> Task | None:
        return self.views().tasks.get(tid)

    def resolve_tasks(self, refs: Sequence[str]) -> list[Task]:
        """Tasks by id, id prefix (6+ characters) or short code; refuses unknown ones."""
        v = self.views()
        found: list[Task] = []
        unknown: list[str] = []
        ambiguous: list[str] = []
        for ref in refs:
            r = ref.strip()
            if r in v.tasks:
                found.append(v.tasks[r])
                continue
            ids = v.codes.get(r.upper(), [])
            if not ids and len(r) >= 6:
                ids = [tid for tid in v.tasks if tid.startswith(r.lower())]
            if len(ids) == 1:
                found.append(v.tasks[ids[0]])
            elif ids:
                ambiguous.append(f"{ref}: matches {', '.join(sorted(ids))}")
            else:
                unknown.append(ref)
        problems = [f"unknown task: {u}" for u in unknown] + [
            f"ambiguous task {a}" for a in ambiguous
        ]
        if problems:
            raise Refused("task ids not found; nothing was changed", problems)
        return found

    def resolve_person(self, query: str) -> Volunteer:
        """A volunteer by id, phone or exact name; refuses unknown or ambiguous names."""
        q = query.strip()
        v = self.views().volunteers
        if q in v:
            return v[q]
        digits = "".join(ch for ch in q if ch.isdigit())
        if len(digits) >= 7 and len(digits) == len(q.replace(" ", "").replace("-", "")):
            matches = [p for p in v.values() if p.phone and p.phone.endswith(digits)]
        else:
            matches = [p for p in v.values() if p.name == q]
            if not matches:
                matches = (
                    [p for p in v.values() if p.id.startswith(q.lower())] if len(q) >= 6 else []
                )
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise refused("refused.person_unknown", query=query)
        # Whoever typed it may be anyone: what tells them apart (the masked phone, the
        # id to type instead), never their homes or full numbers.
        raise refused(
            "refused.person_ambiguous",
            [f"{p.name}  {mask_phone(p.phone) or '—'}  id {p.id}" for p in matches],
            query=query,
            n=len(matches),
        )

    def _config_names(self, section: str) -> dict[str, dict[str, str]]:
        cfg = self.meta.get("config") or {}
        part = cfg.get("disinfection", {}) if section in ("items", "areas") else cfg
        return {d["key"]: d for d in part.get(section, []) if isinstance(d, dict) and "key" in d}

    def item_name(self, key: str, lang: str) -> str:
        d = self._config_names("items").get(key)
        return str(d["zh" if lang == "zh" else "en"]) if d else key

    def area_name(self, key: str, lang: str) -> str:
        d = self._config_names("areas").get(key)
        return str(d["zh" if lang == "zh" else "en"]) if d else key

    def task_title(self, task: Task, lang: str) -> str:
        """One line that says what the task is, in the UI language."""
        from dutyboard.i18n import t

        if task.kind == "delivery":
            batch = self.views().batches.get(task.batch or "")
            what = task.items or (batch.name if batch else "")
            return f"{task.address} {what}".strip()
        if task.kind == "disinfection":
            where = (
                t("building.name", lang, n=task.building)
                if task.building is not None
                else self.area_name(task.area or "", lang)
            )
            text = f"{where} {self.item_name(task.item or '', lang)}"
            return text + (" " + t("round", lang, n=task.round) if task.round > 1 else "")
        if task.kind == "parcel":
            courier = str(task.extra.get("courier") or "")
            n = int(task.extra.get("count") or 1)
            return f"{t('parcel.title', lang, address=task.address, n=n)} {courier}".strip()
        if task.kind in ("care", "medicine", "testing"):
            from dutyboard.groups.care import task_title

            return task_title(self, task, lang)
        return str(task.extra.get("title") or task.code)

    # ------------------------------------------------------------ audit

    def audit(self, day: pendulum.Date | None = None) -> list[AuditEntry]:
        out = []
        for d in self.store.rows("audit"):
            if day is not None and d.get("day") != day.isoformat():
                continue
            out.append(
                AuditEntry(
                    d["id"],
                    d["at"],
                    d.get("day", ""),
                    d.get("who"),
                    d.get("who_name", ""),
                    d["action"],
                    d.get("table", ""),
                    d.get("record", ""),
                    d.get("before") or {},
                    d.get("after") or {},
                    d.get("reason", ""),
                )
            )
        out.sort(key=lambda e: e.at)
        return out

    def log(
        self,
        tx: Transaction,
        who: Volunteer | None,
        action: str,
        table: str,
        record: str,
        before: dict[str, Any],
        after: dict[str, Any],
        reason: str = "",
    ) -> None:
        entry: dict[str, Any] = {
            "at": self.now().isoformat(),
            "day": self.today.isoformat(),
            "who": who.id if who else None,
            "who_name": who.name if who else "",
            "action": action,
            "table": table,
            "record": record,
            "before": before,
            "after": after,
        }
        if reason:
            entry["reason"] = reason
        tx.insert("audit", entry)

    def require_leader(self, who: Volunteer, what: str) -> None:
        if not who.is_leader:
            raise refused("refused.not_leader", name=who.name, what=what)

    # ------------------------------------------------------------ changes

    def _set_tasks(
        self, tasks: Sequence[Task], who: Volunteer, changes: dict[str, Any], action: str
    ) -> list[Task]:
        changed: list[Task] = []
        with self.transaction() as tx:
            for t in tasks:
                if self.store.get("tasks", t.id) is None:
                    raise refused("refused.task_gone", code=t.code)
                before = tx.update("tasks", t.id, changes)
                if before:
                    after = {k: changes[k] for k in before}
                    self.log(tx, who, action, "tasks", t.id, before, after)
                    changed.append(t)
        return changed

    def tick(self, tasks: Sequence[Task], who: Volunteer) -> list[Task]:
        """Mark tasks done by ``who`` now. Returns those that were not done already."""
        return self.mark_done(tasks, who)

    def mark_done(
        self, tasks: Sequence[Task], who: Volunteer, extra: dict[str, Any] | None = None
    ) -> list[Task]:
        """``tick`` with more fields set in the same change (how a parcel was handed)."""
        changes = {
            "status": "done",
            "done_by": who.id,
            "done_at": self.now().isoformat(),
            "fail_reason": "",
            **(extra or {}),
        }
        return self._set_tasks(tasks, who, changes, "done")

    def fail(self, tasks: Sequence[Task], who: Volunteer, reason: str) -> list[Task]:
        if not reason.strip():
            raise refused("refused.fail_reason")
        return self._set_tasks(
            tasks,
            who,
            {
                "status": "failed",
                "done_by": who.id,
                "done_at": self.now().isoformat(),
                "fail_reason": reason.strip(),
            },
            "failed",
        )

    def reopen(self, tasks: Sequence[Task], who: Volunteer) -> list[Task]:
        return self._set_tasks(
            tasks,
            who,
            {"status": "open", "done_by": None, "done_at": None, "fail_reason": ""},
            "reopen",
        )

    def set_assignment_status(self, aid: str, status: str, who: Volunteer) -> None:
        if status not in ASSIGNMENT_STATUSES:
            raise Refused(f"unknown status '{status}'", list(ASSIGNMENT_STATUSES))
        self.require_leader(who, "mark arrivals and no-shows")
        with self.transaction() as tx:
            if self.store.get("assignments", aid) is None:
                raise refused("refused.assignment_gone")
            before = tx.update(
                "assignments", aid, {"status": status, "status_at": self.now().isoformat()}
            )
            if before:
                self.log(
                    tx,
                    who,
                    "status",
                    "assignments",
                    aid,
                    {"status": before.get("status")},
                    {"status": status},
                )

    def undoable(self, who: Volunteer) -> AuditEntry | None:
        """This person's latest change today that has not been undone yet."""
        entries = [e for e in self.audit(self.today) if e.who == who.id]
        undone = {e.after.get("undoes") for e in entries if e.action == "undo"}
        for e in reversed(entries):
            if e.action != "undo" and e.id not in undone:
                return e
        return None

    def undo_last(self, who: Volunteer) -> AuditEntry | None:
        """Put back what ``who`` last changed. Returns the entry undone, or None."""
        entry = self.undoable(who)
        if entry is None:
            return None
        special = _UNDO.get(entry.action)
        if special is not None:
            special(self, who, entry)
            return entry
        with self.transaction() as tx:
            if self.store.get(entry.table, entry.record) is None:
                raise refused("refused.undo_gone")
            if entry.action == "assign":
                tx.delete(entry.table, entry.record)
                changed: dict[str, Any] = {"deleted": True}
            elif isinstance(entry.after.get("created"), list) or isinstance(
                entry.before.get("restore"), dict
            ):
                # An action that made records (a call and its needs, a round and its
                # buildings) or changed several (an orders import, a release):
                # undoing it deletes what it made and puts back what it changed.
                for table, rid in entry.after.get("created") or ():
                    if self.store.get(table, rid) is not None:
                        tx.delete(table, rid)
                for table, fields_of in (entry.before.get("restore") or {}).items():
                    for rid, fields in fields_of.items():
                        if fields and self.store.get(table, rid) is not None:
                            tx.update(table, rid, fields)
                changed = {"deleted": True}
            else:
                changed = tx.update(entry.table, entry.record, entry.before)
            self.log(
                tx,
                who,
                "undo",
                entry.table,
                entry.record,
                changed,
                {**entry.before, "undoes": entry.id},
            )
        return entry


# ---------------------------------------------------------------- undo, per action

# Most actions undo by putting the fields back, or by deleting the records they made
# (``Board.undo_last``). These need more; each lives beside the action it undoes and
# is imported only when used.


def _undo_swap(board: Board, who: Volunteer, entry: AuditEntry) -> None:
    from dutyboard.core.swap import undo_swap  # the old day back, exactly

    undo_swap(board, who)


def _undo_unassign(board: Board, who: Volunteer, entry: AuditEntry) -> None:
    from dutyboard.core.plan import undo_remove  # taken off tomorrow: back on

    undo_remove(board, who, entry)


def _undo_plan(board: Board, who: Volunteer, entry: AuditEntry) -> None:
    from dutyboard.core.plan import undo_fill  # copy or rotation: its people off, the replaced back

    undo_fill(board, who, entry)


def _undo_slot(board: Board, who: Volunteer, entry: AuditEntry) -> None:
    from dutyboard.core.slots import undo_slot_change  # an added slot off, a removed one back

    undo_slot_change(board, who, entry)


_UNDO: dict[str, Callable[[Board, Volunteer, AuditEntry], None]] = {
    "slot_add": _undo_slot,
    "slot_remove": _undo_slot,
    "swap": _undo_swap,
    "unassign": _undo_unassign,
    "plan_copy": _undo_plan,
    "plan_rotation": _undo_plan,
}

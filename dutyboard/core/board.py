"""The board: what the CLI and the screens ask and tell. No Textual here.

A ``Board`` wraps the one ``BoardStore`` of a file with the domain: typed views of the
records (rebuilt only when the store's revision moves), name and task-code lookup,
and the changes people make, each written with its audit entry in one save.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pendulum

from dutyboard.core.board_views import Views, build_views
from dutyboard.core.closed_days import CLOSED_DAYS
from dutyboard.core.model import (
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
from dutyboard.storage.errors import Refused, refused
from dutyboard.storage.records import Doc
from dutyboard.storage.store import BoardStore
from dutyboard.storage.transaction import Transaction
from dutyboard.storage.vocab import ASSIGNMENT_STATUSES


def _date(value: str) -> pendulum.Date:
    """A stored YYYY-MM-DD as a pendulum Date (strict: nothing else is a date)."""
    d = pendulum.Date.fromisoformat(value)
    return pendulum.date(d.year, d.month, d.day)


class Board:
    def __init__(self, store: BoardStore, clock: Clock | None = None) -> None:
        self.store = store
        if store.closed_days is None:  # a live board's closed days go to its archive
            store.closed_days = CLOSED_DAYS
        self.tz: str = store.meta.get("timezone", "Asia/Shanghai")
        self.clock: Clock = clock or SystemClock(self.tz)
        self._views: Views | None = None
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
            path,
            device=device_id or device.device_id(),
            lock_timeout=lock_timeout,
            closed_days=CLOSED_DAYS,
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

    def views(self) -> Views:
        """Typed snapshots of the records; never changed after they are built."""
        v = self._views
        if v is not None and v.revision == self.store.revision:
            return v
        with self.lock:
            self._views = v = build_views(self)
        return v

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self.lock, self.store.transaction() as tx:
            yield tx

    def refresh(self) -> bool:
        """Take in what another process saved to the file. True if anything changed."""
        with self.lock:
            return self.store.refresh()

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

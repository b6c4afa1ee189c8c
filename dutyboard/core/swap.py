"""The day swap: tomorrow becomes today, the day that ends is closed into the archive.

``day_diff`` says what a swap would change (people added, removed or moved per
group, slots still short, the tasks that will carry over); ``swap`` does it, all or
nothing; ``undo_swap`` puts the day back until the first change of the new day.

Crash safety with two files. The live file decides which day the board is on. A swap
writes the archive first (records put by id, so writing them twice is harmless), then
the live file in one atomic save. Killed in between, the live file still shows the
old day, complete, and the swap can simply be run again. Every record a swap makes has
an id derived from the board, the day and what it is, so a repeated swap, or the same
swap made on two laptops, makes the same records and copies merge into one.

Carry-over: each open task of the closed day gets a successor on the new day with
``carried_from`` (the task it continues) and ``carried_from_date`` (the day it was
first due, kept along a chain of carries). The original is closed in the archive
with status ``carried`` and ``carried_to``.

Care calls are not day records, but the live file keeps only each household's latest
two (dutyboard.core.care_archive): the swap moves the older ones to the archive with the
closed day, in its snapshot too, so the undo puts them back.

Records of a closed day that reach the live file again (an older copy merged in, a
copy put over the file) are sent to the archive instead (dutyboard.core.closed_days).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.care_archive import TABLE as CALLS
from dutyboard.core.care_archive import old_calls
from dutyboard.core.carry import carry_values, made_id
from dutyboard.core.closed_days import DATED_TABLES
from dutyboard.core.config import (
    AreaSpec,
    BuildingSpec,
    ChecklistItem,
    Config,
    DisinfectionSpec,
    GroupSpec,
    SlotSpec,
)
from dutyboard.core.model import AuditEntry, Task, Volunteer, task_code
from dutyboard.core.newboard import disinfection_records, slot_records
from dutyboard.storage import records
from dutyboard.storage.errors import refused
from dutyboard.storage.records import Doc
from dutyboard.storage.store import BoardStore
from dutyboard.storage.transaction import Transaction, copy_doc


def snapshot_id(swap_id: str) -> str:
    return f"swap-snapshot-{swap_id}"


# ---------------------------------------------------------------- the calendar


def calendar_day(board: Board, now: pendulum.DateTime | None = None) -> pendulum.Date:
    """The duty day of the clock: before the day-start hour it is still yesterday."""
    d = board.duty_day(now)
    return pendulum.date(d.year, d.month, d.day)


def day_changed(board: Board, now: pendulum.DateTime | None = None) -> bool:
    """The clock has passed the day-start hour of a day after the board's today."""
    return calendar_day(board, now) > board.today


# ---------------------------------------------------------------- the diff


@dataclass(frozen=True)
class PersonChange:
    volunteer_id: str
    name: str
    before: tuple[str, ...]  # slot keys today
    after: tuple[str, ...]  # slot keys tomorrow


@dataclass(frozen=True)
class GroupDiff:
    group: str
    added: tuple[PersonChange, ...]
    removed: tuple[PersonChange, ...]
    moved: tuple[PersonChange, ...]
    gaps: tuple[tuple[str, int], ...]  # (slot id, people short) tomorrow

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.moved or self.gaps)


@dataclass(frozen=True)
class DayDiff:
    today: pendulum.Date
    tomorrow: pendulum.Date
    groups: tuple[GroupDiff, ...]
    carried: tuple[Task, ...]  # today's open tasks
    old_calls: int = 0  # care calls the swap moves to the archive (all but the last two)

    @property
    def gaps(self) -> int:
        return sum(n for g in self.groups for _, n in g.gaps)

    def carried_by_kind(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for t in self.carried:
            out[t.kind] += 1
        return dict(out)


def _slot_keys(board: Board, day: pendulum.Date, group: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for s in board.slots(day, group):
        for a in board.assignments(s.id):
            if a.status != "no_show" or day > board.today:
                out[a.volunteer].append(s.key)
    return out


def day_diff(board: Board) -> DayDiff:
    """What the swap would change: today's roster against tomorrow's, per group."""
    today, tomorrow = board.today, board.tomorrow
    groups = []
    for g in board.groups():
        before, after = _slot_keys(board, today, g.key), _slot_keys(board, tomorrow, g.key)

        def change(vid: str, before: Any = before, after: Any = after) -> PersonChange:
            v = board.volunteer(vid)
            return PersonChange(
                vid, v.name if v else vid, tuple(before.get(vid, ())), tuple(after.get(vid, ()))
            )

        def order(c: PersonChange) -> tuple[str, str]:
            return (c.name, c.volunteer_id)

        added = sorted((change(v) for v in after if v not in before), key=order)
        removed = sorted((change(v) for v in before if v not in after), key=order)
        moved = sorted(
            (change(v) for v in after if v in before and sorted(before[v]) != sorted(after[v])),
            key=order,
        )
        gaps = []
        for s in board.slots(tomorrow, g.key):
            filled = sum(1 for a in board.assignments(s.id) if a.active)
            if filled < s.needed:
                gaps.append((s.id, s.needed - filled))
        groups.append(GroupDiff(g.key, tuple(added), tuple(removed), tuple(moved), tuple(gaps)))
    carried = sorted(
        (t for t in board.tasks(status="open") if t.date <= today),
        key=lambda t: (t.kind, t.group, t.building or 0, t.address, t.code),
    )
    calls = len(old_calls(board.store.table(CALLS).values()))
    return DayDiff(today, tomorrow, tuple(groups), tuple(carried), calls)


# ---------------------------------------------------------------- configuration


def board_config(board: Board) -> Config | None:
    """The board's copy of its configuration (None for a board without one)."""
    d = board.meta.get("config")
    if not isinstance(d, dict) or "groups" not in d:
        return None
    dis = d.get("disinfection") or {}
    return Config(
        source=Path(str(d.get("source", ""))),
        community_zh=str(d.get("community_zh", "")),
        community_en=str(d.get("community_en", "")),
        timezone=str(d.get("timezone", board.tz)),
        day_start_hour=int(d.get("day_start_hour", 6)),
        max_hours_per_day=float(d.get("max_hours_per_day", 8)),
        max_days_in_a_row=int(d.get("max_days_in_a_row", 6)),
        buildings=tuple(BuildingSpec(**b) for b in d.get("buildings", [])),
        groups=tuple(
            GroupSpec(g["key"], g["zh"], g["en"], tuple(SlotSpec(**s) for s in g["slots"]))
            for g in d["groups"]
        ),
        disinfection=DisinfectionSpec(
            tuple(ChecklistItem(**i) for i in dis.get("items", [])),
            tuple(AreaSpec(**a) for a in dis.get("areas", [])),
            int(dis.get("positive_extra_rounds", 2)),
            int(dis.get("extra_round_every_hours", 4)),
        ),
        fail_reasons=(),
    )


# ---------------------------------------------------------------- the swap


@dataclass(frozen=True)
class SwapResult:
    noop: bool
    before: pendulum.Date
    after: pendulum.Date
    carried: int = 0
    archived: dict[str, int] = field(default_factory=dict)
    swap_id: str = ""


def check_target(board: Board, to: pendulum.Date | None) -> pendulum.Date | None:
    """The day a swap goes to; None when the board is on ``to`` already."""
    today = board.today
    if to is not None:
        if to == today:
            return None
        if to < today:
            raise refused("refused.swap_already", today=today, to=to)
        if to != today.add(days=1):
            raise refused("refused.swap_one_day", today=today, next=today.add(days=1), to=to)
    new = today.add(days=1)
    limit = calendar_day(board).add(days=1)
    if new > limit:
        raise refused("refused.swap_ahead", today=today, limit=limit, new=new)
    return new


def _day_of(table: str, doc: Doc) -> str | None:
    value = doc.get(DATED_TABLES[table])
    return value if isinstance(value, str) else None


def swap(
    board: Board,
    who: Volunteer,
    *,
    to: pendulum.Date | None = None,
    expect_from: pendulum.Date | None = None,
) -> SwapResult:
    """Swap in tomorrow (leaders only). ``expect_from``: refuse if the board has moved
    on since the leader looked (another laptop swapped meanwhile)."""
    board.require_leader(who, "swap in tomorrow's roster")
    store = board.store
    with board.transaction() as tx:
        today = board.today
        if expect_from is not None and today != expect_from:
            raise refused("refused.swap_moved", today=today, expected=expect_from)
        new = check_target(board, to)
        if new is None:
            return SwapResult(True, today, today)
        new_iso, next_iso = new.isoformat(), new.add(days=1).isoformat()
        bid = store.board_id
        swap_id = str(uuid.uuid4())

        # 1. What closes: every dated record of a day before the new one.
        moving: dict[str, list[Doc]] = {}
        running = _running_slots(board)
        for table in DATED_TABLES:
            docs = [
                d
                for d in store.table(table).values()
                if (_day_of(table, d) or "~") < new_iso
                and d["id"] not in running
                and d.get("slot") not in running
            ]
            if docs:
                moving[table] = docs
        # Care calls are not day records: each household's older calls go too, its
        # latest two stay live (dutyboard.core.care_archive).
        calls = old_calls(store.table(CALLS).values())
        if calls:
            moving[CALLS] = calls
        snapshot = {t: [copy_doc(d) for d in docs] for t, docs in moving.items()}

        # 2. What opens: carried tasks, the new day's checklist and building statuses,
        # the slots of the new tomorrow. Ids made from what they are.
        made: dict[str, list[Doc]] = defaultdict(list)
        closed_tasks: dict[str, dict[str, Any]] = {}
        for d in moving.get("tasks", []):
            if d.get("status") != "open" or records.is_deleted(d):
                continue
            nid = made_id(bid, "carry", d["id"], new_iso)
            values = carry_values(d, nid, new_iso)
            batch = store.get("batches", str(d.get("batch") or ""))
            if batch is not None and batch.get("date", "") < new_iso:
                # The batch goes on too, so the Deliveries tab shows its carried rows
                # under its name with their own progress.
                values["batch"] = _carry_batch(bid, batch, new_iso, made)
            made["tasks"].append({"id": nid, **values})
            closed_tasks[d["id"]] = {"status": "carried", "carried_to": nid}
        statuses: dict[int, str] = {}
        for d in store.rows("building_status"):
            if d["date"] == today.isoformat():
                statuses[d["building"]] = d["status"]
        have = {(d["building"], d["date"]) for d in store.rows("building_status")}
        for number, status in sorted(statuses.items()):
            if (number, new_iso) not in have:
                made["building_status"].append(
                    {
                        "id": made_id(bid, "status", number, new_iso),
                        "building": number,
                        "date": new_iso,
                        "status": status,
                    }
                )
        for d in store.rows("building_status"):
            if d["date"] == new_iso:
                statuses[d["building"]] = d["status"]
        config = board_config(board)
        if config is not None:
            has_checklist = any(
                d.get("kind") == "disinfection"
                and d.get("date") == new_iso
                and not d.get("carried_from")
                for d in store.rows("tasks")
            )
            if not has_checklist:
                for rec in disinfection_records(config, new, statuses):
                    where = rec.get("building", rec.get("area"))
                    nid = made_id(bid, "check", new_iso, where, rec["item"], rec["round"])
                    made["tasks"].append({"id": nid, **rec, "code": task_code("disinfection", nid)})
            if not any(d["date"] == next_iso for d in store.rows("slots")):
                for rec in slot_records(config, new.add(days=1)):
                    sid = made_id(bid, "slot", next_iso, rec["group"], rec["key"])
                    made["slots"].append({"id": sid, **rec})

        # 3. The archive first: the closed day, its carried tasks closed, and the
        # snapshot an undo needs, in the part of each record's day (the closed day's,
        # and an older one's for a record that came back late). Written (and fsynced)
        # before the live file changes.
        routed = {table: list(docs) for table, docs in moving.items()}
        routed.setdefault("audit", []).append(
            records.new(
                snapshot_id(swap_id),
                {
                    "at": board.now().isoformat(),
                    "day": today.isoformat(),
                    "who": who.id,
                    "who_name": who.name,
                    "action": "swap_snapshot",
                    "table": "meta",
                    "record": board.meta["id"],
                    "before": snapshot,
                    "after": {"to": new_iso},
                },
                tx.stamp(),
            )
        )

        def close_carried(atx: Transaction, _part: BoardStore, docs: dict[str, list[Doc]]) -> None:
            for d in docs.get("tasks", []):
                changes = closed_tasks.get(d["id"])
                if changes is not None:
                    atx.update("tasks", d["id"], changes)

        store.archive().write(routed, then=close_carried)

        # 4. The live file, in one save at the end of this block.
        for table, docs in moving.items():
            for d in docs:
                tx.remove(table, d["id"])
        made_ids: dict[str, list[str]] = {}
        for table, docs in made.items():
            for d in docs:
                raw = store.raw(table, d["id"])
                if raw is not None:  # made before and taken back by an undo: again
                    tx.remove(table, d["id"])
                tx.insert(table, {k: v for k, v in d.items() if k != "id"}, d["id"])
            made_ids[table] = [d["id"] for d in docs]
        tx.set_meta({"today": new_iso})
        counts = {t: len(docs) for t, docs in moving.items()}
        board.log(
            tx,
            who,
            "swap",
            "meta",
            board.meta["id"],
            {"today": today.isoformat()},
            {
                "today": new_iso,
                "swap": swap_id,
                "archived": counts,
                "carried": len(closed_tasks),
                "made": made_ids,
            },
        )
    return SwapResult(False, today, new, len(closed_tasks), counts, swap_id)


def _carry_batch(bid: str, batch: Doc, new_day: str, made: dict[str, list[Doc]]) -> str:
    """The batch's copy on the new day (made once per batch), for its carried tasks."""
    nid = made_id(bid, "batch", batch["id"], new_day)
    if not any(d["id"] == nid for d in made["batches"]):
        values = {k: v for k, v in batch.items() if k not in records.META_KEYS}
        values.update(
            {
                "date": new_day,
                "carried_from": batch["id"],
                "carried_from_date": batch.get("carried_from_date") or batch["date"],
            }
        )
        made["batches"].append({"id": nid, **values})
    return nid


def _running_slots(board: Board) -> set[str]:
    """Slots of the closing day not over yet (a night slot when a leader swaps in the
    evening): they stay in the live file, with their people, until the next swap."""
    now = board.now()
    out = set()
    for s in board.views().slots.values():
        if s.date <= board.today and s.span(board.tz)[1] > now:
            out.add(s.id)
    return out


# ---------------------------------------------------------------- undo


def undoable_swap(board: Board) -> AuditEntry | None:
    """The swap that made today, if nothing has happened on the new day since."""
    entries = board.audit(board.today)
    swaps = [e for e in entries if e.action == "swap"]
    if not swaps:
        return None
    last = swaps[-1]
    if last.after.get("today") != board.today.isoformat():
        return None
    # Any other entry of the new day (a tick, a move, a merge) means it has begun.
    # Earlier swaps to this day were undone (else the board would be past it).
    return None if any(e.action != "swap" for e in entries) else last


def undo_swap(board: Board, who: Volunteer) -> SwapResult:
    """Put the day back as it was before the last swap (leaders; before the first
    change of the new day). The live file first, then the archive is tidied."""
    board.require_leader(who, "undo a day swap")
    store = board.store
    with board.transaction() as tx:
        entry = undoable_swap(board)
        if entry is None:
            raise refused("refused.swap_no_undo")
        swap_id = str(entry.after.get("swap", ""))
        archive = store.archive()
        closed = archive.part(str(entry.before["today"]))
        snap = closed.get("audit", snapshot_id(swap_id)) if closed is not None else None
        if snap is None:
            raise refused("refused.swap_no_snapshot")
        new, before = board.today, board._day(str(entry.before["today"]))
        for table, ids in (entry.after.get("made") or {}).items():
            for rid in ids:
                if store.raw(table, rid) is not None:
                    tx.remove(table, rid)
        restored: dict[str, list[Doc]] = {}
        for table, docs in snap["before"].items():
            for d in docs:
                if store.raw(table, d["id"]) is not None:
                    tx.remove(table, d["id"])
                tx.put(table, d)
                restored.setdefault(table, []).append(d)
        tx.set_meta({"today": before.isoformat()})
        board.log(
            tx,
            who,
            "undo",
            "meta",
            board.meta["id"],
            {"today": new.isoformat()},
            {"today": before.isoformat(), "undoes": entry.id, "swap": swap_id},
        )
    archive.remove(restored)
    return SwapResult(False, new, before, swap_id=swap_id)

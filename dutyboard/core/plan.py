"""Planning tomorrow's roster: copy today's, apply a rotation template, edit by hand.

Leaders only (the functions check, whatever the screen greyed out). Every change is
one save with its audit entry. Filling a group that already has people tomorrow is
refused unless ``replace`` is given (the screen asks first), so nobody's planning is
overwritten by accident.

The warnings are the rules' own (dutyboard.core.rules: overlap, hour limit, sealed or
positive home, not signed up, short slot), plus days in a row counted over the
archive too (the live file alone holds only today and tomorrow), and, for a day whose
building statuses are not set yet, a home in a building sealed or positive on the
latest day that has them (the swap copies today's statuses on).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pendulum

from dutyboard.core import rules
from dutyboard.core.board import Board
from dutyboard.core.config import RotationSpec, TeamSpec
from dutyboard.core.fairshare import duty_days, runs
from dutyboard.core.model import AuditEntry, Volunteer
from dutyboard.core.rules import StaffWarning
from dutyboard.storage.errors import Refused

# (group key, slot key) -> volunteer ids, in order
SlotPeople = dict[tuple[str, str], list[str]]


class HasPeople(Refused):
    """The groups to fill already have people that day; go ahead only with replace."""

    def __init__(self, groups: Sequence[str], people: int) -> None:
        self.groups = list(groups)
        self.people = people
        super().__init__(
            f"{people} people are already planned in {', '.join(groups)}; nothing was "
            "changed. Replace them (--replace) or edit by hand."
        )


# ---------------------------------------------------------------- rotation templates


def rotations(board: Board) -> list[RotationSpec]:
    """The rotation templates in the board's copy of its configuration."""
    out = []
    for d in (board.meta.get("config") or {}).get("rotations", []) or []:
        if not isinstance(d, dict) or "key" not in d:
            continue
        teams = tuple(
            TeamSpec(
                str(t.get("zh", "")),
                str(t.get("en", "")),
                tuple((str(ref), tuple(people)) for ref, people in t.get("slots", [])),
            )
            for t in d.get("teams", []) or []
        )
        out.append(
            RotationSpec(
                str(d["key"]),
                str(d.get("zh", d["key"])),
                str(d.get("en", d["key"])),
                tuple(d.get("groups", []) or []),
                int(d.get("every_days", 0) or 0),
                str(d.get("start", "") or ""),
                teams,
            )
        )
    return out


def rotation(board: Board, key: str) -> RotationSpec:
    found = {r.key: r for r in rotations(board)}
    if key not in found:
        names = ", ".join(found) or "none (add them to config/rotation.toml)"
        raise Refused(f"no rotation template '{key}' on this board; templates: {names}")
    return found[key]


def team_on(spec: RotationSpec, day: pendulum.Date) -> TeamSpec:
    """The team whose turn ``day`` is: the first on ``start``, then each in turn."""
    start = pendulum.Date.fromisoformat(spec.start)
    offset = (day.toordinal() - start.toordinal()) % len(spec.teams)
    return spec.teams[offset]


def day_people(board: Board, day: pendulum.Date) -> SlotPeople:
    """Who was (or is) in each slot of ``day``: from the live file, or from the
    archive for a closed day."""
    out: SlotPeople = defaultdict(list)
    if day >= board.today:
        for s in board.slots(day):
            out[(s.group, s.key)].extend(a.volunteer for a in board.assignments(s.id))
        return out
    if not board.store.has_archive():
        return out
    iso = day.isoformat()  # the day's part, through its index (unreadable: nobody)
    archive = board.store.archive()
    found = archive.lookup("slots", since=iso, until=iso)
    slot_docs = {d["id"]: d for _day, _t, d in found if d.get("date") == iso}
    for _day, _t, a in archive.lookup("assignments", since=iso, until=iso):
        sd = slot_docs.get(a.get("slot", ""))
        if sd is not None:
            out[(sd["group"], sd["key"])].append(a["volunteer"])
    return out


def rotation_people(board: Board, spec: RotationSpec, day: pendulum.Date) -> SlotPeople:
    if spec.every_days:
        return day_people(board, day.subtract(days=spec.every_days))
    out: SlotPeople = defaultdict(list)
    unknown: list[str] = []
    team = team_on(spec, day)
    for ref, people in team.slots:
        group, _, slot = ref.partition(".")
        for name in people:
            try:
                out[(group, slot)].append(board.resolve_person(name).id)
            except Refused as exc:
                unknown.append(f"{team.en} {ref}: {exc.message}")
    if unknown:
        raise Refused(
            f"rotation '{spec.key}' names people this board does not know; nothing was changed",
            unknown,
        )
    return out


# ---------------------------------------------------------------- changes


@dataclass(frozen=True)
class PlanResult:
    day: pendulum.Date
    groups: tuple[str, ...]
    added: int
    removed: int
    skipped: tuple[str, ...] = ()  # volunteer ids no longer on the board


def _groups(board: Board, groups: Iterable[str] | None) -> list[str]:
    keys = [g.key for g in board.groups()]
    if groups is None:
        return keys
    out = []
    for g in groups:
        out.append(board.find_group(g).key)
    return [k for k in keys if k in out]


def fill_day(
    board: Board,
    who: Volunteer,
    people: Mapping[tuple[str, str], Sequence[str]],
    *,
    day: pendulum.Date | None = None,
    groups: Iterable[str] | None = None,
    replace: bool = False,
    how: str = "copy",
    detail: dict[str, Any] | None = None,
) -> PlanResult:
    """Put ``people`` into the day's slots (by group and slot key), one save."""
    board.require_leader(who, "plan the roster")
    day = day or board.tomorrow
    if day <= board.today:
        raise Refused(f"only days after today ({board.today}) can be planned; {day} is not.")
    keys = _groups(board, groups)
    with board.transaction() as tx:
        slots = [s for s in board.slots(day) if s.group in keys]
        if not slots:
            raise Refused(f"{day} has no slots on this board yet; nothing was changed.")
        existing = [a for s in slots for a in board.assignments(s.id)]
        if existing and not replace:
            raise HasPeople(sorted({a.group for a in existing}), len(existing))
        for a in existing:
            tx.delete("assignments", a.id)
        created: list[list[str]] = []
        skipped: list[str] = []
        for s in slots:
            seen: set[str] = set()
            for vid in people.get((s.group, s.key), ()):
                if vid in seen:
                    continue
                seen.add(vid)
                if board.volunteer(vid) is None:
                    skipped.append(vid)
                    continue
                doc = tx.insert(
                    "assignments",
                    {
                        "slot": s.id,
                        "volunteer": vid,
                        "date": day.isoformat(),
                        "group": s.group,
                        "status": "scheduled",
                    },
                )
                created.append(["assignments", doc["id"]])
        board.log(
            tx,
            who,
            f"plan_{how}",
            "meta",
            board.meta["id"],
            {"removed": [a.id for a in existing]} if existing else {},
            {
                "date": day.isoformat(),
                "groups": keys,
                "created": created,
                **(detail or {}),
            },
        )
    return PlanResult(day, tuple(keys), len(created), len(existing), tuple(skipped))


def copy_today(
    board: Board,
    who: Volunteer,
    *,
    groups: Iterable[str] | None = None,
    replace: bool = False,
) -> PlanResult:
    """Tomorrow's slots get the people of today's slot with the same key."""
    return fill_day(
        board,
        who,
        day_people(board, board.today),
        groups=groups,
        replace=replace,
        how="copy",
        detail={"from": board.today.isoformat()},
    )


def apply_rotation(
    board: Board,
    who: Volunteer,
    key: str,
    *,
    groups: Iterable[str] | None = None,
    replace: bool = False,
) -> PlanResult:
    """Fill tomorrow from a rotation template (only the groups it covers)."""
    spec = rotation(board, key)
    day = board.tomorrow
    people = rotation_people(board, spec, day)
    chosen = list(spec.groups) or [g.key for g in board.groups()]
    if spec.teams:
        chosen = [g for g in chosen if any(grp == g for grp, _ in people)] or chosen
    if groups is not None:
        wanted = set(_groups(board, groups))
        chosen = [g for g in chosen if g in wanted]
    detail: dict[str, Any] = {"rotation": spec.key}
    if spec.teams:
        detail["team"] = team_on(spec, day).en
    return fill_day(
        board, who, people, groups=chosen, replace=replace, how="rotation", detail=detail
    )


def remove_person(board: Board, who: Volunteer, assignment_id: str) -> None:
    """Take someone off a future day's roster (today: mark them absent instead)."""
    board.require_leader(who, "change the roster")
    with board.transaction() as tx:
        a = board.assignment(assignment_id)
        if a is None:
            raise Refused("that assignment no longer exists; nothing was changed.")
        if a.date <= board.today:
            raise Refused(
                "only a future day's roster can lose people; mark today's absent (n) instead."
            )
        tx.delete("assignments", a.id)
        board.log(
            tx,
            who,
            "unassign",
            "assignments",
            a.id,
            {"slot": a.slot, "volunteer": a.volunteer, "date": a.date.isoformat()},
            {"deleted": True},
        )


def undo_remove(board: Board, who: Volunteer, entry: AuditEntry) -> None:
    """Put someone taken off a future day back (``u``): the deleted assignment comes
    back by a later edit, as deletions do everywhere (records.is_deleted)."""
    with board.transaction() as tx:
        raw = board.store.raw("assignments", entry.record)
        if raw is None:
            raise Refused("that assignment is not on this board any more; nothing to undo.")
        if board.store.get("assignments", entry.record) is None:
            tx.update("assignments", entry.record, {"restored_at": board.now().isoformat()})
        board.log(
            tx,
            who,
            "undo",
            "assignments",
            entry.record,
            {"deleted": True},
            {"deleted": False, "undoes": entry.id},
        )


def undo_fill(board: Board, who: Volunteer, entry: AuditEntry) -> None:
    """Undo a copy or a rotation (``u``): the people it put in go, and the people it
    replaced come back (deleted assignments return by a later edit, as in
    ``undo_remove``). One save."""
    created = [rid for table, rid in entry.after.get("created", []) if table == "assignments"]
    removed = list(entry.before.get("removed", []))
    with board.transaction() as tx:
        # Who is in which slot once the copy's people are gone: someone a leader has
        # put back since (here or on another laptop) is not brought back twice.
        taken = {
            (a.slot, a.volunteer)
            for s in board.slots(pendulum.Date.fromisoformat(entry.after["date"]))
            for a in board.assignments(s.id)
            if a.id not in created
        }
        for rid in created:
            if board.store.get("assignments", rid) is not None:
                tx.delete("assignments", rid)
        back, skipped = [], []
        for rid in removed:
            doc = board.store.raw("assignments", rid)
            if doc is None:
                continue  # never reached this copy: nothing to bring back
            if board.store.get("assignments", rid) is not None:
                continue  # back already
            key = (str(doc.get("slot")), str(doc.get("volunteer")))
            if key in taken:
                skipped.append(rid)
                continue
            taken.add(key)
            tx.update("assignments", rid, {"restored_at": board.now().isoformat()})
            back.append(rid)
        board.log(
            tx,
            who,
            "undo",
            entry.table,
            entry.record,
            {"created": entry.after.get("created", [])},
            {"deleted": True, "restored": back, "already_there": skipped, "undoes": entry.id},
        )


# ---------------------------------------------------------------- warnings


@dataclass(frozen=True)
class DayWarnings:
    """The rules' warnings for a planned day: per assignment and per slot."""

    people: dict[str, tuple[StaffWarning, ...]] = field(default_factory=dict)
    slots: dict[str, tuple[StaffWarning, ...]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return self.people_count + sum(map(len, self.slots.values()))

    @property
    def people_count(self) -> int:
        """Warnings about people (the Tomorrow tab's "N warnings"; short slots are
        counted apart, as people missing)."""
        return sum(map(len, self.people.values()))

    def codes(self) -> list[str]:
        out = [w.code for ws in self.people.values() for w in ws]
        return out + [w.code for ws in self.slots.values() for w in ws]


def day_warnings(board: Board, day: pendulum.Date | None = None) -> DayWarnings:
    """Every warning about ``day``'s roster as it stands (default: tomorrow)."""
    day = day or board.tomorrow
    limit = int(board.rule("max_days_in_a_row", 6))
    history = duty_days(board, day.subtract(days=limit + 1))
    people: dict[str, tuple[StaffWarning, ...]] = {}
    slot_out: dict[str, tuple[StaffWarning, ...]] = {}
    statuses = board.views().status
    has_status = any(d == day.isoformat() for (_n, d) in statuses)
    latest: dict[int, str] = {}
    for (number, d), status in sorted(statuses.items(), key=lambda kv: kv[0][1]):
        if d < day.isoformat():
            latest[number] = status
    for s in board.slots(day):
        slot_out[s.id] = tuple(rules.slot_warnings(board, s))
        for a in board.assignments(s.id):
            person = board.volunteer(a.volunteer)
            if person is None or not a.active:
                continue
            found = [
                w
                for w in rules.placement_warnings(board, person, s, moving=a)
                if w.code != "days_in_a_row"
            ]
            if person.building is not None and not has_status:
                # No status set for that day yet (planning before the swap copies
                # them): the building's latest known status is what to expect.
                status = latest.get(person.building, "normal")
                if status in rules.CONFINED_STATUSES:
                    found.append(StaffWarning(f"{status}_home", {"building": person.building}))
            run = runs(history.get(person.id, set()) | {day}, day)
            if run > limit:
                found.append(StaffWarning("days_in_a_row", {"days": run, "limit": limit}))
            if found:
                people[a.id] = tuple(found)
    return DayWarnings(people, {k: v for k, v in slot_out.items() if v})

"""Tomorrow's roster, the day swap and its undo, carry-over, closed days merged in.

The clock is fixed: the demo community (seed 2022) on 2022-04-26, a day that starts
at 06:00, and the delivery group's night slot 22:00–06:00 belonging to the day it
starts.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pendulum
import pytest

from dutyboard.cli import main as cli
from dutyboard.core import plan, swap
from dutyboard.core.board import Board
from dutyboard.core.closed_days import DATED_TABLES
from dutyboard.core.fairshare import fair_share
from dutyboard.core.merge import merge_copies
from dutyboard.core.model import Volunteer
from dutyboard.core.undo import undo_last
from dutyboard.demo.board import build_demo
from dutyboard.storage.clock import FixedClock
from dutyboard.storage.errors import Refused
from dutyboard.storage.records import is_deleted
from tests.factories import archive_files, archived, copy_archive

TZ = "Asia/Shanghai"
DAY = pendulum.date(2022, 4, 26)


def at(day: int, hour: int, minute: int = 0) -> pendulum.DateTime:
    return pendulum.datetime(2022, 4, day, hour, minute, tz=TZ)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(at(26, 21, 30))


@pytest.fixture
def path(tmp_path: Path, clock: FixedClock) -> Path:
    p = tmp_path / "board.json"
    build_demo(p, date=DAY, seed=2022, clock=clock, device_id="demo-laptop")
    return p


@pytest.fixture
def board(path: Path, clock: FixedClock) -> Board:
    return Board.open(path, clock, device_id="laptop-a")


def leader(board: Board) -> Volunteer:
    return sorted((v for v in board.volunteers() if v.is_leader), key=lambda v: v.name)[0]


def volunteer(board: Board) -> Volunteer:
    return sorted((v for v in board.volunteers() if not v.is_leader), key=lambda v: v.name)[0]


def canonical(board: Board) -> dict[str, Any]:
    """Every table exactly (stamps included), but meta by its fields and the audit log
    without the swap's own entries (it keeps a note of the swap and its undo)."""
    out: dict[str, Any] = {}
    for name in board.store._data:
        docs = board.store.table(name).values()
        if name == "meta":
            out[name] = [{k: v for k, v in d.items() if not k.startswith("_")} for d in docs]
            continue
        if name == "audit":
            docs = [d for d in docs if d.get("action") not in ("swap", "undo")]
        out[name] = sorted(docs, key=lambda d: d["id"])
    return out


# ---------------------------------------------------------------- the day boundary


def test_day_boundary_at_six_and_the_night_slot(board: Board, clock: FixedClock) -> None:
    clock.at = at(27, 5, 59)
    assert swap.calendar_day(board) == DAY and not swap.day_changed(board)
    clock.at = at(27, 6, 0)
    assert swap.calendar_day(board) == DAY.add(days=1) and swap.day_changed(board)
    night = next(s for s in board.slots(DAY, "delivery") if s.key == "night")
    assert (night.start, night.end, night.date) == ("22:00", "06:00", DAY)
    assert night.span(TZ) == (at(26, 22), at(27, 6))


def test_evening_swap_keeps_the_night_slot_running_and_counts_it_on_its_day(
    board: Board, clock: FixedClock
) -> None:
    night = next(s for s in board.slots(DAY, "delivery") if s.key == "night")
    people = {a.volunteer for a in board.assignments(night.id)}
    assert people
    swap.swap(board, leader(board))  # at 21:30: the night slot has not started
    assert board.today == DAY.add(days=1)
    assert board.slot(night.id) is not None, "a slot not over yet stays in the live file"
    clock.at = at(27, 2, 0)
    on_now = {v.id for s, _a, v in board.on_duty(board.today, clock.now()) if s.id == night.id}
    assert on_now == people
    share = {s.volunteer.id: s for s in fair_share(board)}
    for vid in people:
        assert share[vid].week_hours >= 8  # the whole night counts for the 26th
    # The next swap (at 06:00 on the 28th) closes it into the archive.
    clock.at = at(28, 6, 0)
    swap.swap(board, leader(board))
    assert board.slot(night.id) is None
    assert archived(board.store, "slots", night.id, day="2022-04-26") is not None


# ---------------------------------------------------------------- plan, diff, swap, undo


def test_plan_diff_swap_carry_and_undo(board: Board, clock: FixedClock) -> None:
    boss = leader(board)
    tomorrow = board.tomorrow
    with pytest.raises(plan.HasPeople):
        plan.copy_today(board, boss)  # the demo planned tomorrow already
    r = plan.copy_today(board, boss, groups=["delivery"], replace=True)
    assert r.added > 0 and r.removed > 0
    for key in ("morning", "afternoon", "night"):
        today_s = next(s for s in board.slots(board.today, "delivery") if s.key == key)
        tom_s = next(s for s in board.slots(tomorrow, "delivery") if s.key == key)
        assert {a.volunteer for a in board.assignments(tom_s.id)} == {
            a.volunteer for a in board.assignments(today_s.id)
        }
    # A hand edit that breaks a rule: someone not signed up for delivery.
    stranger = next(v for v in board.volunteers() if "delivery" not in v.groups)
    morning = next(s for s in board.slots(tomorrow, "delivery") if s.key == "morning")
    from dutyboard.core import staffing

    with pytest.raises(staffing.NeedsOverride):
        staffing.assign(board, stranger.id, morning.id, boss)
    staffing.assign(board, stranger.id, morning.id, boss, override_reason="short-handed")
    warnings = plan.day_warnings(board)
    assert "not_signed_up" in warnings.codes()

    diff = swap.day_diff(board)
    delivery = next(g for g in diff.groups if g.group == "delivery")
    assert [c.volunteer_id for c in delivery.added] == [stranger.id]
    assert not delivery.removed
    open_today = [t for t in board.tasks(board.today) if t.is_open]
    assert len(diff.carried) == len(open_today) > 0

    # Tick one delivery so not everything carries.
    done_task = board.tasks(board.today, kind="delivery")[0]
    board.tick([done_task], volunteer(board))
    before = canonical(board)
    open_ids = {t.id for t in board.tasks(board.today) if t.is_open}
    parts_before = archive_files(board.store.path)

    result = swap.swap(board, boss)
    assert (result.before, result.after) == (DAY, DAY.add(days=1))
    assert board.today == DAY.add(days=1)
    # Carried: one successor per open task, with the original date visible.
    carried = [t for t in board.tasks(board.today) if t.carried_from]
    assert {t.carried_from for t in carried} == open_ids
    assert all(t.extra["carried_from_date"] == "2022-04-26" and t.is_open for t in carried)
    # Carried deliveries stay under their batch, which goes on to the new day.
    from dutyboard.views.deliveries import build_deliveries

    batches = board.batches(board.today)
    assert [b.name for b in batches] == ["团购蔬菜包"]
    view = build_deliveries(board, board.today, "zh", clock.now())
    assert view.rows and all(r.batch == batches[0].id for r in view.rows)
    # The original is closed in the archive; the ticked one is archived as done.
    # (in the part of the closed day, the only part the swap wrote)
    parts_after = archive_files(board.store.path)
    assert {n for n, b in parts_after.items() if parts_before.get(n) != b} == {"2022-04-26.json"}
    assert set(parts_before) <= set(parts_after)
    for t in carried:
        orig = archived(board.store, "tasks", t.carried_from or "", day="2022-04-26")
        assert orig is not None and orig["status"] == "carried" and orig["carried_to"] == t.id
    done_doc = archived(board.store, "tasks", done_task.id, day="2022-04-26")
    assert done_doc is not None and done_doc["status"] == "done"
    # Nothing of the closed day is left in the live file; a new, empty tomorrow.
    for table, fld in DATED_TABLES.items():
        left = [
            d
            for d in board.store.rows(table)
            if d.get(fld, "9") < "2022-04-27" and not (table == "slots" and d["key"] == "night")
        ]
        assert not [d for d in left if table != "assignments" or d.get("slot") is None], table
    new_tomorrow = board.slots(board.tomorrow)
    assert new_tomorrow and not any(board.assignments(s.id) for s in new_tomorrow)
    assert [t for t in board.tasks(board.today, kind="disinfection") if not t.carried_from]
    assert board.building_status(9) == "positive"
    # The new today is what was planned.
    assert stranger.id in {a.volunteer for a in board.assignments(morning.id)}

    # Undo: exactly the old state, in memory and on disk, and the archive tidied.
    assert swap.undoable_swap(board) is not None
    swap.undo_swap(board, boss)
    assert board.today == DAY
    assert canonical(board) == before
    fresh = Board.open(board.store.path, clock, device_id="check")
    assert canonical(fresh) == before
    assert archived(fresh.store, "tasks", next(iter(open_ids))) is None

    # And the swap can be made again, the same records coming back.
    again = swap.swap(board, boss)
    assert {t.carried_from for t in board.tasks(board.today) if t.carried_from} == open_ids
    assert again.carried == len(open_ids)


def test_undo_is_refused_after_the_first_tick_and_for_volunteers(board: Board) -> None:
    boss = leader(board)
    swap.swap(board, boss)
    with pytest.raises(Refused):
        swap.undo_swap(board, volunteer(board))
    board.tick([board.tasks(board.today, kind="delivery")[0]], volunteer(board))
    assert swap.undoable_swap(board) is None
    with pytest.raises(Refused, match="new day has begun"):
        swap.undo_swap(board, boss)


def test_volunteers_cannot_swap_or_plan(board: Board) -> None:
    v = volunteer(board)
    with pytest.raises(Refused, match="not a shift leader"):
        swap.swap(board, v)
    with pytest.raises(Refused, match="not a shift leader"):
        plan.copy_today(board, v, replace=True)
    assert board.today == DAY


def test_swap_past_the_calendars_tomorrow_is_refused(board: Board, clock: FixedClock) -> None:
    boss = leader(board)
    swap.swap(board, boss)  # 26 → 27 at 21:30 on the 26th: the calendar's tomorrow
    with pytest.raises(Refused, match="ahead of the calendar"):
        swap.swap(board, boss)
    with pytest.raises(Refused, match="one day at a time"):
        swap.swap(board, boss, to=DAY.add(days=3))
    assert board.today == DAY.add(days=1)


def test_cli_swap_to_twice_is_a_no_op(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUTYBOARD_NOW", "2022-04-27T06:30:00+08:00")
    name = leader(Board.open(path)).name
    args = ["swap", "--db", str(path), "--to", "2022-04-27", "--yes", "--as", name, "--lang", "en"]
    assert cli.main(args) == 0
    assert "Swapped: 2022-04-26 → 2022-04-27" in capsys.readouterr().out
    first = path.read_bytes(), archive_files(path)
    assert "2022-04-26.json" in first[1]
    assert cli.main(args) == 0
    assert "already on 2022-04-27" in capsys.readouterr().out
    assert (path.read_bytes(), archive_files(path)) == first
    # Without --yes the diff is shown and a "no" changes nothing.
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("n\n"))
    assert cli.main(["swap", "--db", str(path), "--as", name, "--lang", "en"]) == 1
    err = capsys.readouterr()
    assert "Swap in tomorrow" in err.out and "not swapped" in err.err
    assert "Traceback" not in err.err


def test_cli_errors_are_one_line(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["swap", "--db", str(path), "--to", "tomorrow", "--yes", "--as", "x"]) == 1
    name = leader(Board.open(path)).name  # no --as: refused before --to is read (exit 1)
    assert cli.main(["swap", "--db", str(path), "--to", "27-04", "--yes", "--as", name]) == 2
    out = capsys.readouterr()
    assert "Traceback" not in out.err and out.err.count("dutyboard:") == 2


# ---------------------------------------------------------------- rotation templates


def test_rotation_every_two_days_copies_the_day_before_yesterday(board: Board) -> None:
    boss = leader(board)
    assert [r.key for r in plan.rotations(board)] == ["alternate", "weekly"]
    r = plan.apply_rotation(board, boss, "alternate", replace=True)
    source = plan.day_people(board, DAY.subtract(days=1))  # from the archive
    assert r.added == sum(len(set(v)) for v in source.values()) > 0
    got = plan.day_people(board, board.tomorrow)
    assert {k: sorted(set(v)) for k, v in got.items() if v} == {
        k: sorted(set(v)) for k, v in source.items() if v
    }


def test_rotation_teams_take_turns(tmp_path: Path, clock: FixedClock) -> None:
    import dataclasses

    from dutyboard.core.config import RotationSpec, TeamSpec, load_config

    p = tmp_path / "b.json"
    build_demo(p, date=DAY, seed=2022, clock=clock, device_id="d")
    b = Board.open(p, clock, device_id="a")
    people = sorted(v.name for v in b.volunteers() if "delivery" in v.groups)
    names = [n for n in people if sum(v.name == n for v in b.volunteers()) == 1][:4]
    spec = RotationSpec(
        "gate",
        "大门",
        "Gate",
        ("delivery",),
        start="2022-04-26",
        teams=(
            TeamSpec("A队", "Team A", (("delivery.night", (names[0], names[1])),)),
            TeamSpec("B队", "Team B", (("delivery.night", (names[2], names[3])),)),
        ),
    )
    config = dataclasses.replace(load_config(), rotations=(spec,))
    with b.transaction() as tx:
        tx.set_meta({"config": config.to_dict()})
    assert plan.team_on(plan.rotation(b, "gate"), DAY.add(days=1)).en == "Team B"
    plan.apply_rotation(b, leader(b), "gate", replace=True)
    night = next(s for s in b.slots(b.tomorrow, "delivery") if s.key == "night")
    assert (
        sorted(b.volunteer(a.volunteer).name for a in b.assignments(night.id))
        == sorted(  # type: ignore[union-attr]
            names[2:4]
        )
    )
    # Other delivery slots were emptied (replace) and nothing else touched.
    assert b.slots(b.tomorrow, "supplies") and any(
        b.assignments(s.id) for s in b.slots(b.tomorrow, "supplies")
    )


def test_days_in_a_row_counts_the_archive(board: Board) -> None:
    """The live file holds two days; the warning needs the closed days too."""
    boss = leader(board)
    with board.transaction() as tx:
        rules = dict(board.meta["rules"])
        rules["max_days_in_a_row"] = 2
        tx.set_meta({"rules": rules})
    plan.copy_today(board, boss, replace=True)
    warnings = plan.day_warnings(board)
    assert "days_in_a_row" in warnings.codes()


# ---------------------------------------------------------------- closed days merged in


def test_an_older_copy_merged_in_goes_to_the_archive_and_its_tick_is_kept(
    tmp_path: Path, path: Path, clock: FixedClock
) -> None:
    """Laptop B still on the 26th ticks a delivery after laptop A swapped; merging B's
    copy into A must not bring the closed day back, and the tick must survive."""
    b_dir = tmp_path / "b"
    b_dir.mkdir()
    b_path = b_dir / "board.json"
    shutil.copy(path, b_path)
    copy_archive(path, b_path)

    a = Board.open(path, clock, device_id="laptop-a")
    task = a.tasks(DAY, kind="delivery")[0]
    clock.at = at(27, 6, 0)
    swap.swap(a, leader(a))
    successor = next(t for t in a.tasks(a.today) if t.carried_from == task.id)

    clock.at = at(27, 6, 5)
    b = Board.open(b_path, clock, device_id="laptop-b")
    b.tick([b.task(task.id)], volunteer(b))  # type: ignore[list-item]

    summary = merge_copies(a, [b_path])
    assert a.today == DAY.add(days=1)
    assert not summary.conflicts
    for table, fld in DATED_TABLES.items():
        stale = [d for d in a.store.rows(table) if d.get(fld, "9") < "2022-04-27"]
        assert not [d for d in stale if d.get("key") != "night" and d.get("slot") is None], table
    closed = archived(a.store, "tasks", task.id, day="2022-04-26")
    assert closed is not None and closed["status"] == "done"
    assert closed["done_by"] == volunteer(a).id
    assert a.task(successor.id).status == "done"  # type: ignore[union-attr]
    # On disk too, and a second merge changes nothing more.
    fresh = Board.open(path, clock, device_id="check")
    assert fresh.task(task.id) is None and fresh.task(successor.id).status == "done"  # type: ignore[union-attr]
    assert not any(is_deleted(d) for d in fresh.store.table("tasks").values() if d["id"] == task.id)
    # Merging the same copy again changes nothing (the merge stays idempotent).
    before = (path.read_bytes(), archive_files(path))
    again = merge_copies(fresh, [b_path])
    assert not again.changed
    assert (path.read_bytes(), archive_files(path)) == before


def test_an_older_copy_put_over_the_file_is_routed_too(
    tmp_path: Path, path: Path, clock: FixedClock
) -> None:
    a = Board.open(path, clock, device_id="laptop-a")
    b_path = tmp_path / "b.json"
    shutil.copy(path, b_path)
    task = a.tasks(DAY, kind="delivery")[3]
    clock.at = at(27, 6, 0)
    swap.swap(a, leader(a))
    # Laptop B, still on the 26th, marks a delivery failed after the swap; its file is
    # then copied over A's (a USB stick), and A's running program takes it in.
    clock.at = at(27, 6, 20)
    b = Board.open(b_path, clock, device_id="laptop-b")
    b.fail([b.task(task.id)], volunteer(b), "nobody_home")  # type: ignore[list-item]
    path.write_bytes(b_path.read_bytes())
    a.refresh()
    assert a.today == DAY.add(days=1)
    assert not [t for t in a.tasks() if t.date == DAY]
    successor = next(t for t in a.tasks(a.today) if t.carried_from == task.id)
    assert (successor.status, successor.fail_reason) == ("failed", "nobody_home")
    a.store.save()
    fresh = Board.open(path, clock)
    assert not [t for t in fresh.tasks() if t.date == DAY]
    closed = archived(fresh.store, "tasks", task.id, day="2022-04-26")
    assert closed is not None and closed["status"] == "failed"


def test_tomorrow_warns_about_a_home_in_a_building_closed_today(board: Board) -> None:
    """Tomorrow has no building statuses until the swap copies today's: planning
    expects the latest known one (building 9 is positive in the demo)."""
    from dutyboard.core import staffing

    assert board.building_status(9) == "positive"
    assert board.building_status(9, board.tomorrow) == "normal"  # the rules' own view
    boss = leader(board)
    person = next(
        v
        for v in sorted(board.volunteers(), key=lambda v: v.name)
        if v.building == 9 and not board.assignments_of(v.id, board.tomorrow)
    )
    slot = next(s for s in board.slots(board.tomorrow) if s.group in person.groups)
    staffing.assign(board, person.id, slot.id, boss, override_reason="test")
    warnings = plan.day_warnings(board)
    mine = [
        w.code
        for aid, ws in warnings.people.items()
        if board.assignment(aid).volunteer == person.id  # type: ignore[union-attr]
        for w in ws
    ]
    assert mine == ["positive_home"]


def test_remove_from_tomorrow_and_undo_with_u(board: Board) -> None:
    boss = leader(board)
    slot = next(s for s in board.slots(board.tomorrow) if board.assignments(s.id))
    a = board.assignments(slot.id)[0]
    with pytest.raises(Refused):
        plan.remove_person(board, volunteer(board), a.id)
    today_a = next(x for s in board.slots(board.today) for x in board.assignments(s.id))
    with pytest.raises(Refused, match="future day"):
        plan.remove_person(board, boss, today_a.id)
    plan.remove_person(board, boss, a.id)
    assert board.assignment(a.id) is None
    assert undo_last(board, boss) is not None
    back = board.assignment(a.id)
    assert back is not None and (back.slot, back.volunteer) == (a.slot, a.volunteer)


def test_cli_plan_copy_in_json_prints_only_json(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the copy did goes in the object ("applied"), not on a line before it."""
    import json

    monkeypatch.setenv("DUTYBOARD_NOW", "2022-04-26T09:30:00+08:00")
    name = leader(Board.open(path)).name
    base = ["plan", "--db", str(path), "--as", name, "--lang", "en", "--format", "json"]
    assert cli.main([*base[:1], "copy", *base[1:], "--replace"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["applied"]["action"] == "copy" and data["applied"]["from"] == "2022-04-26"
    assert data["applied"]["added"] > 0 and data["date"] == "2022-04-27"
    assert cli.main([*base[:1], "show", *base[1:]]) == 0
    assert "applied" not in json.loads(capsys.readouterr().out)

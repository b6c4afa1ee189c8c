"""The Deliveries and Disinfection view builders: plain data from a board, no Textual."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pendulum
import pytest

from dutyboard.core.board import Board
from dutyboard.core.config import load_config
from dutyboard.core.model import Task
from dutyboard.core.newboard import disinfection_records
from dutyboard.i18n.catalogues import tasks_ui
from dutyboard.views.deliveries import (
    DEFAULT_REASONS,
    DeliveriesView,
    DeliveryRow,
    Progress,
    build_deliveries,
    clock_time,
)
from dutyboard.views.disinfection import DisinfectionView, build_disinfection
from tests.factories import NOW, TODAY, TZ, person, tiny_board

DAY = pendulum.date(2022, 4, 26)
CONFIG = load_config()
HOUSEHOLDS = [
    ("h5a", 5, 10, "101"),
    ("h5b", 5, 2, "301"),
    ("h6", 6, 1, "101"),
    ("h1", 1, 1, "101"),
    ("h2", 2, 1, "101"),
]


def row(view: DeliveriesView, task_id: str) -> DeliveryRow:
    found = view.row(task_id)
    assert found is not None, task_id
    return found


def task(board: Board, task_id: str) -> Task:
    found = board.task(task_id)
    assert found is not None, task_id
    return found


def _task(tx: Any, tid: str, **values: Any) -> None:
    base = {"kind": "delivery", "group": "delivery", "date": TODAY, "status": "open"}
    tx.insert("tasks", {**base, "code": tid.upper(), **values}, tid)


def delivery_board(tmp_path: Path, *, config: bool = True) -> Board:
    """Two batches (milk arrives first), a task of an unknown batch, statuses of every kind."""
    extra: dict[str, Any] = {"config": CONFIG.to_dict()} if config else {}
    board = tiny_board(
        tmp_path,
        volunteers=[person("zhou", "周宝", building=5), person("li", "李明", building=6)],
        building_status=[(5, "sealed"), (6, "positive")],
        **extra,
    )
    with board.transaction() as tx:
        for hid, building, unit, room in HOUSEHOLDS:
            tx.insert(
                "households", {"building": building, "unit": unit, "room": room}, record_id=hid
            )
        tx.insert(
            "batches",
            {
                "date": TODAY,
                "name": "蔬菜包",
                "supplier": "基地",
                "items": "青菜 土豆",
                "arrives": "10:30",
            },
            record_id="veg",
        )
        tx.insert(
            "batches",
            {
                "date": TODAY,
                "name": "牛奶",
                "supplier": "光明",
                "items": "牛奶",
                "arrives": "08:00",
            },
            record_id="milk",
        )
        _task(
            tx, "d1", batch="veg", household="h5a", address="5-10-101", items="青菜", carrier="zhou"
        )
        _task(tx, "d2", batch="veg", household="h5b", address="5-2-301", carrier="ghost")
        _task(
            tx,
            "d3",
            batch="veg",
            household="h6",
            address="6-1-101",
            carrier="li",
            status="done",
            done_by="li",
            done_at="2022-04-26T02:32:00+00:00",
        )
        _task(
            tx,
            "d4",
            batch="milk",
            household="h1",
            address="1-1-101",
            status="failed",
            done_by="zhou",
            done_at="2022-04-26T09:05:00+08:00",
            fail_reason="nobody_home",
        )
        _task(
            tx,
            "d5",
            batch="milk",
            household="h2",
            address="2-1-101",
            status="failed",
            fail_reason="门口有狗",
        )
        _task(tx, "d6", batch="gone", address="3-1-101")
        _task(tx, "d7", batch="veg", address="5-1-101", date="2022-04-27")
        _task(tx, "x1", kind="disinfection", group="disinfection", building=5, item="lift_buttons")
    return board


@pytest.fixture
def deliveries(tmp_path: Path) -> DeliveriesView:
    board = delivery_board(tmp_path)
    return build_deliveries(board, DAY, "zh", NOW)


# ------------------------------------------------------------------ deliveries


def test_rows_go_batch_by_batch_then_building_then_room(deliveries: DeliveriesView) -> None:
    assert [r.task_id for r in deliveries.rows] == ["d4", "d5", "d2", "d1", "d3", "d6"]
    assert [b.id for b in deliveries.batches] == ["milk", "veg", ""]
    assert deliveries.batches[-1].name == "其他"
    assert row(deliveries, "d6").batch == ""


def test_row_fields(deliveries: DeliveriesView) -> None:
    d1, d2, d3 = (row(deliveries, tid) for tid in ("d1", "d2", "d3"))
    assert (d1.address, d1.building, d1.items, d1.carrier) == ("5-10-101", 5, "青菜", "周宝")
    assert d1.building_status == "sealed"
    assert d2.items == "青菜 土豆"  # no items of its own: the batch's
    assert d2.carrier == "ghost"  # not a volunteer on this board: shown as given
    assert (d3.status, d3.done_at, d3.done_by, d3.building_status) == (
        "done",
        "10:32",  # stored in UTC, shown in the board's time zone
        "李明",
        "positive",
    )


def test_failure_reasons_are_shown_in_the_language(tmp_path: Path) -> None:
    board = delivery_board(tmp_path)
    zh = build_deliveries(board, DAY, "zh", NOW)
    en = build_deliveries(board, DAY, "en", NOW)
    assert row(zh, "d4").reason == "家中无人"
    assert row(en, "d4").reason == "Nobody home"
    assert row(en, "d5").reason == "门口有狗"  # typed in: as is
    assert [r.key for r in en.fail_reasons] == [r.key for r in CONFIG.fail_reasons]


def test_failure_reasons_fall_back_to_the_four_defaults(tmp_path: Path) -> None:
    board = delivery_board(tmp_path, config=False)
    view = build_deliveries(board, DAY, "en", NOW)
    assert [r.key for r in view.fail_reasons] == list(DEFAULT_REASONS)
    assert [r.label for r in view.fail_reasons][:2] == ["Nobody home", "Left at door"]
    assert row(view, "d4").reason == "Nobody home"


def test_progress_per_batch_building_and_day(deliveries: DeliveriesView) -> None:
    assert deliveries.progress == Progress(done=1, failed=2, total=6)
    by_batch = {b.id: p for b, p in deliveries.batch_progress()}
    assert by_batch == {
        "milk": Progress(0, 2, 2),
        "veg": Progress(1, 0, 3),
        "": Progress(0, 0, 1),
    }
    buildings = {
        b.number: (b.status, b.progress.handled, b.progress.total)
        for b in deliveries.building_progress()
    }
    assert buildings == {
        1: ("normal", 1, 1),
        2: ("normal", 1, 1),
        3: ("normal", 0, 1),
        5: ("sealed", 0, 2),
        6: ("positive", 1, 1),
    }


def test_open_only_filter(deliveries: DeliveriesView) -> None:
    assert [r.task_id for r in deliveries.visible(open_only=True)] == ["d2", "d1", "d6"]
    assert deliveries.visible(open_only=False) == deliveries.rows


def test_with_status_is_the_optimistic_change(deliveries: DeliveriesView) -> None:
    ticked = deliveries.with_status(["d1"], "done")
    assert row(ticked, "d1").status == "done"
    assert row(ticked, "d1").done_at == ""  # known after the save
    assert ticked.progress.handled == deliveries.progress.handled + 1
    assert row(deliveries, "d1").status == "open"  # unchanged
    failed = deliveries.with_status(["d2"], "failed", "refused")
    assert row(failed, "d2").reason == "拒收"
    reopened = deliveries.with_status(["d4"], "open")
    assert row(reopened, "d4").reason == ""
    assert reopened.progress.failed == 1


def test_a_tick_on_the_board_shows_time_and_person(tmp_path: Path) -> None:
    board = delivery_board(tmp_path)
    zhou = board.volunteer("zhou")
    assert zhou is not None
    board.clock.advance(minutes=42)  # type: ignore[attr-defined]
    board.tick([task(board, "d1")], zhou)
    d1 = row(build_deliveries(board, DAY, "zh", NOW), "d1")
    assert (d1.status, d1.done_at, d1.done_by) == ("done", "09:42", "周宝")


def test_no_deliveries(tmp_path: Path) -> None:
    board = tiny_board(tmp_path)
    view = build_deliveries(board, DAY, "zh", NOW)
    assert view.rows == () and view.batches == ()
    assert view.progress == Progress(0, 0, 0) and view.progress.ratio == 1.0


def test_clock_time() -> None:
    assert clock_time("2022-04-26T02:32:00+00:00", TZ) == "10:32"
    assert clock_time(None, TZ) == ""
    assert clock_time("not a time", TZ) == ""


# ------------------------------------------------------------------ disinfection


def checklist_board(tmp_path: Path, *, config: bool = True, now: pendulum.DateTime = NOW) -> Board:
    """Buildings 1, 2 and 6 (positive, so three rounds) and the configured areas."""
    spec = dataclasses.replace(
        CONFIG, buildings=tuple(b for b in CONFIG.buildings if b.number in (1, 2, 6))
    )
    extra: dict[str, Any] = {"config": CONFIG.to_dict()} if config else {}
    board = tiny_board(
        tmp_path,
        volunteers=[person("zhou", "周宝")],
        building_status=[(6, "positive"), (2, "sealed")],
        now=now,
        **extra,
    )
    with board.transaction() as tx:
        for i, rec in enumerate(disinfection_records(spec, DAY, {6: "positive"})):
            tx.insert("tasks", {**rec, "code": f"X{i:05d}"}, f"x{i}")
    return board


def _ids(board: Board, building: int | None, item: str, rnd: int = 1) -> list[str]:
    return [
        x.id
        for x in board.tasks(DAY, kind="disinfection")
        if x.building == building and x.item == item and x.round == rnd
    ]


def test_grid_rows_positive_first_then_buildings_then_areas(tmp_path: Path) -> None:
    view = build_disinfection(checklist_board(tmp_path), DAY, "zh", NOW)
    assert [r.key for r in view.rows] == [
        "b6.1",
        "b6.2",
        "b6.3",
        "b1.1",
        "b2.1",
        "a:main_gate.1",
        "a:rubbish_station.1",
        "a:parcel_point.1",
    ]
    assert [(r.status, r.rounds) for r in view.rows[:5]] == [
        ("positive", 3),
        ("positive", 3),
        ("positive", 3),
        ("normal", 1),
        ("sealed", 1),
    ]
    assert view.rows[5].label == "小区大门"
    assert [c.label for c in view.columns] == [i.zh for i in CONFIG.disinfection.items]
    building_items = sum(i.scope == "building" for i in CONFIG.disinfection.items)
    assert view.rows[0].progress == Progress(0, 0, building_items)
    assert view.rows[5].progress.total == len(CONFIG.disinfection.items) - building_items


def test_grid_labels_in_english_and_without_config(tmp_path: Path) -> None:
    board = checklist_board(tmp_path)
    en = build_disinfection(board, DAY, "en", NOW)
    assert en.columns[0].label == "Lift buttons" and en.rows[5].label == "Main gate"
    (tmp_path / "bare").mkdir()
    bare = build_disinfection(checklist_board(tmp_path / "bare", config=False), DAY, "en", NOW)
    assert [c.key for c in bare.columns] == sorted(c.key for c in en.columns)
    assert all(c.label == c.key for c in bare.columns)  # no names configured: the keys
    assert bare.rows[-1].label == bare.rows[-1].area


def test_overdue_is_open_and_past_due(tmp_path: Path) -> None:
    at = pendulum.datetime(2022, 4, 26, 9, 45, tz=TZ)
    board = checklist_board(tmp_path, now=at)
    zhou = board.volunteer("zhou")
    assert zhou is not None
    board.tick([task(board, _ids(board, 1, "stair_rails")[0])], zhou)
    view = build_disinfection(board, DAY, "zh", at)
    b1 = view.cell("b1.1", "lift_buttons")
    rails = view.cell("b1.1", "stair_rails")
    doors = view.cell("b1.1", "unit_doors")
    later = view.cell("b6.2", "lift_buttons")
    assert b1 and rails and doors and later
    assert (b1.due, b1.overdue) == ("09:00", True)
    assert (rails.status, rails.overdue, rails.done_at, rails.done_by) == (
        "done",
        False,
        "09:45",
        "周宝",
    )
    assert doors.overdue is False and later.overdue is False and later.due == "13:00"
    # lift buttons and stair rails of round 1 in buildings 6, 1, 2, less the one ticked
    assert view.overdue == 5
    assert view.cell("b1.1", "surfaces") is None  # an area item: not on a building row
    reopened = view.with_status(rails.task_ids, "open").cell("b1.1", "stair_rails")
    assert reopened and reopened.overdue  # back to open, and still past due


def test_building_progress_adds_up_the_rounds(tmp_path: Path) -> None:
    board = checklist_board(tmp_path)
    view = build_disinfection(board, DAY, "zh", NOW)
    ticked = view.with_status(_ids(board, 6, "lift_buttons", 2), "done")
    progress = {
        b.number: (b.status, b.progress.done, b.progress.total) for b in ticked.building_progress()
    }
    assert list(progress) == [6, 1, 2]
    assert progress[6] == ("positive", 1, 15) and progress[1] == ("normal", 0, 5)
    assert ticked.progress.done == 1 and view.progress.done == 0


def test_a_carried_over_task_shares_its_cell(tmp_path: Path) -> None:
    board = checklist_board(tmp_path)
    with board.transaction() as tx:
        _task(
            tx,
            "old",
            kind="disinfection",
            group="disinfection",
            building=1,
            item="lift_buttons",
            round=1,
            due="2022-04-25T09:00:00+08:00",
            carried_from="2022-04-25",
        )
    view = build_disinfection(board, DAY, "zh", NOW)
    cell = view.cell("b1.1", "lift_buttons")
    assert cell and len(cell.task_ids) == 2 and cell.due == "09:00" and cell.late
    half = view.with_status(cell.open_ids[:1], "done").cell("b1.1", "lift_buttons")
    assert half and half.status == "open" and len(half.open_ids) == 1
    done = view.with_status(cell.open_ids, "done").cell("b1.1", "lift_buttons")
    assert done and done.status == "done" and not done.overdue


def test_no_checklist(tmp_path: Path) -> None:
    view = build_disinfection(tiny_board(tmp_path), DAY, "zh", NOW)
    assert view == DisinfectionView(DAY, (), ())
    assert view.overdue == 0 and view.building_progress() == []


# ------------------------------------------------------------------ strings


def test_every_tasks_string_is_complete_in_both_languages() -> None:
    for key, (zh, en) in tasks_ui.STRINGS.items():
        assert zh.strip() and en.strip(), key
        fields = re.compile(r"\{(\w+)\}")
        assert sorted(fields.findall(zh)) == sorted(fields.findall(en)), key

"""Late and overdue (dutyboard.groups.lateness): late after N minutes with a fixed clock,
cleared by arrived or no-show; overdue work of every kind, since when and where to
find it. Tiny board, fixed clock (09:00 Shanghai)."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from dutyboard.core.board import Board
from dutyboard.core.config import load_config
from dutyboard.core.model import Volunteer
from dutyboard.core.staffing import mark
from dutyboard.core.undo import undo_last
from dutyboard.groups import lateness
from dutyboard.storage.errors import ConfigError
from dutyboard.views.overdue import build_overdue
from tests.factories import NOW, TZ, person, slot, tiny_board


def make_board(tmp_path: Path, **meta: object) -> Board:
    return tiny_board(
        tmp_path,
        volunteers=[
            person("lead", "周组长", role="leader"),
            person("li", "李明"),
            person("wang", "王芳"),
            person("zhao", "赵强"),
        ],
        slots=[
            slot("am", "delivery", "08:30", "11:00", needed=3),
            slot("pm", "delivery", "13:00", "17:00"),
            slot("night", "delivery", "22:00", "06:00", date="2022-04-25"),
        ],
        assignments=[
            ("li", "am"),
            ("wang", "am"),
            ("zhao", "am", "arrived"),
            ("lead", "pm"),
            ("li", "night"),
        ],
        **meta,  # type: ignore[arg-type]
    )


def who(board: Board, vid: str = "lead") -> Volunteer:
    v = board.volunteer(vid)
    assert v is not None
    return v


def at(hh: int, mm: int) -> pendulum.DateTime:
    return pendulum.datetime(2022, 4, 26, hh, mm, tz=TZ)


# ---------------------------------------------------------------- late


def test_late_after_the_configured_minutes_until_the_slot_ends(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    assert lateness.late_after_minutes(board) == 15  # the default
    assert lateness.late(board, at(8, 44)) == []  # 14 minutes in: not yet
    late = lateness.late(board, at(8, 45))
    assert [(s.id, v.name) for s, _, v in late] == [("am", "李明"), ("am", "王芳")]
    assert lateness.late_count(board, at(10, 59)) == 2
    assert lateness.late_count(board, at(11, 0)) == 0  # the slot is over
    # the afternoon: 周组长 late from 13:15; yesterday's night slot never counts
    assert lateness.late_ids(board, at(13, 15)) == {"lead@pm"}
    assert lateness.late_ids(board, at(5, 59)) == frozenset()


def test_arrived_or_no_show_clears_it(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    now = at(9, 0)
    assert lateness.late_ids(board, now) == {"li@am", "wang@am"}
    mark(board, "li@am", "arrived", who(board))
    assert lateness.late_ids(board, now) == {"wang@am"}
    mark(board, "wang@am", "no_show", who(board))
    assert lateness.late_ids(board, now) == frozenset()
    undo_last(board, who(board))  # back to scheduled: late again
    assert lateness.late_ids(board, now) == {"wang@am"}


def test_the_minutes_are_a_setting(tmp_path: Path) -> None:
    board = make_board(tmp_path, rules={"late_after_minutes": 45})
    assert lateness.late_after_minutes(board) == 45
    assert lateness.late_count(board, at(9, 14)) == 0
    assert lateness.late_count(board, at(9, 15)) == 2
    # a board made from config reads it from its copy of the configuration
    other = make_board(tmp_path, name="b2.json", rules={}, config={"late_after_minutes": 5})
    assert lateness.late_after_minutes(other) == 5


def test_config_checks_late_after_minutes(tmp_path: Path) -> None:
    source = Path(load_config().source)
    folder = tmp_path / "config"
    folder.mkdir()
    for f in source.glob("*.toml"):
        (folder / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_config(folder).late_after_minutes == 15
    board_toml = folder / "board.toml"
    text = board_toml.read_text(encoding="utf-8")
    board_toml.write_text(
        text.replace("late_after_minutes = 15", "late_after_minutes = 20"), encoding="utf-8"
    )
    assert load_config(folder).late_after_minutes == 20
    board_toml.write_text(
        text.replace("late_after_minutes = 15", 'late_after_minutes = "soon"'), encoding="utf-8"
    )
    with pytest.raises(ConfigError) as exc:
        load_config(folder)
    assert exc.value.message.endswith(
        "board.toml: rules.late_after_minutes: expected a whole number >= 0 and <= 240, "
        "got 'soon' (text in quotes; remove the quotes)"
    )
    board_toml.write_text(
        text.replace("late_after_minutes = 15", "late_after_minutes = 600"), encoding="utf-8"
    )
    with pytest.raises(ConfigError) as exc:
        load_config(folder)
    assert exc.value.message.endswith("expected a whole number >= 0 and <= 240, got 600")


# ---------------------------------------------------------------- overdue


def overdue_board(tmp_path: Path) -> Board:
    board = make_board(tmp_path)
    with board.transaction() as tx:
        for hid, b, room, alone in (("h1", 1, "101", True), ("h2", 2, "201", True)):
            tx.insert(
                "households",
                {"building": b, "unit": 1, "room": room, "residents": 1, "elderly_alone": alone},
                hid,
            )
        tx.insert(  # h1 was called two days ago (every 3 days: due tomorrow); h2 never
            "contacts",
            {
                "household": "h1",
                "at": NOW.subtract(days=2).isoformat(),
                "day": "2022-04-24",
                "by": "lead",
                "reached": True,
            },
        )
        for bld, item, due in ((3, "lift_buttons", "08:00"), (3, "stair_rails", "08:30")):
            tx.insert(
                "tasks",
                {
                    "kind": "disinfection",
                    "group": "disinfection",
                    "date": "2022-04-26",
                    "status": "open",
                    "building": bld,
                    "item": item,
                    "round": 1,
                    "due": f"2022-04-26T{due}:00+08:00",
                },
                f"x{bld}{item}",
            )
        tx.insert(
            "tasks",
            {
                "kind": "disinfection",
                "group": "disinfection",
                "date": "2022-04-26",
                "status": "open",
                "building": 4,
                "item": "lift_buttons",
                "round": 1,
                "due": "2022-04-26T12:00:00+08:00",
            },
            "x4later",
        )
        tx.insert(
            "tasks",
            {
                "kind": "medicine",
                "group": "medicine",
                "date": "2022-04-26",
                "status": "open",
                "household": "h1",
                "address": "1-1-101",
                "medicine": "胰岛素",
                "urgent": True,
                "raised_at": NOW.subtract(hours=30).isoformat(),
            },
            "med1",
        )
        tx.insert(
            "tasks",
            {
                "kind": "parcel",
                "group": "delivery",
                "date": "2022-04-26",
                "status": "open",
                "building": 2,
                "address": "2-1-201",
                "received_at": NOW.subtract(hours=25).isoformat(),
            },
            "p1",
        )
        tx.insert(
            "tasks",
            {
                "kind": "parcel",
                "group": "delivery",
                "date": "2022-04-26",
                "status": "open",
                "building": 2,
                "address": "2-1-201",
                "received_at": NOW.subtract(hours=2).isoformat(),
            },
            "p2",
        )
    return board


def test_overdue_work_of_every_kind(tmp_path: Path) -> None:
    board = overdue_board(tmp_path)
    found = lateness.overdue(board, NOW)
    by_kind = {o.kind: o for o in found}
    assert [o.kind for o in found] == ["care", "medicine", "disinfection", "parcel"]
    care = by_kind["care"]  # never called: first, no since
    assert (care.since, care.tab, care.record, care.household) == (None, "care", "h2", "h2")
    assert by_kind["parcel"].tasks == ("p1",)  # the one that came 2 hours ago is not
    assert (by_kind["parcel"].tab, by_kind["parcel"].record) == ("deliveries", "p1")
    assert by_kind["parcel"].since == NOW.subtract(hours=1)
    assert by_kind["medicine"].record == "med1" and by_kind["medicine"].tab == "medicine"
    # building 3's round, both its items past due, since the first; building 4's not yet
    dis = by_kind["disinfection"]
    assert (dis.tab, dis.record, dis.column) == ("disinfection", "b3.1", "lift_buttons")
    assert dis.tasks == ("x3lift_buttons", "x3stair_rails")
    assert dis.since == pendulum.datetime(2022, 4, 26, 8, 0, tz=TZ)
    assert lateness.overdue_count(board, NOW) == 4


def test_overdue_follows_the_clock_and_the_ticks(tmp_path: Path) -> None:
    board = overdue_board(tmp_path)
    assert lateness.overdue_count(board, at(7, 0)) == 2  # before the round and the parcel
    assert lateness.overdue_count(board, at(12, 0)) == 4  # building 4 at 12:00 sharp: not yet
    assert lateness.overdue_count(board, at(12, 1)) == 5
    tomorrow = pendulum.datetime(2022, 4, 27, 9, 1, tz=TZ)
    assert {o.record for o in lateness.overdue(board, tomorrow)} >= {"h1", "p2"}
    tasks = [board.task("x3lift_buttons"), board.task("x3stair_rails"), board.task("p1")]
    board.tick([x for x in tasks if x is not None], who(board))
    assert [o.kind for o in lateness.overdue(board, NOW)] == ["care", "medicine"]


def test_the_overdue_view_and_its_json(tmp_path: Path) -> None:
    board = overdue_board(tmp_path)
    view = build_overdue(board, "en", NOW)
    assert view.title == "Overdue (4)"
    rows = {r.kind: r for r in view.rows}
    assert rows["care"].since == "never called" and rows["care"].since_at == ""
    assert rows["care"].what == "2-1-201"
    assert rows["parcel"].since == "08:00"
    assert rows["medicine"].since == "04-25 15:00"  # urgent: due 12 hours after it was raised
    assert rows["disinfection"].what == "Building 3: lift_buttons, stair_rails"
    data = view.as_json()
    assert data[0] == {
        "kind": "care",
        "what": rows["care"].what,
        "since": None,
        "tab": "care",
        "record": "h2",
    }
    dis = next(d for d in data if d["kind"] == "disinfection")
    assert (dis["tab"], dis["record"], dis["column"]) == ("disinfection", "b3.1", "lift_buttons")
    assert dis["since"] == "2022-04-26T08:00:00+08:00"
    assert build_overdue(board, "zh", NOW).rows[0].kind_label == "回访"

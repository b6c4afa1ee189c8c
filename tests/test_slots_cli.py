"""``dutyboard slot add|edit|remove``, ``dutyboard overdue`` and the ``late`` of
``roster --format json``, run in-process through ``main(argv)``; the clock is fixed by
$DUTYBOARD_NOW (tests/conftest.py: 2022-04-26 09:30)."""

from __future__ import annotations

import json
from pathlib import Path

import pendulum
import pytest

from dutyboard.cli.main import main
from dutyboard.core.board import Board
from tests.factories import person, slot, tiny_board

NOW = pendulum.datetime(2022, 4, 26, 9, 30, tz="Asia/Shanghai")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def db(tmp_path: Path) -> Path:
    board = tiny_board(
        tmp_path,
        volunteers=[
            person("lead", "周组长", role="leader"),
            person("li", "李明", phone="13800000001"),
            person("wang", "王芳", phone="13800000002"),
        ],
        slots=[
            slot(
                "am", "delivery", "08:00", "11:00", needed=2, key="morning", zh="上午", en="Morning"
            ),
            slot("pm", "delivery", "13:00", "17:00", key="afternoon", zh="下午", en="Afternoon"),
        ],
        assignments=[("li", "am"), ("wang", "am", "arrived")],
        now=NOW,
    )
    return board.store.path


def test_slot_add_edit_remove(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ("--db", str(db), "--lang", "en")
    code, out, err = run(
        capsys, "slot", "add", "delivery", "--start", "15:30", "--end", "18:00",
        "--needed", "4", "--as", "周组长", *base,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == (
        "added slot delivery:extra-1530: Delivery Extra 15:30 15:30–18:00, 4 needed (2022-04-26)\n"
    )
    code, out, _ = run(
        capsys, "slot", "edit", "delivery:extra-1530", "--needed", "6", "--name", "大批团购",
        "--as", "周组长", *base,
    )  # fmt: skip
    assert code == 0 and out.startswith("changed slot delivery:extra-1530: Delivery 大批团购")
    code, out, _ = run(
        capsys, "slot", "edit", "delivery:extra-1530", "--needed", "6", "--as", "周组长", *base
    )
    assert code == 0 and out.startswith("nothing changed: slot delivery:extra-1530")
    code, out, _ = run(capsys, "slot", "remove", "delivery:extra-1530", "--as", "周组长", *base)
    assert code == 0
    assert out == "removed slot delivery:extra-1530: Delivery 大批团购 15:30–18:00 (2022-04-26)\n"
    board = Board.open(db)
    assert [s.key for s in board.slots(board.today, "delivery")] == ["morning", "afternoon"]
    actions = [e.action for e in board.audit() if e.action.startswith("slot_")]
    assert actions == ["slot_add", "slot_edit", "slot_remove"]


def test_slot_for_tomorrow_in_chinese(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "slot", "add", "快递组", "--start", "22:00", "--end", "06:00", "--needed", "2",
        "--date", "tomorrow", "--name", "夜间卸货", "--as", "周组长", "--db", str(db),
        "--lang", "zh",
    )  # fmt: skip
    assert code == 0
    assert out == (
        "已加开班次 delivery:extra-2200：明天 快递组 夜间卸货 22:00–06:00 (次日)，需 2 人"
        "（2022-04-27）\n"
    )


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (
            ["slot", "add", "delivery", "--start", "15:00", "--end", "14:00", "--needed", "2"],
            1,
            "dutyboard: the slot ends (14:00) before it starts (15:00); only a night slot "
            "starting at 18:00 or later may end the next morning.",
        ),
        (
            ["slot", "add", "kitchen", "--start", "15:00", "--end", "16:00", "--needed", "2"],
            1,
            "dutyboard: no group 'kitchen'; groups: supplies, delivery, disinfection, "
            "medicine, testing, care.",
        ),
        (
            ["slot", "add", "delivery", "--start", "15:00", "--end", "16:00", "--needed", "2",
             "--date", "2022-05-01"],
            1,
            "dutyboard: slots can be added or changed for today (2022-04-26) or tomorrow "
            "(2022-04-27) only, not '2022-05-01'.",
        ),
        (
            ["slot", "remove", "delivery:morning"],
            1,
            "dutyboard: 2 people are still in that slot: 李明, 王芳. Move them elsewhere "
            "first, then remove it.",
        ),
        (
            ["slot", "edit", "delivery:morning"],
            2,
            "dutyboard: give at least one of --start, --end, --needed, --name.",
        ),
        (
            ["slot", "edit", "delivery:lunch", "--needed", "3"],
            1,
            "dutyboard: no slot 'delivery:lunch' today or tomorrow (use its id, or "
            "GROUP:KEY like delivery:morning).",
        ),
    ],
)  # fmt: skip
def test_refusals_are_one_clear_line(
    db: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, message: str
) -> None:
    before = db.read_bytes()
    got, out, err = run(capsys, *argv, "--as", "周组长", "--db", str(db), "--lang", "en")
    assert (got, out) == (code, "")
    assert err.splitlines()[0] == message and "Traceback" not in err
    assert db.read_bytes() == before


def test_slot_without_an_action_is_a_usage_error(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "slot", "--db", str(db), "--lang", "en")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "dutyboard: missing required argument(s): ACTION",
        "  see 'dutyboard slot --help'",
    ]


def test_a_volunteer_is_refused(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "slot", "add", "delivery", "--start", "15:00", "--end", "16:00", "--needed",
        "2", "--as", "李明", "--db", str(db), "--lang", "en",
    )  # fmt: skip
    assert code == 1 and "李明 is not a shift leader" in err


def test_roster_json_says_who_is_late(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "roster", "--format", "json", "--db", str(db))
    assert code == 0
    delivery = next(g for g in json.loads(out)["groups"] if g["group"] == "delivery")
    people = {p["name"]: p for s in delivery["slots"] for p in s["people"]}
    assert people["李明"]["late"] is True  # 08:00 + 15 minutes < 09:30, not marked
    assert people["王芳"]["late"] is False  # arrived
    code, out, _ = run(capsys, "roster", "--date", "tomorrow", "--format", "json", "--db", str(db))
    assert code == 0 and '"late": true' not in out


def test_overdue_lists_what_is_overdue(
    db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    board = Board.open(db)
    with board.transaction() as tx:
        tx.insert(
            "households",
            {"building": 2, "unit": 1, "room": "201", "residents": 1, "elderly_alone": True},
            "h2",
        )
        tx.insert(
            "tasks",
            {
                "kind": "disinfection",
                "group": "disinfection",
                "date": "2022-04-26",
                "status": "open",
                "building": 3,
                "item": "lift_buttons",
                "round": 2,
                "due": "2022-04-26T09:00:00+08:00",
            },
            "x3",
        )
    code, out, _ = run(capsys, "overdue", "--db", str(db), "--lang", "en")
    assert code == 0
    assert out.splitlines() == [
        "Care call     never called  2-1-201",
        "Disinfection  09:00         Building 3 round 2: lift_buttons",
        "2 overdue.",
    ]
    code, out, _ = run(capsys, "overdue", "--format", "json", "--db", str(db))
    assert code == 0
    assert json.loads(out) == [
        {"kind": "care", "what": "2-1-201", "since": None, "tab": "care", "record": "h2"},
        {
            "kind": "disinfection",
            "what": "3号楼 第2轮: lift_buttons",
            "since": "2022-04-26T09:00:00+08:00",
            "tab": "disinfection",
            "record": "b3.2",
            "column": "lift_buttons",
        },
    ]

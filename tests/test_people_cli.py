"""``dutyboard volunteer add|edit|off|on|list`` and ``dutyboard household add|edit``,
in-process through ``main(argv)``: exit codes 0/1/2, one clear line, never a
traceback; ``dutyboard household ADDRESS`` (the household page) works as before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dutyboard.cli.main import build_parser, main
from dutyboard.core.board import Board
from dutyboard.groups import care
from tests.factories import person, slot, tiny_board


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out, out.err


@pytest.fixture
def db(tmp_path: Path) -> str:
    board = tiny_board(
        tmp_path,
        volunteers=[
            person("lead", "周组长", role="leader", groups=("delivery",), phone="13900000001"),
            person("wang", "王芳", groups=("delivery",), phone="13800001111"),
        ],
        slots=[slot("am", "delivery", "08:00", "12:00")],
        assignments=[("wang", "am")],
    )
    with board.transaction() as tx:
        tx.insert(
            "households",
            {"building": 5, "unit": 2, "room": "201", "residents": 2, "elderly_alone": True},
            "h-201",
        )
    return str(board.store.path)


def test_add_list_and_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "volunteer", "add", "张三", "--phone", "138 1234 5678", "--groups", "快递,关爱",
        "--building", "5", "--room", "2-301", "--availability", "周末", "--as", "周组长",
        "--db", db,
    )  # fmt: skip
    assert code == 0
    assert out == "已添加 张三（13812345678），住 5-2-301，小组：快递组、关爱组\n"
    code, out, _ = run(capsys, "volunteer", "list", "--group", "care", "--db", db, "--lang", "en")
    assert code == 0 and out.splitlines()[0] == "Care: 1 people (0 off duty in all)"
    # Nobody named: phones masked, as a volunteer sees them (dutyboard/groups/privacy.py).
    assert "张三" in out and "138****5678" in out and "5-2-301" in out and "周末" in out
    assert "13812345678" not in out
    code, out, _ = run(
        capsys, "volunteer", "list", "--format", "json", "--db", db, "--as", "周组长"
    )  # a leader: in full
    people = {p["name"]: p for p in json.loads(out)}
    assert people["张三"] | {"id": ""} == {
        "id": "",
        "name": "张三",
        "phone": "13812345678",
        "building": 5,
        "room": "2-301",
        "home": "5-2-301",
        "groups": ["delivery", "care"],
        "role": "volunteer",
        "availability": "周末",
        "note": "",
        "off_duty": False,
        "off_reason": None,
        "off_since": None,
        "off_until": None,
    }
    assert people["周组长"]["role"] == "leader"


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["add", "张三", "--phone", "1381234567", "--groups", "delivery"], 1, "11-digit"),
        (["add", "张三", "--phone", "13800001111", "--groups", "delivery"], 1, "王芳"),
        (["add", "张三", "--phone", "13812345678", "--groups", "扫地"], 1, "Supplies"),
        (["add", "张三", "--phone", "13812345678", "--groups", "d", "--building", "9"], 1, "1–6"),
        (["add", "张三", "--phone", "13812345678", "--groups", "delivery"], 0, ""),
        (["add", "张三", "--groups", "delivery"], 2, "--phone"),
        (["off", "王芳"], 2, "--reason"),
        (["off", "王芳", "--reason", "病", "--until", "2022-04-20"], 1, "not after today"),
        (["on", "王芳"], 1, "not off duty"),
        (["edit", "王芳"], 2, "nothing to change"),
        (["edit", "nobody", "--name", "x"], 1, "nobody called 'nobody'"),
    ],
)
def test_exit_codes_and_one_clear_line(
    db: str, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, message: str
) -> None:
    who = [] if code == 2 and "--reason" in message else ["--as", "周组长"]
    got, out, err = run(capsys, "volunteer", *argv, *who, "--db", db, "--lang", "en")
    assert got == code, err
    assert message in (err if code else out)
    if code:
        assert err.startswith("dutyboard: ") and out == ""


def test_off_on_and_the_roster_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "volunteer", "off", "王芳", "--reason", "生病", "--until", "2022-04-28",
        "--as", "周组长", "--db", db,
    )  # fmt: skip
    assert code == 0
    assert out.splitlines() == [
        "王芳 已停岗：生病 · 4月28日回来",
        "注意：今明两天的排班里还有 1 个班次排了此人，请组长调人。",
    ]
    code, out, _ = run(capsys, "roster", "--format", "json", "--db", db)
    (slot_json,) = json.loads(out)["groups"][1]["slots"]
    assert [(p["name"], p["off_duty"]) for p in slot_json["people"]] == [("王芳", True)]
    code, out, _ = run(capsys, "volunteer", "list", "--off", "--db", db, "--lang", "en")
    assert "off duty: 生病 · back 28 Apr" in out and "周组长" not in out
    code, out, _ = run(capsys, "volunteer", "on", "13800001111", "--as", "周组长", "--db", db)
    assert (code, out) == (0, "王芳 已恢复值班\n")


def test_a_volunteer_edits_their_own_availability_only(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "volunteer", "edit", "王芳", "--availability", "晚上", "--as", "王芳", "--db", db
    )
    assert code == 0 and out.startswith("已修改 王芳")
    code, _, err = run(
        capsys, "volunteer", "edit", "王芳", "--phone", "13800009999", "--as", "王芳", "--db", db
    )
    assert code == 1 and "只能改自己的可服务时段" in err
    code, _, err = run(
        capsys, "volunteer", "off", "王芳", "--reason", "x", "--as", "王芳", "--db", db
    )
    assert code == 1 and "不是组长" in err


def test_a_leader_moves_someone_and_clears_their_home(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["volunteer", "edit", "王芳", "--as", "周组长", "--db", db, "--lang", "en"]
    code, out, _ = run(capsys, *argv, "--building", "6", "--room", "1-602", "--role", "组长")
    assert (code, out) == (0, "changed 王芳 (13800001111), home 6-1-602, groups: Delivery\n")
    code, out, _ = run(capsys, *argv, "--building", "")
    assert (code, out) == (0, "changed 王芳 (13800001111), home —, groups: Delivery\n")
    code, out, _ = run(capsys, *argv, "--building", "")
    assert code == 0 and out.startswith("nothing changed for 王芳")
    assert Board.open(db).resolve_person("王芳").is_leader


def test_typed_text_is_printed_without_control_characters(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "volunteer", "off", "王芳", "--reason", "生病\n王芳 已恢复值班\x1b[2J",
        "--as", "周组长", "--db", db,
    )  # fmt: skip
    assert code == 0
    assert out.splitlines()[0] == "王芳 已停岗：生病 王芳 已恢复值班 [2J"


# ---------------------------------------------------------------- households


def test_the_household_page_keeps_working(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "household", "5-2-201", "--db", db, "--lang", "en")
    assert code == 0 and out.startswith("5-2-201")
    for argv in (
        ["household", "5-2-201", "--format", "json", "--db", db],
        ["household", "--format", "json", "5-2-201", "--db", db],
        ["household", "--db", db, "--format", "json", "5-2-201"],
    ):
        code, out, _ = run(capsys, *argv)
        assert code == 0 and json.loads(out)["household"]["room"] == "201", argv
    code, _, err = run(capsys, "household", "5-2-999", "--db", db)
    assert code == 1 and "5-2-999" in err
    code, _, err = run(capsys, "household", "--db", db, "--lang", "en")
    assert code == 2 and "ADDRESS" in err
    args = build_parser("en").parse_args(["household", "5-2-201"])
    assert (args.command, args.household_cmd, args.household, args.format) == (
        "household",
        "show",
        "5-2-201",
        "text",
    )


def test_household_add_and_edit(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "household", "add", "5-2-301", "--residents", "1", "--elderly-alone",
        "--phone", "021-5812 3456", "--as", "周组长", "--db", db,
    )  # fmt: skip
    assert code == 0
    assert out == "已添加 5-2-301：1 人，电话 021-58123456 · 独居老人，在关爱名单上\n"
    board = Board.open(db)
    assert "5-2-301" in [e.household.address for e in care.register(board)]
    code, out, _ = run(
        capsys, "household", "add", "--building", "6", "--unit", "1", "--room", "602",
        "--as", "周组长", "--db", db, "--lang", "en",
    )  # fmt: skip
    assert (code, out) == (0, "added 6-1-602: 1 resident, phone —\n")
    code, out, _ = run(
        capsys, "household", "edit", "5-2-201", "--not-elderly-alone", "--residents", "3",
        "--as", "周组长", "--db", db, "--lang", "en",
    )  # fmt: skip
    assert (code, out) == (0, "changed 5-2-201: 3 residents, phone —\n")


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["add", "5-2-201"], 1, "already on the board"),
        (["add", "5-3-101"], 1, "no unit 3"),
        (["add", "5-2-701"], 1, "up to 602"),
        (["add", "9-1-101"], 1, "no building '9'"),
        (["add", "5号楼301"], 1, "building-unit-room"),
        (["add", "5-2-302", "--residents", "0"], 1, "from 1 to 30"),
        (["add", "5-2-302", "--building", "5"], 2, "given twice"),
        (["add", "--building", "5"], 2, "give the address"),
        (["edit", "5-2-201"], 2, "nothing to change"),
        (["edit", "5-2-202", "--residents", "2"], 1, "5-2-202"),
        (["edit", "5-2-201", "--elderly-alone", "--not-elderly-alone"], 2, "not allowed"),
    ],
)
def test_household_refusals(
    db: str, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, message: str
) -> None:
    got, out, err = run(capsys, "household", *argv, "--as", "周组长", "--db", db, "--lang", "en")
    assert got == code, err
    assert message in err and out == ""


def test_households_are_for_leaders(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "household", "add", "5-2-302", "--as", "王芳", "--db", db)
    assert code == 1 and "不是组长" in err

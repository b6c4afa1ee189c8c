"""``dutyboard building`` (issue 13, part 1) and the planned route in ``dutyboard testing
--format json``, run in-process through ``main(argv)`` on a demo board (positive 9,
sealed 11 and 12, set before the history was kept) with the clock fixed by
$DUTYBOARD_NOW (tests/conftest.py: 2022-04-26 09:30)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_supplies_cli import Cli, demo_cli, someone


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return demo_cli(tmp_path, capsys)


def leader(cli: Cli) -> str:
    return someone(cli.board(), leader=True, group="testing")


def volunteer(cli: Cli) -> str:
    return someone(cli.board(), leader=False, group="testing")


def test_list_in_chinese_and_english(cli: Cli) -> None:
    code, out, err = cli("building")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "楼栋状态 · 4月26日 星期二"
    assert lines[1] == "涉阳 1 · 封控 2 · 管控 0 · 正常 10"
    assert lines[2].split() == ["楼栋", "状态", "开始", "病例", "最早解除", "还剩", "今天待办"]
    nine = next(line for line in lines if line.startswith("9号楼"))
    assert nine.split()[:6] == ["9号楼", "涉阳", "—", "—", "—", "—"]  # not known
    assert "消杀 15" in nine  # a positive building's extra rounds (5 items × 3)
    code, out, _ = cli("building", "list", "--lang", "en")
    assert code == 0 and out.splitlines()[0] == "Building status · Tue 26 Apr"
    assert any(line.startswith("Building 11  sealed") for line in out.splitlines())


def test_set_then_list_json_and_history(cli: Cli) -> None:
    lead = leader(cli)
    code, out, err = cli(
        "building", "set", "5", "positive", "--case-date", "2022-04-24",
        "--note", "3单元一例", "--as", lead,
    )  # fmt: skip
    assert code == 0, err
    assert out.splitlines() == [
        "5号楼：正常 → 涉阳",
        "  病例日期 2022-04-24",
        "  还剩 5 天 · 5月1日起可转管控",
        f"  今天加了 {out.split('今天加了 ')[1].split(' ')[0]} 轮消杀（涉阳楼栋）",
    ]
    data: Any = cli.json("building", "list")
    five = next(b for b in data["buildings"] if b["building"] == 5)
    assert five == {
        "building": 5,
        "state": "positive",
        "since": "2022-04-26",
        "case_date": "2022-04-24",
        "earliest_lift": "2022-05-01",
        "lift_to": "controlled",
        "days_left": 5,
        "known": True,
        "open": five["open"],
    }
    assert five["open"]["disinfection"] > 5  # the extra rounds
    nine = next(b for b in data["buildings"] if b["building"] == 9)
    assert (nine["state"], nine["known"], nine["earliest_lift"]) == ("positive", False, None)
    code, out, _ = cli("building", "history", "5号楼")
    assert code == 0
    assert out.splitlines()[0] == "5号楼的状态记录"
    assert "正常 → 涉阳  病例 2022-04-24  经手：" in out and "备注：3单元一例" in out
    history: Any = cli.json("building", "history", "5")
    assert [e["state"] for e in history] == ["positive"] and history[0]["note"] == "3单元一例"


def test_lifting_early_needs_a_reason(cli: Cli) -> None:
    lead = leader(cli)
    assert cli("building", "set", "5", "sealed", "--as", lead)[0] == 0
    code, out, err = cli("building", "set", "5", "controlled", "--as", lead, "--lang", "en")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "dutyboard: building 5 may be controlled from 2022-05-03 (7 days from now); "
        "to lift it earlier, give a reason."
    ]
    code, out, _ = cli("building", "set", "5", "controlled", "--reason", "街道通知", "--as", lead)
    assert code == 0 and "  提前解除，原因：街道通知" in out.splitlines()
    assert "提前解除的原因：街道通知" in cli("building", "history", "5")[1]


def test_refusals_are_one_clear_line_with_exit_1(cli: Cli) -> None:
    lead = leader(cli)
    cases = [
        (("set", "99", "sealed", "--as", lead), "there is no building '99'; the buildings are: 1,"),
        (("set", "5", "locked", "--as", lead), "'locked' is not a building status"),
        (("set", "5", "sealed", "--case-date", "2022-05-01", "--as", lead), "after today"),
        (("set", "5", "sealed", "--case-date", "4月", "--as", lead), "cannot be read"),
        (("set", "5", "normal", "--as", lead), "building 5 is normal already"),
        (("set", "5", "sealed", "--as", volunteer(cli)), "is not a shift leader"),
        (("history", "77"), "there is no building '77'"),
    ]
    for argv, says in cases:
        code, out, err = cli("building", *argv, "--lang", "en")
        assert (code, out) == (1, ""), argv
        assert err.startswith("dutyboard: ") and says in err, err
    code, _, err = cli("building", "set", "5", "sealed")  # no --as: a usage error
    assert code == 2 and "--as" in err


def test_typed_text_is_printed_without_control_characters(cli: Cli) -> None:
    lead = leader(cli)
    note = "一例\x1b[31m阳性\n伪造的一行\r\t"
    assert cli("building", "set", "6", "sealed", "--note", note, "--as", lead)[0] == 0
    _, out, _ = cli("building", "history", "6")
    assert "\x1b" not in out and "\r" not in out
    assert "      备注：一例 [31m阳性 伪造的一行" in out.splitlines()


def test_testing_json_gives_the_planned_route_before_a_round(cli: Cli) -> None:
    plan: Any = cli.json("testing")
    assert plan["running"] is False
    assert sorted(plan["door_to_door"]) == [9, 11, 12]
    assert 5 in plan["route"] and not {9, 11, 12} & set(plan["route"])
    lead = leader(cli)
    assert cli("building", "set", "5", "sealed", "--as", lead)[0] == 0
    assert cli("building", "set", "9", "controlled", "--as", lead)[0] == 0
    plan = cli.json("testing")
    assert 5 not in plan["route"] and 9 in plan["route"]
    assert sorted(plan["door_to_door"]) == [5, 11, 12]
    assert cli("testing", "start", "--as", lead)[0] == 0
    running: Any = cli.json("testing")
    assert running["running"] is True
    assert running["route"] == plan["route"] and running["door_to_door"] == plan["door_to_door"]

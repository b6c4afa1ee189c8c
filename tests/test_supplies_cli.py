"""The supplies group's command line (issue 12): ``dutyboard offer`` and ``dutyboard
orders import``, run in-process through ``main(argv)`` on a demo board with the clock
fixed by $DUTYBOARD_NOW (tests/conftest.py: 2022-04-26 09:30). The gate, parcels and
exports are in tests/test_supplies_cli_batch.py, which uses the helpers below."""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pendulum
import pytest

from dutyboard.cli.main import main
from dutyboard.core.board import Board
from dutyboard.core.model import Household
from dutyboard.demo.board import build_demo
from dutyboard.storage.clock import FixedClock

DAY = pendulum.date(2022, 4, 26)
NOW = pendulum.datetime(2022, 4, 26, 9, 30, tz="Asia/Shanghai")
REQUIRED = ("licence", "food_permit", "vehicle_pass", "crew_test")


class Cli:
    """``dutyboard ARGS --db BOARD``; returns (exit code, stdout, stderr)."""

    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db, self.capsys = db, capsys

    def __call__(self, *argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--db", str(self.db)])
        got = self.capsys.readouterr()
        assert "Traceback" not in got.err
        return code, got.out, got.err

    def json(self, *argv: str) -> object:
        code, out, err = self(*argv, "--format", "json")
        assert code in (0, 1), err
        return json.loads(out)

    def board(self) -> Board:
        return Board.open(self.db, FixedClock(NOW))


def demo_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """A fresh demo board (196 households, 128 volunteers) and its command line."""
    path = tmp_path / "board.json"
    build_demo(path, date=DAY, seed=2022, clock=FixedClock(NOW), device_id="t", days=0)
    return Cli(path, capsys)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return demo_cli(tmp_path, capsys)


def someone(board: Board, *, leader: bool, group: str = "supplies") -> str:
    """The name of a volunteer of ``group`` (a leader or not) whose name is unique."""
    names = Counter(v.name for v in board.volunteers())
    return next(
        v.name
        for v in sorted(board.volunteers(), key=lambda v: v.id)
        if v.is_leader == leader and group in v.groups and names[v.name] == 1
    )


def homes(board: Board, buildings: Sequence[int], n: int) -> list[Household]:
    """``n`` households of ``buildings``, in address order."""
    found = [h for h in board.households() if h.building in buildings]
    found.sort(key=lambda h: (h.building, h.unit, h.room))
    assert len(found) >= n
    return found[:n]


def ambiguous_room(board: Board) -> str:
    """``B-ROOM`` that two units of building B both have (never guessed)."""
    seen: dict[tuple[int, str], set[int]] = {}
    for h in board.households():
        seen.setdefault((h.building, h.room), set()).add(h.unit)
    building, room = next(k for k, units in sorted(seen.items()) if len(units) > 1)
    return f"{building}-{room}"


def post(entries: Sequence[str]) -> str:
    """A 群接龙 post: header, topic, example line, numbered entries."""
    lines = ["#接龙", "蔬菜包 39元一份 明天下午到", "例 5-2-302 王姐 2份", ""]
    lines += [f"{i}. {entry}" for i, entry in enumerate(entries, 1)]
    return "\n".join(lines) + "\n"


def entries(hs: Sequence[Household], quantities: Sequence[int]) -> list[str]:
    return [
        f"邻居{i} {h.address} {q}份" for i, (h, q) in enumerate(zip(hs, quantities, strict=True))
    ]


def approve(cli: Cli, batch: str, leader: str) -> None:
    """Every required paper shown today, then approved."""
    for key in REQUIRED:
        assert cli("offer", "paper", batch, key, "--as", leader)[0] == 0
    code, _, err = cli("offer", "approve", batch, "--as", leader)
    assert code == 0, err


# ---------------------------------------------------------------- offers


def test_offer_add_list_show_then_approval_refused_until_every_paper(cli: Cli) -> None:
    b = cli.board()
    leader, volunteer = someone(b, leader=True), someone(b, leader=False)
    home = homes(b, [1], 1)[0]
    code, out, err = cli(
        "offer", "add", "蔬菜包", "--supplier", "江桥批发", "--leader", "王姐",
        "--leader-address", f"{home.building}#{home.unit}-{home.room}",
        "--item", "青菜套餐/份/39", "--item", "土豆/斤", "--minimum", "50",
        "--cutoff", "18:00", "--paper", "licence", "--paper", "food_permit:2022-04-20",
        "--as", volunteer, "--lang", "en",
    )  # fmt: skip
    assert code == 0, err
    assert "entered as a draft" in out and "✓" in out and "✗" in out
    listed = cli.json("offer", "list")
    assert isinstance(listed, list) and len(listed) == 1
    offer = listed[0]
    assert offer["title"] == "蔬菜包" and offer["state"] == "draft" and offer["stage"] == "draft"
    assert offer["leader_address"] == home.address  # the canonical spelling
    assert offer["cutoff"].startswith("2022-04-26T18:00")
    assert [i["name"] for i in offer["items"]] == ["青菜套餐", "土豆"]
    assert offer["items"][0]["price"] == 39 and offer["items"][1]["price"] is None
    assert offer["minimum"] == 50 and offer["minimum_reached"] is False
    papers = {p["key"]: p for p in offer["papers"]}
    assert papers["licence"]["state"] == "ok" and papers["licence"]["date"] == "2022-04-26"
    assert papers["food_permit"]["date"] == "2022-04-20"
    assert papers["vehicle_pass"]["state"] == "missing" and papers["crew_test"]["required"]
    code, out, _ = cli("offer", "show", offer["code"], "--lang", "en")
    assert code == 0 and offer["code"] in out and "蔬菜包" in out
    assert "minimum 50: 50 short" in out and "Vehicle pass" in out and "missing" in out

    # approval names what is missing, and changes nothing
    before = cli.db.read_bytes()
    code, _, err = cli("offer", "approve", "蔬菜包", "--as", leader, "--lang", "en")
    assert code == 1 and "cannot be approved yet: 2 required paper(s)" in err
    assert "Vehicle pass: missing" in err and "Crew's negative test (48 h): missing" in err
    assert cli.db.read_bytes() == before
    code, _, err = cli("offer", "approve", "蔬菜包", "--as", leader)  # Chinese by default
    assert code == 1 and "还不能批准" in err and "通行证" in err

    assert cli("offer", "paper", "蔬菜包", "通行证", "--as", volunteer)[0] == 0  # its name works
    code, out, _ = cli("offer", "paper", "蔬菜包", "crew_test", "--date", "yesterday",
                       "--as", volunteer, "--lang", "en")  # fmt: skip
    assert code == 0 and "good until 2022-04-27" in out
    code, out, err = cli("offer", "approve", offer["code"], "--as", leader, "--lang", "en")
    assert code == 0 and "is now approved" in out, err
    shown = cli.json("offer", "show", "蔬菜包")
    assert isinstance(shown, dict) and shown["state"] == "approved"
    assert all(p["state"] == "ok" for p in shown["papers"] if p["required"])


def test_an_expired_crew_test_blocks_approval(cli: Cli) -> None:
    leader = someone(cli.board(), leader=True)
    papers = [f"--paper={k}" for k in REQUIRED[:3]] + ["--paper", "crew_test:2022-04-23"]
    assert cli("offer", "add", "鸡蛋", *papers, "--as", leader)[0] == 0
    shown = cli.json("offer", "show", "鸡蛋")
    assert isinstance(shown, dict)
    crew = next(p for p in shown["papers"] if p["key"] == "crew_test")
    assert crew["state"] == "expired" and crew["until"] == "2022-04-25"
    code, out, _ = cli("offer", "show", "鸡蛋", "--lang", "en")
    assert "expired 2022-04-23" in out and "good until 2022-04-25" in out
    code, _, err = cli("offer", "approve", "鸡蛋", "--as", leader, "--lang", "en")
    assert (
        code == 1 and "1 required paper(s)" in err and "Crew's negative test (48 h): expired" in err
    )
    assert cli("offer", "paper", "鸡蛋", "crew_test", "--as", leader)[0] == 0  # today's
    assert cli("offer", "approve", "鸡蛋", "--as", leader)[0] == 0


def test_paper_remove_reject_cancel_and_list_all(cli: Cli) -> None:
    leader, volunteer = someone(cli.board(), leader=True), someone(cli.board(), leader=False)
    for title in ("鸡蛋", "牛奶"):
        assert cli("offer", "add", title, "--paper", "licence", "--as", volunteer)[0] == 0
    code, out, _ = cli("offer", "paper", "鸡蛋", "licence", "--remove", "--as", volunteer)
    assert code == 0 and "✓" not in out
    assert (
        cli("offer", "paper", "鸡蛋", "licence", "--date", "2022-05-01", "--as", volunteer)[0] == 1
    )
    assert cli("offer", "paper", "鸡蛋", "nonsense", "--as", volunteer)[0] == 1
    assert cli("offer", "reject", "鸡蛋", "--as", leader)[0] == 2  # --reason is required
    code, _, err = cli("offer", "reject", "鸡蛋", "--reason", "没有执照", "--as", volunteer)
    assert code == 1 and "不是组长" in err
    code, out, _ = cli("offer", "reject", "鸡蛋", "--reason", "没有执照", "--as", leader)
    assert code == 0 and "已拒绝" in out
    code, out, _ = cli(
        "offer", "cancel", "牛奶", "--reason", "不够起订量", "--as", leader, "--lang", "en"
    )
    assert code == 0 and "is now cancelled" in out
    assert cli.json("offer", "list") == []
    every = cli.json("offer", "list", "--all")
    assert isinstance(every, list)
    assert {(o["title"], o["state"], o["reason"]) for o in every} == {
        ("鸡蛋", "rejected", "没有执照"),
        ("牛奶", "cancelled", "不够起订量"),
    }
    code, _, err = cli("offer", "approve", "鸡蛋", "--as", leader, "--lang", "en")
    assert code == 1 and "was rejected" in err
    code, _, err = cli("offer", "show", "无此团购", "--lang", "en")
    assert code == 1 and "no group buy '无此团购'" in err


def test_offer_add_refuses_bad_input_with_one_line(cli: Cli) -> None:
    who = someone(cli.board(), leader=False)
    before = cli.db.read_bytes()
    for argv, words in (
        (("--item", "青菜/份/便宜"), "is not an item"),
        (("--cutoff", "25:00"), "is not a time"),
        (("--minimum", "-5"), "cannot be -5"),
        (("--paper", "licence:2022-05-01"), "after today"),
        (("--leader-address", "99-1-101"), "names no one household"),
    ):
        code, out, err = cli("offer", "add", "蔬菜包", *argv, "--as", who, "--lang", "en")
        assert code == 1 and words in err, (argv, err)
        assert len(err.strip().splitlines()) <= 2
    code, _, err = cli("offer", "add", "蔬菜包", "--minimum", "lots", "--as", who)
    assert code == 2
    assert cli("offer", "add", "蔬菜包", "--as", "无此人")[0] == 1
    assert cli.db.read_bytes() == before


# ---------------------------------------------------------------- orders import


def test_orders_import_review_dry_run_write_reimport_and_update(cli: Cli, tmp_path: Path) -> None:
    b = cli.board()
    who = someone(b, leader=False)
    good = homes(b, [1], 2) + homes(b, [2], 2)
    wrong = ["路人 99-1-101 1份", f"张阿姨 {ambiguous_room(b)} 1份"]
    source = tmp_path / "接龙.txt"
    source.write_text(post(entries(good, [2, 1, 1, 3]) + wrong), encoding="utf-8")
    before = cli.db.read_bytes()

    code, out, err = cli("orders", "import", str(source), "--batch", "蔬菜包", "--dry-run",
                         "--format", "json", "--as", who, "--lang", "en")  # fmt: skip
    assert code == 1, err  # problems found
    review = json.loads(out)
    assert cli.db.read_bytes() == before  # a dry run writes nothing
    assert review["written"] is False and review["new_batch"] is True
    assert review["households"] == 4 and review["units"] == 7
    assert sorted(r["address"] for r in review["added"]) == sorted(h.address for h in good)
    assert review["changed"] == [] and review["cancelled"] == []
    problems = review["problems"]
    assert [p["line"] for p in problems] == [9, 10]
    assert problems[0]["text"] == "5. 路人 99-1-101 1份" and "99" in problems[0]["reason"]
    assert problems[1]["candidates"] and all(set(p) >= {"line", "text", "reason"} for p in problems)
    assert cli.json("batch", "list") == []

    code, out, err = cli("orders", "import", str(source), "--batch", "蔬菜包", "--as", who,
                         "--lang", "en")  # fmt: skip
    assert code == 1, err  # the good orders still go in
    lines = out.splitlines()
    assert lines[0].startswith("new group buy '蔬菜包'")
    assert "Building 1" in lines and "Building 2" in lines
    assert f"  + {good[0].address}" in out and "邻居0" in out
    assert any(line.startswith("  line 9 '5. 路人 99-1-101 1份': ") for line in lines)
    assert any(line.strip().startswith("could be: ") for line in lines)
    assert "4 households, 7 units: 4 new, 0 changed, 0 cancelled" in out and "2 problem(s)" in out
    assert "written to group buy B" in out
    batches = cli.json("batch", "list")
    assert isinstance(batches, list) and len(batches) == 1
    assert batches[0]["name"] == "蔬菜包" and batches[0]["state"] == "draft"
    assert (batches[0]["orders"], batches[0]["units"]) == (4, 7)

    # the same post again: nothing new, nothing written
    written = cli.db.read_bytes()
    code, out, _ = cli("orders", "import", str(source), "--batch", "蔬菜包", "--format", "json",
                       "--as", who)  # fmt: skip
    again = json.loads(out)
    assert code == 1 and again["added"] == [] and again["changed"] == []
    assert again["unchanged"] == 4 and again["written"] is False and not again["new_batch"]
    assert cli.db.read_bytes() == written

    # the chat goes on: one more joins, one cancels (the last entry of a household wins)
    late = homes(b, [3], 1)[0]
    update = post([*entries(good, [2, 1, 1, 3]), f"新来的 {late.address} 1份",
                   f"邻居1 {good[1].address} 取消"])  # fmt: skip
    source.write_text(update, encoding="utf-8")
    code, out, err = cli("orders", "import", str(source), "--batch", batches[0]["code"],
                         "--format", "json", "--as", who)  # fmt: skip
    step = json.loads(out)
    assert code == 0, err
    assert [r["address"] for r in step["added"]] == [late.address]
    assert [r["address"] for r in step["cancelled"]] == [good[1].address]
    assert step["changed"] == [] and step["written"] is True
    assert (step["households"], step["units"]) == (4, 7)
    row = cli.json("batch", "list")[0]  # type: ignore[index]
    assert (row["orders"], row["units"]) == (4, 7)


def test_orders_import_marks_changes_and_cancels_in_text(cli: Cli, tmp_path: Path) -> None:
    b = cli.board()
    who = someone(b, leader=False)
    good = homes(b, [1], 3)
    source = tmp_path / "post.txt"
    source.write_text(post(entries(good, [1, 1, 1])), encoding="utf-8")
    assert cli("orders", "import", str(source), "--batch", "菜", "--as", who)[0] == 0
    source.write_text(post([*entries(good, [1, 1, 1]), f"邻居0 {good[0].address} 3份",
                            f"邻居2 {good[2].address} 取消"]), encoding="utf-8")  # fmt: skip
    code, out, _ = cli("orders", "import", str(source), "--batch", "菜", "--as", who)
    assert code == 0
    assert f"  ~ {good[0].address}" in out and f"  × {good[2].address}" in out
    assert f"    {good[1].address}" in out  # unchanged: no mark
    assert "修改 1，取消 1" in out


def test_orders_import_from_stdin(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    b = cli.board()
    good = homes(b, [2], 2)
    monkeypatch.setattr("sys.stdin", io.StringIO(post(entries(good, [1, 2]))))
    code, out, err = cli("orders", "import", "-", "--batch", "团购鸡蛋", "--format", "json",
                         "--as", someone(b, leader=False))  # fmt: skip
    assert code == 0, err
    got = json.loads(out)
    assert got["source"] == "jielong" and got["units"] == 3 and got["written"] is True
    assert got["new_batch"] is True and got["batch_code"] == cli.json("batch", "list")[0]["code"]  # type: ignore[index]
    assert {r["address"] for r in got["added"]} == {h.address for h in good}


def test_typed_text_cannot_forge_a_line(cli: Cli, tmp_path: Path) -> None:
    """A problem entry over two lines, a nickname with an escape code: each stays on
    its own line of the output, without its control characters."""
    b = cli.board()
    home = homes(b, [1], 1)[0]
    source = tmp_path / "post.txt"
    source.write_text(
        post([f"\x1b[2J坏人 {home.address} 1份", "路人 99-1-101 1份\n伪造的一行"]),
        encoding="utf-8",
    )
    code, out, _ = cli("orders", "import", str(source), "--batch", "菜",
                       "--as", someone(b, leader=False))  # fmt: skip
    assert code == 1
    assert "\x1b" not in out and "坏人" in out
    lines = out.splitlines()
    assert not any(line.lstrip().startswith("伪造的一行") for line in lines)
    assert any("99-1-101" in line and "伪造的一行" in line for line in lines)


def test_orders_import_unreadable_or_unusable(cli: Cli, tmp_path: Path) -> None:
    who = someone(cli.board(), leader=False)
    before = cli.db.read_bytes()
    code, _, err = cli("orders", "import", str(tmp_path / "nope.txt"), "--batch", "菜", "--as", who)
    assert code == 2 and "nope.txt" in err
    code, _, _ = cli("orders", "import", str(tmp_path), "--batch", "菜", "--as", who)
    assert code == 2  # a folder
    assert cli("orders", "import", "x.txt", "--as", who)[0] == 2  # --batch is required
    code, _, err = cli("orders", "--lang", "en")
    assert code == 2 and "orders import FILE" in err
    assert cli.db.read_bytes() == before

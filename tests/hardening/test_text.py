"""Text people typed is data, never code (issue 14): dutyboard/storage/text.py, and where it is
used: the command line's input and output, CSV and handover exports, imports."""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dutyboard.cli import main as cli
from dutyboard.core.board import Board
from dutyboard.core.model import Volunteer
from dutyboard.demo.board import build_demo
from dutyboard.io.exports import export
from dutyboard.storage.clock import FixedClock
from dutyboard.storage.text import (
    clean_deep,
    clean_namespace,
    clean_typed,
    csv_cell,
    for_terminal,
    one_line,
)

DAY = pendulum.date(2022, 4, 26)
NOW = pendulum.datetime(2022, 4, 26, 9, 30, tz="Asia/Shanghai")


# ---------------------------------------------------------------- text.py


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("王五", "王五"),
        ("Anna [DE]", "Anna [DE]"),
        ("a\x1b[31mb", "a [31mb"),
        ("line1\nline2\r\nline3", "line1 line2  line3"),
        ("tab\there", "tab here"),
        ("nul\x00bel\x07del\x7fcsi\x9b", "nul bel del csi "),
        ("\u202egpj.exe", "gpj.exe"),  # a right-to-left override
        ("\ufeff张三", "张三"),
        ("lone\ud800surrogate", "lonesurrogate"),
        ("family 👨\u200d👩\u200d👧", "family 👨\u200d👩\u200d👧"),  # ZWJ kept
        ("sep\u2028arator", "sep arator"),
    ],
)
def test_clean_typed(raw: str, clean: str) -> None:
    assert clean_typed(raw) == clean


def test_clean_typed_multiline_keeps_line_breaks() -> None:
    assert clean_typed("a\r\nb\rc\x1bd\te\u2028f", multiline=True) == "a\nb\nc d e\nf"


@given(st.text())
def test_clean_typed_is_idempotent_and_leaves_no_controls(text: str) -> None:
    once = clean_typed(text)
    assert clean_typed(once) == once
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in once)
    assert for_terminal(once) == once  # nothing left to escape
    assert one_line(once) == once and "\n" not in once


@given(st.text())
def test_for_terminal_escapes_every_control_character_but_newline_and_tab(text: str) -> None:
    out = for_terminal(text)
    assert not any((ord(ch) < 0x20 and ch not in "\n\t") or 0x7F <= ord(ch) <= 0x9F for ch in out)


def test_for_terminal_escapes_are_valid_json() -> None:
    raw = json.dumps({"name": "a\x7fb\x9bc\u2028d"}, ensure_ascii=False)
    shown = for_terminal(raw)
    assert "\x7f" not in shown and "\x9b" not in shown and "\u2028" not in shown
    assert json.loads(shown) == {"name": "a\x7fb\x9bc\u2028d"}
    assert for_terminal("a\x1bb") == "a\\u001bb"


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("-2+3", "'-2+3"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("＝1+1", "'＝1+1"),  # the full-width sign WPS reads too
        ("-3", "-3"),  # a plain negative number is a number
        ("-3.5", "-3.5"),
        ("王五", "王五"),
        ("a=b", "a=b"),
        ("", ""),
        (-3, -3),  # numbers dutyboard writes are not typed text
        (2, 2),
    ],
)
def test_csv_cell(cell: object, safe: object) -> None:
    assert csv_cell(cell) == safe


def test_clean_namespace_cleans_text_not_paths() -> None:
    args = argparse.Namespace(
        db="odd\tname.json", out="x\x1b.csv", others=["a\nb.json"], who="马\x1b波", rooms=["1\x00"],
        households=3, command="roster",
    )  # fmt: skip
    clean_namespace(args)
    assert args.db == "odd\tname.json" and args.out == "x\x1b.csv" and args.others == ["a\nb.json"]
    assert args.who == "马 波" and args.rooms == ["1 "] and args.households == 3


def test_clean_deep() -> None:
    record = {"name": "a\x1bb", "groups": ["x\ny"], "needed": 2, "off": None}
    assert clean_deep(record) == {"name": "a b", "groups": ["x y"], "needed": 2, "off": None}


# ---------------------------------------------------------------- where text goes out


@pytest.fixture
def board_path(tmp_path: Path) -> Path:
    path = tmp_path / "board.json"
    build_demo(path, date=DAY, seed=2022, clock=FixedClock(NOW), device_id="demo-laptop")
    return path


def on_duty(board: Board, n: int) -> list[Volunteer]:
    people = sorted((v for v in board.volunteers() if not v.is_leader), key=lambda v: v.name)
    return [v for v in people if board.assignments_of(v.id, board.today)][:n]


def rename(path: Path, names: list[str]) -> list[str]:
    """Give people on duty these names through the store (past every cleaning, as a
    board from an older version may hold them); their ids."""
    board = Board.open(path, FixedClock(NOW), device_id="test-laptop")
    people = on_duty(board, len(names))
    with board.transaction() as tx:
        for v, name in zip(people, names, strict=True):
            tx.update("volunteers", v.id, {"name": name})
    return [v.id for v in people]


FORMULAS = ['=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", "@SUM(A1:A9)", "-2+3"]


def test_csv_export_neutralises_formulas(board_path: Path) -> None:
    rename(board_path, [*FORMULAS, "\tTab", "\rCR", "A\nB"])
    board = Board.open(board_path, FixedClock(NOW), device_id="test-laptop")
    rows = list(csv.reader(io.StringIO(export(board, "roster", "csv", lang="en"))))
    names = [r[rows[0].index("name")] for r in rows[1:]]
    for formula in FORMULAS:
        assert "'" + formula in names
    assert " Tab" in names and " CR" in names  # a leading tab or CR is typed text: a space
    assert "A B" in names  # one line
    for r in rows[1:]:
        for cell in r:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            assert not (cell.startswith("-") and not cell.lstrip("-").replace(".", "").isdigit())


def test_handover_puts_each_typed_value_on_one_line(board_path: Path) -> None:
    rename(board_path, ["张三\n☐ 伪造的人 13800000000  到岗□", "李四\r\n# 标题"])
    board = Board.open(board_path, FixedClock(NOW), device_id="test-laptop")
    for fmt in ("text", "md"):
        sheet = export(board, "handover", fmt, lang="zh")
        lines = sheet.splitlines()
        assert not any(
            line.startswith(("☐ 伪造的人", "- [ ] 伪造的人", "# 标题")) for line in lines
        )
        assert any("张三 ☐ 伪造的人" in line for line in lines)
        assert any("李四  # 标题" in line for line in lines)
    text = export(board, "roster", "text", lang="zh")
    assert not any(line.startswith("# 标题") for line in text.splitlines())


def test_cli_output_escapes_control_characters(
    board_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rename(board_path, ["Bo\x1b[31mred\x1b[2J", "x\x07y"])
    assert cli.main(["roster", "--db", str(board_path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "Bo\\u001b[31mred\\u001b[2J" in out and "x\\u0007y" in out
    assert cli.main(["roster", "--db", str(board_path), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "Bo\x1b[31mred\x1b[2J" in strings(json.loads(out))  # the JSON says it as it is


def strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []


def test_cli_error_line_escapes_control_characters(
    board_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [vid] = rename(board_path, ["Evil\x1b]0;pwned\x07"])
    # A refusal quoting the stored name (an unknown group for them) prints no escape.
    code = cli.main(["roster", "--db", str(board_path), "--date", "\x1b[2Jnot-a-date"])
    err = capsys.readouterr().err
    assert code != 0 and "\x1b" not in err
    assert vid


def test_command_line_text_is_cleaned_on_the_way_in(
    board_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    board = Board.open(board_path, FixedClock(NOW), device_id="test-laptop")
    leader = sorted((v for v in board.volunteers() if v.is_leader), key=lambda v: v.name)[0]
    argv = ["volunteer", "add", "王\x1b[31m五\n", "--phone", "13800000009", "--groups",
            "delivery", "--note", "a\tb\x00c", "--as", leader.name, "--db", str(board_path)]  # fmt: skip
    assert cli.main(argv) == 0, capsys.readouterr().err
    fresh = Board.open(board_path, FixedClock(NOW), device_id="other")
    added = next(v for v in fresh.volunteers() if v.phone == "13800000009")
    assert added.name == "王 [31m五"
    assert added.note == "a b c"


def test_import_cells_are_cleaned(board_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = board_path.parent / "people.csv"
    sheet.write_text(
        "姓名,手机号,楼栋,房号,意向小组,备注\n"
        '"赵\x1b[2J六",13900000001,8号楼,1-201,配药组,"备\x07注\u202e"\n',
        encoding="utf-8",
    )
    board = Board.open(board_path, FixedClock(NOW), device_id="test-laptop")
    leader = sorted((v for v in board.volunteers() if v.is_leader), key=lambda v: v.name)[0]
    code = cli.main(
        ["import", "volunteers", str(sheet), "--db", str(board_path), "--as", leader.name]
    )
    assert code == 0, capsys.readouterr().err
    fresh = Board.open(board_path, FixedClock(NOW), device_id="other")
    added = next(v for v in fresh.volunteers() if v.phone == "13900000001")
    assert "\x1b" not in added.name and "\x07" not in added.note and "\u202e" not in added.note
    assert added.name.startswith("赵") and added.name.endswith("六")


def test_squeezed_puts_typed_text_on_one_line() -> None:
    from dutyboard.storage.text import squeezed

    assert squeezed("王五\n\t[b]x\x1b  y ") == "王五 [b]x y"
    assert squeezed("") == ""

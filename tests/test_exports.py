"""Exports: golden files for the chat text and the CSV, in Chinese and English, phones
masked; handover sheets carry the board's revision; the CLI writes files.

Regenerate the golden files after a deliberate change with
``DUTYBOARD_UPDATE_GOLDEN=1 pytest tests/test_exports.py`` and read the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pendulum
import pytest

from dutyboard.cli import main as cli
from dutyboard.core.board import Board
from dutyboard.demo.board import build_demo
from dutyboard.io.exports import export, mask_phone, revision
from dutyboard.storage.clock import FixedClock

GOLDEN = Path(__file__).parent / "golden"
DAY = pendulum.date(2022, 4, 26)
NOW = pendulum.datetime(2022, 4, 26, 9, 30, tz="Asia/Shanghai")
PHONE = re.compile(r"1\d{10}")


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> Board:
    path = tmp_path_factory.mktemp("exports") / "board.json"
    clock = FixedClock(NOW)
    build_demo(path, date=DAY, seed=2022, clock=clock, device_id="demo-laptop")
    return Board.open(path, clock, device_id="test-laptop")


def test_mask_phone() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 138 1234 5678") == "138****5678"
    assert mask_phone("021-58961234") == "021****1234"
    assert mask_phone("") == ""


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("what", "fmt"),
    [("roster", "text"), ("roster", "csv"), ("deliveries", "text"), ("deliveries", "csv")],
)
def test_golden(board: Board, what: str, fmt: str, lang: str) -> None:
    got = export(board, what, fmt, lang=lang)
    golden = GOLDEN / f"{what}.{lang}.{'txt' if fmt == 'text' else 'csv'}"
    if os.environ.get("DUTYBOARD_UPDATE_GOLDEN"):
        golden.write_bytes(got.encode("utf-8"))
    assert got == golden.read_bytes().decode("utf-8")
    assert not PHONE.search(got), "a full phone number in an export"
    if what == "roster" or fmt == "csv":  # the chat list of addresses has no phones
        assert "****" in got


def test_show_phones(board: Board) -> None:
    text = export(board, "roster", "text", lang="zh", show_phones=True)
    assert PHONE.search(text) and "****" not in text


def test_handover_sheet_is_stamped_and_has_codes(board: Board) -> None:
    sheet = export(board, "handover", "md", lang="zh", group="delivery")
    assert revision(board) in sheet and "2022-04-26 09:30" in sheet
    codes = re.findall(r"- \[ \] (D[0-9A-F]{5})", sheet)
    open_codes = {t.code for t in board.tasks(DAY, kind="delivery") if t.is_open}
    assert set(codes) == open_codes and codes
    assert not PHONE.search(sheet)
    text = export(board, "handover", "text", lang="en")
    assert text.count("handover sheet") == len(board.groups()) and "☐" in text


def test_revision_changes_with_the_board(board: Board, tmp_path: Path) -> None:
    before = revision(board)
    assert revision(board) == before
    path = tmp_path / "b.json"
    b = Board.open(build_demo(path, date=DAY, seed=2022, clock=FixedClock(NOW)).store.path)
    b.clock = FixedClock(NOW)
    assert revision(b) == before
    who = next(v for v in b.volunteers())
    b.tick([b.tasks(DAY, kind="delivery")[0]], who)
    assert revision(b) != before


@pytest.mark.parametrize("fmt", ["text", "csv", "json", "md"])
def test_every_export_and_format(board: Board, fmt: str) -> None:
    for what in ("roster", "deliveries", "disinfection", "handover"):
        out = export(board, what, fmt, lang="en")
        assert out.strip(), (what, fmt)
        assert not PHONE.search(out)


def test_cli_export_to_file(
    board: Board, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "roster.csv"
    db = str(board.store.path)
    assert cli.main(["export", "roster", "--db", db, "--format", "csv", "--out", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV with a BOM, so Excel reads it as UTF-8"
    assert cli.main(["export", "nonsense", "--db", db]) == 2
    assert "Traceback" not in capsys.readouterr().err

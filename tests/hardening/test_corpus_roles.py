"""Bad inputs about who acts (issue 14, item 4): leader-only commands without ``--as``,
with a volunteer's, or with nobody known; no fallback to the app's last user; a sheet
that makes leaders. Each: exit 1 (2 for a broken input), one line, bytes unchanged.

``setup`` gives the demo board a leader, a volunteer and a care-group volunteer of
known names (tests/hardening/test_roles.py) before the board's bytes are taken.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from dutyboard.core.board import Board
from dutyboard.storage import device
from tests.hardening.harness import Case, run_case
from tests.hardening.test_roles import LEADER, VOLUNTEER, add_people

Setup = Callable[[Path, Path], None]


def people(tmp: Path, db: Path) -> None:
    add_people(db)


def also(*steps: Setup) -> Setup:
    def setup(tmp: Path, db: Path) -> None:
        people(tmp, db)
        for step in steps:
            step(tmp, db)

    return setup


def remembered_leader(tmp: Path, db: Path) -> None:
    """The app last used on this laptop by a leader (what plan and swap used to take)."""
    board = Board.open(db)
    device.save_setting(f"last_user:{board.store.board_id}", board.resolve_person(LEADER).id)


def copy_of_board(tmp: Path, db: Path) -> None:
    shutil.copyfile(db, tmp / "copy.json")


def conflict_copy(tmp: Path, db: Path) -> None:
    shutil.copyfile(db, tmp / "board.sync-conflict-20220426-101500-7XKQ2M4.json")


def sheet(name: str, text: str) -> Setup:
    def setup(tmp: Path, db: Path) -> None:
        (tmp / name).write_text(text, encoding="utf-8")

    return setup


PROMOTE = sheet("promote.csv", f"姓名,手机号,意向小组,角色\n{VOLUNTEER},13900000002,快递组,组长\n")
NEW_LEADER = sheet("new.csv", "姓名,手机号,意向小组,角色\n新组长,13900000008,快递组,leader\n")
DB = ["--db", "{db}", "--lang", "en"]
AS_VOL = ["--as", VOLUNTEER]

CASES = [
    Case("coverage-no-as", ["coverage", *DB], 1, ["coverage grid", "--as"], people),
    Case("coverage-volunteer", ["coverage", *AS_VOL, *DB], 1, [VOLUNTEER, "leader"], people),
    Case("coverage-json-no-as", ["coverage", "--format", "json", *DB], 1, "--as", people),
    Case("coverage-unknown", ["coverage", "--as", "无此人", *DB], 1, "无此人", people),
    Case(
        "merge-copy-no-as",
        ["merge", "{tmp}/copy.json", *DB],
        1,
        ["merging copies", "--as"],
        also(copy_of_board),
        keep=["copy.json"],
    ),
    Case(
        "merge-copy-volunteer",
        ["merge", "{tmp}/copy.json", *AS_VOL, *DB],
        1,
        VOLUNTEER,
        also(copy_of_board),
        keep=["copy.json"],
    ),
    Case(
        "merge-conflict-copies-no-as",
        ["merge", *DB],
        1,
        "--as",
        also(conflict_copy),
        keep=["board.sync-conflict-20220426-101500-7XKQ2M4.json"],
    ),
    Case(
        "merge-broken-copy-no-as",
        ["merge", "{tmp}/cut.json", *DB],
        2,
        "cut.json",
        also(sheet("cut.json", '{"meta": {"1": {"app"')),
    ),
    Case(
        "plan-copy-last-user",
        ["plan", "copy", *DB],
        1,
        ["tomorrow's roster", "--as"],
        also(remembered_leader),
    ),
    Case(
        "plan-rotation-last-user",
        ["plan", "rotation", "alternate", *DB],
        1,
        "--as",
        also(remembered_leader),
    ),
    Case("plan-copy-volunteer", ["plan", "copy", *AS_VOL, *DB], 1, VOLUNTEER, people),
    Case(
        "swap-last-user", ["swap", "--yes", *DB], 1, ["day swap", "--as"], also(remembered_leader)
    ),
    Case("swap-undo-last-user", ["swap", "--undo", *DB], 1, "--as", also(remembered_leader)),
    Case("swap-volunteer", ["swap", "--yes", *AS_VOL, *DB], 1, VOLUNTEER, people),
    Case(
        "show-phones-no-as",
        ["export", "roster", "--show-phones", *DB],
        1,
        ["phone numbers", "--as"],
        people,
    ),
    Case(
        "show-phones-volunteer",
        ["export", "roster", "--show-phones", "--format", "csv", *AS_VOL, *DB],
        1,
        VOLUNTEER,
        people,
    ),
    Case(
        "show-phones-out-no-as",
        ["export", "roster", "--show-phones", "--out", "{tmp}/roster.csv", *DB],
        1,
        "--as",
        people,
    ),
    Case(
        "import-promotes-no-as",
        ["import", "volunteers", "{tmp}/promote.csv", *DB],
        1,
        [VOLUNTEER, "--as"],
        also(PROMOTE),
    ),
    Case(
        "import-promotes-dry-run",
        ["import", "volunteers", "{tmp}/promote.csv", "--dry-run", *DB],
        1,
        "--as",
        also(PROMOTE),
    ),
    Case(
        "import-promotes-volunteer",
        ["import", "volunteers", "{tmp}/promote.csv", *AS_VOL, *DB],
        1,
        VOLUNTEER,
        also(PROMOTE),
    ),
    Case(
        "import-new-leader-no-as",
        ["import", "volunteers", "{tmp}/new.csv", *DB],
        1,
        "新组长",
        also(NEW_LEADER),
    ),
    Case("log-no-as", ["log", *DB], 1, "--as", people),
    Case("log-volunteer-others", ["log", "--who", LEADER, *AS_VOL, *DB], 1, VOLUNTEER, people),
    Case("log-unknown-as", ["log", "--as", "无此人", *DB], 1, "无此人", people),
    Case("log-unknown-who", ["log", "--who", "无此人", "--as", LEADER, *DB], 1, "无此人", people),
    Case("log-bad-date", ["log", "--date", "someday", "--as", LEADER, *DB], 1, "someday", people),
    Case("restore-volunteer", ["restore", "abcdef12", *AS_VOL, *DB], 1, VOLUNTEER, people),
    Case(
        "volunteer-add-volunteer",
        [
            "volunteer",
            "add",
            "新人",
            "--phone",
            "13900000009",
            "--groups",
            "delivery",
            *AS_VOL,
            *DB,
        ],
        1,
        VOLUNTEER,
        people,
    ),
    Case(
        "slot-add-volunteer",
        [
            "slot",
            "add",
            "delivery",
            "--start",
            "15:00",
            "--end",
            "17:00",
            "--needed",
            "2",
            *AS_VOL,
            *DB,
        ],
        1,
        VOLUNTEER,
        people,
    ),  # fmt: skip
    Case(
        "building-set-volunteer",
        ["building", "set", "1", "sealed", *AS_VOL, *DB],
        1,
        VOLUNTEER,
        people,
    ),  # fmt: skip
    Case("testing-start-volunteer", ["testing", "start", *AS_VOL, *DB], 1, VOLUNTEER, people),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_corpus(
    case: Case, corpus_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_case(case, corpus_template, tmp_path, capsys)


def test_refused_export_wrote_no_file(
    corpus_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = next(c for c in CASES if c.id == "show-phones-out-no-as")
    run_case(case, corpus_template, tmp_path, capsys)
    assert not (tmp_path / "roster.csv").exists()


def test_refused_merge_left_the_conflict_copy_where_it_was(
    corpus_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = next(c for c in CASES if c.id == "merge-conflict-copies-no-as")
    run_case(case, corpus_template, tmp_path, capsys)
    assert (tmp_path / "board.sync-conflict-20220426-101500-7XKQ2M4.json").exists()
    assert not (tmp_path / "board.json.merged").exists()

"""Bad inputs about whose phones a command shows (issue 14, item 4): ``--as`` naming
nobody known, nobody at all, or several people. Each: exit 1, one line, bytes
unchanged; an ambiguous name lists what tells the matches apart (masked phone, id),
never their homes or full numbers (dutyboard/core/board.py resolve_person).

``setup`` gives the demo board two people called 李双 (different buildings and
phones, the same last seven digits) before the board's bytes are taken.
"""

from __future__ import annotations

import re
from pathlib import Path

import pendulum
import pytest

from dutyboard.core.board import Board
from dutyboard.groups import people
from dutyboard.storage.clock import FixedClock
from tests.hardening.harness import Case, run_case

TWIN = "李双"
TWIN_PHONES = ("13900001234", "13800001234")  # "0001234": both, by phone
FULL = re.compile(r"(?<!\d)1\d{10}(?!\d)")


def twins(tmp: Path, db: Path) -> None:
    board = Board.open(db)
    board.clock = FixedClock(pendulum.parse(f"{board.today}T08:00:00+08:00"))  # type: ignore[arg-type]
    lead = next(v for v in board.volunteers() if v.is_leader)
    people.add_volunteer(board, lead, TWIN, TWIN_PHONES[0], "delivery", building=1, room="1-101")
    people.add_volunteer(board, lead, TWIN, TWIN_PHONES[1], "care", building=2, room="1-102")


EN = ("--lang", "en", "--db", "{db}")
CASES = [
    Case("roster-as-unknown", ["roster", "--as", "无此人", *EN], 1, "无此人"),
    Case("roster-as-empty", ["roster", "--format", "json", "--as", "", *EN], 1, "nobody called"),
    Case(
        "roster-json-as-twin",
        ["roster", "--format", "json", "--as", TWIN, *EN],
        1,
        ("ambiguous", TWIN),
        twins,
    ),
    Case(
        "roster-as-twin-by-phone",
        ["--as", "0001234", "roster", *EN],
        1,
        ("ambiguous", "0001234"),
        twins,
    ),
    Case("plan-json-as-unknown", ["plan", "--format", "json", "--as", "无此人", *EN], 1, "无此人"),
    Case(
        "plan-json-as-twin", ["plan", "--format", "json", "--as", TWIN, *EN], 1, "ambiguous", twins
    ),
    Case(
        "household-as-unknown",
        ["household", "1-1-101", "--format", "json", "--as", "无此人", *EN],
        1,
        "无此人",
    ),
    Case("household-as-twin", ["household", "1-1-101", "--as", TWIN, *EN], 1, "ambiguous", twins),
    Case(
        "volunteer-list-as-unknown",
        ["volunteer", "list", "--format", "json", "--as", "无此人", *EN],
        1,
        "无此人",
    ),
    Case("volunteer-list-as-twin", ["--as", TWIN, "volunteer", "list", *EN], 1, "ambiguous", twins),
    Case("done-as-twin", ["done", "D0000", "--as", TWIN, *EN], 1, "ambiguous", twins),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_corpus(
    case: Case, corpus_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outcome = run_case(case, corpus_template, tmp_path, capsys)
    both = outcome.out + outcome.err
    assert not FULL.search(both), both  # FAILED before for the twins: numbers in full
    if case.setup is twins:
        # What tells them apart: the masked phones and the ids; never their homes.
        assert "139****1234" in outcome.err and "138****1234" in outcome.err, outcome.err
        assert "1-1-101" not in outcome.err and "2-1-102" not in outcome.err, outcome.err

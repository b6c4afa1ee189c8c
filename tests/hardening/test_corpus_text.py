"""Bad-input corpus, text (issue 14): typed values that are only control characters
(ESC, NUL, BEL, tabs, newlines) are cleaned on the way in, left empty and refused with
one line; the line never carries a raw control character; the board keeps its bytes.

``{leader}``, ``{person}`` and ``{address}`` are filled in from the demo board.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from tests.hardening.harness import Case, run_case

ESC = "\x1b[31m\x1b[2J"  # a colour and "clear the screen"
CONTROLS = "\x00\x07\x1b\x7f\x9b"
BREAKS = "\t\r\n\u2028"
EN = ("--lang", "en")

CASES = [
    Case(
        "volunteer-name-only-escapes",
        ["volunteer", "add", "\x1b\x1b", "--phone", "13800000000", "--groups", "delivery",
         "--as", "{leader}", "--db", "{db}", *EN],
        1,
        "name",
    ),
    Case(
        "volunteer-name-only-line-breaks",
        ["volunteer", "add", BREAKS, "--phone", "13800000000", "--groups", "delivery",
         "--as", "{leader}", "--db", "{db}", *EN],
        1,
        "name",
    ),
    Case(
        "volunteer-phone-only-controls",
        ["volunteer", "add", "王五", "--phone", CONTROLS, "--groups", "delivery",
         "--as", "{leader}", "--db", "{db}", *EN],
        1,
        "phone",
    ),
    Case(
        "volunteer-groups-only-escape",
        ["volunteer", "add", "王五", "--phone", "13800000000", "--groups", "\x1b",
         "--as", "{leader}", "--db", "{db}", *EN],
        1,
        "group",
    ),
    Case(
        "volunteer-role-only-escape",
        ["volunteer", "add", "王五", "--phone", "13800000000", "--groups", "delivery",
         "--role", "\x1b\x07", "--as", "{leader}", "--db", "{db}", *EN],
        1,
        "role",
    ),
    Case(
        "volunteer-off-reason-only-controls",
        ["volunteer", "off", "{person}", "--reason", CONTROLS + BREAKS,
         "--as", "{leader}", "--db", "{db}", *EN],
        1,
        "reason",
    ),
    Case(
        "volunteer-edit-person-only-escapes",
        ["volunteer", "edit", ESC.replace("[31m", "").replace("[2J", ""), "--note", "x",
         "--as", "{leader}", "--db", "{db}", *EN],
        1,
    ),
    Case(
        "household-add-address-only-escape",
        ["household", "add", "\x1b", "--as", "{leader}", "--db", "{db}", *EN],
        1,
        "address",
    ),
    Case(
        "care-log-address-only-escape",
        ["care", "log", "\x1b\x00", "--as", "{leader}", "--db", "{db}", *EN],
        1,
    ),
    Case(
        "medicine-name-only-controls",
        ["medicine", "request", "{address}", CONTROLS, "--as", "{leader}", "--db", "{db}", *EN],
        1,
        "medicine",
    ),
    Case(
        "slot-start-only-escape",
        ["slot", "add", "delivery", "--start", "\x1b", "--end", "18:00", "--needed", "2",
         "--as", "{leader}", "--db", "{db}", *EN],
        1,
    ),
    Case(
        "done-task-only-escape-sequence",
        ["done", ESC, "--as", "{leader}", "--db", "{db}", *EN],
        1,
        "task",
    ),
    Case(
        "tasks-group-only-escape",
        ["tasks", "--group", "\x1b\x1b", "--db", "{db}", *EN],
        1,
        "group",
    ),
    Case(
        "export-group-only-escape",
        ["export", "roster", "--group", "\x1b", "--db", "{db}", *EN],
        1,
        "group",
    ),
]  # fmt: skip


def _names(template: Path) -> dict[str, str]:
    raw = json.loads(template.read_text(encoding="utf-8"))
    people = sorted(raw["volunteers"].values(), key=lambda v: v["name"])
    names = [v["name"] for v in people]
    leader = next(v["name"] for v in people if v.get("role") == "leader")
    person = next(v["name"] for v in people if names.count(v["name"]) == 1 and v["name"] != leader)
    h = sorted(raw["households"].values(), key=lambda h: (h["building"], h["unit"], h["room"]))[0]
    return {
        "leader": leader,
        "person": person,
        "address": f"{h['building']}-{h['unit']}-{h['room']}",
    }


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_corpus(
    case: Case, corpus_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = _names(corpus_template)
    argv = [a.replace("{leader}", names["leader"]).replace("{person}", names["person"])
            .replace("{address}", names["address"]) for a in case.argv]  # fmt: skip
    outcome = run_case(dataclasses.replace(case, argv=argv), corpus_template, tmp_path, capsys)
    # What is shown of a typed value never drives the terminal.
    assert not any(ch in outcome.err for ch in "\x1b\x00\x07\x7f\x9b\r"), repr(outcome.err)

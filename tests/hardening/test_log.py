"""``dutyboard log``: who changed what, when, on which laptop (issue 14, item 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pendulum
import pytest

from dutyboard.core.board import Board
from dutyboard.storage.clock import FixedClock
from tests.hardening.harness import fresh_copy
from tests.hardening.test_roles import CARER, LEADER, VOLUNTEER, add_people, one_line, run


@pytest.fixture
def db(
    corpus_template: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """The demo board with a few changes today: the volunteer ticks two tasks, the
    leader edits the volunteer, the carer logs a call (on another laptop)."""
    path = fresh_copy(corpus_template, tmp_path)
    board = add_people(path)
    monkeypatch.setenv("DUTYBOARD_NOW", f"{board.today}T10:00:00+08:00")
    codes = [t.code for t in board.tasks(board.today, status="open")][:2]
    assert run(capsys, "done", *codes, "--as", VOLUNTEER, "--db", str(path))[0] == 0
    argv = ["volunteer", "edit", VOLUNTEER, "--availability", "晚上", "--as", LEADER]
    assert run(capsys, *argv, "--db", str(path))[0] == 0
    other = Board.open(path, device_id="otherlaptop1")
    other.clock = FixedClock(pendulum.parse(f"{board.today}T10:05:00+08:00"))  # type: ignore[arg-type]
    from dutyboard.groups import care

    h = care.register(other)[0].household
    care.log_contact(other, other.resolve_person(CARER), h.id, "都好", [])
    return path


def log(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> tuple[int, str, str]:
    return run(capsys, "log", "--db", str(db), "--lang", "en", *argv)


def test_a_leader_sees_everyones_changes_newest_first(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = log(capsys, db, "--as", LEADER)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Log of ") and " changes" in lines[0]
    body = lines[1:]
    assert len(body) >= 4
    # newest first: the carer's call, the leader's edit, then the two ticks
    assert CARER in body[0] and "laptop otherlaptop1" in body[0] and "this laptop" not in body[0]
    assert LEADER in body[1] and "the volunteer's changes" in body[1] and VOLUNTEER in body[1]
    assert "this laptop" in body[1]
    assert all(VOLUNTEER in line and " done " in line for line in body[2:4])
    times = [line.split()[0] for line in body]
    assert times == sorted(times, reverse=True)


def test_json_has_who_what_when_and_the_laptop(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = log(capsys, db, "--as", LEADER, "--format", "json")
    assert code == 0, err
    entries = json.loads(out)
    assert [e["at"] for e in entries] == sorted((e["at"] for e in entries), reverse=True)
    call = entries[0]
    assert call["who"] == CARER and call["action"] == "contact"
    assert call["device"] == "otherlaptop1" and call["this_laptop"] is False
    edit = entries[1]
    assert (
        edit["who"] == LEADER and edit["action"] == "volunteer_edit" and edit["what"] == VOLUNTEER
    )
    assert edit["before"] == {"availability": "全天"} or "availability" in edit["before"]
    assert edit["after"] == {"availability": "晚上"} and edit["this_laptop"] is True
    assert set(entries[2]) >= {"id", "at", "day", "who_id", "table", "record", "reason"}


def test_who_narrows_to_one_person(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = log(capsys, db, "--as", LEADER, "--who", VOLUNTEER, "--format", "json")
    entries = json.loads(out)
    assert code == 0 and len(entries) == 2 and {e["who"] for e in entries} == {VOLUNTEER}
    code, out, _ = log(capsys, db, "--as", LEADER, "--who", VOLUNTEER)
    assert code == 0 and f", {VOLUNTEER}: 2 changes" in out.splitlines()[0]


def test_a_volunteer_sees_only_their_own(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = log(capsys, db, "--as", VOLUNTEER, "--format", "json")
    assert code == 0 and {e["who"] for e in json.loads(out)} == {VOLUNTEER}
    code, out, _ = log(capsys, db, "--as", VOLUNTEER, "--who", VOLUNTEER)
    assert code == 0 and "2 changes" in out
    before = db.read_bytes()
    code, out, err = log(capsys, db, "--as", VOLUNTEER, "--who", LEADER)
    assert code == 1 and out == "" and "leader" in one_line(err) and VOLUNTEER in err
    code, out, err = log(capsys, db)
    assert code == 1 and out == "" and "--as" in one_line(err)
    assert db.read_bytes() == before


def test_date_picks_the_day(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    board = Board.open(db)
    code, out, _ = log(capsys, db, "--as", LEADER, "--date", "yesterday", "--format", "json")
    assert code == 0 and json.loads(out) == []  # the demo's history has no changes
    code, out, _ = log(capsys, db, "--as", LEADER, "--date", str(board.today), "--format", "json")
    assert code == 0 and len(json.loads(out)) >= 4
    code, out, _ = log(capsys, db, "--as", LEADER, "--date", "yesterday")
    assert code == 0 and out.splitlines()[0].endswith("0 changes")
    code, _, err = log(capsys, db, "--as", LEADER, "--date", "someday")
    assert code == 1 and "not a date" in one_line(err)


def test_a_closed_day_is_read_from_the_archive(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    board = Board.open(db)
    day = board.today
    monkeypatch.setenv("DUTYBOARD_NOW", f"{board.tomorrow}T07:00:00+08:00")
    assert run(capsys, "swap", "--yes", "--db", str(db), "--as", LEADER)[0] == 0
    code, out, _ = log(capsys, db, "--as", LEADER, "--date", str(day), "--format", "json")
    entries = json.loads(out)
    assert code == 0 and {"done", "volunteer_edit", "contact"} <= {e["action"] for e in entries}
    assert "swap_snapshot" not in {e["action"] for e in entries}


def test_chinese_by_default(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "log", "--db", str(db), "--as", LEADER)
    assert code == 0 and "的操作记录" in out and "本机" in out and "修改志愿者信息" in out

"""Bad-input corpus, board files and copies (issue 14): values of the wrong type or
range, dates, times and time zones that are not, change stamps from the future,
repeated keys, references to nothing, another board, FIFOs, folders, oversized files
and symlink loops. Each is refused with one line naming what and where (for a value:
table, record and field), exit 2 (1 for another board's copy), and the board keeps
its bytes.

Copies are given to ``merge`` (a dry run for people who are not leaders reads and
checks them first: the line comes before any question of roles). Bad board files are
opened by ``roster``, ``tasks`` and ``conflicts``.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dutyboard.storage import hlc
from dutyboard.storage.board_bytes import SIZE_CAP
from tests.hardening.harness import Case, run_case

EN = ("--lang", "en")
Setup = Callable[[Path, Path], None]


def _load(db: Path) -> dict[str, Any]:
    return json.loads(db.read_text(encoding="utf-8"))


def _first(data: dict[str, Any], table: str, field: str | None = None) -> dict[str, Any]:
    return next(d for d in data[table].values() if field is None or field in d)


def _set(table: str, field: str, value: Any, *, into: str = "copy.json") -> Setup:
    """A copy of the board (or, with ``into="{db}"``, the board itself) with ``field``
    of the first record of ``table`` that has it set to ``value``."""

    def setup(tmp: Path, db: Path) -> None:
        data = _load(db)
        _first(data, table, field if field in _first(data, table) else None)[field] = value
        target = db if into == "{db}" else tmp / into
        target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    return setup


def _future_stamp(tmp: Path, db: Path, *, into_board: bool = False) -> None:
    data = _load(db)
    ahead = time.time_ns() // 1_000_000 + 30 * 24 * 3600 * 1000  # a month ahead
    _first(data, "slots")["_c"] = hlc.make(ahead, 0, "evil")
    (db if into_board else tmp / "copy.json").write_text(json.dumps(data), encoding="utf-8")


def _repeated_meta(target: str) -> Setup:
    """The top level says ``"meta"`` twice: an impostor, then the real one."""

    def setup(tmp: Path, db: Path) -> None:
        raw = db.read_text(encoding="utf-8")
        meta = json.loads(raw)["meta"]
        impostor = {k: {**v, "community_en": "Impostor"} for k, v in meta.items()}
        text = '{"meta": ' + json.dumps(impostor) + ", " + raw.lstrip()[1:]
        (db if target == "{db}" else tmp / target).write_text(text, encoding="utf-8")

    return setup


def _repeated_record(target: str) -> Setup:
    """The slots table holds record key "1" twice (the second another slot)."""

    def setup(tmp: Path, db: Path) -> None:
        data = _load(db)
        slots = data.pop("slots")
        first_key, first = next(iter(slots.items()))
        other = {**first, "id": "impostor", "needed": 0}
        body = ", ".join(
            [json.dumps(first_key) + ": " + json.dumps(first)]
            + [json.dumps(first_key) + ": " + json.dumps(other)]
            + [json.dumps(k) + ": " + json.dumps(v) for k, v in list(slots.items())[1:]]
        )
        text = json.dumps(data)[:-1] + ', "slots": {' + body + "}}"
        (db if target == "{db}" else tmp / target).write_text(text, encoding="utf-8")

    return setup


def _fifo(name: str) -> Setup:
    def setup(tmp: Path, db: Path) -> None:
        os.mkfifo(tmp / name)

    return setup


def _folder(name: str) -> Setup:
    def setup(tmp: Path, db: Path) -> None:
        (tmp / name).mkdir()

    return setup


def _oversized(name: str) -> Setup:
    """A sparse file one byte over the cap: costs no disk."""

    def setup(tmp: Path, db: Path) -> None:
        with open(tmp / name, "wb") as f:
            f.truncate(SIZE_CAP + 1)

    return setup


def _loop(name: str) -> Setup:
    def setup(tmp: Path, db: Path) -> None:
        os.symlink(f"{name}.other", tmp / name)
        os.symlink(name, tmp / f"{name}.other")

    return setup


def _other_board(tmp: Path, db: Path) -> None:
    data = _load(db)
    _first(data, "meta")["board_id"] = "another-board"
    (tmp / "copy.json").write_text(json.dumps(data), encoding="utf-8")


def _record_not_object(tmp: Path, db: Path) -> None:
    data = _load(db)
    data["tasks"][next(iter(data["tasks"]))] = ["not", "a", "record"]
    (tmp / "copy.json").write_text(json.dumps(data), encoding="utf-8")


def _missing_field(tmp: Path, db: Path) -> None:
    data = _load(db)
    del _first(data, "slots")["date"]
    (tmp / "copy.json").write_text(json.dumps(data), encoding="utf-8")


def _bad_change_stamp(tmp: Path, db: Path) -> None:
    data = _load(db)
    _first(data, "tasks")["_s"] = {"status": "yesterday"}
    (tmp / "copy.json").write_text(json.dumps(data), encoding="utf-8")


def _new_record_to_nobody(tmp: Path, db: Path) -> None:
    """A copy adds an assignment of a volunteer that exists nowhere."""
    data = _load(db)
    one = dict(_first(data, "assignments"))
    one.update(id="new-assignment", volunteer="nobody-at-all")
    data["assignments"]["999999"] = one
    (tmp / "copy.json").write_text(json.dumps(data), encoding="utf-8")


MERGE = ("merge", "{tmp}/copy.json", "--db", "{db}", *EN)


def _copy(case_id: str, table: str, field: str, value: Any, *mention: str) -> Case:
    return Case(case_id, MERGE, 2, (f"{table}[", field, *mention), _set(table, field, value))


def _board(case_id: str, command: str, table: str, field: str, value: Any) -> Case:
    return Case(
        case_id,
        (command, "--db", "{db}", *EN),
        2,
        (f"{table}[", field, "not opened"),
        _set(table, field, value, into="{db}"),
    )


CASES = [
    # copies with values of the wrong type or range
    _copy("copy-needed-four", "slots", "needed", "four", "whole number"),
    _copy("copy-needed-negative", "slots", "needed", -1, "between"),
    _copy("copy-needed-float", "slots", "needed", 2.5, "whole number"),
    _copy("copy-slot-start-25h", "slots", "start", "25:00", "time of day"),
    _copy("copy-slot-end-words", "slots", "end", "9am", "time of day"),
    _copy("copy-today-not-a-date", "meta", "today", "tomorrow", "date"),
    _copy("copy-today-feb-30", "meta", "today", "2026-02-30", "date"),
    _copy("copy-unknown-timezone", "meta", "timezone", "Mars/Olympus", "time zone"),
    _copy("copy-day-start-24", "meta", "day_start_hour", 24, "between"),
    _copy("copy-residents-text", "households", "residents", "3", "whole number"),
    _copy("copy-role-boss", "volunteers", "role", "boss", "one of"),
    _copy("copy-groups-not-list", "volunteers", "groups", "delivery", "list"),
    _copy("copy-task-status", "tasks", "status", "maybe", "one of"),
    _copy("copy-task-due-soon", "tasks", "due", "soon", "date and time"),
    _copy("copy-assignment-month-13", "assignments", "date", "2026-13-01", "date"),
    _copy("copy-contact-at-words", "contacts", "at", "yesterday", "date and time"),
    _copy("copy-elderly-alone-yes", "households", "elderly_alone", "yes", "true or false"),
    _copy("copy-building-floors-huge", "buildings", "floors", 10**9, "between"),
    _copy("copy-rules-not-object", "meta", "rules", [8, 6], "object"),
    Case("copy-missing-date", MERGE, 2, ("slots[", "date", "missing"), _missing_field),
    Case("copy-record-not-object", MERGE, 2, ("tasks[", "not a record"), _record_not_object),
    # change stamps
    Case("copy-future-stamp", MERGE, 2, ("slots[", "_c", "future"), _future_stamp),
    Case("copy-bad-change-stamp", MERGE, 2, ("tasks[", "_s.status", "stamp"), _bad_change_stamp),
    # repeated keys
    Case("copy-meta-twice", MERGE, 2, ("meta", "twice"), _repeated_meta("copy.json")),
    Case("copy-record-key-twice", MERGE, 2, ("twice",), _repeated_record("copy.json")),
    # references, other boards
    Case(
        "copy-volunteer-nowhere",
        MERGE,
        2,
        ("assignments[new-assignment]", "volunteer", "points at no volunteers"),
        _new_record_to_nobody,
    ),
    Case("copy-other-board", MERGE, 1, "different board", _other_board),
    # what is not a file
    Case(
        "copy-fifo",
        ("merge", "{tmp}/fifo.json", "--db", "{db}", *EN),
        2,
        "FIFO",
        _fifo("fifo.json"),
    ),
    Case(
        "copy-folder",
        ("merge", "{tmp}/dir.json", "--db", "{db}", *EN),
        2,
        "folder",
        _folder("dir.json"),
    ),
    Case(
        "copy-oversized",
        ("merge", "{tmp}/big.json", "--db", "{db}", *EN),
        2,
        ("big.json", "512 MB"),
        _oversized("big.json"),
    ),
    Case(
        "copy-symlink-loop",
        ("merge", "{tmp}/loop.json", "--db", "{db}", *EN),
        2,
        "loop.json",
        _loop("loop.json"),
    ),
    # bad board files, opened by several commands
    _board("board-needed-four-roster", "roster", "slots", "needed", "four"),
    _board("board-needed-four-tasks", "tasks", "slots", "needed", "four"),
    _board("board-today-not-a-date-tasks", "tasks", "meta", "today", "someday"),
    _board("board-timezone-roster", "roster", "meta", "timezone", "Mars/Olympus"),
    _board("board-status-conflicts", "conflicts", "tasks", "status", 7),
    _board("board-start-roster", "roster", "slots", "start", "7:00am"),
    Case(
        "board-future-stamp-roster",
        ("roster", "--db", "{db}", *EN),
        2,
        ("slots[", "future"),
        lambda tmp, db: _future_stamp(tmp, db, into_board=True),
    ),
    Case(
        "board-meta-twice-roster",
        ("roster", "--db", "{db}", *EN),
        2,
        ("meta", "twice"),
        _repeated_meta("{db}"),
    ),
    Case(
        "board-record-twice-tasks",
        ("tasks", "--db", "{db}", *EN),
        2,
        "twice",
        _repeated_record("{db}"),
    ),
    Case(
        "board-fifo-roster",
        ("roster", "--db", "{tmp}/fifo.json", *EN),
        2,
        "FIFO",
        _fifo("fifo.json"),
    ),
    Case(
        "board-folder-roster",
        ("roster", "--db", "{tmp}/dir.json", *EN),
        2,
        "folder",
        _folder("dir.json"),
    ),
    Case(
        "board-oversized-tasks",
        ("tasks", "--db", "{tmp}/big.json", *EN),
        2,
        "512 MB",
        _oversized("big.json"),
    ),
    Case(
        "board-symlink-loop-roster",
        ("roster", "--db", "{tmp}/loop.json", *EN),
        2,
        ("loop.json", "symbolic link"),
        _loop("loop.json"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_corpus(
    case: Case, corpus_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_case(case, corpus_template, tmp_path, capsys)


def test_corpus_has_enough_cases() -> None:
    assert len(CASES) >= 30
    assert len({c.id for c in CASES}) == len(CASES)

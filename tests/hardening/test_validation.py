"""The one validation of boards and copies (dutyboard/storage/validate.py, issue 14): what it
refuses and says, and where it runs: opening a board, merging a copy, Syncthing
conflict copies, the reload before a save, the shadow taken back, ``check``."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from dutyboard.cli.main import main
from dutyboard.core.board import Board
from dutyboard.core.merge import merge_conflict_copies
from dutyboard.storage import hlc, validate
from dutyboard.storage.board_bytes import backup_dir, parse_board_bytes, refused_dir, shadow_path
from dutyboard.storage.errors import BoardFileError
from dutyboard.storage.store import BoardStore
from tests.hardening.harness import demo_board, fresh_copy, parts


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_board(tmp_path_factory.mktemp("validation-template"))


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    return fresh_copy(template, tmp_path)


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def dump(data: dict[str, Any], path: Path) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def first(data: dict[str, Any], table: str) -> dict[str, Any]:
    return next(iter(data[table].values()))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([*argv, "--lang", "en"])
    got = capsys.readouterr()
    return code, got.out, got.err


def leader(data: dict[str, Any]) -> str:
    return next(v["name"] for v in data["volunteers"].values() if v["role"] == "leader")


# ------------------------------------------------------------------ values


def test_a_demo_board_and_its_archive_are_valid(db: Path) -> None:
    in_parts = parts(db)
    assert in_parts
    for path in (db, *in_parts):  # the board and every part of its archive
        data = load(path)
        assert validate.value_problems(data, limit=50) == []
        assert validate.reference_problems(data, limit=50) == [] or path.name != "board.json"


@pytest.mark.parametrize(
    ("table", "field", "value", "says"),
    [
        ("slots", "needed", "four", '.needed: "four" is not a whole number'),
        ("slots", "needed", True, ".needed: true is not a whole number"),
        ("slots", "needed", 1000, ".needed: 1000 is not between 0 and 999"),
        ("slots", "start", "24:00", '.start: "24:00" is not a time of day (HH:MM)'),
        ("meta", "today", "2026-02-30", '.today: "2026-02-30" is not a date (YYYY-MM-DD)'),
        ("meta", "today", "20261201", "is not a date"),
        ("meta", "timezone", "Europe/Atlantis", "is not a known time zone"),
        ("meta", "timezone", "../../etc/passwd", "is not a known time zone"),
        ("meta", "day_start_hour", -1, "is not between 0 and 23"),
        ("volunteers", "groups", ["delivery", 3], "holds an item of the wrong type"),
        ("tasks", "kind", "party", "is not one of: delivery,"),
        ("contacts", "at", "2026-12-01", "is not a date and time"),
        ("building_status", "status", "closed", "is not one of"),
    ],
)
def test_a_wrong_value_is_named_by_table_record_and_field(
    db: Path, table: str, field: str, value: Any, says: str
) -> None:
    data = load(db)
    doc = first(data, table)
    doc[field] = value
    problems = validate.value_problems(data)
    assert len(problems) == 1
    line = problems[0].text("en")
    assert line.startswith(f"{table}[{doc['id']}].{field}: ") and says in line
    assert problems[0].text("zh") != line  # translated


def test_unknown_tables_and_fields_are_let_through(db: Path) -> None:
    data = load(db)
    first(data, "slots")["colour"] = {"any": ["thing"]}
    data["newer_table"] = {"1": {"id": "x", "_c": first(data, "slots")["_c"], "v": 1}}
    assert validate.value_problems(data) == []


def test_stamps_may_run_a_day_ahead_of_the_clock_not_more() -> None:
    now = time.time_ns() // 1_000_000
    data = {"meta": {"1": {"id": "m", "_c": hlc.make(now + 3_600_000, 0, "a")}}}
    assert validate.value_problems(data, wall_ms=now, required=False) == []
    data["meta"]["1"]["_s"] = {"today": hlc.make(now + 2 * 86_400_000, 0, "a")}
    (problem,) = validate.value_problems(data, wall_ms=now, required=False)
    assert problem.field == "_s.today" and "from the future" in problem.text()


def test_repeated_keys_at_every_level_are_found() -> None:
    assert validate.repeated_key(b'{"meta": {}, "meta": {}}').table == "meta"  # type: ignore[union-attr]
    assert validate.repeated_key(b'{"t": {"1": {}, "1": {}}}') is not None
    assert validate.repeated_key(b'{"t": {"1": {"a": 1, "a": 2}}}') is not None
    assert validate.repeated_key(b'{"t": {"1": {"a": 1}, "2": {"a": 2}}}') is None


# ------------------------------------------------------------------ the defects


def test_merge_of_a_bad_copy_is_refused_and_every_command_still_works(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: the merge exited 0, then every command failed with "unexpected error"."""
    data = load(db)
    first(data, "slots")["needed"] = "four"
    copy = dump(data, db.with_name("copy.json"))
    before = db.read_bytes()
    code, out, err = run(capsys, "merge", str(copy), "--db", str(db), "--as", leader(data))
    assert code == 2 and "needed" in err and "nothing was merged" in err
    assert db.read_bytes() == before and copy.exists()
    for argv in (["roster"], ["tasks"], ["check"]):
        code, out, err = run(capsys, *argv, "--db", str(db))
        assert code == 0, out + err


def test_check_no_longer_calls_a_board_with_bad_values_healthy(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = load(db)
    first(data, "slots")["needed"] = "four"
    first(data, "meta")["timezone"] = "Mars/Base"
    dump(data, db)
    code, out, _ = run(capsys, "check", "--db", str(db))
    assert code == 1 and "healthy" not in out
    assert "needed" in out and "Mars/Base" in out
    code, _, err = run(capsys, "roster", "--db", str(db))
    assert code == 2 and "Traceback" not in err  # not 1, not "unexpected error"


def test_a_board_that_repeats_meta_is_refused_not_read_with_the_impostor(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = db.read_text(encoding="utf-8")
    impostor = {k: {**v, "board_id": "impostor"} for k, v in load(db)["meta"].items()}
    db.write_text(raw.rstrip()[:-1] + ', "meta": ' + json.dumps(impostor) + "}", encoding="utf-8")
    assert json.loads(db.read_text())["meta"] == impostor  # what a reader would have kept
    before = db.read_bytes()
    code, _, err = run(capsys, "roster", "--db", str(db))
    assert code == 2 and "meta" in err and "twice" in err
    code, out, _ = run(capsys, "check", "--db", str(db))
    assert code == 1 and "twice" in out
    assert db.read_bytes() == before


def test_an_unreadable_board_names_its_recovery_copies(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = db.read_bytes()
    shadow_path(db).write_bytes(good)
    backups = backup_dir(db)
    backups.mkdir()
    (backups / "board.20261201-080000.json").write_bytes(b'{"meta": ')
    data = load(db)
    first(data, "slots")["needed"] = "four"
    dump(data, db)
    code, _, err = run(capsys, "tasks", "--db", str(db))
    assert code == 2
    lines = err.splitlines()
    assert "needed" in lines[0]
    saved = next(line for line in lines if ".board.json.saved" in line)
    broken = next(line for line in lines if "board.20261201-080000.json" in line)
    assert "readable" in saved and "also bad" in broken
    assert "dutyboard check --db COPY" in err


def test_a_copy_holding_only_some_tables_merges(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = load(db)
    task = next(t for t in data["tasks"].values() if t["kind"] == "delivery")
    task["note"] = "from a partial copy"
    task.setdefault("_s", {})["note"] = hlc.make(time.time_ns() // 1_000_000, 0, "other")
    partial = {"meta": data["meta"], "tasks": {"1": task}}
    copy = dump(partial, db.with_name("partial.json"))
    code, out, err = run(capsys, "merge", str(copy), "--db", str(db), "--as", leader(data))
    assert code == 0, err
    assert load(db)["tasks"] and "from a partial copy" in db.read_text(encoding="utf-8")
    assert run(capsys, "check", "--db", str(db))[0] == 0


def test_a_copy_adding_a_reference_to_nothing_is_refused(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = load(db)
    one = dict(first(data, "assignments"), id="new-one", volunteer="nobody")
    data["assignments"]["99999"] = one
    copy = dump(data, db.with_name("copy.json"))
    code, _, err = run(capsys, "merge", str(copy), "--db", str(db), "--as", leader(data))
    assert code == 2 and "assignments[new-one].volunteer" in err


def test_a_copy_cannot_change_a_building_number_records_point_at(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = load(db)
    building = first(data, "buildings")
    building["number"] = 98
    building.setdefault("_s", {})["number"] = hlc.make(time.time_ns() // 1_000_000, 0, "x")
    copy = dump(data, db.with_name("copy.json"))
    code, _, err = run(capsys, "merge", str(copy), "--db", str(db), "--as", leader(data))
    # named as the copy's own records left pointing at nothing
    assert code == 2 and "points at no buildings record" in err
    partial = dump({"meta": data["meta"], "buildings": {"1": building}}, copy)
    code, _, err = run(capsys, "merge", str(partial), "--db", str(db), "--as", leader(data))
    assert code == 2 and f"buildings[{building['id']}].number: 98 changes a key" in err
    assert run(capsys, "check", "--db", str(db))[0] == 0


def test_text_with_control_characters_is_cleaned_when_merged(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = load(db)
    task = next(t for t in data["tasks"].values() if t["kind"] == "delivery")
    task["note"] = "ring\x1b[2J twice\nthen wait"
    task.setdefault("_s", {})["note"] = hlc.make(time.time_ns() // 1_000_000, 0, "other")
    copy = dump(data, db.with_name("copy.json"))
    code, _, err = run(capsys, "merge", str(copy), "--db", str(db), "--as", leader(data))
    assert code == 0, err
    merged = next(t for t in load(db)["tasks"].values() if t["id"] == task["id"])
    assert merged["note"] == "ring [2J twice then wait"


# ------------------------------------------------------------------ copies beside the board


def test_a_bad_conflict_copy_is_set_aside_told_once_and_never_merged(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = load(db)
    first(data, "slots")["needed"] = "four"
    bad = dump(data, db.with_name("board.sync-conflict-20261201-101010-ABCDEFG.json"))
    before = db.read_bytes()
    code, out, err = run(capsys, "merge", "--db", str(db), "--as", leader(data))
    assert code == 0
    assert not bad.exists() and (refused_dir(db) / bad.name).exists()
    assert oct(refused_dir(db).stat().st_mode & 0o777) == "0o700"
    assert len(err.splitlines()) == 1 and "refused" in err and "needed" in err
    assert db.read_bytes() == before
    code, out, err = run(capsys, "merge", "--db", str(db), "--as", leader(data))
    assert "refused" not in err  # told once


def test_any_writing_command_says_it_refused_a_bad_conflict_copy(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = load(db)
    first(data, "slots")["needed"] = "four"
    bad = dump(data, db.with_name("board.sync-conflict-20261201-101010-ABCDEFG.json"))
    argv = ("volunteer", "add", "新人", "--phone", "13700000000", "--groups", "care")
    code, _, err = run(capsys, *argv, "--as", leader(data), "--db", str(db))
    assert code == 0
    assert not bad.exists() and (refused_dir(db) / bad.name).exists()
    assert "refused" in err and "needed" in err


def test_the_app_path_sets_a_bad_conflict_copy_aside(db: Path) -> None:
    data = load(db)
    first(data, "meta")["today"] = "someday"
    bad = dump(data, db.with_name("board.sync-conflict-20261201-101010-ABCDEFG.json"))
    board = Board.open(db, device_id="laptop")
    assert merge_conflict_copies(board) is None
    assert not bad.exists()
    (key, fields) = board.store.refusals[0]
    assert key == "sync.refused_copy" and "today" in validate.render(key, "en", fields)


# ------------------------------------------------------------------ the store


def test_the_file_replaced_by_a_bad_copy_under_a_running_store_is_kept_aside(db: Path) -> None:
    store = BoardStore.open(db, device="laptop")
    good_id = store.board_id
    data = load(db)
    first(data, "slots")["needed"] = "four"
    bad_bytes = json.dumps(data).encode()
    db.write_bytes(bad_bytes)  # someone copies a bad board over it
    meta = store.meta["id"]
    with store.transaction() as tx:
        tx.update("meta", meta, {"community_en": "Still ours"})
    on_disk = parse_board_bytes(db.read_bytes(), db)
    slot = next(iter(on_disk["slots"].values()))
    assert isinstance(slot["needed"], int)  # the bad value was not merged
    assert next(iter(on_disk["meta"].values()))["board_id"] == good_id
    kept = list(refused_dir(db).iterdir())
    assert [p.read_bytes() for p in kept] == [bad_bytes]
    assert oct(kept[0].stat().st_mode & 0o777) == "0o600"
    (key, fields) = store.refusals[0]
    assert key == "sync.refused_file" and "needed" in validate.render(key, "en", fields)


def test_a_tampered_shadow_is_not_taken_back(db: Path) -> None:
    data = load(db)
    first(data, "slots")["needed"] = "four"
    shadow_path(db).write_text(json.dumps(data), encoding="utf-8")
    store = BoardStore.open(db, device="laptop")
    assert "copy_over" not in store.notices and not store.dirty
    slot = next(iter(store.table("slots").values()))
    assert slot["needed"] != "four"


def test_own_bytes_are_trusted_others_validated(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = validate.value_problems

    def counting(*args: Any, **kw: Any) -> list[validate.Problem]:
        calls.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(validate, "value_problems", counting)
    BoardStore.open(db, device="laptop")  # a copied board: no shadow yet
    assert calls
    store = BoardStore.open(db, device="laptop")
    with store.transaction() as tx:
        tx.set_meta({"community_en": "saved here"})
    calls.clear()
    BoardStore.open(db, device="laptop")  # its bytes are this laptop's last save
    assert calls == []


def test_a_bad_board_is_a_board_file_error_exit_2(db: Path) -> None:
    data = load(db)
    first(data, "households")["residents"] = "three"
    dump(data, db)
    with pytest.raises(BoardFileError) as exc:
        BoardStore.open(db, device="laptop")
    assert exc.value.exit_code == 2 and "households[" in exc.value.message


def test_a_copied_template_keeps_passing(template: Path, tmp_path: Path) -> None:
    shutil.copy2(template, tmp_path / "b.json")
    assert BoardStore.open(tmp_path / "b.json", device="x").board_id
    assert os.path.exists(tmp_path / "b.json")

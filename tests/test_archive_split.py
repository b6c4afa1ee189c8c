"""An archive kept in one file by dutyboard before format 2 (``NAME.archive.json``) is
split into parts when its board is first opened: all or nothing, the old file kept
until the split is saved, every record in the part of its day exactly once."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import orjson
import pytest

from dutyboard.storage import archive_split, board_bytes
from dutyboard.storage.board_bytes import (
    archive_dir,
    archive_path,
    backup_dir,
    lock_path,
    shadow_path,
)
from dutyboard.storage.errors import BoardFileError, SaveError
from dutyboard.storage.store import BoardStore
from tests.archive_helpers import (
    canon,
    demo,
    live_meta,
    old_records,
    open_board,
    part_files,
    records_by_table,
    scan,
    split_records,
    to_format_1,
    write_json,
)

REPO = Path(__file__).resolve().parents[1]
HELPER = Path(__file__).with_name("archive_helpers.py")


@pytest.fixture
def old_board(tmp_path: Path) -> tuple[Path, Path]:
    """A board in the format-1 layout: (live file, old archive file)."""
    path = demo(tmp_path / "board.json")
    return path, to_format_1(path)


def work_folders(path: Path) -> list[str]:
    return sorted(n for n in os.listdir(path.parent) if ".archive.split-" in n)


def check_split(path: Path, want: Counter[tuple[str, bytes]]) -> None:
    """The board at ``path`` is split: parts, the old file and its side files gone,
    the live file in format 2, every record of the old file in its day's part once."""
    old = archive_path(path)
    assert not old.exists()
    for side in (shadow_path(old), lock_path(old), backup_dir(old)):
        assert not side.exists(), side
    assert work_folders(path) == []
    assert live_meta(path)["format_version"] == 2
    assert split_records(path) == want
    records_by_table(path)  # no id in two parts
    board = open_board(path, "checker")
    archive = board.store.archive()
    for day, table, doc in scan(path):
        assert archive.day_of(table, doc) == day, (table, doc["id"])
    for p in part_files(path).values():
        meta = next(iter(orjson.loads(p.read_bytes())["meta"].values()))
        assert meta["format_version"] == 2 and meta["kind"] == "archive"


# ---------------------------------------------------------------- the split


def test_an_old_single_archive_is_split_and_every_record_compared(
    old_board: tuple[Path, Path],
) -> None:
    path, old = old_board
    want = old_records(old)
    assert sum(want.values()) > 500 and not archive_dir(path).exists()
    assert live_meta(path)["format_version"] == 1
    board = open_board(path)
    assert board.store.archive_problem is None
    check_split(path, want)
    # And the board reads its history from the parts.
    assert board.store.archive().lookup("assignments")


def test_a_split_old_archive_made_by_this_laptop_is_split_the_same(
    old_board: tuple[Path, Path],
) -> None:
    """The old file as this laptop last saved it (its shadow beside it: not validated
    again) splits the same."""
    path, old = old_board
    os.link(old, shadow_path(old))
    want = old_records(old)
    open_board(path)
    check_split(path, want)


def test_a_split_that_fails_part_way_changes_nothing(
    old_board: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, old = old_board
    raw = old.read_bytes()
    want = old_records(old)

    def no_rename(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(archive_split.os, "rename", no_rename)
    with pytest.raises(SaveError, match="nothing was changed"):
        open_board(path)
    assert not archive_dir(path).exists()
    assert work_folders(path) == []
    assert old.read_bytes() == raw
    assert live_meta(path)["format_version"] == 1
    monkeypatch.undo()
    open_board(path)
    check_split(path, want)


def test_a_split_cut_off_after_some_parts_leaves_the_old_file_and_no_work_folder(
    old_board: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash after some parts were written into the work folder, before it was
    cleaned up (the program died): the next open clears the work folder and splits."""
    path, old = old_board
    raw = old.read_bytes()
    want = old_records(old)
    written: list[Path] = []
    real_write = BoardStore._write_locked

    def write(self: BoardStore, new_file: bool = False) -> None:
        if ".archive.split-" in str(self.path) and len(written) == 3:
            raise KeyboardInterrupt  # the program is stopped here
        real_write(self, new_file)
        written.append(self.path)

    monkeypatch.setattr(BoardStore, "_write_locked", write)
    monkeypatch.setattr(archive_split.shutil, "rmtree", lambda *a, **k: None)  # died: no tidying
    with pytest.raises(KeyboardInterrupt):
        open_board(path)
    assert len(written) == 3
    assert len(work_folders(path)) == 1  # left behind, with three parts in it
    assert not archive_dir(path).exists()
    assert old.read_bytes() == raw
    monkeypatch.undo()
    open_board(path)
    check_split(path, want)


def test_an_old_file_beside_existing_parts_is_merged_into_them(
    old_board: tuple[Path, Path],
) -> None:
    """The old file is still there when the parts are (a crash after the rename, or an
    older dutyboard elsewhere wrote it again, with a record the parts lack)."""
    path, old = old_board
    data = orjson.loads(old.read_bytes())
    open_board(path)
    assert not old.exists()
    # An older dutyboard on another laptop delivered one more task on the 22nd.
    tasks = data["tasks"]
    model = next(d for d in tasks.values() if d["date"] == "2022-04-22" and d.get("household"))
    extra = {**model, "id": "from-an-older-laptop", "code": "OLD1"}
    tasks[str(len(tasks) + 1)] = extra
    write_json(old, data)
    want = old_records(old)
    board = open_board(path, "again")
    check_split(path, want)
    found = board.store.archive().lookup(f"h:{model['household']}")
    assert ("2022-04-22", "tasks") in {(day, t) for day, t, d in found if d["id"] == extra["id"]}


def test_a_second_open_with_the_same_old_file_loses_and_doubles_nothing(
    old_board: tuple[Path, Path],
) -> None:
    path, old = old_board
    raw = old.read_bytes()
    want = old_records(old)
    open_board(path)
    old.write_bytes(raw)  # put back as it was (a crash before it was removed)
    open_board(path, "again")
    check_split(path, want)


def test_an_unreadable_old_file_is_left_as_it_is_and_named(
    old_board: tuple[Path, Path],
) -> None:
    path, old = old_board
    old.write_bytes(b'{"meta": {"1": {"app": "dutyboard", "board_')  # cut off
    raw = old.read_bytes()
    board = open_board(path)
    problem = board.store.archive_problem
    assert problem is not None and old.name in problem
    assert old.read_bytes() == raw
    assert not archive_dir(path).exists()
    assert board.store.archive().lookup("assignments") == []


def test_an_old_file_of_another_board_is_not_split_into_this_one(
    old_board: tuple[Path, Path],
) -> None:
    path, old = old_board
    data = orjson.loads(old.read_bytes())
    next(iter(data["meta"].values()))["board_id"] = "another-board"
    write_json(old, data)
    raw = old.read_bytes()
    board = open_board(path)
    problem = board.store.archive_problem
    assert problem is not None and old.name in problem
    assert old.read_bytes() == raw and not archive_dir(path).exists()


# ---------------------------------------------------------------- an older dutyboard


def test_an_older_dutyboard_refuses_a_board_in_parts_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = demo(tmp_path / "board.json")
    assert live_meta(path)["format_version"] == 2
    for p in part_files(path).values():
        assert next(iter(orjson.loads(p.read_bytes())["meta"].values()))["format_version"] == 2
    raw = path.read_bytes()
    monkeypatch.setattr(board_bytes, "FORMAT_VERSION", 1)  # dutyboard before issue 16
    for target in (path, next(iter(part_files(path).values()))):
        with pytest.raises(BoardFileError) as exc:
            BoardStore.open(target, device="old-laptop")
        message = exc.value.message
        assert "made by a newer dutyboard" in message, message
        assert "file format 2" in message and "Update dutyboard" in message
    assert path.read_bytes() == raw


def test_format_1_dutyboard_already_refused_newer_files() -> None:
    """The refusal above is the one dutyboard had before format 2 (so a laptop still
    running it says this, not misreads the board)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    shown = subprocess.run(
        ["git", "show", "543b76d:dutyboard/storage/board_bytes.py"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if shown.returncode != 0:
        pytest.skip(f"no git history here: {shown.stderr.strip()}")
    assert "made by a newer dutyboard" in shown.stdout
    assert "FORMAT_VERSION = 1" in shown.stdout


# ---------------------------------------------------------------- kill -9


def run_child(path: Path, kill_at: int, home: Path) -> subprocess.CompletedProcess[str]:
    """The child, with a user folder of its own (fresh each run: what it writes there,
    the validated digests, is then the same every time, and so is its count)."""
    home.mkdir(parents=True)
    env = dict(os.environ)
    env["DUTYBOARD_HOME"] = str(home)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    return subprocess.run(
        [sys.executable, str(HELPER), str(path), str(kill_at)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
    )


@pytest.fixture(scope="module")
def town_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("split-template")
    path = demo(root / "board.json", households=300, volunteers=30, days=20)
    return path, to_format_1(path)


def restore(template: tuple[Path, Path], live: Path) -> None:
    if live.parent.exists():
        shutil.rmtree(live.parent)
    live.parent.mkdir(parents=True)
    shutil.copyfile(template[0], live)
    shutil.copyfile(template[1], archive_path(live))


@pytest.mark.slow
def test_kill9_during_the_split_leaves_every_record_exactly_once(
    tmp_path: Path, town_template: tuple[Path, Path]
) -> None:
    """A child opens a format-1 town board (which splits it) and is killed with SIGKILL
    before one of its file operations, picked at random; opening the board again gives
    every record of the old file exactly once, in the part of its day."""
    want = old_records(town_template[1])
    live = tmp_path / "live" / "board.json"
    restore(town_template, live)
    counted = run_child(live, 0, tmp_path / "home-count")
    assert counted.returncode == 0, counted.stderr
    ops = int(counted.stdout.split()[-1])
    check_split(live, want)
    assert ops > 20
    rng = random.Random(20220426)
    # The first operation, some picked at random, and the last ten (the rename into
    # place, the live file's save and the old file's removal are among them).
    points = sorted({1, *rng.sample(range(2, ops), 6), *range(ops - 9, ops + 1)})
    outcomes: Counter[str] = Counter()
    for at in points:
        restore(town_template, live)
        child = run_child(live, at, tmp_path / f"home-{at}")
        assert child.returncode == -signal.SIGKILL, (at, child.stderr)
        outcomes["old file left" if archive_path(live).exists() else "split"] += 1
        outcomes["parts there" if archive_dir(live).exists() else "no parts"] += 1
        board = open_board(live, "after-kill")
        assert board.store.archive_problem is None, (at, board.store.archive_problem)
        check_split(live, want)
        ids = Counter((t, d["id"]) for _day, t, d in scan(live))
        assert max(ids.values()) == 1, at
        assert {(t, canon(d)) for _day, t, d in scan(live)} == set(want)
    print(f"\nkills at {points} of {ops} operations: {dict(outcomes)}")
    assert outcomes["old file left"] and outcomes["parts there"], outcomes

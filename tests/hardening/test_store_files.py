"""The store's files (issue 14): a symlinked board is written through to its target;
lock files, the shadow, the archive are 0600 and the folders beside the board 0700
whatever the umask; the shadow's temp file has a random name made with O_EXCL."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from dutyboard.core.board import Board
from dutyboard.core.merge import merge_conflict_copies, merged_dir
from dutyboard.storage.archive_parts import index_dir
from dutyboard.storage.board_bytes import archive_dir, backup_dir, lock_path, shadow_path
from dutyboard.storage.store import BoardStore
from tests.factories import part_transaction
from tests.hardening.harness import demo_board, fresh_copy


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_board(tmp_path_factory.mktemp("files-template"))


@pytest.fixture
def wide_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the usual umask: files 0644 unless made 0600 on purpose
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> str:
    return oct(stat.S_IMODE(os.lstat(path).st_mode))


def save_something(store: BoardStore, text: str = "changed") -> None:
    with store.transaction() as tx:
        tx.set_meta({"community_en": text})


def test_a_symlinked_board_is_written_through_to_its_target(template: Path, tmp_path: Path) -> None:
    synced = tmp_path / "Sync"
    synced.mkdir()
    real = fresh_copy(template, synced)
    link = tmp_path / "board.json"
    link.symlink_to(real)
    store = BoardStore.open(link, device="laptop")
    assert store.path == real
    save_something(store)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert b"changed" in real.read_bytes()
    # its side files are beside the real file, not beside the link
    assert shadow_path(real).exists() and lock_path(real).exists()
    assert not shadow_path(link).exists() and not lock_path(link).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Sync", "board.json"]


def test_a_symlinked_board_through_the_cli(
    template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dutyboard.cli.main import main

    synced = tmp_path / "Sync"
    synced.mkdir()
    real = fresh_copy(template, synced)
    link = tmp_path / "board.json"
    link.symlink_to(real)
    board = Board.open(link, device_id="laptop")
    task = next(t for t in board.tasks() if t.is_open)
    who = next(v for v in board.volunteers() if v.is_leader)
    assert main(["done", task.code, "--as", who.name, "--db", str(link)]) == 0
    assert link.is_symlink()
    assert Board.open(real, device_id="x").task(task.id).status == "done"


def test_lock_shadow_archive_are_0600_and_folders_0700(
    template: Path, tmp_path: Path, wide_umask: None
) -> None:
    db = fresh_copy(template, tmp_path)
    store = BoardStore.open(db, device="laptop")
    save_something(store)
    assert mode(lock_path(db)) == "0o600"
    assert mode(shadow_path(db)) == "0o600"
    assert mode(db) == "0o600"
    assert mode(backup_dir(db)) == "0o700"
    # an archive made new by this laptop
    fresh = tmp_path / "new"
    fresh.mkdir()
    store2 = BoardStore.create(
        fresh / "b.json", {"kind": "live", "today": "2026-12-01"}, device="d"
    )
    with part_transaction(store2, "2026-11-30") as tx:
        tx.insert("tasks", {"kind": "delivery", "date": "2026-11-30", "status": "done"})
    part = store2.archive().path("2026-11-30")
    assert part.parent == archive_dir(fresh / "b.json")
    assert mode(archive_dir(fresh / "b.json")) == "0o700"
    assert mode(part) == "0o600"
    assert mode(lock_path(part)) == "0o600"
    assert mode(shadow_path(part)) == "0o600"
    # its index, kept on this laptop (not in the synced folder)
    index = index_dir(fresh / "b.json")
    assert mode(index) == "0o700" and mode(index / "2026-11-30.idx") == "0o600"


def test_merged_folder_is_0700(template: Path, tmp_path: Path, wide_umask: None) -> None:
    db = fresh_copy(template, tmp_path)
    copy = db.with_name("board.sync-conflict-20261201-101010-ABCDEFG.json")
    copy.write_bytes(db.read_bytes())
    board = Board.open(db, device_id="laptop")
    assert merge_conflict_copies(board) is not None
    assert mode(merged_dir(db)) == "0o700"


def test_the_shadow_temp_is_random_and_made_with_o_excl(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = fresh_copy(template, tmp_path)
    store = BoardStore.open(db, device="laptop")
    # Another local user's trap at the old, predictable name: a link to their file.
    theirs = tmp_path / "theirs.txt"
    theirs.write_text("")
    trap = tmp_path / f".{db.name}.tmp-saved-{os.getpid()}"
    trap.symlink_to(theirs)
    opened: list[tuple[str, int, int]] = []
    real_open = os.open

    def spy(path: str | os.PathLike[str], flags: int, mode: int = 0o777, **kw: object) -> int:
        opened.append((os.fspath(path), flags, mode))
        return real_open(path, flags, mode, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", spy)
    save_something(store)
    save_something(store, "again")
    monkeypatch.undo()
    assert theirs.read_text() == ""  # nothing of the board went through the trap
    shadows = [(p, f, m) for p, f, m in opened if "tmp-saved-" in p]
    assert len(shadows) == 2 and shadows[0][0] != shadows[1][0]
    for path, flags, made in shadows:
        assert flags & os.O_EXCL and flags & os.O_CREAT and made == 0o600
        assert path != str(trap)
    assert shadow_path(db).read_bytes() == db.read_bytes()

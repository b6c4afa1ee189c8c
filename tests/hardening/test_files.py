"""Files outside the board's store (issue 14, dutyboard/storage/outfiles.py): modes under umask
022, ``--out`` never over the board or its side files and never over a file without
``--force``, FIFO and oversized inputs refused at once, error lists stopped at 50, no
home path in a new board."""

from __future__ import annotations

import os
import shutil
import stat
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from dutyboard.cli.main import main
from dutyboard.core.config_files import default_config_dir
from dutyboard.storage.board_bytes import archive_dir
from tests.hardening.harness import fresh_copy, parts
from tests.hardening.test_corpus_paths import unblock_later

NAME = "沈静"  # a volunteer of the corpus's demo board (seed 2022), who may import orders


@pytest.fixture(autouse=True)
def umask022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user folder that does not exist yet: dutyboard makes it."""
    folder = tmp_path / "user" / "dutyboard"
    monkeypatch.setenv("DUTYBOARD_HOME", str(folder))
    return folder


@pytest.fixture
def board(tmp_path: Path, corpus_template: Path) -> Path:
    return fresh_copy(corpus_template, tmp_path)  # with its archive's parts


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([*argv, "--lang", "en"])
    out = capsys.readouterr()
    return code, out.out, out.err


# ---------------------------------------------------------------- modes under umask 022


def test_new_board_and_its_files_are_private(
    tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "new.json"
    assert run(capsys, "init", "--db", str(db))[0] == 0
    assert mode(db) == 0o600
    assert mode(db.with_name(f".{db.name}.saved")) == 0o600
    assert mode(home) == 0o700  # the user folder, made for the device id
    assert mode(home / "device_id") == 0o600


def test_demo_archive_is_private(tmp_path: Path, home: Path) -> None:
    db = tmp_path / "demo.json"
    assert main(["demo", str(db), "--households", "20", "--volunteers", "12", "--days", "1"]) == 0
    assert mode(db) == 0o600
    assert mode(archive_dir(db)) == 0o700  # the folder of its parts
    found = parts(db)
    assert found
    for part in found:
        assert mode(part) == 0o600
        assert mode(part.with_name(f".{part.name}.saved")) == 0o600


def test_store_lock_files_are_private(board: Path) -> None:
    """The lock files are the store's (the integrity helper's fix): asserted here too."""
    from dutyboard.core.board import Board

    opened = Board.open(board)
    with opened.store.transaction():  # takes the board's lock
        pass
    locks = list(board.parent.glob("*.lock"))
    assert locks
    for lock in locks:
        assert mode(lock) == 0o600, lock.name


def test_settings_and_device_id_are_private(home: Path) -> None:
    from dutyboard.storage import device

    device.save_setting("lang", "en")
    assert mode(home) == 0o700
    assert mode(home / "settings.json") == 0o600
    assert device.load_settings() == {"lang": "en"}
    assert [p.name for p in home.iterdir()] == ["settings.json"]  # no temp left behind
    device.device_id()
    assert mode(home / "device_id") == 0o600


def test_settings_left_world_readable_are_rewritten_private(home: Path) -> None:
    from dutyboard.storage import device

    home.mkdir(parents=True)
    (home / "settings.json").write_text('{"lang": "zh"}')
    os.chmod(home / "settings.json", 0o644)
    device.save_setting("lang", "en")
    assert mode(home / "settings.json") == 0o600


def test_default_user_folder_is_tightened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """dutyboard's own folder, left 0755 by an older version, becomes 0700."""
    from dutyboard.storage import device

    monkeypatch.delenv("DUTYBOARD_HOME")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    folder = tmp_path / "xdg" / "dutyboard"
    folder.mkdir(parents=True, mode=0o755)
    device.save_setting("lang", "en")
    assert mode(folder) == 0o700


def test_settings_never_follow_a_planted_temp_name(home: Path) -> None:
    """The old ``settings.tmp`` was a fixed name: a link there was written through."""
    from dutyboard.storage import device

    home.mkdir(parents=True)
    victim = home.parent / "victim.txt"
    victim.write_text("keep")
    os.symlink(victim, home / "settings.tmp")
    device.save_setting("lang", "en")
    assert victim.read_text() == "keep"


def test_crash_log_is_private(
    tmp_path: Path, home: Path, board: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dutyboard import startup
    from dutyboard.tui.launch import LaunchedApp, open_app

    app = open_app(board, who=None, lang="en")
    startup.resume()  # open_app pauses the GC until the first screen, which never comes here
    assert isinstance(app, LaunchedApp)
    monkeypatch.setattr(app, "bell", lambda: None)
    monkeypatch.setattr(app, "_close_messages_no_wait", lambda: None)
    app._exception = RuntimeError("boom 13800138000")
    app._fatal_error()
    log = home / "crash.log"
    assert "boom" in log.read_text()
    assert mode(log) == 0o600
    assert mode(home) == 0o700
    os.chmod(log, 0o644)  # an older version's log: made private on the next crash
    app._fatal_error()
    assert mode(log) == 0o600


def test_exports_are_private(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = board.parent / "roster.csv"
    code, _, err = run(capsys, "export", "roster", "--db", str(board), "--format", "csv",
                       "--out", str(out))  # fmt: skip
    assert code == 0, err
    assert mode(out) == 0o600
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # still a BOM for Excel and WPS


def test_app_exports_folder_and_file_are_private(tmp_path: Path) -> None:
    """What the app's export dialog and the batch lists write (exports.write_file)."""
    from dutyboard.io.exports import write_file

    path = tmp_path / "exports" / "roster.txt"
    write_file(path, "名单", "text")
    assert mode(path.parent) == 0o700
    assert mode(path) == 0o600
    assert path.read_text(encoding="utf-8") == "名单"


# ---------------------------------------------------------------- --out


def _protected(board: Path) -> dict[str, str]:
    """--out values naming the board or its side files, each a different way."""
    tmp = board.parent
    (tmp / "link.json").symlink_to(board.name)
    os.link(board, tmp / "hard.json")
    (tmp / "alias").symlink_to(tmp)
    (tmp / "sub").mkdir()
    (tmp / f"{board.name}.backups").mkdir()
    part = parts(board)[-1]
    return {
        "board": str(board),
        "dot": f"{tmp}/./{board.name}",
        "dotdot": f"{tmp}/sub/../{board.name}",
        "archive": str(tmp / "board.archive.json"),
        "lock": str(tmp / f"{board.name}.lock"),
        "archive-lock": str(tmp / "board.archive.json.lock"),
        "part": str(part),
        "part-lock": str(part.with_name(part.name + ".lock")),
        "part-saved": str(part.with_name(f".{part.name}.saved")),
        "part-temp": str(part.with_name(f".{part.name}.tmp-1234")),
        "archive-folder": str(archive_dir(board) / "x.txt"),
        "saved": str(tmp / f".{board.name}.saved"),
        "temp": str(tmp / f".{board.name}.tmp-1234"),
        "backups": str(tmp / f"{board.name}.backups" / "x.txt"),
        "merged": str(tmp / f"{board.name}.merged" / "x.txt"),
        "symlink": str(tmp / "link.json"),
        "hard-link": str(tmp / "hard.json"),
        "symlinked-folder": str(tmp / "alias" / board.name),
    }


def test_out_never_writes_the_board_or_its_side_files(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tmp = board.parent
    before = board.read_bytes(), [p.read_bytes() for p in parts(board)]
    assert before[1]
    for what, out in _protected(board).items():
        code, _, err = run(capsys, "export", "handover", "--db", str(board), "--out", out,
                           "--force")  # fmt: skip
        assert code == 1, (what, err)
        assert err.count("\n") == 1 and err.startswith("dutyboard: "), (what, err)
        assert (board.read_bytes(), [p.read_bytes() for p in parts(board)]) == before, what
        assert not (archive_dir(board) / "x.txt").exists(), what
        assert (tmp / "link.json").is_symlink(), what
    assert sorted(p.name for p in tmp.iterdir() if ".tmp-" in p.name) == []


def test_out_through_a_symlinked_db_protects_the_target(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = board.parent / "link.json"
    link.symlink_to(board.name)
    before = board.read_bytes()
    code, _, err = run(capsys, "export", "roster", "--db", str(link), "--out", str(board),
                       "--force")  # fmt: skip
    assert code == 1 and "board file" in err
    assert board.read_bytes() == before


def test_out_existing_needs_force_then_replaces_atomically(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = board.parent / "roster.txt"
    out.write_text("mine")
    code, _, err = run(capsys, "export", "roster", "--db", str(board), "--out", str(out))
    assert code == 1 and "--force" in err
    assert out.read_text() == "mine"
    inode = out.stat().st_ino
    keep = board.parent / "keep.txt"
    os.link(out, keep)  # another name of the old file keeps the old bytes: a new file
    code, _, err = run(capsys, "export", "roster", "--db", str(board), "--out", str(out),
                       "--force")  # fmt: skip
    assert code == 0, err
    assert out.stat().st_ino != inode and keep.read_text() == "mine"
    assert "Morning" in out.read_text(encoding="utf-8")
    assert mode(out) == 0o600
    assert not [p for p in board.parent.iterdir() if ".tmp-" in p.name]


@pytest.mark.parametrize("target", ["folder", "fifo", "/dev/null"])
def test_out_refuses_folders_fifos_and_devices(
    board: Path, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = board.parent / target
    if target == "folder":
        out.mkdir()
    elif target == "fifo":
        os.mkfifo(out)
        unblock_later(out)
    else:
        out = Path(target)
    started = time.monotonic()
    code, _, err = run(capsys, "export", "roster", "--db", str(board), "--out", str(out),
                       "--force")  # fmt: skip
    assert code == 1 and err.count("\n") == 1, err
    assert time.monotonic() - started < 5
    if target == "fifo":
        assert stat.S_ISFIFO(os.lstat(out).st_mode)
    if target == "/dev/null":
        assert stat.S_ISCHR(os.stat(out).st_mode)


# ---------------------------------------------------------------- input files


@pytest.mark.parametrize(
    "argv",
    [
        ("import", "volunteers", "{f}"),
        ("import", "households", "{f}"),
        ("orders", "import", "{f}", "--batch", "菜", "--as", NAME),
    ],
    ids=["volunteers", "households", "orders"],
)
@pytest.mark.parametrize("name", ["pipe.csv", "pipe.xlsx", "pipe.txt"])
def test_fifo_inputs_are_refused_at_once(
    board: Path, argv: tuple[str, ...], name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = board.parent / name
    os.mkfifo(fifo)
    unblock_later(fifo)
    before = board.read_bytes()
    started = time.monotonic()
    code, _, err = run(capsys, *(a.format(f=fifo) for a in argv), "--db", str(board))
    assert time.monotonic() - started < 5, "waited on the FIFO"
    assert code == 2 and "not a regular file" in err, err
    assert board.read_bytes() == before


def test_config_folder_with_a_fifo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "cfg"
    shutil.copytree(default_config_dir(), cfg)
    (cfg / "groups.toml").unlink()
    os.mkfifo(cfg / "groups.toml")
    unblock_later(cfg / "groups.toml")
    started = time.monotonic()
    code, _, err = run(capsys, "init", "--db", str(tmp_path / "b.json"), "--config", str(cfg))
    assert time.monotonic() - started < 5
    assert code == 2 and "groups.toml" in err and "not a regular file" in err, err
    assert not (tmp_path / "b.json").exists()


def test_oversized_inputs_name_the_cap(
    board: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        os.truncate(f.fileno(), 21 * 1024 * 1024)  # sparse: costs no disk
    code, _, err = run(capsys, "import", "households", str(big), "--db", str(board))
    assert code == 2 and "20 MB" in err and "21 MB" in err, err
    cfg = tmp_path / "cfg"
    shutil.copytree(default_config_dir(), cfg)
    os.truncate(cfg / "board.toml", 2 * 1024 * 1024)
    code, _, err = run(capsys, "init", "--db", str(tmp_path / "n.json"), "--config", str(cfg))
    assert code == 2 and "board.toml" in err and "1 MB" in err, err


def test_pasted_orders_over_the_cap(
    board: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import sys

    from dutyboard.storage import outfiles

    monkeypatch.setattr(sys, "stdin", io.StringIO("x" * (outfiles.SHEET_CAP + 1)))
    code, _, err = run(capsys, "orders", "import", "-", "--batch", "菜", "--as", NAME,
                       "--db", str(board))  # fmt: skip
    assert code == 2 and "20 MB" in err, err


def _workbook_declaring(path: Path, size: int) -> None:
    """A small zip whose directory says a member unpacks to ``size`` bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<x/>")
    raw = bytearray(path.read_bytes())
    at = raw.index(b"PK\x01\x02")  # the central directory entry
    raw[at + 24 : at + 28] = size.to_bytes(4, "little")
    path.write_bytes(bytes(raw))


def test_workbook_unpacking_too_big(
    board: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "sheet.xlsx"
    _workbook_declaring(book, 3_000_000_000)
    code, _, err = run(capsys, "import", "volunteers", str(book), "--db", str(board))
    assert code == 2 and "unpacks to" in err and "100 MB" in err, err


# ---------------------------------------------------------------- error lists stop at 50


@pytest.mark.slow
def test_a_100000_line_bad_csv_prints_52_lines(
    board: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("楼栋,单元,房号,人数\n" + "x,1,101,2\n" * 100_000, encoding="utf-8")
    before = board.read_bytes()
    code, out, err = run(capsys, "import", "households", str(bad), "--db", str(board))
    assert code == 1
    lines = (out + err).splitlines()
    assert len(lines) <= 52, len(lines)
    assert "100000 problems" in lines[0]
    assert lines[-1].strip() == "... and 99,950 more problems in bad.csv"
    assert board.read_bytes() == before


def test_orders_problems_stop_at_50(
    board: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = tmp_path / "post.txt"
    lines = [f"{i}. 张{i} 99-9-{900 + i} 1份" for i in range(1, 201)]
    post.write_text("#接龙\n5月3日 蔬菜套餐\n\n" + "\n".join(lines), encoding="utf-8")
    code, out, _ = run(capsys, "orders", "import", str(post), "--batch", "菜", "--as", NAME,
                       "--dry-run", "--db", str(board))  # fmt: skip
    assert code == 1
    assert sum(1 for x in out.splitlines() if "no building 99" in x) == 50
    assert "  ... and 150 more problems" in out.splitlines()


def test_check_lists_stop_at_50(
    board: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import dutyboard.storage.check

    problems = [f"tasks/{i}: broken" for i in range(120)]
    monkeypatch.setattr(dutyboard.storage.check, "check_file", lambda path: (problems, {}))
    code, out, _ = run(capsys, "check", "--db", str(board))
    assert code == 1
    lines = out.splitlines()
    assert "120 problem(s)" in lines[0]
    assert len(lines) == 52 and lines[-1] == "  ... and 70 more problems"


# ---------------------------------------------------------------- the config path


def test_new_board_keeps_no_home_path(
    tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "home" / "alice" / "dutyboard-config"
    shutil.copytree(default_config_dir(), cfg)
    db = tmp_path / "b.json"
    assert run(capsys, "init", "--db", str(db), "--config", str(cfg))[0] == 0
    raw = db.read_bytes()
    assert b"alice" not in raw and str(tmp_path).encode() not in raw
    assert str(default_config_dir().parent).encode() not in raw
    from dutyboard.core.board import Board
    from dutyboard.core.swap import board_config

    opened = Board.open(db)
    assert opened.meta["config"]["source"] == "dutyboard-config"
    config = board_config(opened)  # the day swap still reads the board's copy
    assert config is not None and config.groups


def test_a_board_made_with_the_full_path_still_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Boards made before keep their path: read as before, never rewritten for it."""
    import orjson

    db = tmp_path / "b.json"
    assert run(capsys, "init", "--db", str(db))[0] == 0
    data = orjson.loads(db.read_bytes())
    meta = next(iter(data["meta"].values()))
    meta["config"]["source"] = "/home/alice/community/config"
    db.write_bytes(orjson.dumps(data))
    code, out, err = run(capsys, "check", "--db", str(db))
    assert code == 0, out + err
    assert run(capsys, "roster", "--db", str(db))[0] == 0
    assert b"/home/alice/community/config" in db.read_bytes()

"""Bad paths for the corpus (issue 14, dutyboard/storage/outfiles.py): ``--out`` onto the board
or one of its side files, onto a file that exists, a folder or a device; FIFOs,
devices, folders, missing and oversized files given as inputs (sheets, orders files,
pasted posts, config folders). Each is refused in one line, at once, and the board
and its archive keep their bytes."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
import zipfile
from pathlib import Path

import pytest

from dutyboard.core.config_files import default_config_dir
from tests.hardening.harness import Case, run_case

NAME = "沈静"  # a volunteer of the demo board (seed 2022)
EXPORT = ["--lang", "en", "export", "handover", "--db", "{db}", "--out"]
ORDERS = ["--lang", "en", "orders", "import"]
ORDERS_TAIL = ["--batch", "菜", "--as", NAME, "--db", "{db}"]
BOARD_FILE = "the board file itself"
SPECIAL = "not a regular file"


def unblock_later(path: Path, after: float = 8.0) -> None:
    """Whoever is stuck on the FIFO (the defect: a reader waiting for a writer, or a
    writer for a reader) is let go, again and again for 10 s, after ``after``
    seconds instead of hanging the run; the test then fails on its time and message."""

    def unblock() -> None:
        time.sleep(after)
        end = time.monotonic() + 10
        while time.monotonic() < end:
            try:  # both ends, without waiting: a stuck reader or writer gets its partner
                reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                return
            with contextlib.suppress(BlockingIOError):
                os.read(reader, 1 << 16)  # what a stuck writer wrote
            time.sleep(0.1)
            os.close(reader)

    threading.Thread(target=unblock, daemon=True).start()


def fifo(name: str):
    def setup(tmp: Path, db: Path) -> None:
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(tmp / name)
        unblock_later(tmp / name)

    return setup


def sparse(name: str, size: int):
    def setup(tmp: Path, db: Path) -> None:
        with (tmp / name).open("wb") as f:
            os.truncate(f.fileno(), size)  # no disk used

    return setup


def folder(name: str):
    def setup(tmp: Path, db: Path) -> None:
        (tmp / name).mkdir(parents=True)

    return setup


def symlink(name: str, to: str):
    def setup(tmp: Path, db: Path) -> None:
        (tmp / name).symlink_to(to)

    return setup


def hard_link(name: str):
    def setup(tmp: Path, db: Path) -> None:
        os.link(db, tmp / name)

    return setup


def write(name: str, content: bytes):
    def setup(tmp: Path, db: Path) -> None:
        (tmp / name).write_bytes(content)

    return setup


def config_with(name: str, how: str):
    """A copy of the shipped config folder in ``cfg/`` whose ``name`` is a FIFO, a
    folder or an oversized file."""

    def setup(tmp: Path, db: Path) -> None:
        cfg = tmp / "cfg"
        shutil.copytree(default_config_dir(), cfg)
        target = cfg / name
        target.unlink(missing_ok=True)
        if how == "fifo":
            os.mkfifo(target)
            unblock_later(target)
        elif how == "folder":
            target.mkdir()
        else:
            with target.open("wb") as f:
                os.truncate(f.fileno(), 2 * 1024 * 1024)

    return setup


def workbook_declaring(name: str, size: int):
    """A small zip whose directory says a member unpacks to ``size`` bytes."""

    def setup(tmp: Path, db: Path) -> None:
        path = tmp / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
            z.writestr("xl/worksheets/sheet1.xml", b"<x/>")
        raw = bytearray(path.read_bytes())
        at = raw.index(b"PK\x01\x02")
        raw[at + 24 : at + 28] = size.to_bytes(4, "little")
        path.write_bytes(bytes(raw))

    return setup


def init_with(cfg: str = "{tmp}/cfg") -> list[str]:
    return ["--lang", "en", "init", "--db", "{tmp}/new.json", "--config", cfg]


BIG = 21 * 1024 * 1024

CASES = [
    # --out onto the board or its side files, named every way (exit 1)
    Case("out-board", [*EXPORT, "{db}", "--force"], 1, BOARD_FILE),
    Case("out-board-dot", [*EXPORT, "{tmp}/./board.json", "--force"], 1, BOARD_FILE),
    Case(
        "out-board-dotdot",
        [*EXPORT, "{tmp}/sub/../board.json", "--force"],
        1,
        BOARD_FILE,
        folder("sub"),
    ),
    Case("out-archive", [*EXPORT, "{archive}", "--force"], 1, "archive"),
    Case("out-lock", [*EXPORT, "{db}.lock", "--force"], 1, "lock file"),
    Case("out-archive-lock", [*EXPORT, "{archive}.lock", "--force"], 1, "lock file"),
    Case("out-saved", [*EXPORT, "{tmp}/.board.json.saved", "--force"], 1, ".saved"),
    Case("out-temp", [*EXPORT, "{tmp}/.board.json.tmp-99-abc", "--force"], 1, "temporary"),
    Case(
        "out-backups",
        [*EXPORT, "{tmp}/board.json.backups/x.txt", "--force"],
        1,
        "folder the board keeps",
        folder("board.json.backups"),
    ),
    Case(
        "out-merged",
        [*EXPORT, "{tmp}/board.json.merged/x.json", "--force"],
        1,
        "folder the board keeps",
    ),
    Case(
        "out-conflict-copy-name",
        [*EXPORT, "{tmp}/board.sync-conflict-20220426-093000-ABCDEFG.json", "--force"],
        1,
        "conflict copy",
    ),
    Case(
        "out-symlink-to-board",
        [*EXPORT, "{tmp}/link.json", "--force"],
        1,
        BOARD_FILE,
        symlink("link.json", "board.json"),
    ),
    Case(
        "out-hard-link-to-board",
        [*EXPORT, "{tmp}/hard.json", "--force"],
        1,
        BOARD_FILE,
        hard_link("hard.json"),
        keep=("hard.json",),
    ),
    Case(
        "out-through-symlinked-folder",
        [*EXPORT, "{tmp}/alias/board.json", "--force"],
        1,
        BOARD_FILE,
        symlink("alias", "."),
    ),
    Case(
        "out-board-via-symlinked-db",
        ["--lang", "en", "export", "roster", "--db", "{tmp}/link.json", "--out", "{db}"],
        1,
        BOARD_FILE,
        symlink("link.json", "board.json"),
    ),
    # --out onto something that is not a new file (exit 1)
    Case(
        "out-exists-without-force",
        [*EXPORT, "{tmp}/mine.txt"],
        1,
        "--force",
        write("mine.txt", b"my notes"),
        keep=("mine.txt",),
    ),
    Case("out-folder", [*EXPORT, "{tmp}", "--force"], 1, "folder"),
    Case("out-folder-slash", [*EXPORT, "{tmp}/new/", "--force"], 1, "folder"),
    Case("out-fifo", [*EXPORT, "{tmp}/pipe", "--force"], 1, SPECIAL, fifo("pipe")),
    Case("out-dev-null", [*EXPORT, "/dev/null", "--force"], 1, SPECIAL),
    Case("out-missing-folder", [*EXPORT, "{tmp}/nowhere/x.txt"], 1, "could not write"),
    # input files: FIFOs, devices, folders, missing, oversized (exit 2)
    Case(
        "import-volunteers-fifo",
        ["--lang", "en", "import", "volunteers", "{tmp}/pipe.csv", "--db", "{db}"],
        2,
        SPECIAL,
        fifo("pipe.csv"),
    ),
    Case(
        "import-households-fifo-xlsx",
        ["--lang", "en", "import", "households", "{tmp}/pipe.xlsx", "--db", "{db}"],
        2,
        SPECIAL,
        fifo("pipe.xlsx"),
    ),
    Case(
        "import-dev-zero",
        ["--lang", "en", "import", "households", "/dev/zero", "--db", "{db}"],
        2,
        SPECIAL,
    ),
    Case(
        "import-dev-null",
        ["--lang", "en", "import", "volunteers", "/dev/null", "--db", "{db}"],
        2,
        SPECIAL,
    ),
    Case(
        "import-folder",
        ["--lang", "en", "import", "volunteers", "{tmp}", "--db", "{db}"],
        2,
        "folder",
    ),
    Case(
        "import-missing",
        ["--lang", "en", "import", "volunteers", "{tmp}/nope.csv", "--db", "{db}"],
        2,
        "no such file",
    ),
    Case(
        "import-oversized-csv",
        ["--lang", "en", "import", "households", "{tmp}/big.csv", "--db", "{db}"],
        2,
        ("20 MB", "21 MB"),
        sparse("big.csv", BIG),
    ),
    Case(
        "import-oversized-xlsx",
        ["--lang", "en", "import", "volunteers", "{tmp}/big.xlsx", "--db", "{db}"],
        2,
        "20 MB",
        sparse("big.xlsx", BIG),
    ),
    Case(
        "import-xlsx-unpacks-too-big",
        ["--lang", "en", "import", "volunteers", "{tmp}/bomb.xlsx", "--db", "{db}"],
        2,
        ("unpacks to", "100 MB"),
        workbook_declaring("bomb.xlsx", 3_000_000_000),
    ),
    Case(
        "orders-fifo",
        [*ORDERS, "{tmp}/pipe.txt", *ORDERS_TAIL],
        2,
        SPECIAL,
        fifo("pipe.txt"),
    ),
    Case(
        "orders-fifo-csv",
        [*ORDERS, "{tmp}/pipe.csv", *ORDERS_TAIL],
        2,
        SPECIAL,
        fifo("pipe.csv"),
    ),
    Case("orders-dev-zero", [*ORDERS, "/dev/zero", *ORDERS_TAIL], 2, SPECIAL),
    Case("orders-folder", [*ORDERS, "{tmp}", *ORDERS_TAIL], 2, "folder"),
    Case("orders-missing", [*ORDERS, "{tmp}/nope.txt", *ORDERS_TAIL], 2, "no such file"),
    Case(
        "orders-oversized",
        [*ORDERS, "{tmp}/big.txt", *ORDERS_TAIL],
        2,
        "20 MB",
        sparse("big.txt", BIG),
    ),
    Case(
        "orders-pasted-oversized",
        [*ORDERS, "-", *ORDERS_TAIL],
        2,
        "20 MB",
        stdin="团" * (20 * 1024 * 1024 + 1),
    ),
    # config folders (init and demo read them)
    Case(
        "config-fifo-file",
        init_with(),
        2,
        ("groups.toml", SPECIAL),
        config_with("groups.toml", "fifo"),
    ),
    Case(
        "config-folder-as-file",
        init_with(),
        2,
        ("board.toml", "folder"),
        config_with("board.toml", "folder"),
    ),
    Case(
        "config-oversized-file",
        init_with(),
        2,
        ("community.toml", "1 MB"),
        config_with("community.toml", "big"),
    ),
    Case(
        "config-dir-is-fifo",
        init_with("{tmp}/cfgpipe"),
        2,
        "config folder not found",
        fifo("cfgpipe"),
    ),
    Case("config-dir-missing", init_with("{tmp}/nope"), 2, "config folder not found"),
    Case(
        "demo-config-fifo",
        ["--lang", "en", "demo", "{tmp}/d.json", "--config", "{tmp}/cfg"],
        2,
        ("disinfection.toml", SPECIAL),
        config_with("disinfection.toml", "fifo"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_corpus(
    case: Case, corpus_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.monotonic()
    run_case(case, corpus_template, tmp_path, capsys)
    assert time.monotonic() - started < 6, "took too long: waited on a FIFO or read a device"
    leftovers = [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name]
    assert leftovers == [], leftovers
    assert not (tmp_path / "new.json").exists()  # an init refused wrote no board

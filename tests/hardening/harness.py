"""The bad-input corpus's harness (issue 14): each case runs one command in-process
through ``dutyboard.cli.main.main`` on a copy of a small demo board, and asserts the exit
code, one clear line on stderr (what and where), no traceback, no "unexpected error",
and that the board and its archive (every part) kept their bytes.

A case is data: ``Case(id, argv, code, mention, setup)``. ``argv`` may use ``{db}``
(the board), ``{tmp}`` (the case's folder), ``{archive}`` (the archive in one file, as
dutyboard before format 2 named it) and ``{part}`` (a part of the archive in parts,
``board.archive/DAY.json``); ``setup(tmp, db)`` writes the bad input (a broken copy, a
CSV, a FIFO) before the command runs.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dutyboard.cli.main import main
from dutyboard.storage.archive_parts import PART_NAME
from dutyboard.storage.board_bytes import archive_dir, archive_path

Setup = Callable[[Path, Path], None]


@dataclass(frozen=True)
class Case:
    id: str
    argv: Sequence[str]
    code: int  # the exit code expected
    mention: str | Sequence[str] = ()  # text the one-line message must hold (any case)
    setup: Setup | None = None
    stdin: str | None = None
    # Files (besides the board and its archive) whose bytes must not change either.
    keep: Sequence[str] = field(default_factory=tuple)


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def demo_board(folder: Path) -> Path:
    """A small demo board (60 households, 40 volunteers, 2 days of history)."""
    db = folder / "board.json"
    assert main(["demo", str(db), "--households", "60", "--volunteers", "40", "--days", "2"]) == 0
    return db


def parts(db: Path) -> list[Path]:
    """The part files of the archive of the board at ``db``, oldest day first."""
    folder = archive_dir(db)
    if not folder.is_dir():
        return []
    return [folder / n for n in sorted(os.listdir(folder)) if PART_NAME.fullmatch(n)]


def fresh_copy(template: Path, tmp: Path) -> Path:
    """The demo board and its archive's parts copied into ``tmp`` (the same names)."""
    for p in template.parent.iterdir():
        ours = p.name.startswith(template.stem + ".") or p.name == template.name
        if ours and p.is_file() and not p.name.endswith(".lock"):
            shutil.copy2(p, tmp / p.name)
    db = tmp / template.name
    found = parts(template)
    if found:
        archive_dir(db).mkdir(mode=0o700)
    for p in found:
        shutil.copy2(p, archive_dir(db) / p.name)
    return db


def run_case(case: Case, template: Path, tmp: Path, capsys: pytest.CaptureFixture[str]) -> Outcome:
    db = fresh_copy(template, tmp)
    archive = archive_path(db)
    in_parts = parts(db)
    assert in_parts, "the demo board has its history in parts"
    if case.setup is not None:
        case.setup(tmp, db)
    guarded = [db, archive, *in_parts, *(tmp / k for k in case.keep)]
    before = {p: p.read_bytes() for p in guarded if p.exists()}
    capsys.readouterr()
    argv = [a.format(db=db, tmp=tmp, archive=archive, part=in_parts[-1]) for a in case.argv]
    if case.stdin is not None:
        import io
        import sys

        old = sys.stdin
        sys.stdin = io.StringIO(case.stdin)
        try:
            code = main(argv)
        finally:
            sys.stdin = old
    else:
        code = main(argv)
    captured = capsys.readouterr()
    outcome = Outcome(code, captured.out, captured.err)
    assert_refused(case, outcome, before)
    return outcome


def assert_refused(case: Case, outcome: Outcome, before: dict[Path, bytes]) -> None:
    both = outcome.out + outcome.err
    assert "Traceback" not in both, both
    assert "unexpected error" not in both and "意外错误" not in both, both
    assert outcome.code == case.code, (outcome.code, both)
    heads = [line for line in outcome.err.splitlines() if line.strip() and not line[0].isspace()]
    assert len(heads) == 1, f"expected one message line, got {heads!r}"
    assert heads[0].startswith("dutyboard: "), heads[0]
    mentions = [case.mention] if isinstance(case.mention, str) else list(case.mention)
    for text in mentions:
        assert text.lower() in outcome.err.lower(), (text, outcome.err)
    details = [line for line in outcome.err.splitlines() if line[:1].isspace()]
    assert len(details) <= 52, f"{len(details)} detail lines: error lists stop at 50"
    for path, raw in before.items():
        assert path.exists(), f"{path.name} was removed"
        assert path.read_bytes() == raw, f"{path.name} was changed"


@pytest.fixture(scope="session")
def corpus_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus-template")
    return demo_board(folder)

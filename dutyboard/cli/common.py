"""What every command shares: which board file and language, opening the board, and
writing to the terminal (stdout for output, stderr for notes)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from dutyboard.core.board import Board
from dutyboard.core.merge import merge_conflict_copies
from dutyboard.storage.clock import make_clock
from dutyboard.storage.device import load_settings
from dutyboard.storage.text import for_terminal, print_line
from dutyboard.storage.validate import render

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

# A command: its parsed arguments in, its exit code out.
Handler = Callable[[argparse.Namespace], int]
Commands = dict[str, Handler]


def db_path(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "db", None) or os.environ.get("DUTYBOARD_DB") or "dutyboard.json")


def language(args: argparse.Namespace) -> str:
    lang = getattr(args, "lang", None) or os.environ.get("DUTYBOARD_LANG")
    if not lang:
        lang = load_settings().get("lang")
    return lang if lang in ("zh", "en") else "zh"


def argv_language(argv: Sequence[str] | None) -> str:
    """The language before argparse has read the command line (it may not be able to):
    ``--lang zh|en`` anywhere in ``argv`` (the last one counts, as for argparse), then
    $DUTYBOARD_LANG, then this laptop's saved choice, else Chinese; as ``language``."""
    words = list(sys.argv[1:] if argv is None else argv)
    lang = None
    for i, word in enumerate(words):
        if word == "--":
            break
        value = words[i + 1] if word == "--lang" and i + 1 < len(words) else None
        if word.startswith("--lang="):
            value = word[len("--lang=") :]
        if value in ("zh", "en"):
            lang = value
    try:
        return language(argparse.Namespace(lang=lang))
    except Exception:  # noqa: BLE001 - the language of an error must not be another error
        return lang or "zh"


def open_board(args: argparse.Namespace, *, writing: bool = False) -> Any:
    """Open the board; a command that writes first takes in Syncthing conflict copies."""
    board = Board.open(db_path(args))
    board.clock = make_clock(board.tz)
    if writing:
        merged = merge_conflict_copies(board)
        notices(board)
        if merged is not None and merged.moved:
            note(
                f"merged {len(merged.moved)} Syncthing conflict copy(ies): "
                + "; ".join(merged.lines())
            )
    return board


def note(text: str) -> None:
    print(f"dutyboard: {for_terminal(text)}", file=sys.stderr)


def notices(board: Any) -> None:
    """What the store has to tell once: copies the validation refused
    (dutyboard/storage/validate.py), and an older copy of the board taken over."""
    store = board.store
    if store.refusals:
        for key, fields in store.refusals:
            note(render(key, "en", fields))
        store.refusals.clear()
    if "copy_over" in board.store.notices:
        note(
            "the board file was an older copy that lacked saves made on this laptop; "
            "they were taken back in and saved again."
        )
        board.store.notices.remove("copy_over")


out = print_line  # stdout, control characters escaped (dutyboard/storage/text.py)


def dump(value: Any) -> None:
    """``value`` as indented JSON on stdout, Chinese as it is."""
    out(json.dumps(value, ensure_ascii=False, indent=2))

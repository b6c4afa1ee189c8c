"""The ``dutyboard`` command's entry point (also ``python -m dutyboard``).

It pauses Python's cyclic garbage collector before the rest of dutyboard is imported.
Start-up makes a great many objects that live all session (modules, classes, Textual's
styles, the board's records) and the collector kept scanning them: about 20 ms of the
way to the first screen (tests/bench, medians of 25 interleaved starts). The board app
turns it back on once its first screen is drawn (DutyboardApp.on_ready, or when it
closes), and every other command does before it runs (cli.main).
"""

from __future__ import annotations

import gc
from collections.abc import Sequence


def pause_gc() -> None:
    gc.disable()


def main(argv: Sequence[str] | None = None) -> int:
    pause_gc()
    from dutyboard.cli.main import main as run

    return run(argv)

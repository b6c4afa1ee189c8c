"""A child process that swaps a board's day, for the kill -9 tests of the day swap.

``python tests/fault/swapper.py PATH MODE`` with PYTHONPATH at the repository root and
DUTYBOARD_NOW fixing the clock. Prints ``OPENED`` once the board is read (the swap
starts right after) and ``SWAPPED`` when it returned. MODE:

* ``run`` just swaps;
* ``crash-after-archive`` kills itself with SIGKILL right after the archive's parts
  are saved, when the live file is about to be written (before its first byte);
* ``count`` swaps and prints ``OPS <n>``: how many file operations the swap made
  (``os.open`` for writing, ``os.write``, ``os.fsync``, ``os.replace``, ``os.rename``,
  ``os.link``, ``os.unlink``, ``os.mkdir``);
* ``kill-at-N`` kills itself with SIGKILL right before the swap's N-th such operation.

The hooks are put in only once the board is open: what is killed is the swap.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

_OPS = ("write", "fsync", "replace", "rename", "link", "unlink", "mkdir")


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def count_ops(kill_at: int) -> list[int]:
    """Hook the file operations; kill before the ``kill_at``-th (0: never). The list
    holds the running count."""
    count = [0]

    def hooked(fn: Any, writes_only: bool = False) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            if writes_only and len(args) > 1 and not args[1] & (os.O_WRONLY | os.O_RDWR):
                return fn(*args, **kwargs)  # a read: not a step of the swap's writes
            count[0] += 1
            if count[0] == kill_at:
                die()
            return fn(*args, **kwargs)

        return run

    for name in _OPS:
        setattr(os, name, hooked(getattr(os, name)))
    os.open = hooked(os.open, writes_only=True)  # type: ignore[assignment]
    return count


def main(path: str, mode: str) -> None:
    from dutyboard.core import swap
    from dutyboard.core.board import Board
    from dutyboard.storage.clock import make_clock
    from dutyboard.storage.store import BoardStore

    board = Board.open(path, device_id="swapper")
    board.clock = make_clock(board.tz)
    leader = sorted((v for v in board.volunteers() if v.is_leader), key=lambda v: v.name)[0]
    live = board.store.path
    count = [0]
    if mode == "crash-after-archive":
        original = BoardStore._write_locked

        def write(self: BoardStore, new_file: bool = False) -> None:
            if self.path == live:  # every part is saved: the live file comes last
                die()
            original(self, new_file)

        BoardStore._write_locked = write  # type: ignore[method-assign]
    elif mode == "count":
        count = count_ops(0)
    elif mode.startswith("kill-at-"):
        count_ops(int(mode.removeprefix("kill-at-")))
    say("OPENED")
    swap.swap(board, leader)
    if mode == "count":
        say(f"OPS {count[0]}")
    say("SWAPPED")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    main(sys.argv[1], sys.argv[2])

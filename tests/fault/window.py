"""A child process that holds a board open like a second dutyboard window.

``python tests/fault/window.py PATH`` with PYTHONPATH at the repository root and
DUTYBOARD_NOW fixing the clock. It opens the board, builds its views (as the app's
first screen does) and prints ``OPENED``. Then it reads commands from stdin, one a
line, and answers each with one line:

``tick TASK_ID``
    Tick that task, as the task the window showed when it opened (a non-leader
    ticks it), and print ``TICKED n`` (n: how many tasks the tick changed).
``state``
    Print ``STATE today dirty closed`` (closed: how many tasks in memory are dated
    before today).

Any error is printed as ``ERROR type: message``.
"""

from __future__ import annotations

import sys


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(path: str) -> None:
    from dutyboard.core.board import Board
    from dutyboard.storage.clock import make_clock

    board = Board.open(path, device_id="window-b")
    board.clock = make_clock(board.tz)
    shown = {t.id: t for t in board.tasks()}  # what the window's screen holds
    who = sorted((v for v in board.volunteers() if not v.is_leader), key=lambda v: v.name)[0]
    say("OPENED")
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        try:
            if words[0] == "tick":
                changed = board.tick([shown[words[1]]], who)
                say(f"TICKED {len(changed)}")
            elif words[0] == "state":
                today = board.today.isoformat()
                closed = sum(1 for t in board.tasks() if t.date.isoformat() < today)
                say(f"STATE {today} {board.store.dirty} {closed}")
            else:
                say(f"ERROR unknown command {words[0]}")
        except Exception as exc:  # noqa: BLE001 - the parent test reports it
            say(f"ERROR {type(exc).__name__}: {exc}")


if __name__ == "__main__":
    main(sys.argv[1])

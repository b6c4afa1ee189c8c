"""Opening the duty board from the command line (``dutyboard`` with no command).

Every way this can go wrong ends in one clear line and an exit code, never a
traceback: 1 = refused (an unknown name), 2 = the board file cannot be read (it is
left untouched, and no screen opens).
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from pathlib import Path

from rich.text import Text

from dutyboard import startup
from dutyboard.core.board import Board
from dutyboard.i18n import LANGS, t
from dutyboard.storage import device
from dutyboard.storage.clock import Clock, make_clock
from dutyboard.storage.errors import BoardFileError, DutyboardError
from dutyboard.storage.outfiles import append_private
from dutyboard.tui._compat import CrashHook, close_at_once, print_on_exit
from dutyboard.tui.app import DutyboardApp


class LaunchedApp(CrashHook, DutyboardApp):
    """The app as people run it: a bug ends in one line and a crash log, not a traceback."""

    def crashed(self, error: BaseException | None) -> None:
        log = device.user_dir() / "crash.log"
        try:  # 0600 in a 0700 folder: a traceback can quote names and phones
            device.ensure_user_dir()
            append_private(log, "".join(traceback.format_exception(error)) if error else "")
        except OSError:
            pass
        what = f"{type(error).__name__}: {error}" if error else "?"
        self.bell()
        print_on_exit(self, Text(t("launch.crashed", self.lang, error=what, log=log)))
        close_at_once(self)


def _say(text: str) -> None:
    print(text, file=sys.stderr)


def pick_lang(lang: str | None) -> str:
    """--lang, else $DUTYBOARD_LANG, else this laptop's saved choice, else Chinese."""
    for value in (lang, os.environ.get("DUTYBOARD_LANG"), device.load_settings().get("lang")):
        if value in LANGS:
            return str(value)
    return "zh"


def launch(
    db: Path, *, who: str | None, lang: str | None, demo: bool, config_dir: Path | None
) -> int:
    ui_lang = pick_lang(lang)
    try:
        return _launch(Path(db), who, ui_lang, demo, config_dir)
    except BoardFileError as exc:  # with the copies it can be restored from, if any
        # Deferred: the validation's module is not needed unless a board is refused.
        from dutyboard.storage.validate import InvalidFile

        recovery = exc.recovery_in(ui_lang) if isinstance(exc, InvalidFile) else []
        _say("\n".join([exc.text(ui_lang), *("  " + line for line in recovery)]))
        return exc.exit_code
    except DutyboardError as exc:
        _say("\n".join([exc.text(ui_lang), *("  " + line for line in exc.details_in(ui_lang))]))
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - users never see a traceback
        _say(t("launch.unexpected", ui_lang, error=f"{type(exc).__name__}: {exc}"))
        return 1


def _demo_board(lang: str) -> Path:
    from dutyboard.demo.board import build_demo

    path = Path(tempfile.mkdtemp(prefix="dutyboard-demo-")) / "demo.json"
    build_demo(path, clock=make_clock())
    print(t("launch.demo_at", lang, path=path), flush=True)
    return path


def _launch(db: Path, who: str | None, lang: str, demo: bool, config_dir: Path | None) -> int:
    if demo or not db.exists():
        # Building a board, or a prompt that waits for the user: not start-up, and
        # what they leave behind must not be frozen with what lives all session
        # (dutyboard/start.py paused the GC; open_app pauses it again).
        startup.resume()
    if demo:
        db = _demo_board(lang)
    elif not db.exists():
        from dutyboard.tui.missing import CREATE, MissingApp

        choice = MissingApp(str(db), lang).run()
        if choice is None:
            return 0
        if choice == CREATE:
            from dutyboard.core.config import load_config
            from dutyboard.core.newboard import create_board

            config = load_config(config_dir)
            create_board(db, config, make_clock(config.timezone))
            print(t("launch.created", lang, path=db), flush=True)
        else:
            db = _demo_board(lang)
    app = open_app(db, who=who, lang=lang)
    try:
        app.run()
    finally:
        startup.resume()  # paused by open_app; the GC is on again from the first screen
    return app.return_code or 0


def open_app(
    db: Path,
    *,
    who: str | None,
    lang: str,
    clock: Clock | None = None,
    app_class: type[DutyboardApp] = LaunchedApp,
) -> DutyboardApp:
    """Open the board and make the app on it: what ``dutyboard`` runs, and what
    tests/bench times to the first screen. ``clock`` defaults to the real one in the
    board's time zone.

    The cyclic GC is paused until the first screen is drawn (the app turns it back on
    then): from the start of the process when run as ``dutyboard`` (dutyboard/start.py),
    from here otherwise. Reading the board makes thousands of long-lived objects, and
    the full collection they set off cost about 15 ms at 5,000 households, before
    anything was on screen."""
    startup.pause()
    try:
        board = Board.open(db, clock)
        if clock is None:
            clock = make_clock(board.tz)
            board.clock = clock
        person = board.resolve_person(who) if who else None
        return app_class(board, clock, who=person, lang=lang)
    except BaseException:
        startup.resume()
        raise

"""The ``dutyboard`` command's entry point (also ``python -m dutyboard``).

It starts start-up's pause of the cyclic GC (dutyboard/startup.py says why) before the
rest of dutyboard is imported. The board app ends it once its first screen is drawn;
every other command before it runs (cli.main).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dutyboard import startup


def open_app(
    db: Path, *, who: str | None, lang: str | None, demo: bool, config_dir: Path | None
) -> int:
    """``dutyboard`` with no command: the board app."""
    # Imported only here: any other command would pay for loading Textual.
    from dutyboard.tui.launch import launch

    return launch(db, who=who, lang=lang, demo=demo, config_dir=config_dir)


def main(argv: Sequence[str] | None = None) -> int:
    startup.pause()
    # Imported after the pause: importing it makes much of what start-up makes.
    from dutyboard.cli.main import main as run

    return run(argv, open_app=open_app)

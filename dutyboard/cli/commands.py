"""Every command family, in the order ``dutyboard --help`` lists their commands. Each
family's module has ``add_commands(cmd, lang)``, which makes its commands' parsers with
``cmd(name, help)`` and returns their handlers by name.

A family's module is imported only when its parsers are needed: ``dutyboard tasks``
loads the roster family and what it imports, not the demo builder, the importers and
the exports of the others (a command's start is mostly imports). The commands of the
families not loaded get a parser that only names them, with the same help line, so
the command list and its errors stay the same."""

from __future__ import annotations

import importlib
from types import ModuleType

FAMILIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("board_file", ("demo", "init", "check")),
    ("imports", ("import",)),
    ("roster", ("roster", "tasks")),
    ("merge", ("merge", "conflicts", "restore", "dismiss")),
    ("ticks", ("done", "reopen")),
    ("care", ("care", "medicine", "testing", "household", "coverage")),
    ("swap", ("plan", "swap", "export", "fairshare")),
    ("supplies", ("offer",)),
    ("supplies_batch", ("orders", "batch")),
    ("parcels", ("parcel",)),
    ("building", ("building",)),
    ("slots", ("slot", "overdue")),
    ("people", ("volunteer",)),
    ("log", ("log",)),
)

COMMAND_NAMES = frozenset(name for _, names in FAMILIES for name in names)


def family(module: str) -> ModuleType:
    """The family's module, dutyboard.cli.<module>, imported on first use."""
    return importlib.import_module(f"dutyboard.cli.{module}")


def help_key(command: str) -> str:
    """The catalogue key of a command's help line (every family uses it)."""
    return f"cli_help.cmd.{command}"

"""The files of a config folder: their names, where the shipped defaults are, and
reading one as TOML (every problem one ``ConfigError`` naming the file)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from dutyboard.storage.errors import ConfigError
from dutyboard.storage.outfiles import CONFIG_CAP, read_input

DEFAULT_FILES = ("board.toml", "community.toml", "groups.toml", "disinfection.toml")
# Optional: rotation templates for planning tomorrow's roster (dutyboard.core.plan).
ROTATION_FILE = "rotation.toml"


def default_config_dir() -> Path:
    """The shipped defaults: inside an installed wheel, else the checkout's ``config/``."""
    package = Path(__file__).resolve().parent.parent  # dutyboard/, where the wheel puts them
    installed = package / "default_config"
    return installed if installed.is_dir() else package.parent / "config"


def display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def read_toml(directory: Path, name: str) -> dict[str, Any]:
    path = directory / name
    shown = display(path)
    if not path.exists():
        needs = ", ".join(DEFAULT_FILES)
        raise ConfigError(f"{shown}: file not found (a config folder needs {needs})")
    # A folder, FIFO or device is refused without waiting on it, a huge file unread.
    raw = read_input(path, CONFIG_CAP, error=ConfigError, shown=shown)
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{shown}: not UTF-8 text; save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown}: not valid TOML: {exc}") from None


def optional_file(directory: Path, name: str) -> bool:
    path = directory / name
    if path.exists() and not path.is_file():
        raise ConfigError(f"{path}: expected a file")
    return path.is_file()

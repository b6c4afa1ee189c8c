"""This laptop's device id and user settings, kept in the user's config folder.

The device id belongs to the laptop, not to the board file: a copied board must not
make two laptops claim to be the same device.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson  # not json/uuid: this is read before the first screen, and orjson is loaded

from dutyboard.storage.outfiles import private_dir, read_private, write_private
from dutyboard.storage.user_folder import user_dir

__all__ = ["device_id", "ensure_user_dir", "load_settings", "save_setting", "user_dir"]


def ensure_user_dir() -> Path:
    """The user folder, made 0700 if missing (it holds the crash log, which can quote
    names and phones). dutyboard's default folder is tightened if an older version
    made it 0755; a folder named by $DUTYBOARD_HOME is the user's to set."""
    folder = user_dir()
    return private_dir(folder, tighten=not os.environ.get("DUTYBOARD_HOME"))


def device_id() -> str:
    path = user_dir() / "device_id"
    raw = read_private(path)
    value = raw.decode("utf-8", "replace").strip() if raw is not None else ""
    if value and "." not in value:
        return value
    value = os.urandom(6).hex()  # 12 random hex digits
    try:
        ensure_user_dir()
        write_private(path, (value + "\n").encode("utf-8"))
    except OSError:
        pass  # a read-only home still works, with a fresh id per run
    return value


def load_settings() -> dict[str, Any]:
    raw = read_private(user_dir() / "settings.json")
    try:
        data = orjson.loads(raw) if raw is not None else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def save_setting(key: str, value: Any) -> None:
    """Save one setting: 0600, atomically (a random temp name opened O_EXCL)."""
    settings = load_settings()
    settings[key] = value
    try:
        ensure_user_dir()
        write_private(user_dir() / "settings.json", orjson.dumps(settings))
    except OSError:
        pass

"""This laptop's device id and user settings, kept in the user's config folder.

The device id belongs to the laptop, not to the board file: a copied board must not
make two laptops claim to be the same device.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson  # not json/uuid: this is read before the first screen, and orjson is loaded


def user_dir() -> Path:
    base = os.environ.get("DUTYBOARD_HOME")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CONFIG_HOME")
    return Path(xdg or Path.home() / ".config") / "dutyboard"


def device_id() -> str:
    path = user_dir() / "device_id"
    try:
        value = path.read_text(encoding="utf-8").strip()
        if value and "." not in value:
            return value
    except OSError:
        pass
    value = os.urandom(6).hex()  # 12 random hex digits
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(value + "\n", encoding="utf-8")
    except OSError:
        pass  # a read-only home still works, with a fresh id per run
    return value


def load_settings() -> dict[str, Any]:
    try:
        data = orjson.loads((user_dir() / "settings.json").read_bytes())
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def save_setting(key: str, value: Any) -> None:
    settings = load_settings()
    settings[key] = value
    path = user_dir() / "settings.json"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(orjson.dumps(settings))
        os.replace(tmp, path)
    except OSError:
        pass

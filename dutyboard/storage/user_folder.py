"""The user's own folder on this laptop (settings, the device id, the crash log, what
was validated, the archive's indexes): never inside the synced board folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def user_dir() -> Path:
    """$DUTYBOARD_HOME, else the system's folder for a user's settings (on Linux
    $XDG_CONFIG_HOME/dutyboard or ~/.config/dutyboard; on Windows under %LOCALAPPDATA%)."""
    base = os.environ.get("DUTYBOARD_HOME")
    if base:
        return Path(base)
    return Path(platformdirs.user_config_dir("dutyboard", appauthor=False))

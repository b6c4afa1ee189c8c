"""The user folder (device id, settings, crash log) comes from platformdirs; on Linux it
is the one dutyboard always used, and $DUTYBOARD_HOME still wins."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dutyboard.storage.device import user_dir

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's folders")


def test_dutyboard_home_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUTYBOARD_HOME", str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert user_dir() == tmp_path / "mine"


@linux
def test_on_linux_the_folder_is_the_xdg_config_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DUTYBOARD_HOME")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert user_dir() == tmp_path / "xdg" / "dutyboard"


@linux
def test_on_linux_without_xdg_it_is_under_dot_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DUTYBOARD_HOME")
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert user_dir() == tmp_path / ".config" / "dutyboard"

"""Shared fixtures: every test gets its own user folder (device id, settings)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _user_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("DUTYBOARD_HOME", str(home))
    monkeypatch.delenv("DUTYBOARD_DB", raising=False)
    monkeypatch.delenv("DUTYBOARD_LANG", raising=False)
    monkeypatch.setenv("DUTYBOARD_NOW", "2022-04-26T09:30:00+08:00")

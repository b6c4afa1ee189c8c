"""config/rotation.toml: optional, validated with one clear line per mistake."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dutyboard.core.config import load_config
from dutyboard.core.config_files import DEFAULT_FILES, ROTATION_FILE
from dutyboard.storage.errors import ConfigError

REPO_CONFIG = Path(__file__).resolve().parent.parent / "config"


@pytest.fixture
def cfg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "config"
    target.mkdir()
    for name in (*DEFAULT_FILES, ROTATION_FILE):
        shutil.copy(REPO_CONFIG / name, target / name)
    return target


def write(cfg: Path, text: str) -> None:
    (cfg / ROTATION_FILE).write_text(text, encoding="utf-8")


def error(cfg: Path) -> str:
    with pytest.raises(ConfigError) as info:
        load_config("config")
    assert "\n" not in info.value.message
    return info.value.message


def test_shipped_templates_and_optional_file(cfg: Path) -> None:
    config = load_config("config")
    assert [(r.key, r.every_days) for r in config.rotations] == [("alternate", 2), ("weekly", 7)]
    assert config.to_dict()["rotations"][0]["every_days"] == 2
    (cfg / ROTATION_FILE).unlink()
    assert load_config("config").rotations == ()


def test_teams(cfg: Path) -> None:
    write(
        cfg,
        """
[[rotation]]
key = "gate"
zh = "大门"
en = "Gate"
groups = ["delivery"]
start = 2022-04-25

[[rotation.team]]
zh = "A队"
en = "Team A"
slots = { "delivery.night" = ["张伟", "13812345678"] }

[[rotation.team]]
zh = "B队"
en = "Team B"
slots = { "delivery.night" = ["李娜"] }
""",
    )
    (spec,) = load_config("config").rotations
    assert spec.start == "2022-04-25" and len(spec.teams) == 2
    assert spec.teams[0].slots == (("delivery.night", ("张伟", "13812345678")),)


BASE = '[[rotation]]\nkey = "r"\nzh = "轮换"\nen = "R"\n'
TEAM = '[[rotation.team]]\nzh = "A"\nen = "A"\n'


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        (
            BASE + "every_day = 2\n",
            ["rotation.toml: rotation[1]: unknown key 'every_day'", "every_days"],
        ),
        (BASE, ["rotation[1].every_days", "either every_days"]),
        (BASE + "every_days = 0\n", ["rotation[1].every_days", ">= 1"]),
        (BASE + 'every_days = "2"\n', ["rotation[1].every_days", "remove the quotes"]),
        (
            BASE + 'every_days = 2\ngroups = ["deliveries"]\n',
            ["rotation[1].groups", "unknown group 'deliveries'"],
        ),
        (
            BASE + 'start = "soon"\n' + TEAM + 'slots = { "delivery.night" = ["x"] }\n',
            ["rotation[1].start", "YYYY-MM-DD", "'soon'"],
        ),
        (
            BASE + "start = 2022-04-25\n" + TEAM + 'slots = { "delivery.nite" = ["x"] }\n',
            ["rotation[1].team[1].slots: unknown key 'delivery.nite'", "delivery.night"],
        ),
        (
            BASE + "start = 2022-04-25\n" + TEAM + 'slots = { "delivery.night" = "x" }\n',
            ["team[1].slots.delivery.night", "a list of names or phones"],
        ),
        (
            BASE + "every_days = 2\n" + BASE + "every_days = 7\n",
            ["rotation[2].key", "duplicate rotation key"],
        ),
    ],
)
def test_errors_name_file_and_key(cfg: Path, text: str, fragments: list[str]) -> None:
    write(cfg, text)
    message = error(cfg)
    assert message.startswith("config/rotation.toml: "), message
    for fragment in fragments:
        assert fragment in message, message

"""An installed dutyboard (a wheel, not the source checkout) finds its default config."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_wheel_carries_config_and_finds_it(tmp_path: Path) -> None:
    out = tmp_path / "wheel"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next(out.glob("dutyboard-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for f in (
        "board.toml",
        "community.toml",
        "groups.toml",
        "disinfection.toml",
        "care.toml",
        "testing.toml",
    ):
        assert f"dutyboard/default_config/{f}" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import dutyboard, dutyboard.core.config as c, dutyboard.core.config_files as f; "
        "d = f.default_config_dir(); cfg = c.load_config(); "
        "print(dutyboard.__file__); print(d); print(len(cfg.groups))"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=True,
    )
    module_file, config_dir, groups = proc.stdout.split()
    assert module_file.startswith(str(site))
    assert config_dir == str(site / "dutyboard" / "default_config")
    assert groups == "6"

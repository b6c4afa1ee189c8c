"""The command line's help (``dutyboard --help``, ``dutyboard COMMAND --help``) in the
user's language: the help strings, argparse's own words (usage prefix, section titles,
-h, --version) and the wrapping of Chinese by terminal cells.

The language is read as for usage errors (tests/test_cli_usage_lang.py): --lang in argv,
then $DUTYBOARD_LANG, then the laptop's saved choice, else Chinese."""

from __future__ import annotations

import argparse
import os
import re
import string
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from dutyboard.cli.main import build_parser, main
from dutyboard.i18n import CATALOG
from dutyboard.i18n.catalogues import cli_help
from dutyboard.storage import device

ROOT = Path(__file__).parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def _columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")  # argparse wraps to the terminal's width


def help_of(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 0
    out = capsys.readouterr()
    assert out.err == ""
    return out.out


def cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# ---------------------------------------------------------------- the program's help


def test_program_help_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    out = help_of(capsys, ["--lang", "zh", "--help"])
    lines = out.splitlines()
    assert lines[0].startswith("用法：dutyboard [-h] [--version] [--db FILE]")
    assert "给志愿者自管社区用的值班看板。不写命令（COMMAND）时打开看板。" in lines
    assert "参数：" in lines and "选项：" in lines
    assert "    roster        显示某一天的值班表" in lines
    assert "    care          关爱名单：该打电话的住户、没解决的需求；记录一次电话" in lines
    assert "  -h, --help      显示这段帮助后退出" in lines
    assert "  --version       显示程序的版本号后退出" in lines
    assert "  --db FILE       看板文件" in lines
    for english in ("usage:", "positional arguments", "options:", "show this help", "version"):
        assert english not in out.replace("--version", ""), english


def test_program_help_in_english_as_before(capsys: pytest.CaptureFixture[str]) -> None:
    out = help_of(capsys, ["--help", "--lang", "en"])
    lines = out.splitlines()
    assert lines[0].startswith("usage: dutyboard [-h] [--version] [--db FILE]")
    assert "A duty board for volunteer-run communities. With no COMMAND: open the board." in lines
    assert "positional arguments:" in lines and "options:" in lines
    assert "    roster        print the duty roster of a day" in lines
    assert "  -h, --help      show this help message and exit" in lines
    assert "  --version       show program's version number and exit" in lines
    assert "  --lang {zh,en}  language of text output" in lines
    assert not CJK.search(out)


def test_chinese_by_default_english_from_environment_or_saved_choice(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert help_of(capsys, ["--help"]).startswith("用法：dutyboard")
    device.save_setting("lang", "en")
    assert help_of(capsys, ["--help"]).startswith("usage: dutyboard")
    monkeypatch.setenv("DUTYBOARD_LANG", "zh")
    assert help_of(capsys, ["--help"]).startswith("用法：dutyboard")
    assert help_of(capsys, ["--help", "--lang=en"]).startswith("usage: dutyboard")


# ---------------------------------------------------------------- a command's help


def test_command_help_in_chinese_and_english(capsys: pytest.CaptureFixture[str]) -> None:
    zh = help_of(capsys, ["roster", "--help"]).splitlines()
    assert zh[0].startswith("用法：dutyboard roster [-h]")
    assert "显示某一天的值班表" in zh and "选项：" in zh
    assert "  --date DATE           today（今天）、tomorrow（明天）或 YYYY-MM-DD" in zh
    en = help_of(capsys, ["roster", "--help", "--lang", "en"]).splitlines()
    assert en[0].startswith("usage: dutyboard roster [-h]")
    assert "print the duty roster of a day" in en and "options:" in en
    assert "  --date DATE           today, tomorrow or YYYY-MM-DD" in en


def test_care_and_swap_commands_help(capsys: pytest.CaptureFixture[str]) -> None:
    out = help_of(capsys, ["care", "--help"])
    assert "    log                 记录给一户打的电话，并把需求转给负责的组" in out
    assert "  --overdue             只列出该打电话的住户" in out
    out = help_of(capsys, ["care", "log", "--help"])
    assert out.startswith("用法：dutyboard care log [-h]")
    assert "  ADDRESS             例如 5-2-201（楼号-单元-房号）" in out
    assert "  --as NAME           你的姓名、手机号或编号" in out
    out = help_of(capsys, ["--lang", "en", "care", "log", "--help"])
    assert "  ADDRESS             e.g. 5-2-201" in out
    assert "  --as NAME           name, phone or id" in out
    out = help_of(capsys, ["swap", "--help"])
    assert "换上明天的值班表：今天的记录存入历史档案（组长）" in out
    assert "  --undo           撤销上一次切换（在有人打勾之前）" in out
    out = help_of(capsys, ["swap", "--help", "--lang", "en"])
    assert "  --undo           undo the last swap (before any tick)" in out


def test_chinese_usage_lines_up_under_the_program_name(capsys: pytest.CaptureFixture[str]) -> None:
    # "用法：" takes six cells on the screen but three characters: argparse must indent the
    # usage's next lines by what the screen shows
    lines = help_of(capsys, ["care", "log", "--help"]).splitlines()
    prefix = "用法：dutyboard care log "
    assert lines[0].startswith(prefix) and lines[1].strip()
    assert lines[1].startswith(" " * cells(prefix) + "[")


@pytest.mark.parametrize("argv", [["--help"], ["care", "log", "--help"], ["plan", "--help"]])
def test_chinese_is_wrapped_to_the_terminal_width_in_cells(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    lines = help_of(capsys, argv).splitlines()
    assert max(cells(line) for line in lines) <= 60
    assert any(cells(line) > 50 and CJK.search(line) for line in lines)  # the width is used


# ---------------------------------------------------------------- every string translated


def texts(parser: argparse.ArgumentParser) -> Iterator[tuple[str, str | None]]:
    """(where, text) for a parser's description, section titles and every argument's help,
    and for every sub-command's, in a fixed order."""
    yield f"{parser.prog}: description", parser.description
    for group in parser._action_groups:
        yield f"{parser.prog}: section", group.title
    for action in parser._actions:
        if action.help is not argparse.SUPPRESS:
            yield f"{parser.prog} {'/'.join(action.option_strings) or action.dest}", action.help
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._get_subactions():
                yield f"{parser.prog} {choice.dest}", choice.help
            for sub in dict.fromkeys(action.choices.values()):
                yield from texts(sub)


def test_every_help_string_is_translated() -> None:
    zh = list(texts(build_parser("zh")))
    en = list(texts(build_parser("en")))
    assert [where for where, _ in zh] == [where for where, _ in en]
    helped = 0
    for (where, zh_text), (_, en_text) in zip(zh, en, strict=True):
        assert (zh_text is None) == (en_text is None), where
        if not zh_text:
            continue
        helped += 1
        assert CJK.search(zh_text), f"{where}: {zh_text!r} is not in Chinese"
        assert zh_text != en_text, where
    assert helped > 200  # every sub-command repeats -h, --db, --config, --lang
    prog_zh = {where.split(":")[0] for where, _ in zh}
    assert {"dutyboard care log", "dutyboard swap", "dutyboard testing end"} <= prog_zh


def test_every_catalogue_string_is_used_and_well_formed() -> None:
    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    used = {text for _, text in texts(build_parser("zh")) if text}
    assert len(cli_help.STRINGS) >= 60
    for key, (zh, en) in cli_help.STRINGS.items():
        assert key.startswith("cli_help.") and CATALOG[key] == (zh, en), key
        assert zh.strip() and en.strip() and zh != en, key
        assert CJK.search(zh), key
        # argparse %-formats help strings; str.format fields would be printed as they are
        assert "%" not in zh + en and not fields(zh) and not fields(en), key
        assert key == "cli_help.usage" or zh in used, f"{key} is not used"


def test_the_language_changes_only_the_help() -> None:
    argv = ["care", "log", "5-2-201", "--need", "food:青菜", "--as", "王芳", "--urgent"]
    assert build_parser("zh").parse_args(argv) == build_parser("en").parse_args(argv)
    argv = ["export", "handover", "--date", "tomorrow", "--out", "x.md", "--format", "md"]
    assert build_parser("zh").parse_args(argv) == build_parser("en").parse_args(argv)
    assert build_parser().parse_args(["--demo"]) == build_parser("en").parse_args(["--demo"])


@pytest.mark.parametrize(
    ("lang_env", "first"), [(None, "用法：dutyboard roster"), ("en", "usage: dutyboard roster")]
)
def test_real_program(tmp_path: Path, lang_env: str | None, first: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DUTYBOARD_HOME": str(tmp_path / "home")}
    env.pop("DUTYBOARD_LANG", None)
    if lang_env:
        env["DUTYBOARD_LANG"] = lang_env
    proc = subprocess.run(
        [sys.executable, "-m", "dutyboard", "roster", "--help"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**env, "PYTHONIOENCODING": "utf-8", "COLUMNS": "100"},
        timeout=60,
        cwd=tmp_path,
    )
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout.startswith(first)

"""Usage errors (argparse could not read the command line) in the user's language:
one line naming what was wrong, the hint to --help, exit 2, never a traceback.

The language is read from argv (--lang), then $DUTYBOARD_LANG, then the laptop's saved
choice, else Chinese. Each test has its own DUTYBOARD_HOME (tests/conftest.py)."""

from __future__ import annotations

import os
import string
import subprocess
import sys
from pathlib import Path

import pytest

from dutyboard.cli import board_file, parsing
from dutyboard.cli.common import EXIT_USAGE
from dutyboard.cli.main import build_parser, main
from dutyboard.cli.parsing import usage_error
from dutyboard.i18n import CATALOG
from dutyboard.i18n.catalogues import cli as cli_strings
from dutyboard.storage import device

ROOT = Path(__file__).parent.parent

HINT_ZH = "  用 '{prog} --help' 查看用法"
HINT_EN = "  see '{prog} --help'"

# argv, the line in Chinese, the line in English, the prog named in the hint
CASES = [
    pytest.param(
        ["rostr"],
        "没有 'rostr' 这个命令；是不是 'roster'？",
        "unknown command 'rostr'; did you mean 'roster'?",
        "dutyboard",
        id="unknown-command",
    ),
    pytest.param(
        ["roster", "--bogus"],
        "无法识别的参数：--bogus",
        "unrecognized argument(s): --bogus",
        "dutyboard",
        id="unknown-option",
    ),
    pytest.param(
        ["roster", "--format", "xml"],
        "--format 不能是 'xml'；可选：text, json",
        "--format: invalid choice 'xml' (choose from text, json)",
        "dutyboard roster",
        id="invalid-choice",
    ),
    pytest.param(
        ["import", "people", "x.csv"],
        "kind 不能是 'people'；可选：volunteers, households",
        "kind: invalid choice 'people' (choose from volunteers, households)",
        "dutyboard import",
        id="invalid-choice-positional",
    ),
    pytest.param(
        ["done", "D3F9A1"],
        "缺少必需的参数：--as",
        "missing required argument(s): --as",
        "dutyboard done",
        id="missing-required",
    ),
    pytest.param(
        ["roster", "--date"],
        "--date 后面要跟一个值",
        "--date: expected one value after it",
        "dutyboard roster",
        id="expected-one-argument",
    ),
    pytest.param(
        ["demo", "demo.json", "--households", "abc"],
        "--households 要一个整数，'abc' 不是",
        "--households: 'abc' is not a whole number",
        "dutyboard demo",
        id="invalid-int",
    ),
]


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def expected(line: str, hint: str, prog: str) -> str:
    return f"dutyboard: {line}\n{hint.format(prog=prog)}\n"


@pytest.mark.parametrize(("argv", "zh", "en", "prog"), CASES)
def test_chinese_by_default(
    argv: list[str], zh: str, en: str, prog: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, argv)
    assert code == EXIT_USAGE == 2
    assert err == expected(zh, HINT_ZH, prog)
    assert out == "" and "Traceback" not in err


@pytest.mark.parametrize(("argv", "zh", "en", "prog"), CASES)
def test_english_with_lang_option(
    argv: list[str], zh: str, en: str, prog: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, ["--lang", "en", *argv])
    assert code == 2
    assert err == expected(en, HINT_EN, prog)
    assert out == "" and "Traceback" not in err


@pytest.mark.parametrize(("argv", "zh", "en", "prog"), CASES)
def test_english_with_environment(
    argv: list[str],
    zh: str,
    en: str,
    prog: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DUTYBOARD_LANG", "en")
    code, out, err = run(capsys, argv)
    assert code == 2
    assert err == expected(en, HINT_EN, prog)
    assert "Traceback" not in err


def test_english_from_the_laptops_saved_choice(capsys: pytest.CaptureFixture[str]) -> None:
    device.save_setting("lang", "en")
    assert device.load_settings()["lang"] == "en"
    code, _, err = run(capsys, ["roster", "--bogus"])
    assert code == 2
    assert err == expected("unrecognized argument(s): --bogus", HINT_EN, "dutyboard")


def test_lang_option_wins_over_environment_and_settings(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    device.save_setting("lang", "en")
    monkeypatch.setenv("DUTYBOARD_LANG", "en")
    code, _, err = run(capsys, ["roster", "--bogus", "--lang=zh"])
    assert code == 2
    assert err == expected("无法识别的参数：--bogus", HINT_ZH, "dutyboard")
    # the sub-command's own --lang, after the error, still counts
    code, _, err = run(capsys, ["roster", "--format", "xml", "--lang", "zh"])
    assert err.splitlines()[0] == "dutyboard: --format 不能是 'xml'；可选：text, json"


def test_environment_wins_over_settings_and_a_bad_lang_is_ignored(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    device.save_setting("lang", "zh")
    monkeypatch.setenv("DUTYBOARD_LANG", "en")
    code, _, err = run(capsys, ["roster", "--lang", "fr"])
    assert code == 2
    assert err == expected(
        "--lang: invalid choice 'fr' (choose from zh, en)", HINT_EN, "dutyboard roster"
    )


def test_unknown_command_without_a_close_match_lists_the_commands(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, ["frobnicate"])
    first = err.splitlines()[0]
    assert code == 2
    assert first.startswith("dutyboard: 没有 'frobnicate' 这个命令；可用的命令：demo, init, check")
    for name in ("roster", "tasks", "done", "care", "swap"):
        assert name in first
    code, _, err = run(capsys, ["frobnicate", "--lang", "en"])
    assert err.splitlines()[0].startswith(
        "dutyboard: unknown command 'frobnicate'; commands: demo, init, check"
    )


def test_nested_sub_command_errors_name_their_own_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, ["care", "lgo"])
    assert code == 2
    assert err == expected("没有 'lgo' 这个命令；是不是 'log'？", HINT_ZH, "dutyboard care")
    code, _, err = run(capsys, ["--lang", "en", "care", "log"])
    assert code == 2
    assert err == expected(
        "missing required argument(s): ADDRESS, --as", HINT_EN, "dutyboard care log"
    )


def test_an_unknown_argparse_message_keeps_its_text_in_a_translated_line() -> None:
    exc = usage_error("something argparse never said before", "dutyboard roster")
    assert exc.key == "cli.generic" and exc.exit_code == 2
    assert exc.text("zh") == "命令行参数有误：something argparse never said before"
    assert exc.text("en") == "command-line error: something argparse never said before"
    assert exc.message == exc.text("en")
    assert exc.details_in("zh") == ["用 'dutyboard roster --help' 查看用法"]
    parser = build_parser()
    with pytest.raises(parsing.ArgvError) as caught:
        parser.error("argument --x: a type function's own complaint")
    assert (
        caught.value.text("zh") == "命令行参数有误：argument --x: a type function's own complaint"
    )


@pytest.mark.parametrize(
    ("message", "zh"),
    [
        ("argument --db: expected at most one argument", "--db 后面最多跟一个值"),
        ("argument TASK_ID: expected at least one argument", "TASK_ID 后面至少要跟一个值"),
        ("argument --pair: expected 2 arguments", "--pair 后面要跟 2 个值"),
        ("argument --ratio: invalid float value: 'x'", "--ratio 要一个数字，'x' 不是"),
        ("argument --day: invalid Date value: 'x'", "--day 的值 'x' 无效（应为 Date）"),
        ("argument --a: not allowed with argument --b", "--a 不能和 --b 一起用"),
        ("argument --dry-run: ignored explicit argument 'yes'", "--dry-run 不接受值（多了 'yes'）"),
        ("one of the arguments --a --b is required", "下面的参数至少要给一个：--a --b"),
        ("ambiguous option: --d could match --db, --date", "选项 --d 不明确，可能是：--db, --date"),
    ],
)
def test_other_argparse_messages_are_mapped(message: str, zh: str) -> None:
    exc = usage_error(message)
    assert exc.key != "cli.generic"
    assert exc.text("zh") == zh
    assert "{" not in exc.text("en") and exc.text("en") != zh


def test_unexpected_error_is_one_line_in_the_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(board_file, "cmd_check", boom)
    code, _, err = run(capsys, ["check"])
    assert code == 1
    assert err == (
        "dutyboard: 意外出错（RuntimeError: boom）。没有再改动任何内容，已保存的工作都在看板文件里。"
        "设置 DUTYBOARD_DEBUG=1 可查看详情。\n"
    )
    code, _, err = run(capsys, ["check", "--lang", "en"])
    assert code == 1
    assert err == (
        "dutyboard: unexpected error (RuntimeError: boom). Nothing more was changed; your "
        "saved work is in the board file. Set DUTYBOARD_DEBUG=1 to see details.\n"
    )


def test_catalogue_both_languages_same_fields() -> None:
    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    assert len(cli_strings.STRINGS) >= 15
    for key, (zh, en) in cli_strings.STRINGS.items():
        assert key.startswith("cli.") and CATALOG[key] == (zh, en), key
        assert zh and en and zh != en, key
        assert fields(zh) == fields(en), key
    for _, key in parsing._ARGPARSE_PATTERNS:
        assert key in CATALOG, key


@pytest.mark.parametrize(
    ("lang_env", "line", "hint"),
    [
        (None, "dutyboard: 无法识别的参数：--bogus", "  用 'dutyboard --help' 查看用法"),
        ("en", "dutyboard: unrecognized argument(s): --bogus", "  see 'dutyboard --help'"),
    ],
    ids=["zh", "en"],
)
def test_real_program(tmp_path: Path, lang_env: str | None, line: str, hint: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DUTYBOARD_HOME": str(tmp_path / "home")}
    env.pop("DUTYBOARD_LANG", None)
    if lang_env:
        env["DUTYBOARD_LANG"] = lang_env
    proc = subprocess.run(
        [sys.executable, "-m", "dutyboard", "roster", "--bogus"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**env, "PYTHONIOENCODING": "utf-8"},
        timeout=60,
        cwd=tmp_path,
    )
    assert proc.returncode == 2
    assert proc.stderr == f"{line}\n{hint}\n"
    assert proc.stdout == "" and "Traceback" not in proc.stderr

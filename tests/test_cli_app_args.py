"""``dutyboard`` alone (the board app) is parsed without the commands' parsers
(cli.names_a_command): the same options, the same result, less start-up."""

from __future__ import annotations

import pytest

from dutyboard.cli import main as cli
from dutyboard.cli.parsing import ArgvError

APP_ARGS = [
    [],
    ["--demo"],
    ["--db", "b.json", "--as", "张三"],
    ["--lang=en", "--db=b.json"],
    ["--config", "cfg", "--lang", "zh", "--as", "13800001111", "--demo"],
    ["--db", "roster"],  # a file called roster: the value of --db, not a command
]


@pytest.mark.parametrize("argv", APP_ARGS)
def test_the_board_apps_options_parse_alike_without_the_commands(argv: list[str]) -> None:
    assert not cli.names_a_command(argv)
    light = cli.build_parser("zh", commands=False).parse_args(argv)
    full = cli.build_parser("zh").parse_args(argv)
    assert vars(light) == vars(full)


@pytest.mark.parametrize(
    "argv",
    [
        ["roster"],
        ["--db", "b.json", "roster", "--date", "today"],
        ["-h"],
        ["--help"],
        ["--version"],
        ["--dem"],  # an abbreviation: argparse judges it
    ],
)
def test_anything_else_goes_to_the_full_parser(argv: list[str]) -> None:
    assert cli.names_a_command(argv)


def test_a_missing_value_is_the_same_usage_error() -> None:
    assert not cli.names_a_command(["--as"])
    texts = []
    for commands in (False, True):
        with pytest.raises(ArgvError) as caught:
            cli.build_parser("zh", commands=commands).parse_args(["--as"])
        texts.append(caught.value.text("zh"))
    assert texts[0] == texts[1] and "--as" in texts[0]


def test_help_still_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help", "--lang", "en"])
    out = capsys.readouterr().out
    assert "roster" in out and "swap" in out and "care" in out

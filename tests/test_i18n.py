"""Dates in the UI language, written by hand (see dutyboard.i18n.long_date), and the
width of a text on the terminal."""

from __future__ import annotations

from pathlib import Path

import pendulum
from rich.cells import cell_len

from dutyboard.i18n import cells, long_date


def test_long_date_in_english_reads_as_pendulum_would_write_it() -> None:
    # pendulum's formatter loads a locale file at first use, 5 ms of the first
    # screen; every day of a leap year must read the same as it would write it.
    day = pendulum.date(2024, 1, 1)
    for _ in range(366):
        assert long_date(day, "en") == day.format("ddd D MMM", locale="en")
        day = day.add(days=1)


def test_long_date_in_chinese() -> None:
    assert long_date(pendulum.date(2022, 4, 26), "zh") == "4月26日 星期二"
    assert long_date(pendulum.date(2022, 5, 1), "zh") == "5月1日 星期日"


def test_one_measure_of_terminal_cells_rich_s() -> None:
    # The CLI pads with the measure Textual draws with: one function, rich's.
    assert cells is cell_len
    assert cells("张三") == 4 and cells("1-2-402") == 7 and cells("，") == 2
    assert cells("e\u0301") == 1  # a combining accent takes no cell of its own
    sources = (Path(__file__).resolve().parents[1] / "dutyboard").rglob("*.py")
    assert [p.name for p in sources if "east_asian_width" in p.read_text("utf-8")] == []


def test_pad_counts_terminal_cells() -> None:
    from dutyboard.i18n import pad

    assert pad("王五", 6) == "王五  "  # two cells each
    assert pad("ab", 1) == "ab"

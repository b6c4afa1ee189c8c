"""Dates in the UI language, written by hand (see dutyboard.i18n.long_date)."""

from __future__ import annotations

import pendulum

from dutyboard.i18n import long_date


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

"""What start-up changes in the process (dutyboard/startup.py) is put back exactly."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest

from dutyboard import startup


@pytest.fixture(autouse=True)
def _as_it_was() -> Iterator[None]:
    enabled, interval = gc.isenabled(), sys.getswitchinterval()
    yield
    startup.resume()
    gc.enable() if enabled else gc.disable()
    sys.setswitchinterval(interval)


@pytest.mark.parametrize("enabled", [True, False])
def test_resume_puts_back_the_gc_and_the_switch_interval(enabled: bool) -> None:
    gc.enable() if enabled else gc.disable()
    sys.setswitchinterval(0.003)
    frozen = gc.get_freeze_count()
    startup.pause(freeze=True)
    startup.quick_handover()
    assert not gc.isenabled()
    assert gc.get_freeze_count() >= frozen
    assert sys.getswitchinterval() == pytest.approx(startup.HANDOVER_S)
    startup.resume()
    assert gc.isenabled() is enabled
    assert sys.getswitchinterval() == 0.003
    assert gc.get_freeze_count() == 0


def test_the_first_pause_is_what_is_put_back() -> None:
    gc.enable()
    startup.pause()  # the process's start
    startup.pause(freeze=True)  # the app's: the GC was already off
    startup.resume()
    assert gc.isenabled()


def test_end_pause_turns_the_gc_back_on_and_keeps_the_rest() -> None:
    gc.enable()
    startup.pause(freeze=True)
    startup.quick_handover()
    startup.end_pause()
    assert gc.isenabled()
    assert sys.getswitchinterval() == pytest.approx(startup.HANDOVER_S)
    startup.resume()
    assert gc.get_freeze_count() == 0


def test_end_pause_leaves_off_a_gc_that_was_off() -> None:
    gc.disable()
    startup.pause()
    startup.end_pause()
    assert not gc.isenabled()


def test_resume_twice_changes_nothing_more() -> None:
    gc.enable()
    startup.pause()
    startup.resume()
    gc.disable()  # someone else's choice after start-up
    startup.resume()
    assert not gc.isenabled()


def test_resume_without_a_pause_changes_nothing() -> None:
    gc.disable()
    interval = sys.getswitchinterval()
    startup.resume()
    assert not gc.isenabled() and sys.getswitchinterval() == interval

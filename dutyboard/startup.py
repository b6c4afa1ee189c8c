"""Everything start-up changes in the process, and how it is put back.

* The cyclic GC is paused (``pause``) from the start of the process (dutyboard/start.py)
  or from opening a board (tui/launch.py) until the first screen is drawn
  (``end_pause``). Start-up makes a great many objects that live all session (modules,
  classes, Textual's styles, the board's records) and the collector kept scanning them
  before anything was on screen.
* The app freezes what is alive when it starts building its screen (``pause(freeze=True)``)
  so later full collections skip it.
* The app hands the GIL over quickly (``quick_handover``) so that the saver thread's
  system calls do not wait behind screen drawing.
* dateutil's parser is deferred (dutyboard/lazy_dateutil.py, installed by
  ``dutyboard/__init__.py`` through ``defer_dateutil``).

``resume`` puts the GC and the switch interval back as they were before the first
change (on or off, nothing frozen). Every command but the board app calls it before it
runs; the app when it closes. The dateutil stand-in stays for the life of the process:
it answers as the real module once used, and taking it out would make a command that
imports pendulum later pay for the real parser at once.
"""

from __future__ import annotations

import gc
import sys
from dataclasses import dataclass

from dutyboard import lazy_dateutil

# The saver makes about ten system calls per save and needs the GIL back after each;
# Python's default 5 ms hand-over made a tick wait behind drawing. Only paid while a
# save runs: with no other thread asking, the GIL is never handed over.
HANDOVER_S = 0.0001


@dataclass
class _Before:
    """How the process was before start-up first changed it."""

    gc_enabled: bool
    switch_interval: float
    frozen: bool = False


_before: _Before | None = None


def _remember() -> _Before:
    global _before
    if _before is None:
        _before = _Before(gc.isenabled(), sys.getswitchinterval())
    return _before


def defer_dateutil() -> None:
    """Load dateutil's parser only when first used (before pendulum is imported)."""
    lazy_dateutil.defer()


def pause(*, freeze: bool = False) -> None:
    """Turn the cyclic GC off until ``end_pause`` or ``resume``. ``freeze``: also move
    every object alive now out of its reach until ``resume``."""
    before = _remember()
    gc.disable()
    if freeze:
        gc.freeze()
        before.frozen = True


def end_pause() -> None:
    """The GC on or off as before ``pause`` (the first screen is drawn); the rest of
    what start-up changed stays until ``resume``."""
    if _before is None or _before.gc_enabled:
        gc.enable()


def quick_handover() -> None:
    """Hand the GIL over after ``HANDOVER_S`` until ``resume``."""
    _remember()
    sys.setswitchinterval(HANDOVER_S)


def resume() -> None:
    """Put back everything start-up changed (a second call does nothing more)."""
    global _before
    before, _before = _before, None
    if before is None:
        return
    if before.frozen:
        gc.unfreeze()
    sys.setswitchinterval(before.switch_interval)
    if before.gc_enabled:
        gc.enable()
    else:
        gc.disable()

"""Load dateutil's parser only when it is first used.

pendulum imports ``dateutil.parser`` at import time, for its non-ISO parsing
(``pendulum.parse(..., strict=False)``), and that pulls in ``dateutil.tz`` and
``ctypes``: about 8 ms of every start of the app, for code the board never runs (its
dates and moments are ISO 8601, which pendulum parses itself). This hands pendulum a
stand-in module that imports the real one on first use and then answers for it, so
anyone who does parse loosely still gets the real parser.

A stand-in of our own rather than importlib's LazyLoader: on Python 3.11 that one
lets a second thread see the module half-loaded, and it loads a submodule twice when
``dateutil.parser._parser`` is imported first. Here the first use imports under a
lock, and the stand-in has the package's ``__path__``, so a submodule imported first
is imported once, by the import system, and shared.

It only acts before pendulum's parsing module is imported: ``dutyboard/__init__.py``
calls it first thing, and everything of dutyboard imports that.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types
from typing import Any

NAME = "dateutil.parser"
_lock = threading.RLock()


class _Deferred(types.ModuleType):
    """Stands in for ``dateutil.parser`` until a name of it is asked for. Dunder
    names (what the import system reads) are its own; any other name imports the
    real module first, even one a submodule import set on it (``isoparser``)."""

    def __getattribute__(self, attr: str) -> Any:
        if not attr.startswith("__") and not types.ModuleType.__getattribute__(
            self, "__dict__"
        ).get("_dutyboard_loaded"):
            _real(self)
        return types.ModuleType.__getattribute__(self, attr)

    def __dir__(self) -> list[str]:
        _real(self)
        return list(self.__dict__)


def _real(stand_in: _Deferred) -> types.ModuleType:
    with _lock:
        module = sys.modules.get(NAME)
        if module is stand_in or module is None:
            sys.modules.pop(NAME, None)
            try:
                module = importlib.import_module(NAME)
            except BaseException:
                sys.modules[NAME] = stand_in  # as it was: a later use tries again
                raise
        # Later uses through the stand-in (pendulum keeps it) find the same objects.
        own = types.ModuleType.__getattribute__(stand_in, "__dict__")
        own.update(
            {k: v for k, v in module.__dict__.items() if k not in ("__spec__", "__loader__")}
        )
        own["_dutyboard_loaded"] = True
        return module


def defer() -> None:
    if "pendulum.parsing" in sys.modules or NAME in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(NAME)  # imports the small package only
    except ImportError:
        return
    if spec is None or spec.submodule_search_locations is None:
        return
    stand_in = _Deferred(NAME)
    stand_in.__path__ = list(spec.submodule_search_locations)  # submodules import alone
    stand_in.__package__ = NAME
    sys.modules[NAME] = stand_in
    # ``from dateutil import parser`` reads the package's attribute first; without it,
    # dateutil's own __getattr__ would import the real module at once.
    setattr(sys.modules["dateutil"], "parser", stand_in)  # noqa: B010

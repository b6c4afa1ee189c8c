"""Load dateutil's parser only when it is first used.

pendulum imports ``dateutil.parser`` at import time, for its non-ISO parsing
(``pendulum.parse(..., strict=False)``), and that pulls in ``dateutil.tz`` and
``ctypes``: about 8 ms of every start of the app, for code the board never runs (its
dates and moments are ISO 8601, which pendulum parses itself). This hands pendulum a
module that loads on first attribute access instead (the ``importlib.util.LazyLoader``
recipe), so anyone who does parse loosely still gets the real parser.

It only acts before pendulum's parsing module is imported: ``dutyboard/__init__.py``
calls it first thing, and everything of dutyboard imports that.
"""

from __future__ import annotations

import importlib.util
import sys


def defer() -> None:
    if "pendulum.parsing" in sys.modules or "dateutil.parser" in sys.modules:
        return
    try:
        spec = importlib.util.find_spec("dateutil.parser")  # imports the small package
    except ImportError:
        return
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules["dateutil.parser"] = module
    spec.loader.exec_module(module)
    # ``from dateutil import parser`` reads the package's attribute first; without it,
    # dateutil's own __getattr__ would import the real module at once.
    setattr(sys.modules["dateutil"], "parser", module)  # noqa: B010

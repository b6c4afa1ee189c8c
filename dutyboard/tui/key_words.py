"""Key descriptions in the UI language.

Bindings are declared once, in BINDINGS, with an ``id`` that is their catalogue key
(``key.reassign``) or, for Textual's own, found by action (``key.command_palette``).
``localise_bindings`` rewrites a node's binding descriptions in the UI language, so
the key bar, the help screen (?) and the command palette all read the same words.
Apart from tui/help.py so the first screen does not load the help screen.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.dom import DOMNode

from dutyboard.i18n import CATALOG, t
from dutyboard.tui._compat import bindings_map


def binding_key(binding: Binding) -> str | None:
    """The catalogue key of a binding's description, if it has one."""
    for key in (binding.id, f"key.{binding.action}"):
        if key and key in CATALOG:
            return key
    return None


def describe(binding: Binding, lang: str) -> str:
    key = binding_key(binding)
    return t(key, lang) if key else binding.description


def localise_bindings(node: DOMNode, lang: str) -> None:
    """Put this node's binding descriptions in ``lang`` (Textual reads them from here)."""
    bindings = bindings_map(node)  # the one place descriptions live
    for key, items in list(bindings.key_to_bindings.items()):
        bindings.key_to_bindings[key] = [
            replace(b, description=describe(b, lang)) if binding_key(b) else b for b in items
        ]

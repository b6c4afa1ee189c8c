"""The tabs of the board app, in the order of the tab bar: one entry per tab.

An entry says the key that opens the tab (also shown before its label) and where its
pane comes from. A tab's module gives ``widgets(tab, lang)``, the pane's widgets, and
``render(app, tab)``, fresh data for them. Today's pane is composed with the app; every
other tab's module is imported when the tab is first opened, so start-up (benchmarked
as Today's first paint) pays only for what it shows. To add a tab: an entry here, those
two functions in its module, and its ``tab.NAME`` words in the catalogues.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from textual.binding import Binding
from textual.widget import Widget

from dutyboard.i18n import t
from dutyboard.tui import today

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp


class TabModule(Protocol):
    def widgets(self, tab: str, lang: str) -> list[Widget]: ...

    def render(self, app: DutyboardApp, tab: str) -> None: ...


@dataclass(frozen=True)
class Tab:
    name: str
    key: str  # the key that opens it
    load: Callable[[], TabModule]  # its module: imported when the tab is first opened
    in_palette: bool = False  # offered by name in the command palette


# The imports below are deferred on purpose: start-up imports only Today's module.
def _deliveries() -> TabModule:
    from dutyboard.tui import deliveries

    return deliveries


def _disinfection() -> TabModule:
    from dutyboard.tui import disinfection

    return disinfection


def _tomorrow() -> TabModule:
    from dutyboard.tui import tomorrow

    return tomorrow


def _care() -> TabModule:
    from dutyboard.tui import care_panes

    return care_panes


def _supplies() -> TabModule:
    from dutyboard.tui import supplies

    return supplies


def _buildings() -> TabModule:
    from dutyboard.tui import buildings

    return buildings


def _people() -> TabModule:
    from dutyboard.tui import people

    return people


TABS = (
    Tab("today", "1", lambda: today, in_palette=True),
    Tab("deliveries", "2", _deliveries, in_palette=True),
    Tab("disinfection", "3", _disinfection, in_palette=True),
    Tab("tomorrow", "4", _tomorrow),
    Tab("care", "5", _care),
    Tab("medicine", "6", _care),
    Tab("testing", "7", _care),
    Tab("supplies", "8", _supplies),
    Tab("buildings", "9", _buildings),
    Tab("people", "0", _people),
)
NAMES = tuple(tab.name for tab in TABS)
BY_NAME = {tab.name: tab for tab in TABS}


def tab_label(name: str, lang: str) -> str:
    """'1 今日值班': the number is the key that opens the tab (the key bar has no room)."""
    return f"{BY_NAME[name].key} {t(f'tab.{name}', lang)}"


def tab_bindings(first: str, last: str) -> list[Binding]:
    """The keys that open the tabs from ``first`` to ``last`` (not in the key bar)."""
    names = NAMES[NAMES.index(first) : NAMES.index(last) + 1]
    return [
        Binding(
            BY_NAME[name].key,
            f"show_tab('{name}')",
            t(f"tab.{name}", "zh"),
            show=False,
            id=f"tab.{name}",
        )
        for name in names
    ]

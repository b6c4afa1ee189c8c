"""The duty board: Today, Deliveries and Disinfection tabs over one board file.

The app is handed its board and clock. Panes get fresh data (``show``) and post what
people did; every change runs in a worker thread, in order, one at a time. A save that
fails stays queued and is retried every 2 s, loudly, until it works. A timer takes in
what other laptops saved (``Board.refresh`` never writes).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import sys
import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.containers import Container
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import get_current_worker

from dutyboard.core.board import Board
from dutyboard.core.model import AuditEntry, Task, Volunteer
from dutyboard.groups.lateness import late_ids
from dutyboard.i18n import other, t
from dutyboard.storage import device
from dutyboard.storage.clock import Clock
from dutyboard.storage.errors import BoardBusy, DutyboardError, Refused, SaveError
from dutyboard.tui.board_screen import BoardScreen
from dutyboard.tui.header import BoardHeader, OverdueCounter, header_info
from dutyboard.tui.key_bar import KeyBar
from dutyboard.tui.key_words import localise_bindings
from dutyboard.tui.tab_bar import TabBar
from dutyboard.tui.task_messages import TaskFail, TaskReopen, TaskTick
from dutyboard.tui.today import TodayPane
from dutyboard.views.today import build_today

if TYPE_CHECKING:
    from dutyboard.tui.deliveries import DeliveriesPane
    from dutyboard.tui.parcels import HandOver, Parcels

HERE = Path(__file__).parent


def tab_label(tab: str, lang: str) -> str:
    """'1 今日值班': the number is the key that opens the tab (the key bar has no room)."""
    return f"{TAB_KEYS.get(tab, TABS.index(tab) + 1)} {t(f'tab.{tab}', lang)}"


def _board_commands() -> Any:
    from dutyboard.tui.commands import BoardCommands

    return BoardCommands


TABS = (
    "today",
    "deliveries",
    "disinfection",
    "tomorrow",
    "care",
    "medicine",
    "testing",
    "supplies",
    "buildings",
    "people",
)
# Tabs whose key is not their place in TABS (4 is Tomorrow's).
TAB_KEYS = {"care": 5, "medicine": 6, "testing": 7, "supplies": 8, "buildings": 9, "people": 0}


# Panes after Today are imported and mounted when their tab is first opened: start-up
# (benchmarked as Today's first paint) pays only for what it shows. To add a tab, add
# it to TABS, give it a builder here (its widgets, imports inside) and a branch in
# ``DutyboardApp._render_tab`` that hands it fresh data.
def _deliveries_widgets(lang: str) -> list[Widget]:
    from dutyboard.tui.deliveries import DeliveriesPane

    return [Static(id="building-filter"), DeliveriesPane(lang, id="deliveries-pane")]


def _disinfection_widgets(lang: str) -> list[Widget]:
    from dutyboard.tui.disinfection import DisinfectionPane

    return [DisinfectionPane(lang, id="disinfection-pane")]


def _tomorrow_widgets(lang: str) -> list[Widget]:
    from dutyboard.tui.tomorrow import TomorrowPane

    return [TomorrowPane(lang, id="tomorrow-pane")]


def _care_widgets(tab: str) -> Callable[[str], list[Widget]]:
    def widgets(lang: str) -> list[Widget]:
        from dutyboard.tui.care_panes import lazy_widgets

        return lazy_widgets(tab, lang)

    return widgets


def _supplies_widgets(lang: str) -> list[Widget]:
    from dutyboard.tui.supplies import lazy_widgets

    return lazy_widgets(lang)


def _buildings_widgets(lang: str) -> list[Widget]:
    from dutyboard.tui.buildings import lazy_widgets

    return lazy_widgets(lang)


def _people_widgets(lang: str) -> list[Widget]:
    from dutyboard.tui.people import lazy_widgets

    return lazy_widgets(lang)


LAZY_PANES: dict[str, Callable[[str], list[Widget]]] = {
    "deliveries": _deliveries_widgets,
    "disinfection": _disinfection_widgets,
    "tomorrow": _tomorrow_widgets,
    **{tab: _care_widgets(tab) for tab in ("care", "medicine", "testing")},
    "supplies": _supplies_widgets,
    "buildings": _buildings_widgets,
    "people": _people_widgets,
}
# Styles read once the first screen is drawn (DutyboardApp.load_styles).
LATER_CSS = [
    HERE / "dialogs.tcss",
    HERE / "tasks.tcss",
    HERE / "care.tcss",
    HERE / "tomorrow.tcss",
    HERE / "supplies.tcss",
    HERE / "buildings.tcss",
    HERE / "slots.tcss",
    HERE / "people.tcss",
]
RETRY_EVERY_S = 2.0
SAVING_SHOWN_AFTER_S = 0.3
RELOADED_SHOWN_S = 5.0


class _Op(NamedTuple):
    """A change to save: ``run`` in the worker thread, ``done`` on the main thread."""

    run: Callable[[], Any]
    done: Callable[[Any], None] | None = None


class DutyboardApp(App[int]):
    TITLE = "dutyboard"
    # Beside this file, also for subclasses defined elsewhere. Only what the first
    # screen needs is read at start; the rest once it is on screen (``load_styles``).
    CSS_PATH = [HERE / "app.tcss"]
    # Only ours (Textual's system commands are English-only), loaded when first opened.
    COMMANDS = {_board_commands}
    BINDINGS = [
        Binding("question_mark", "help", "帮助", id="key.help"),
        Binding("l", "switch_lang", "English", id="key.switch_lang"),
        Binding("u", "undo", "撤销", id="key.undo"),
        Binding("c", "conflicts", "冲突", id="key.conflicts"),
        Binding("escape", "all_buildings", "全部楼栋", id="key.all_buildings"),
        Binding("1", "show_tab('today')", "今日值班", show=False, id="tab.today"),
        Binding("2", "show_tab('deliveries')", "配送", show=False, id="tab.deliveries"),
        Binding("3", "show_tab('disinfection')", "消杀", show=False, id="tab.disinfection"),
        Binding("4", "show_tab('tomorrow')", "明日排班", show=False, id="tab.tomorrow"),
        # Shown once the clock has passed into the next duty day (leaders; tui/tomorrow.py).
        Binding("w", "day_swap", "切换到明日", id="key.day_swap"),
        Binding("e", "export", "导出", show=False, id="key.export"),
        Binding("5", "show_tab('care')", "关爱", show=False, id="tab.care"),
        Binding("6", "show_tab('medicine')", "配药", show=False, id="tab.medicine"),
        Binding("7", "show_tab('testing')", "核酸", show=False, id="tab.testing"),
        Binding("8", "show_tab('supplies')", "物资", show=False, id="tab.supplies"),
        Binding("9", "show_tab('buildings')", "楼栋", show=False, id="tab.buildings"),
        Binding("0", "show_tab('people')", "人员", show=False, id="tab.people"),
        Binding("q", "quit", "退出", id="key.quit"),
        # From every tab while someone is late / something is overdue (the header counts
        # them); in the key bar on Today only (tui/today.py): the other tabs' bars are full.
        Binding("exclamation_mark", "next_late", "未到岗", show=False, id="key.next_late"),
        Binding("O", "overdue", "超期", show=False, id="key.overdue"),
        # Today's log, newest first (leaders; tui/audit_screen.py).
        Binding("L", "audit_log", "操作记录", show=False, id="key.audit_log"),
        Binding(
            "ctrl+p", "command_palette", "搜索", show=False, id="key.command_palette", priority=True
        ),
    ]

    lang: reactive[str] = reactive("zh", init=False)
    building: reactive[int | None] = reactive(None, init=False, bindings=True)

    def __init__(
        self,
        board: Board,
        clock: Clock,
        *,
        who: Volunteer | None,
        lang: str = "zh",
        watch_interval: float = 1.0,
    ) -> None:
        super().__init__()
        self.board = board
        self.clock = clock
        self.who = who
        self.set_reactive(DutyboardApp.lang, lang)
        self.watch_interval = watch_interval
        self._queue: deque[_Op] = deque()
        self._qlock = threading.Lock()
        self._draining = False
        self._unsaved = False  # a change is in memory but the file write failed
        self._fail_told = False
        self._watching = False
        self._quit_asked = False
        self._stale: set[str] = set(TABS)  # panes whose data is older than the board
        self._mounted: set[str] = {"today"}  # tabs whose pane is mounted (see LAZY_PANES)
        self._mounting: set[str] = set()
        self._active_tab = "today"
        self._when_mounted: dict[str, list[Callable[[], object]]] = {}
        self._open_conflicts = 0  # as the header last counted them
        self._day_changed = False  # the clock is in a later duty day than the board
        self._late = 0  # people late, as the header last counted them
        self._overdues = 0  # things overdue, as the header last counted them
        self._late_seen: frozenset[str] | None = None  # who Today last showed late
        self._overdue = OverdueCounter(self, self._show_header)  # from the clock's first tick
        self._styles_loaded = False  # LATER_CSS read (load_styles)
        self._archive_wanted: set[str] = set()  # tabs drawn again once it is read
        self._archive_then: list[Callable[[], object]] = []  # and what runs then
        self._archive_tried = False  # read_archive ran (it may have failed)
        self._archive_tried_version: tuple[int, int, int] | None = None  # of that file
        self._archive_noticed: tuple[int, int, int] | None = None  # (_archive_changed)

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        lang = self.lang
        yield BoardHeader(id="header")
        yield TabBar({tab: tab_label(tab, lang) for tab in TABS}, "today", id="tabs")
        # One pane per tab, shown one at a time (_show_pane); Today's is its table,
        # the other tabs' containers are added when first opened (_mount_pane).
        yield TodayPane(lang, id="today", classes="tab-pane")
        yield KeyBar(id="keys")

    def get_default_screen(self) -> BoardScreen:
        return BoardScreen(id="_default")

    @property
    def today(self) -> TodayPane:
        return self.query_one(TodayPane)

    @property
    def header(self) -> BoardHeader:
        return self.query_one(BoardHeader)

    def on_load(self) -> None:
        # Start-up allocates many objects that live all session (modules, the board's
        # records); the cyclic GC kept re-scanning them while the first screen was
        # built. Freeze them out of its reach and pause it until Today is on screen
        # (about 5% of the first paint in tests/bench, 21 runs).
        gc.freeze()
        gc.disable()

    def on_ready(self) -> None:
        gc.enable()
        self.call_after_refresh(self.load_styles)

    def load_styles(self) -> None:
        """Read the styles of the panes and dialogs not on the first screen (once).

        Parsing them all at start cost about a tenth of the first paint. Called once
        Today is on screen, and before anything that needs them is mounted or pushed,
        in case a key is pressed sooner."""
        if self._styles_loaded:
            return
        self._styles_loaded = True
        for path in LATER_CSS:
            self.stylesheet.read(path)
        self.stylesheet.update(self)

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        self.load_styles()
        return super().push_screen(*args, **kwargs)

    def notify(self, message: str, *, title: str = "", markup: bool = True, **kw: Any) -> None:
        """Every toast is text, never markup: toasts quote names, notes and addresses
        people typed, and no toast of the app uses markup (dutyboard/tui/safe_text.py)."""
        from dutyboard.tui.safe_text import shown, shown_lines

        super().notify(shown_lines(message), title=shown(title), markup=False, **kw)

    def on_unmount(self) -> None:
        gc.enable()  # closed before the first paint: never leave it off

    def on_mount(self) -> None:
        self._localise()
        self._render_all()
        self.today.table.focus()
        # The saver thread needs the GIL for a moment after each of its system calls;
        # with Python's default 5 ms hand-over a tick waits behind screen drawing. A save
        # makes about ten such calls; at 0.1 ms the tick's p50 went from 27 to 12 ms on a
        # loaded 2-core machine (tests/bench). The drawing thread pays only while a
        # save is running: with no other thread asking, the GIL is never handed over.
        sys.setswitchinterval(0.0001)
        self._wake = threading.Event()
        self._saver_worker = self._saver()
        self.set_interval(self.watch_interval, self._watch)
        self._retry_timer = self.set_interval(RETRY_EVERY_S, self._retry, pause=True)
        if self.who is None:
            from dutyboard.tui.picker import ask_who

            ask_who(self)

    def _localise(self) -> None:
        for node in (self, self.screen, self.today):
            localise_bindings(node, self.lang)
        self.query_one(TabBar).set_labels({tab: tab_label(tab, self.lang) for tab in TABS})
        self.refresh_bindings()

    def _render_all(self) -> None:
        """Fresh data for the pane on screen and the header; the other panes are drawn
        when their tab is opened (a tick must not redraw three tables)."""
        self._stale = set(TABS)
        self._render_tab(self.active_tab)
        self._show_filter()
        self._show_header()

    def _render_tab(self, tab: str) -> None:
        if tab not in self._stale:
            return
        if tab not in self._mounted:
            self._mount_pane(tab)  # drawn once it is mounted
            return
        self._stale.discard(tab)
        board, lang, now = self.board, self.lang, self.clock.now()
        day = board.today
        if tab == "today":
            self.today.leader = bool(self.who and self.who.is_leader)
            view = build_today(board, day, lang, now, self.who)  # phones: privacy.py
            self.today.show(view)
            self._late_seen = frozenset(
                p.assignment_id for g in view.groups for s in g.slots for p in s.people if p.late
            )
        elif tab == "deliveries":
            from dutyboard.tui.deliveries import DeliveriesPane
            from dutyboard.views.deliveries import build_deliveries

            deliveries = build_deliveries(board, day, lang, now).only_building(self.building)
            deliveries_pane = self.query_one("#deliveries-pane", DeliveriesPane)
            deliveries_pane.leader = bool(self.who and self.who.is_leader)
            deliveries_pane.show(deliveries)
        elif tab == "disinfection":
            from dutyboard.tui.disinfection import DisinfectionPane
            from dutyboard.views.disinfection import build_disinfection

            pane = self.query_one("#disinfection-pane", DisinfectionPane)
            pane.show(build_disinfection(board, day, lang, now))
        elif tab == "tomorrow":
            from dutyboard.tui.tomorrow import render_tomorrow

            render_tomorrow(self)
        elif tab in ("care", "medicine", "testing"):
            from dutyboard.tui.care_panes import render_tab

            render_tab(self, tab)
        elif tab == "supplies":
            from dutyboard.tui.supplies import render_supplies

            render_supplies(self)
        elif tab == "buildings":
            from dutyboard.tui.buildings import render_buildings

            render_buildings(self)
        elif tab == "people":
            from dutyboard.tui.people import render_people

            render_people(self)

    def _mount_pane(self, tab: str) -> None:
        """Mount a tab's pane (first opened); draw and focus it when it is ready."""
        if tab in self._mounting:
            return
        self._mounting.add(tab)
        self.load_styles()
        pane = Container(*LAZY_PANES[tab](self.lang), id=tab, classes="tab-pane")
        pane.display = False
        mounting = self.screen.mount(pane, before=self.query_one(KeyBar))

        async def mounted() -> None:
            await mounting
            self._mounting.discard(tab)
            self._mounted.add(tab)
            for widget in pane.children:  # the language may have changed meanwhile
                if hasattr(widget, "set_lang") and getattr(widget, "lang", None) != self.lang:
                    widget.set_lang(self.lang)
            self._render_tab(tab)
            self._show_filter()
            if self.active_tab == tab:
                self._show_pane(tab)
                self._focus_tab(tab)
            for callback in self._when_mounted.pop(tab, []):
                callback()

        self.call_later(mounted)

    def archive_ready(
        self, tab: str | None = None, then: Callable[[], object] | None = None
    ) -> bool:
        """True if the archive of closed days can be used at once. Otherwise it is read
        in a worker (seconds at town scale: 250 MB for 90 days of 5,000 households);
        when it is in, ``tab`` is drawn again and ``then`` runs. The caller shows that
        it is reading."""
        store = self.board.store
        version = store.archive_version() if store.archive_stale() else None
        if version is not None and version != self._archive_tried_version:
            self._archive_tried = False  # another laptop wrote it since: read it again
        elif store.loaded_archive is not None or self._archive_tried:
            return True  # (a version that could not be read is tried once)
        if not store.has_archive():
            return True
        if not self._archive_wanted and not self._archive_then:
            self._archive_tried_version = store.archive_version()
            self._read_archive()
        if tab is not None:
            self._stale.add(tab)
            self._archive_wanted.add(tab)
        if then is not None:
            self._archive_then.append(then)
        return False

    @work(thread=True, exclusive=True, group="archive")
    def _read_archive(self) -> None:
        with contextlib.suppress(Exception):  # unreadable: the tab says so itself
            self.board.load_archive()  # without the board's lock: saves go on
        self.call_from_thread(self._archive_read)

    def _archive_read(self) -> None:
        self._archive_tried = True
        tabs, self._archive_wanted = self._archive_wanted, set()
        then, self._archive_then = self._archive_then, []
        for tab in tabs:
            if tab == self.active_tab:
                self._render_tab(tab)
        for callback in then:
            callback()

    def _show_header(self) -> None:
        header = self.header
        late = late_ids(self.board, self.clock.now())
        if self._late_seen is not None and late != self._late_seen:
            # Someone became late as the clock moved (or a mark cleared it): Today
            # again, the only pane that shows it; nothing else is redrawn.
            self._stale.add("today")
            if self.active_tab == "today":
                self._render_tab("today")
        overdue = self._overdue.count(self.board, self.clock.now())
        info = header_info(
            self.board,
            self.clock,
            self.who,
            self.lang,
            header.state,
            late=len(late),
            overdue=overdue,
        )
        header.show(info)
        if info.conflicts != self._open_conflicts:
            self._open_conflicts = info.conflicts
            self.refresh_bindings()
        if (bool(info.late), bool(info.overdue)) != (bool(self._late), bool(self._overdues)):
            self.refresh_bindings()  # ! and O show while there is someone, something
        self._late, self._overdues = info.late, info.overdue
        if bool(info.day_note) != self._day_changed:  # offer the swap; never swap alone
            self._day_changed = bool(info.day_note)
            self.refresh_bindings()
            if self._day_changed:
                from dutyboard.tui.tomorrow import day_changed_notice

                day_changed_notice(self)

    def _show_filter(self) -> None:
        if "deliveries" not in self._mounted:
            return
        bar = self.query_one("#building-filter", Static)
        bar.set_class(self.building is None, "-off")
        if self.building is not None:
            bar.update(t("filter.building", self.lang, n=self.building))

    # ------------------------------------------------------------------ who is here

    def set_who(self, who: Volunteer) -> None:
        """Who is at the keyboard now; remembered on this laptop for next time."""
        self.who = who
        device.save_setting(f"last_user:{self.board.store.board_id}", who.id)
        self._render_all()
        self.refresh_bindings()

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            return True if self.who else None
        if action == "all_buildings":
            return self.building is not None
        if action == "conflicts":  # shown while there are some; greyed for volunteers
            if not self._open_conflicts:
                return False
            return True if self.who and self.who.is_leader else None
        if action == "next_late":  # shown while someone is late
            return self._late > 0
        if action == "overdue":  # shown while something is overdue
            return self._overdues > 0
        if action == "audit_log":  # the log of everyone's changes: greyed for volunteers
            return True if self.who and self.who.is_leader else None
        if action == "day_swap":  # shown once the day has changed; greyed for volunteers
            if not self._day_changed:
                return False
            return True if self.who and self.who.is_leader else None
        return True

    def action_day_swap(self) -> None:
        from dutyboard.tui.tomorrow import swap_flow

        swap_flow(self)

    def action_export(self) -> None:
        from dutyboard.tui.tomorrow import export_flow

        export_flow(self)

    def action_command_palette(self) -> None:
        if not CommandPalette.is_open(self):  # type: ignore[arg-type]
            placeholder = t("palette.placeholder", self.lang)
            self.push_screen(CommandPalette(placeholder=placeholder, id="--command-palette"))

    def action_help(self) -> None:
        tab = self.active_tab
        title = t("help.title", self.lang, tab=t(f"tab.{tab}", self.lang))
        from dutyboard.tui.help import HelpScreen, key_rows

        self.push_screen(HelpScreen(title, key_rows(self, self.lang), self.lang))

    def action_switch_lang(self) -> None:
        self.lang = other(self.lang)

    def watch_lang(self, lang: str) -> None:
        device.save_setting("lang", lang)
        for tab in self._mounted - {"today"}:
            for pane in self.pane(tab).children:
                if hasattr(pane, "set_lang"):
                    pane.set_lang(lang)
        self.today.lang = lang
        self._localise()
        self._render_all()

    def action_show_tab(self, tab: str) -> None:
        self.show_tab(tab)

    def show_tab(self, tab: str) -> None:
        if tab != self._active_tab:
            self._active_tab = tab
            self.query_one(TabBar).active = tab
            # A tab opened for the first time shows once its pane is mounted; nothing
            # shows meanwhile, and nothing has focus (Textual leaves focus on a hidden
            # widget), so no key goes to the pane left behind.
            if tab not in self._mounted:
                self.screen.set_focus(None)
            self._show_pane(tab if tab in self._mounted else None)
            self._render_tab(tab)
        self._focus_tab(tab)

    @on(TabBar.Chosen)
    def _tab_chosen(self, event: TabBar.Chosen) -> None:
        self.show_tab(event.tab)

    def _show_pane(self, tab: str | None) -> None:
        """Show this tab's pane and hide the others (all of them for None)."""
        with self.batch_update():
            for mounted in self._mounted:
                self.pane(mounted).display = mounted == tab

    @property
    def active_tab(self) -> str:
        """The tab chosen last (on screen, or being mounted): one of TABS."""
        return self._active_tab

    def pane(self, tab: str) -> Widget:
        """The container of a tab's widgets (only once mounted: see ``when_ready``)."""
        return self.query_one(f"#{tab}.tab-pane")

    def _focus_tab(self, tab: str) -> None:
        if tab not in self._mounted:
            return  # focused once mounted (_mount_pane)
        pane = self.pane(tab)
        if pane.focusable:  # Today's pane is its table
            pane.focus()
        for table in pane.query("DataTable, RosterTable, BuildingGrid"):
            table.focus()
            break
        self.refresh_bindings()

    def when_ready(self, tab: str, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the tab's pane is mounted (now, if it is)."""
        if tab in self._mounted:
            callback()
        else:
            self._when_mounted.setdefault(tab, []).append(callback)

    def action_all_buildings(self) -> None:
        self.building = None

    def watch_building(self) -> None:
        self._render_all()

    async def action_quit(self) -> None:
        if self._busy() and not self._quit_asked:
            self._quit_asked = True
            self.set_timer(5, lambda: setattr(self, "_quit_asked", False))
            self.notify(t("quit.unsaved", self.lang), severity="warning")
            return
        self.exit(0)

    # ------------------------------------------------------------------ ticks

    def _tasks(self, ids: tuple[str, ...]) -> list[Task]:
        tasks = [self.board.task(i) for i in ids]
        if any(x is None for x in tasks):
            raise Refused(t("err.task_gone", self.lang))
        return [x for x in tasks if x is not None]

    def _need_who(self) -> Volunteer | None:
        if self.who is None:
            self.bell()
        return self.who

    @on(TaskTick)
    def _tick(self, event: TaskTick) -> None:
        if who := self._need_who():
            self.submit(lambda: self.board.tick(self._tasks(event.task_ids), who))

    @on(TaskReopen)
    def _reopen(self, event: TaskReopen) -> None:
        if who := self._need_who():
            self.submit(lambda: self.board.reopen(self._tasks(event.task_ids), who))

    @on(TaskFail)
    def _fail(self, event: TaskFail) -> None:
        if who := self._need_who():
            self.submit(lambda: self.board.fail(self._tasks((event.task_id,)), who, event.reason))

    def action_undo(self) -> None:
        if who := self._need_who():
            self.submit(lambda: self.board.undo_last(who), self._undone)

    def _undone(self, entry: AuditEntry | None) -> None:
        if entry is None:
            self.notify(t("undo.nothing", self.lang))
            return
        task = self.board.task(entry.record) if entry.table == "tasks" else None
        what = task.address or task.code if task else t(f"undo.action.{entry.action}", self.lang)
        self.notify(t("undo.done", self.lang, what=what))

    # Deliveries' own messages (tui/deliveries.py, tui/parcels.py), handled by name:
    # those modules are imported when the tab is first opened, not at start.

    def on_deliveries_pane_hand_over(self, event: HandOver) -> None:
        if who := self._need_who():
            from dutyboard.groups.supplies.parcels import hand_over

            ids, how = event.task_ids, event.how
            self.submit(lambda: hand_over(self.board, self._tasks(ids), who, how))

    def on_deliveries_pane_parcels(self, event: Parcels) -> None:
        if who := self._need_who():
            from dutyboard.tui.parcel_entry import parcel_entry_flow

            parcel_entry_flow(self, who)

    def on_deliveries_pane_carrier(self, event: DeliveriesPane.Carrier) -> None:
        if who := self.leader():
            from dutyboard.tui.carrier_picker import carrier_flow

            carrier_flow(self, who, event.batch, event.building)

    # ------------------------------------------------------------------ leaders

    def leader(self) -> Volunteer | None:
        """Who is here if they are a shift leader; otherwise say it is for leaders."""
        if self.who is None or not self.who.is_leader:
            self.notify(t("err.leaders_only", self.lang), severity="warning")
            return None
        return self.who

    @on(TodayPane.Mark)
    def _mark(self, event: TodayPane.Mark) -> None:
        if who := self.leader():
            from dutyboard.tui.reassign import mark_flow

            mark_flow(self, who, event.assignment_id, event.status)

    @on(TodayPane.Reassign)
    def _reassign(self, event: TodayPane.Reassign) -> None:
        if who := self.leader():
            from dutyboard.tui.reassign import reassign_flow

            reassign_flow(self, who, event.assignment_id)

    @on(TodayPane.Fill)
    def _fill(self, event: TodayPane.Fill) -> None:
        if who := self.leader():
            from dutyboard.tui.reassign import fill_flow

            fill_flow(self, who, event.slot_id)

    @on(TodayPane.AddSlot)
    def _add_slot(self, event: TodayPane.AddSlot) -> None:
        if who := self.leader():
            from dutyboard.tui.slot_dialog import add_slot_flow

            add_slot_flow(self, who, event.group)

    @on(TodayPane.EditSlot)
    def _edit_slot(self, event: TodayPane.EditSlot) -> None:
        if who := self.leader():
            from dutyboard.tui.slot_dialog import edit_slot_flow

            edit_slot_flow(self, who, event.slot_id)

    @on(TodayPane.RemoveSlot)
    def _remove_slot(self, event: TodayPane.RemoveSlot) -> None:
        if who := self.leader():
            from dutyboard.tui.slot_dialog import remove_slot_flow

            remove_slot_flow(self, who, event.slot_id)

    def action_next_late(self) -> None:
        """!: Today, the cursor on the next person late."""
        self.show_tab("today")
        if not self.today.select_next_late():
            self.notify(t("late.none", self.lang))

    def action_overdue(self) -> None:
        """O: the overdue list; Enter goes to the thing in its tab."""
        from dutyboard.tui.overdue_screen import overdue_flow

        overdue_flow(self)

    def action_audit_log(self) -> None:
        """L: today's changes, who made them and on which laptop (leaders)."""
        if self.leader():
            from dutyboard.tui.audit_screen import audit_flow

            audit_flow(self)

    def action_conflicts(self) -> None:
        if who := self.leader():
            from dutyboard.tui.sync_screens import conflicts_flow

            conflicts_flow(self, who)

    def action_merge_file(self) -> None:
        if who := self.leader():
            from dutyboard.tui.sync_screens import merge_flow

            merge_flow(self, who)

    # ------------------------------------------------------------------ saving

    def submit(self, run: Callable[[], Any], done: Callable[[Any], None] | None = None) -> None:
        """Queue a change; a worker applies and saves the queue in order."""
        with self._qlock:
            self._queue.append(_Op(run, done))
            start = not self._draining
            self._draining = True
        if start:
            self._drain()
        # "Saving" is shown only if a save takes long enough to be seen: a tick is on
        # disk in a few milliseconds, and restyling the header would only delay it.
        self.set_timer(SAVING_SHOWN_AFTER_S, self._show_saving)

    def _show_saving(self) -> None:
        if self._busy() and self.header.state not in ("failed", "saving"):
            self.header.state = "saving"
            self._show_header()

    async def settled(self) -> None:
        """Wait until the saver has worked through its queue (every change on disk, or a
        failure shown and a retry pending) and other workers are done. Tests use it."""
        while self._draining:
            await asyncio.sleep(0.002)
        others = [w for w in self.workers if w is not self._saver_worker]
        await asyncio.gather(*(w.wait() for w in others), return_exceptions=True)

    def _busy(self) -> bool:
        return bool(self._queue) or self._unsaved or self._draining

    def _retry(self) -> None:
        with self._qlock:
            start = (bool(self._queue) or self._unsaved) and not self._draining
            self._draining = self._draining or start
        if start:
            self._drain()

    def _post(self, callback: Callable[..., Any], *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # closed: the save itself has happened
            self.call_from_thread(callback, *args)

    def _drain(self) -> None:
        self._wake.set()

    @work(thread=True, exclusive=False, group="save", exit_on_error=False)
    def _saver(self) -> None:
        """One worker thread for the whole session, woken for each change: starting a
        thread per tick would cost more than the save itself."""
        worker = get_current_worker()
        while not worker.is_cancelled:
            if not self._wake.wait(0.5):
                continue
            self._wake.clear()
            self._drain_now()

    def _drain_now(self) -> None:
        board = self.board
        while True:
            with self._qlock:
                if not self._queue and not self._unsaved:
                    self._draining = False
                    break
                op = self._queue[0] if self._queue else None
            try:
                with board.lock:
                    if self._unsaved:
                        board.store.save()
                        self._unsaved = False
                    if op is None:
                        continue
                    before = board.store.revision
                    try:
                        result = op.run()
                    except SaveError:
                        if board.store.revision != before:
                            self._queue.popleft()  # in memory; only the write failed
                            self._unsaved = True
                        raise
            except (SaveError, BoardBusy) as exc:
                with self._qlock:
                    self._draining = False
                self._post(self._save_failed, exc)
                return
            except Exception as exc:  # noqa: BLE001 - every failure becomes one clear line
                with self._qlock:
                    self._queue.popleft()
                self._post(self._refused, exc)
                continue
            with self._qlock:
                self._queue.popleft()
            self._post(self._applied, op, result)
        self._post(self._all_saved)

    def _applied(self, op: _Op, result: Any) -> None:
        if op.done is not None:
            op.done(result)

    def _refused(self, exc: Exception) -> None:
        from dutyboard.core.staffing import NeedsOverride

        if isinstance(exc, NeedsOverride):
            text = "\n".join(w.text(self.lang) for w in exc.warnings)
            self.notify(
                text, title=t("err.needs_override", self.lang), severity="warning", markup=False
            )
        elif isinstance(exc, DutyboardError):
            # The text may quote what someone typed: never read as markup.
            self.notify(
                exc.text(self.lang),
                title=t("err.refused", self.lang),
                severity="warning",
                markup=False,
            )
        else:
            self.notify(
                f"{type(exc).__name__}: {exc}", title=t("err.bug", self.lang), severity="error"
            )

    def _save_failed(self, exc: DutyboardError) -> None:
        self.header.state = "failed"
        self._show_header()
        self._retry_timer.resume()
        if not self._fail_told:
            self._fail_told = True
            self.notify(
                exc.message, title=t("save.failed", self.lang), severity="error", timeout=10
            )

    def _all_saved(self) -> None:
        if self._busy():
            return
        self._retry_timer.pause()
        if self.header.state == "failed":
            self.notify(t("save.recovered", self.lang))
        self._fail_told = False
        self.header.state = "saved"
        self._render_all()

    # ------------------------------------------------------------------ other laptops

    def _watch(self) -> None:
        self._overdue.on = True
        with contextlib.suppress(NoMatches):  # the app is closing
            self._show_header()  # the time, who is late, what is overdue
        if not self._watching:
            self._watching = True
            self._refresh_board()

    @work(thread=True, exclusive=False, group="watch", exit_on_error=False)
    def _refresh_board(self) -> None:
        from dutyboard.core.merge import merge_conflict_copies

        merged = 0
        try:
            changed = self.board.refresh()
            # Syncthing's conflict copies beside the board: merged and moved aside.
            found = merge_conflict_copies(self.board)
            if found is not None and found.moved:
                merged, changed = len(found.moved), True
        except DutyboardError:
            changed = False  # unreadable right now (a copy under way?): try again later
        finally:
            self._watching = False
        if changed or self.board.store.notices or self.board.store.refusals:
            self._post(self._reloaded, merged)
        store = self.board.store
        archive = store.archive_version() if store.archive_stale() else None
        if archive is not None and archive != self._archive_noticed:
            self._post(self._archive_changed, archive)

    def _archive_changed(self, version: tuple[int, int, int]) -> None:
        """Another laptop wrote the archive read earlier (a merge, a synced copy): the
        Tomorrow tab counts days in a row over it, so it reads it again when drawn."""
        self._archive_noticed = version
        self._stale.add("tomorrow")
        if self.active_tab == "tomorrow":
            self._render_tab("tomorrow")

    def _reloaded(self, merged: int = 0) -> None:
        store = self.board.store
        if "copy_over" in store.notices:
            store.notices.remove("copy_over")
            self.notify(t("sync.copy_over", self.lang), severity="warning", timeout=10)
        if store.refusals:  # copies refused by the validation (dutyboard/storage/validate.py)
            from dutyboard.storage.validate import render

            for key, fields in store.refusals:
                self.notify(render(key, self.lang, fields), severity="warning", timeout=15)
            store.refusals.clear()
        if merged:
            self.notify(t("sync.merged_copies", self.lang, n=merged))
        if store.dirty:
            self.submit(store.save)  # the file lacks what this window holds: write it
            return
        if self._queue or self._draining:
            return  # the running save shows the merged board when it is done
        if self.header.state != "failed":  # a failing save stays the louder news
            self.header.state = "reloaded"
            self.set_timer(RELOADED_SHOWN_S, self._reloaded_seen)
        self._render_all()

    def _reloaded_seen(self) -> None:
        if self.header.state == "reloaded":
            self.header.state = "saved"
            self._show_header()

"""The board app's frame: the tabs over one board file, and how changes reach it.

The app is handed its board and clock. Panes get fresh data (``render`` of their tab,
tui/tabs.py) and post what people did; every change goes through the save queue
(tui/save_queue.py), applied in a worker thread, in order, one at a time; a save that
fails stays queued and is retried every 2 s, loudly, until it works. A timer takes in
what other laptops saved (tui/board_watcher.py). The keys and what they open are
DutyboardApp's (tui/app.py).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import App, ComposeResult
from textual.containers import Container
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import get_current_worker

from dutyboard import startup
from dutyboard.core.board import Board
from dutyboard.core.model import Volunteer
from dutyboard.groups.lateness import late_ids
from dutyboard.i18n import t
from dutyboard.storage import device
from dutyboard.storage.clock import Clock
from dutyboard.storage.errors import DutyboardError
from dutyboard.tui import today
from dutyboard.tui.archive_loader import ArchiveLoader
from dutyboard.tui.board_screen import BoardScreen
from dutyboard.tui.board_watcher import BoardWatcher
from dutyboard.tui.header import BoardHeader, OverdueCounter, header_info
from dutyboard.tui.key_bar import KeyBar
from dutyboard.tui.key_words import localise_bindings
from dutyboard.tui.safe_text import shown, shown_lines
from dutyboard.tui.save_queue import Op, SaveQueue
from dutyboard.tui.tab_bar import TabBar
from dutyboard.tui.tabs import BY_NAME, NAMES, tab_label
from dutyboard.tui.today import TodayPane

HERE = Path(__file__).parent

# Styles read once the first screen is drawn (BoardApp.load_styles).
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


class BoardApp(App[int]):
    # Beside this file, also for subclasses defined elsewhere. Only what the first
    # screen needs is read at start; the rest once it is on screen (``load_styles``).
    CSS_PATH = [HERE / "app.tcss"]

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
        self.set_reactive(BoardApp.lang, lang)
        self.watch_interval = watch_interval
        self.saves = SaveQueue(board, self, self._post)
        self.watcher = BoardWatcher(board)
        self.archive = ArchiveLoader(board, self._read_archive)
        self._fail_told = False
        self._stale: set[str] = set(NAMES)  # panes whose data is older than the board
        self._mounted: set[str] = {"today"}  # tabs whose pane is mounted (tui/tabs.py)
        self._mounting: set[str] = set()
        self._active_tab = "today"
        self._when_mounted: dict[str, list[Callable[[], object]]] = {}
        self._open_conflicts = 0  # as the header last counted them
        self._day_changed = False  # the clock is in a later duty day than the board
        self._late = 0  # people late, as the header last counted them
        self._overdues = 0  # things overdue, as the header last counted them
        self.late_seen: frozenset[str] | None = None  # who Today last showed late
        self._overdue = OverdueCounter(self, self._show_header)  # from the clock's first tick
        self._styles_loaded = False  # LATER_CSS read (load_styles)

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        lang = self.lang
        yield BoardHeader(id="header")
        yield TabBar({tab: tab_label(tab, lang) for tab in NAMES}, "today", id="tabs")
        # One pane per tab, shown one at a time (_show_pane); Today's is its table,
        # the other tabs' containers are added when first opened (_mount_pane).
        yield from today.widgets("today", lang)
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
        # records): out of the cyclic GC's reach, and it paused until Today is on screen.
        startup.pause(freeze=True)

    def on_ready(self) -> None:
        startup.end_pause()
        self.call_after_refresh(self.load_styles)

    def load_styles(self) -> None:
        """Read the styles of the panes and dialogs not on the first screen (once).

        Parsing them all at start slowed the first paint. Called once Today is on
        screen, and before anything that needs them is mounted or pushed, in case a key
        is pressed sooner."""
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
        super().notify(shown_lines(message), title=shown(title), markup=False, **kw)

    def on_unmount(self) -> None:
        startup.resume()  # also when closed before the first paint

    def on_mount(self) -> None:
        self._localise()
        self._render_all()
        self.today.table.focus()
        startup.quick_handover()  # for the saver thread (dutyboard/startup.py)
        self._saver_worker = self._saver()
        self.set_interval(self.watch_interval, self._watch)
        self._retry_timer = self.set_interval(RETRY_EVERY_S, self.saves.retry, pause=True)
        if self.who is None:
            from dutyboard.tui.picker import ask_who  # deferred: most starts name someone

            ask_who(self)

    def _localise(self) -> None:
        for node in (self, self.screen, self.today):
            localise_bindings(node, self.lang)
        self.query_one(TabBar).set_labels({tab: tab_label(tab, self.lang) for tab in NAMES})
        self.refresh_bindings()

    def watch_lang(self, lang: str) -> None:
        device.save_setting("lang", lang)
        for tab in self._mounted - {"today"}:
            for pane in self.pane(tab).children:
                if hasattr(pane, "set_lang"):
                    pane.set_lang(lang)
        self.today.lang = lang
        self._localise()
        self._render_all()

    def watch_building(self) -> None:
        self._render_all()

    # ------------------------------------------------------------------ tabs

    def _render_all(self) -> None:
        """Fresh data for the pane on screen and the header; the other panes are drawn
        when their tab is opened (a tick must not redraw three tables)."""
        self._stale = set(NAMES)
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
        BY_NAME[tab].load().render(self, tab)  # type: ignore[arg-type]

    def _mount_pane(self, tab: str) -> None:
        """Mount a tab's pane (first opened); draw and focus it when it is ready."""
        if tab in self._mounting:
            return
        self._mounting.add(tab)
        self.load_styles()
        widgets = BY_NAME[tab].load().widgets(tab, self.lang)
        pane = Container(*widgets, id=tab, classes="tab-pane")
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
        """The tab chosen last (on screen, or being mounted): one of tui/tabs.py's."""
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

    # ------------------------------------------------------------------ archive

    def archive_ready(
        self, tab: str | None = None, then: Callable[[], object] | None = None
    ) -> bool:
        """True if the archive of closed days can be used at once. Otherwise it is read
        in a worker (tui/archive_loader.py); when it is in, ``tab`` is drawn again and
        ``then`` runs. The caller shows that it is reading."""
        if self.archive.ready(tab, then):
            return True
        if tab is not None:
            self._stale.add(tab)
        return False

    @work(thread=True, exclusive=True, group="archive")
    def _read_archive(self) -> None:
        self.archive.read()
        self.call_from_thread(self._archive_read)

    def _archive_read(self) -> None:
        tabs, then = self.archive.read_done()
        for tab in tabs:
            if tab == self.active_tab:
                self._render_tab(tab)
        for callback in then:
            callback()

    # ------------------------------------------------------------------ header

    def _show_header(self) -> None:
        header = self.header
        late = late_ids(self.board, self.clock.now())
        if self.late_seen is not None and late != self.late_seen:
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
                # Deferred (start-up time): the Tomorrow tab's module, once a day.
                from dutyboard.tui.tomorrow_flows import day_changed_notice

                day_changed_notice(self)  # type: ignore[arg-type]

    def _show_filter(self) -> None:
        if "deliveries" not in self._mounted:
            return
        bar = self.query_one("#building-filter", Static)
        bar.set_class(self.building is None, "-off")
        if self.building is not None:
            bar.update(t("filter.building", self.lang, n=self.building))

    def set_who(self, who: Volunteer) -> None:
        """Who is at the keyboard now; remembered on this laptop for next time."""
        self.who = who
        device.save_setting(f"last_user:{self.board.store.board_id}", who.id)
        self._render_all()
        self.refresh_bindings()

    # ------------------------------------------------------------------ saving

    def submit(self, run: Callable[[], Any], done: Callable[[Any], None] | None = None) -> None:
        """Queue a change; the saver applies and saves the queue in order."""
        self.saves.submit(run, done)
        # "Saving" is shown only if a save takes long enough to be seen: a tick is on
        # disk in a few milliseconds, and restyling the header would only delay it.
        self.set_timer(SAVING_SHOWN_AFTER_S, self._show_saving)

    def _show_saving(self) -> None:
        if self.saves.busy and self.header.state not in ("failed", "saving"):
            self.header.state = "saving"
            self._show_header()

    async def settled(self) -> None:
        """Wait until the saver has worked through its queue (every change on disk, or a
        failure shown and a retry pending) and other workers are done. Tests use it."""
        while self.saves.draining:
            await asyncio.sleep(0.002)
        others = [w for w in self.workers if w is not self._saver_worker]
        await asyncio.gather(*(w.wait() for w in others), return_exceptions=True)

    def _post(self, callback: Callable[..., Any], *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # closed: the save itself has happened
            self.call_from_thread(callback, *args)

    @work(thread=True, exclusive=False, group="save", exit_on_error=False)
    def _saver(self) -> None:
        worker = get_current_worker()
        self.saves.run(lambda: worker.is_cancelled)

    def applied(self, op: Op, result: Any) -> None:
        if op.done is not None:
            op.done(result)

    def refused(self, exc: Exception) -> None:
        from dutyboard.core.staffing import NeedsOverride  # deferred: not on the first screen

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

    def save_failed(self, exc: DutyboardError) -> None:
        self.header.state = "failed"
        self._show_header()
        self._retry_timer.resume()
        if not self._fail_told:
            self._fail_told = True
            self.notify(
                exc.message, title=t("save.failed", self.lang), severity="error", timeout=10
            )

    def all_saved(self) -> None:
        if self.saves.busy:
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
        if self.watcher.start():
            self._refresh_board()

    @work(thread=True, exclusive=False, group="watch", exit_on_error=False)
    def _refresh_board(self) -> None:
        seen = self.watcher.check()
        if seen.reload:
            self._post(self._reloaded, seen.merged)
        if seen.archive is not None:
            self._post(self._archive_changed)

    def _archive_changed(self) -> None:
        """Another laptop wrote the archive read earlier (a merge, a synced copy): the
        Tomorrow tab counts days in a row over it, so it reads it again when drawn."""
        self._stale.add("tomorrow")
        if self.active_tab == "tomorrow":
            self._render_tab("tomorrow")

    def _reloaded(self, merged: int = 0) -> None:
        store = self.board.store
        if "copy_over" in store.notices:
            store.notices.remove("copy_over")
            self.notify(t("sync.copy_over", self.lang), severity="warning", timeout=10)
        if store.refusals:  # copies refused by the validation (dutyboard/storage/validate.py)
            # Deferred: the validation's module is not needed unless a copy was refused.
            from dutyboard.storage.validate import render

            for key, fields in store.refusals:
                self.notify(render(key, self.lang, fields), severity="warning", timeout=15)
            store.refusals.clear()
        if merged:
            self.notify(t("sync.merged_copies", self.lang, n=merged))
        if store.dirty:
            self.submit(store.save)  # the file lacks what this window holds: write it
            return
        if self.saves.saving:
            return  # the running save shows the merged board when it is done
        if self.header.state != "failed":  # a failing save stays the louder news
            self.header.state = "reloaded"
            self.set_timer(RELOADED_SHOWN_S, self._reloaded_seen)
        self._render_all()

    def _reloaded_seen(self) -> None:
        if self.header.state == "reloaded":
            self.header.state = "saved"
            self._show_header()

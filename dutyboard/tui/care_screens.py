"""Dialogs and screens of the care, medicine and testing groups: logging a call with
its needs, a new medicine request, the household page and the coverage grid.

Dialogs only collect input; the change runs in the app's saver (``app.submit``) and
goes through the core (care.py, medicine.py), which checks it and writes its audit
entry. Errors come back as one notification, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, DataTable, Input, Label, Select, Static

from dutyboard.core.care_config import NeedType
from dutyboard.i18n import t
from dutyboard.tui.key_words import localise_bindings
from dutyboard.tui.safe_text import SafeTable, plain, safe, typed

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp

MAX_NEEDS = 6


@dataclass(frozen=True)
class CallLog:
    notes: str
    reached: bool
    needs: tuple[tuple[str, str, bool], ...]  # (need type, text, urgent)


class _NeedRow(Horizontal):
    def __init__(self, types: tuple[NeedType, ...], lang: str, n: int) -> None:
        super().__init__(classes="need-row")
        self.types, self.lang, self.n = types, lang, n

    def compose(self) -> ComposeResult:
        yield Select(
            [(plain(nt.name(self.lang)), nt.key) for nt in self.types],
            prompt=t("care.log.no_need", self.lang),
            id=f"need-type-{self.n}",
            classes="need-type",
        )
        yield Input(
            placeholder=t("care.log.need_text", self.lang),
            id=f"need-text-{self.n}",
            classes="need-text",
        )
        yield Checkbox(t("care.log.urgent", self.lang), id=f"need-urgent-{self.n}")


class LogCallScreen(ModalScreen[CallLog | None]):
    """Notes, reached or not, and any number of needs (two rows to start with)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="care.log.cancel")]

    def __init__(self, address: str, types: tuple[NeedType, ...], lang: str) -> None:
        super().__init__()
        self.address, self.types, self.lang = address, types, lang
        self.rows = 2
        localise_bindings(self, lang)

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="log-dialog", classes="care-dialog"):
            yield Label(
                plain(t("care.log.title", lang, address=self.address)), classes="dialog-title"
            )
            yield Input(placeholder=t("care.log.notes", lang), id="log-notes")
            yield Checkbox(t("care.log.reached", lang), True, id="log-reached")
            with Vertical(id="log-needs"):
                for n in range(1, self.rows + 1):
                    yield _NeedRow(self.types, lang, n)
            with Horizontal(classes="care-buttons"):
                yield Button(t("care.log.add", lang), id="log-add")
                yield Button(t("care.log.save", lang), variant="primary", id="log-save")
                yield Button(t("care.log.cancel", lang), id="log-cancel")
            yield Label(t("care.log.hint", lang), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#log-notes", Input).focus()

    @on(Button.Pressed, "#log-add")
    def _add(self) -> None:
        if self.rows >= MAX_NEEDS:
            self.app.bell()
            return
        self.rows += 1
        row = _NeedRow(self.types, self.lang, self.rows)
        self.query_one("#log-needs", Vertical).mount(row)
        self.call_after_refresh(lambda: row.query_one(Select).focus())

    @on(Button.Pressed, "#log-save")
    @on(Input.Submitted)
    def _save(self) -> None:
        needs = []
        for n in range(1, self.rows + 1):
            kind = self.query_one(f"#need-type-{n}", Select).value
            if not isinstance(kind, str):
                continue  # no need chosen on this row
            text = typed(self.query_one(f"#need-text-{n}", Input).value)
            urgent = self.query_one(f"#need-urgent-{n}", Checkbox).value
            needs.append((kind, text, urgent))
        self.dismiss(
            CallLog(
                typed(self.query_one("#log-notes", Input).value),
                self.query_one("#log-reached", Checkbox).value,
                tuple(needs),
            )
        )

    @on(Button.Pressed, "#log-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def log_call_flow(app: DutyboardApp, household_id: str, address: str) -> None:
    """Ask for the call's notes and needs, then log it (needs routed by the core)."""
    from dutyboard.groups import care

    who = app.who
    if who is None:
        app.bell()
        return
    board = app.board
    spec = care.settings(board)

    def logged(result: CallLog | None) -> None:
        if result is None:
            return
        given = []
        for key, text, urgent in result.needs:
            nt = spec.need(key)
            med = nt is not None and nt.route == "medicine"
            given.append(care.NeedInput(key, text, medicine=text if med else "", urgent=urgent))

        def done(out: tuple[str, list[str]]) -> None:
            app.notify(t("care.logged", app.lang, address=address, n=len(out[1])))

        app.submit(
            lambda: care.log_contact(
                board, who, household_id, result.notes, given, reached=result.reached
            ),  # fmt: skip
            done,
        )

    app.push_screen(LogCallScreen(address, spec.needs, app.lang), logged)


# ---------------------------------------------------------------- the register entry


@dataclass(frozen=True)
class RegisterForm:
    people: str
    help: str
    every_days: int | None  # None: unchanged


class RegisterScreen(ModalScreen[RegisterForm | None]):
    """Who lives there, the help they need, how often to call (leaders only)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="care.log.cancel")]

    def __init__(
        self, address: str, people: str, help: str, every: int, leader: bool, lang: str
    ) -> None:
        super().__init__()
        self.address, self.people, self.help_text = address, people, help
        self.every, self.leader, self.lang = every, leader, lang
        localise_bindings(self, lang)

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="reg-dialog", classes="care-dialog"):
            yield Label(
                plain(t("care.reg.title", lang, address=self.address)), classes="dialog-title"
            )
            yield Label(t("care.col.people", lang))
            yield Input(self.people, id="reg-people")
            yield Label(t("care.col.help", lang))
            yield Input(self.help_text, id="reg-help")
            yield Label(t("care.reg.every", lang))
            every = Input(str(self.every), id="reg-every", type="integer")
            every.disabled = not self.leader
            yield every
            with Horizontal(classes="care-buttons"):
                yield Button(t("care.log.save", lang), variant="primary", id="reg-save")
                yield Button(t("care.log.cancel", lang), id="reg-cancel")
            hint = "care.log.hint" if self.leader else "care.reg.leaders_every"
            yield Label(t(hint, lang), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#reg-people", Input).focus()

    @on(Button.Pressed, "#reg-save")
    @on(Input.Submitted)
    def _save(self) -> None:
        raw = self.query_one("#reg-every", Input).value.strip()
        every: int | None = None
        if self.leader and raw != str(self.every):
            if not raw.isdigit() or not 1 <= int(raw) <= 60:
                self.app.notify(t("care.reg.bad_every", self.lang), severity="warning")
                self.query_one("#reg-every", Input).focus()
                return
            every = int(raw)
        self.dismiss(
            RegisterForm(
                typed(self.query_one("#reg-people", Input).value),
                typed(self.query_one("#reg-help", Input).value),
                every,
            )
        )

    @on(Button.Pressed, "#reg-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def register_flow(app: DutyboardApp, household_id: str) -> None:
    """Edit a household's register entry; the core checks it and audits it."""
    from dutyboard.groups import care

    who = app.who
    entry = care.entry(app.board, household_id)
    if who is None or entry is None:
        app.bell()
        return

    def saved(form: RegisterForm | None) -> None:
        if form is None:
            return
        app.submit(
            lambda: care.set_register(
                app.board,
                who,
                household_id,
                every_days=form.every_days,
                people=form.people,
                help=form.help,
            )  # fmt: skip
        )

    app.push_screen(
        RegisterScreen(
            entry.household.address,
            entry.people,
            entry.help,
            entry.every_days,
            who.is_leader,
            app.lang,
        ),
        saved,
    )


# ---------------------------------------------------------------- off the register

OFF_REASONS = ("moved", "hospital", "family", "died")  # care.off.r.*


class TakeOffScreen(ModalScreen[str | None]):
    """Why a household comes off the register: a number picks a common reason, or one
    is typed. Cancel has the focus, so a stray Enter changes nothing. Dismisses with
    the reason, or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="care.log.cancel"),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, len(OFF_REASONS) + 1)),
    ]

    def __init__(self, address: str, lang: str) -> None:
        super().__init__()
        self.address, self.lang = address, lang
        localise_bindings(self, lang)

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="off-dialog", classes="care-dialog"):
            yield Label(
                plain(t("care.off.title", lang, address=self.address)), classes="dialog-title"
            )
            yield Static(t("care.off.explain", lang), id="off-explain")
            picks = "   ".join(
                f"{n} {t('care.off.r.' + key, lang)}" for n, key in enumerate(OFF_REASONS, 1)
            )
            yield Static(t("care.off.pick", lang) + picks, id="off-picks")
            yield Input(placeholder=t("care.off.reason", lang), id="off-reason")
            yield Static(id="off-problem")
            with Horizontal(classes="care-buttons"):
                yield Button(t("care.off.ok", lang), variant="warning", id="off-ok")
                yield Button(t("care.log.cancel", lang), id="off-cancel")
            yield Label(t("care.off.hint", lang), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#off-cancel", Button).focus()

    def action_pick(self, n: int) -> None:
        """A number fills in that reason and moves to the Take off button."""
        if 1 <= n <= len(OFF_REASONS):
            self.query_one("#off-reason", Input).value = t(
                f"care.off.r.{OFF_REASONS[n - 1]}", self.lang
            )
            self.query_one("#off-problem", Static).update("")
            self.query_one("#off-ok", Button).focus()

    @on(Button.Pressed, "#off-ok")
    @on(Input.Submitted, "#off-reason")
    def _confirm(self) -> None:
        reason = typed(self.query_one("#off-reason", Input).value)
        if not reason:
            self.query_one("#off-problem", Static).update(t("care.off.need_reason", self.lang))
            self.query_one("#off-reason", Input).focus()
            return
        self.dismiss(reason)

    @on(Button.Pressed, "#off-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def take_off_flow(app: DutyboardApp, household_id: str, address: str) -> None:
    """Ask why, then take the household off the register (the core checks it is a
    leader and audits it; ``u`` puts it back)."""
    from dutyboard.groups import care

    who = app.leader()
    if who is None:
        return

    def chosen(reason: str | None) -> None:
        if reason is None:
            return

        def done(off: care.OffEntry) -> None:
            app.notify(t("care.off.done", app.lang, address=address, reason=off.reason))

        app.submit(lambda: care.remove_from_register(app.board, household_id, who, reason), done)

    app.push_screen(TakeOffScreen(address, app.lang), chosen)


# ---------------------------------------------------------------- medicine


@dataclass(frozen=True)
class MedicineForm:
    household: str
    medicine: str
    quantity: str
    prescription: bool
    urgent: bool


class MedicineRequestScreen(ModalScreen[MedicineForm | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="care.log.cancel")]

    def __init__(self, lang: str, address: str = "") -> None:
        super().__init__()
        self.lang, self.address = lang, address
        localise_bindings(self, lang)

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="med-dialog", classes="care-dialog"):
            yield Label(t("care.med.new.title", lang), classes="dialog-title")
            yield Input(self.address, placeholder=t("care.med.new.household", lang), id="med-hh")
            yield Input(placeholder=t("care.med.new.medicine", lang), id="med-name")
            yield Input(placeholder=t("care.med.new.quantity", lang), id="med-qty")
            yield Checkbox(t("care.med.new.prescription", lang), id="med-rx")
            yield Checkbox(t("care.log.urgent", lang), id="med-urgent")
            with Horizontal(classes="care-buttons"):
                yield Button(t("care.log.save", lang), variant="primary", id="med-save")
                yield Button(t("care.log.cancel", lang), id="med-cancel")
            yield Label(t("care.log.hint", lang), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#med-hh", Input).focus()

    @on(Button.Pressed, "#med-save")
    @on(Input.Submitted)
    def _save(self) -> None:
        name = typed(self.query_one("#med-name", Input).value)
        household = typed(self.query_one("#med-hh", Input).value)
        if not name or not household:
            self.app.bell()
            (self.query_one("#med-hh" if not household else "#med-name", Input)).focus()
            return
        board = self.app.board  # type: ignore[attr-defined]
        if board.household(household) is None and not any(
            h.address == household for h in board.households()
        ):
            self.app.notify(
                t("care.med.new.unknown", self.lang, address=household), severity="warning"
            )
            self.query_one("#med-hh", Input).focus()
            return
        self.dismiss(
            MedicineForm(
                household,
                name,
                typed(self.query_one("#med-qty", Input).value),
                self.query_one("#med-rx", Checkbox).value,
                self.query_one("#med-urgent", Checkbox).value,
            )
        )

    @on(Button.Pressed, "#med-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def medicine_request_flow(app: DutyboardApp, address: str = "") -> None:
    from dutyboard.groups import medicine

    who = app.who
    if who is None:
        app.bell()
        return

    def made(form: MedicineForm | None) -> None:
        if form is None:
            return
        app.submit(
            lambda: medicine.request(
                app.board,
                who,
                form.household,
                form.medicine,
                form.quantity,
                prescription=form.prescription,
                urgent=form.urgent,
            ),  # fmt: skip
            lambda task: app.notify(f"{task.code} {app.board.task_title(task, app.lang)}"),
        )

    app.push_screen(MedicineRequestScreen(app.lang, address), made)


# ---------------------------------------------------------------- household page


class HouseholdScreen(ModalScreen[None]):
    """Everything about one household; Esc closes. p logs a call, n a medicine request."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="hh.key.close"),
        Binding("p", "log_call", "Log call", id="care.key.log"),
        Binding("n", "new_request", "New request", id="care.med.key.new"),
    ]

    def __init__(self, household_id: str, lang: str) -> None:
        super().__init__()
        self.household_id, self.lang = household_id, lang
        localise_bindings(self, lang)

    def compose(self) -> ComposeResult:
        with Vertical(id="hh-dialog", classes="care-dialog"):
            with VerticalScroll(id="hh-body"):
                yield Static(id="hh-text")
            yield Label(t("care.log.hint", self.lang), classes="dialog-hint", id="hh-hint")

    def on_mount(self) -> None:
        self.refresh_page()

    def refresh_page(self, *, history: bool | None = None) -> None:
        from dutyboard.views.household import page_lines
        from dutyboard.views.household_page import history_ready, household_page

        app: DutyboardApp = self.app  # type: ignore[assignment]
        # The first page of a session may have to read the archive (seconds at town
        # scale): the page shows at once, and its history once the worker has read it.
        ready = history_ready(app.board) if history is None else history
        page = household_page(
            app.board, self.household_id, self.lang, app.clock.now(), history=ready
        )
        if not ready:
            self._read_history()
        if page is None:
            self.query_one("#hh-text", Static).update(t("hh.gone", self.lang))
            return
        from dutyboard.core.roles import page_for  # call notes: the care group's and leaders'

        page = page_for(page, app.who, t("roles.hidden", self.lang))
        from dutyboard.groups.privacy import page_phones

        page = page_phones(page, app.board, app.who)  # the phone as they may see it
        lines = page_lines(page, self.lang)
        text = Text(lines[0], "bold")
        for line in lines[1:]:
            text.append("\n")
            text.append(line, "bold" if line.startswith("■") else "")
        self.query_one("#hh-text", Static).update(safe(text))
        self.query_one("#hh-hint", Label).update(
            "p " + t("care.key.log", self.lang) + " · n " + t("care.med.key.new", self.lang)
            + " · Esc " + t("hh.key.close", self.lang)
        )  # fmt: skip

    @work(thread=True, exclusive=True, group="household-history")
    def _read_history(self) -> None:
        from dutyboard.views.household_page import archive_index

        app: DutyboardApp = self.app  # type: ignore[assignment]
        archive_index(app.board)  # reads and indexes it (or notes it is unreadable)
        app.call_from_thread(self._history_read)

    def _history_read(self) -> None:
        if self.is_attached:
            self.refresh_page(history=True)

    def action_close(self) -> None:
        self.dismiss(None)

    def _address(self) -> str:
        app: DutyboardApp = self.app  # type: ignore[assignment]
        h = app.board.household(self.household_id)
        return h.address if h else ""

    def action_log_call(self) -> None:
        app: DutyboardApp = self.app  # type: ignore[assignment]
        address = self._address()
        self.dismiss(None)
        log_call_flow(app, self.household_id, address)

    def action_new_request(self) -> None:
        app: DutyboardApp = self.app  # type: ignore[assignment]
        address = self._address()
        self.dismiss(None)
        medicine_request_flow(app, address)


def open_household(app: DutyboardApp, household_id: str) -> None:
    if app.board.household(household_id) is None:
        app.notify(t("hh.gone", app.lang), severity="warning")
        return
    app.push_screen(HouseholdScreen(household_id, app.lang))


# ---------------------------------------------------------------- coverage grid


class CoverageScreen(ModalScreen[None]):
    """Households × groups for leaders: last served → next due; late cells stand out."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="hh.key.close"),
        Binding("e", "elderly", "Elderly/all", id="cov.key.elderly"),
        Binding("enter", "household", "Household", id="care.key.household"),
    ]

    COMPONENT_CLASSES = {"cov--late"}  # a cell past its due time (care.tcss)

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        self.elderly = True
        localise_bindings(self, lang)

    def compose(self) -> ComposeResult:
        with Vertical(id="cov-dialog", classes="care-dialog"):
            yield Label(id="cov-title", classes="dialog-title")
            yield SafeTable(id="cov-table", cursor_type="row", zebra_stripes=True)
            yield Label(t("cov.hint", self.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        self._draw()
        self.query_one(DataTable).focus()

    def _draw(self) -> None:
        from dutyboard.groups.coverage import GROUPS, coverage
        from dutyboard.views.household import cell_text

        app: DutyboardApp = self.app  # type: ignore[assignment]
        board, lang, now = app.board, self.lang, app.clock.now()
        rows = coverage(board, now, elderly_only=self.elderly)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_column(t("cov.col.household", lang), key="household")
        for g in GROUPS:
            table.add_column(board.group(g).name(lang), key=g)
        late = self.get_component_rich_style("cov--late", partial=True)
        for r in rows:
            cells = [
                Text(cell_text(c, board.tz, now, lang), late if c.late else "") for c in r.cells
            ]
            mark = " ★" if r.household.elderly_alone else ""
            table.add_row(Text(r.household.address + mark), *cells, key=r.household.id)
        self.query_one("#cov-title", Label).update(t("cov.title", lang, n=len(rows)))

    def action_elderly(self) -> None:
        self.elderly = not self.elderly
        self._draw()

    def action_household(self) -> None:
        from dutyboard.tui.tables import cursor_key

        key = cursor_key(self.query_one(DataTable))
        if key is not None:
            open_household(self.app, key)  # type: ignore[arg-type]

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        open_household(self.app, str(event.row_key.value))  # type: ignore[arg-type]

    def action_close(self) -> None:
        self.dismiss(None)


def open_coverage(app: DutyboardApp) -> None:
    if app.leader() is None:
        return
    app.push_screen(CoverageScreen(app.lang))

"""Dialogs of the care register: logging a call with its needs, a household's register
entry, and taking a household off the register.

Dialogs only collect input; the change runs in the app's saver (``app.submit``) and
goes through the core (dutyboard/groups/care.py), which checks it and writes its audit
entry. Errors come back as one notification, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from dutyboard.core.care_config import NeedType
from dutyboard.groups import care
from dutyboard.groups.care_needs import NeedInput
from dutyboard.groups.care_settings import settings
from dutyboard.i18n import t
from dutyboard.tui.key_words import localise_bindings
from dutyboard.tui.safe_text import plain, typed

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
    who = app.who
    if who is None:
        app.bell()
        return
    board = app.board
    spec = settings(board)

    def logged(result: CallLog | None) -> None:
        if result is None:
            return
        given = []
        for key, text, urgent in result.needs:
            nt = spec.need(key)
            med = nt is not None and nt.route == "medicine"
            given.append(NeedInput(key, text, medicine=text if med else "", urgent=urgent))

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

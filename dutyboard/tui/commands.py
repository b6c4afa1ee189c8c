"""The command palette (ctrl+p): find people, buildings, households and tasks; for
leaders also "merge from file…" and the conflicts.

Each hit jumps somewhere: a person to their row in Today, a building to Deliveries
filtered to it, a household to its deliveries, a task (by its short code) to its row.
The provider only reads the board; the jumps are the app's.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.widgets import DataTable

from dutyboard.groups.privacy import PhoneView, digits_match
from dutyboard.i18n import status_name, t
from dutyboard.tui.coverage_screen import open_coverage
from dutyboard.tui.household_page import open_household
from dutyboard.tui.safe_text import highlight, markup_safe
from dutyboard.tui.tabs import TABS
from dutyboard.views.placement import slot_title

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp

MAX_HOUSEHOLDS = 30
# Textual's fuzzy scores are not capped at 1; a prefix, phone or code match outranks them.
STRONG = 1000.0


def _address_key(address: str) -> tuple[int, ...]:
    """5-2-301 before 5-10-101."""
    return tuple(int(p) if p.isdigit() else -1 for p in address.split("-"))


class BoardCommands(Provider):
    @property
    def duty(self) -> DutyboardApp:
        return cast("DutyboardApp", self.app)

    async def discover(self) -> Hits:
        app = self.duty
        lang = app.lang
        for tab in TABS:
            if tab.in_palette:
                name = tab.name
                help_text = t("cmd.tab_help", lang)
                yield DiscoveryHit(
                    t(f"tab.{name}", lang), partial(app.show_tab, name), help=help_text
                )
        yield DiscoveryHit(t("key.switch_lang", lang), app.action_switch_lang)
        for name, action in self._leader_commands():
            yield DiscoveryHit(t(name, lang), action, help=t(f"{name}_help", lang))

    def _leader_commands(self) -> list[tuple[str, Callable[[], None]]]:
        """Merging and conflicts change the whole board: leaders only (not listed else)."""
        app = self.duty
        if app.who is None or not app.who.is_leader:
            return []
        return [
            ("cmd.merge_file", app.action_merge_file),
            ("cmd.conflicts", app.action_conflicts),
            ("cmd.coverage", partial(open_coverage, app)),
            ("cmd.audit_log", app.action_audit_log),  # L: today's log (tui/audit_screen.py)
        ]

    async def search(self, query: str) -> Hits:
        app = self.duty
        board, lang = app.board, app.lang
        matcher = self.matcher(query)
        q = query.strip()
        digits = q.replace(" ", "") if q.replace(" ", "").isdigit() else ""  # a phone number
        for name, action in self._leader_commands():
            text = t(name, lang)
            if score := matcher.match(text):
                help_text = markup_safe(t(f"{name}_help", lang))
                yield Hit(score, highlight(matcher, text), action, text=text, help=help_text)
        phones = PhoneView(board, app.who)  # masked for a volunteer but slot-mates
        for v in board.volunteers():
            score = matcher.match(v.name)
            phone = phones.of(v)
            if digits_match(digits, phone):  # only what is shown: a search must not probe
                score = STRONG
            if score:
                slots = [
                    slot_title(board, a.slot, lang) for a in board.assignments_of(v.id, board.today)
                ]
                where = "; ".join(slots) if slots else t("cmd.not_on_duty", lang)
                text = f"{v.name}  {phone}"
                yield Hit(
                    score,
                    highlight(matcher, text),
                    partial(jump_to_person, app, v.id),
                    text=text,
                    help=markup_safe(where),
                )
        for b in board.buildings():
            name = b.name(lang)
            score = matcher.match(name)
            if q == str(b.number) or q == name:
                score = STRONG
            if score:
                status = status_name("building", board.building_status(b.number), lang)
                yield Hit(
                    score,
                    highlight(matcher, name),
                    partial(jump_to_building, app, b.number),
                    text=name,
                    help=markup_safe(t("cmd.building_help", lang, status=status)),
                )
        # Households by address: "5-2" lists 5-2-101, 5-2-102, ... before fuzzy matches.
        scored = []
        for h in board.households():
            if h.address.startswith(q):
                scored.append((STRONG, h))
            elif len(q) >= 3 and (score := matcher.match(h.address)):
                scored.append((score, h))
        scored.sort(key=lambda sh: (-sh[0], _address_key(sh[1].address)))
        for score, h in scored[:MAX_HOUSEHOLDS]:
            help_text = t("cmd.household_help", lang, n=h.residents)
            if h.elderly_alone:
                help_text += " · " + t("cmd.elderly_alone", lang)
            yield Hit(
                score,
                highlight(matcher, h.address),
                partial(show_household, app, h.id),
                text=h.address,
                help=markup_safe(help_text),
            )
            page = f"{h.address} · {t('cmd.household_page', lang)}"
            yield Hit(
                score - 1,
                highlight(matcher, page),
                partial(open_household, app, h.id),
                text=page,
                help=markup_safe(help_text),
            )
        if len(q) >= 2:
            code = q.upper()
            for task in board.tasks(board.today):
                if task.code.startswith(code):
                    what = task.address or (
                        t("building.name", lang, n=task.building) if task.building else ""
                    )
                    yield Hit(
                        STRONG + 1 if task.code == code else STRONG,
                        highlight(matcher, task.code),
                        partial(jump_to_task, app, task.id),
                        text=task.code,
                        help=markup_safe(
                            f"{t(f'kind.{task.kind}', lang)} {what} · "
                            f"{status_name('task', task.status, lang)}"
                        ),
                    )


# ---------------------------------------------------------------------- the jumps


def jump_to_person(app: DutyboardApp, volunteer_id: str) -> None:
    """Today, with the cursor on the person's row (or a note that they are off today)."""
    app.show_tab("today")
    if not app.today.select_person(volunteer_id):
        v = app.board.volunteer(volunteer_id)
        if v is not None:
            phone = PhoneView(app.board, app.who).of(v)
            app.notify(t("cmd.person_off", app.lang, name=v.name, phone=phone))


def jump_to_building(app: DutyboardApp, number: int) -> None:
    """Deliveries, showing this building only (Esc shows all again)."""
    app.building = number
    app.show_tab("deliveries")


def show_household(app: DutyboardApp, household_id: str) -> None:
    """Deliveries of the household's building, the cursor on its delivery."""
    h = app.board.household(household_id)
    if h is None:
        return
    jump_to_building(app, h.building)
    for task in app.board.tasks(app.board.today, kind="delivery"):
        if task.household == h.id:
            select_row(app, "deliveries", task.id)
            return
    app.notify(t("cmd.no_delivery", app.lang, address=h.address))


def jump_to_task(app: DutyboardApp, task_id: str) -> None:
    task = app.board.task(task_id)
    if task is None:
        return
    if task.kind == "delivery":
        app.building = None
        app.show_tab("deliveries")
        select_row(app, "deliveries", task.id)
    elif task.kind == "disinfection":
        app.show_tab("disinfection")
        place = f"b{task.building}" if task.building is not None else f"a:{task.area or ''}"
        select_row(app, "disinfection", f"{place}.{task.round}", task.item)
    else:
        status = status_name("task", task.status, app.lang)
        app.notify(f"{task.code} {t(f'kind.{task.kind}', app.lang)} · {status}")


def select_row(app: DutyboardApp, tab: str, key: str, column: str | None = None) -> None:
    """Put the cursor of the tab's table on the row (and column) with these keys, once
    the tab's pane is mounted (panes after Today are mounted when first opened)."""

    def select() -> None:
        for table in app.pane(tab).query(DataTable):
            if key in table.rows:
                col = None
                if column is not None and column in table.columns:
                    col = table.get_column_index(column)
                table.move_cursor(row=table.get_row_index(key), column=col, animate=False)
                return

    app.when_ready(tab, select)

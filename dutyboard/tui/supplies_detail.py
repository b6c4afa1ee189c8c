"""The Supplies tab's detail of one offer: who and what, its items, the papers, the
gate timeline, the buildings. Everything people typed is appended as text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from dutyboard.i18n import cells, t
from dutyboard.views.supplies import OfferRow, joined

if TYPE_CHECKING:
    from dutyboard.tui.supplies import SuppliesPane


def detail_text(pane: SuppliesPane, r: OfferRow) -> Text:
    """The selected offer: who and what, its items, papers, timeline, buildings."""
    lang = pane.lang
    muted, red = pane.mark_style("muted"), pane.mark_style("overdue")
    done, warn = pane.mark_style("done"), pane.mark_style("failed")
    out = Text()
    out.append(f"{r.code} ", muted)
    out.append(r.title, "bold")
    out.append("  ")
    out.append_text(pane.stage_cell(r))
    who = []  # supplier and 团长 on one line, the minimum and cut-off on the next
    if r.supplier:
        who.append(t("supplies.detail.supplier", lang, name=r.supplier))
    if r.leader or r.leader_address:
        name = " ".join(x for x in (r.leader, r.leader_address, r.leader_phone) if x)
        who.append(t("supplies.detail.leader", lang, name=name))
    terms = []
    if r.minimum:
        key = "supplies.detail.minimum_ok" if r.minimum_reached else "supplies.detail.minimum"
        terms.append(t(key, lang, n=r.minimum, left=max(0, r.minimum - r.units)))
    if r.cutoff:
        key = "supplies.detail.cutoff_passed" if r.cutoff_passed else "supplies.detail.cutoff"
        terms.append(t(key, lang, time=r.cutoff))
    for facts in (who, terms):
        if facts:
            out.append("\n" + " · ".join(facts))
    if r.from_import and r.state == "draft":
        out.append("\n" + t("supplies.detail.from_import", lang), warn)
    if r.reason:
        out.append("\n" + t(f"supplies.detail.reason.{r.state}", lang) + " ", warn)
        out.append(r.reason)
    if r.note:
        out.append("\n" + t("supplies.detail.note", lang) + " ", muted)
        out.append(r.note)

    # Items: ordered, and once counted what came and how many are short.
    out.append("\n\n" + t("supplies.detail.items", lang), "bold")
    out.append(
        " " + t("supplies.detail.orders", lang, households=r.households, units=r.units),
        muted,
    )
    if not r.items:
        out.append("\n  " + t("supplies.detail.no_items", lang), muted)
    for item in r.items:
        out.append("\n  ")
        out.append(item.label or item.name)
        out.append("  " + t("supplies.detail.ordered", lang, n=item.ordered))
        if item.received is not None:
            out.append(" · " + t("supplies.detail.received", lang, n=item.received))
            if item.short:
                out.append(" · " + t("supplies.detail.short", lang, n=item.short), red)

    # Papers: each one ok, missing or expired.
    out.append("\n\n")
    out.append(t("supplies.detail.papers", lang, ok=r.papers_ok, n=len(r.papers)), "bold")
    if r.papers_blocking and not r.closed:
        out.append("  " + t("supplies.detail.papers_block", lang, n=r.papers_blocking), red)
    width = max((cells(p.name) for p in r.papers), default=0)
    for p in r.papers:
        mark, style = {"ok": ("✓", done), "expired": ("!", red)}.get(p.state, ("✗", red))
        if p.state == "missing" and not p.required:
            style = muted
        out.append("\n  ")
        out.append(mark + " ", style)
        out.append(p.name + " " * (width - cells(p.name)) + "  ")
        state = t(f"paper.state.{p.state}", lang)
        out.append(state, style)
        if p.date:
            out.append(" " + p.date, muted)
        if p.until:
            out.append(" " + t("paper.until", lang, date=p.until), red if p.blocks else muted)
        if p.required and p.state != "ok":
            out.append(" · " + t("paper.required", lang), red)
        elif not p.required:
            out.append(" · " + t("paper.optional", lang), muted)

    # The gate timeline.
    out.append("\n\n" + t("supplies.detail.timeline", lang), "bold")
    for step in r.steps:
        out.append("\n  ")
        if step.key == "closed":
            out.append("✗ " + t(f"supplies.stage.{r.stage}", lang), warn)
            continue
        if step.key == "rested" and r.stage == "resting":
            out.append("… ", pane.mark_style("sealed"))
            out.append(
                t("supplies.step.resting", lang, n=r.rest_left, time=step.at),
                pane.mark_style("sealed"),
            )
            continue
        out.append("✓ " if step.done else "· ", done if step.done else muted)
        label = t(f"supplies.step.{step.key}", lang)
        if step.key == "rested" and not step.at:  # not sprayed yet: how long it will be
            rest = pane.view.rest_minutes if pane.view else 0
            label = t("supplies.step.rest", lang, n=rest)
        out.append(label, "" if step.done else muted)
        if step.at and (step.done or step.key == "rested"):
            out.append(" " + step.at, muted)
        if step.key == "counted" and step.done:
            if r.short:
                out.append(" · " + t("supplies.step.short", lang, n=r.households_short), red)
            else:
                out.append(" · " + t("supplies.step.all_there", lang), done)
            for s in r.short:
                out.append("\n      ")
                out.append(" ".join(x for x in (s.address, s.name) if x))
                out.append(" " + t("supplies.step.short_item", lang, item=s.item, n=s.missing), red)
    if r.buildings:
        out.append("\n\n" + t("supplies.detail.buildings", lang) + " ", "bold")
        out.append(
            joined(
                (t("supplies.detail.building", lang, building=b, n=n) for b, n in r.buildings),
                lang,
            )
        )
    return out


# ---------------------------------------------------------------- keys

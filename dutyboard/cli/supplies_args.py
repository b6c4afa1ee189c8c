"""What the supplies commands (offer, orders, batch, parcel) share: their arguments,
opening the board, how typed text, moments and addresses are shown, and usage errors
from their catalogue (dutyboard/i18n/catalogues/supplies_cli.py)."""

from __future__ import annotations

import argparse
from typing import Any

from dutyboard.cli.common import language, open_board
from dutyboard.groups.supplies.orders import address_book
from dutyboard.i18n import t
from dutyboard.storage.clock import parse_moment
from dutyboard.storage.errors import Refused, UsageError

FORMATS = ("text", "json")


def arg_help(key: str, lang: str) -> str:
    return t(f"cli_help.{key}", lang)


def who_arg(p: argparse.ArgumentParser, lang: str, key: str = "who") -> None:
    p.add_argument("--as", dest="who", required=True, metavar="NAME", help=arg_help(key, lang))


def format_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=FORMATS, default="text")


def ref_arg(
    p: argparse.ArgumentParser, lang: str, name: str = "offer", meta: str = "OFFER"
) -> None:
    """An offer (or a batch: the offer it was made from) named by its code or id."""
    p.add_argument(name, metavar=meta, help=arg_help("supplies.offer_ref", lang))


def shown(text: object) -> str:
    """Typed text as it is, but on one line: no control characters (a newline in a
    title must not forge a line of the output)."""
    return "".join(
        ch if ch.isprintable() else " " if ch.isspace() else "" for ch in str(text)
    ).strip()


def usage(key: str, **fields: object) -> UsageError:
    """A usage error from the catalogue (dutyboard/i18n/catalogues/supplies_cli.py)."""
    return UsageError(t(key, "en", **fields), key=key, fields=fields)


def ctx(args: argparse.Namespace, writing: bool = False) -> tuple[Any, str]:
    return open_board(args, writing=writing), language(args)


def moment(value: str, tz: str) -> str:
    """A stored ISO moment as YYYY-MM-DD HH:MM on the board's clock ("" for none)."""
    at = parse_moment(value)
    return at.in_timezone(tz).format("YYYY-MM-DD HH:mm") if at else ""


def resolve_address(board: Any, text: str, lang: str) -> str:
    """The canonical address of the one household ``text`` names; refuses anything
    else with the reason and the candidates (an address is never guessed)."""

    r = address_book(board).resolve(text)
    if r.household is not None:
        return str(r.address)
    # the reason goes in as a field already in ``lang``: it is this screen's line
    fields: dict[str, object] = {"text": shown(text), "reason": room_reason(r, text, lang)}
    raise Refused(
        t("refused.supplies_address", "en", **fields),
        [sep(lang).join(r.candidates)] if r.candidates else [],
        key="refused.supplies_address",
        fields=fields,
    )


def room_reason(r: Any, text: str, lang: str) -> str:
    """Why an address typed as ``text`` names no one household (``r``: its Resolved);
    every field the intake catalogue's reasons may name is given."""

    written = shown(r.written or text)
    return t(str(r.reason), lang, text=shown(text), address=written, room=written,
             building=r.building, candidates=sep(lang).join(r.candidates))  # fmt: skip


def sep(lang: str) -> str:
    return t("today.list_sep", lang)

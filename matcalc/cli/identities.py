"""`matcalc identities list | show | verify`: The Matrix Cookbook catalogue as an oracle."""
from __future__ import annotations

import json

import click

from .. import catalogue
from ..identity_check import totals, verify


def _entries(section):
    return catalogue.load(section)


def register(main, input_error):

    @main.group("identities")
    def identities():
        """The Matrix Cookbook catalogue (identities/): list, show, verify.

        \b
        Examples:
          matcalc identities list --section 2.5
          matcalc identities show cookbook-70
          matcalc identities verify --format json
        """

    @identities.command("list")
    @click.option("--section", "-s", default=None, metavar="S",
                  help="A section: 2.5, 2.4.1, mml-5, ... (default: all).")
    def list_cmd(section):
        """One line per entry: id, expression, variable, the book's result."""
        try:
            entries = _entries(section)
        except catalogue.CatalogueError as e:
            raise input_error(str(e)) from None
        for e in entries:
            result = e.expected or e.differential or e.expected_vec
            mark = "" if e.supported else f"   [unsupported: {e.reason}]"
            click.echo(f"{e.id:<18} ∂/∂{e.var:<3} {e.expr:<38} = {result}{mark}")
        click.echo(f"{len(entries)} entries, {sum(e.supported for e in entries)} supported")

    @identities.command("show")
    @click.argument("ident")
    def show_cmd(ident):
        """Everything about one entry, and the engine's derivation of it."""
        try:
            e = catalogue.get(ident)
        except catalogue.CatalogueError as err:
            raise input_error(str(err)) from None
        for field in ("id", "source", "section", "title", "expr", "wrt", "declarations",
                      "expected", "differential", "expected_index", "expected_vec",
                      "layout", "symmetric", "reason", "note"):
            value = getattr(e, field)
            if value not in ("", (), None):
                if isinstance(value, tuple):
                    value = ", ".join(value)
                click.echo(f"{field + ':':<16}{value}")
        if e.supported:
            v = verify(e)
            click.echo(f"{'derived:':<16}{v.derived}")
            click.echo(f"{'numeric:':<16}{'✓' if v.numeric_ok else '✗'} "
                       f"(max relative error {v.error:.1e})")
            click.echo(f"{'book form:':<16}{'✓' if v.book_form else '✗'}")
            click.echo(f"{'size:':<16}{v.size} nodes printed, the book's {v.book_size} "
                       f"{'✓' if v.as_short else '✗'}")

    @identities.command("verify")
    @click.option("--section", "-s", default=None, metavar="S", help="Only this section.")
    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                  show_default=True)
    def verify_cmd(section, fmt):
        """Derive every supported entry with the engine and compare with the book.

        A table of id | expression | expected | derived | numeric ✓ | book form ✓ | as short
        as the book ✓ (nodes of the printed result against the book's expression as
        written), then the totals. Exits with 1 if any supported entry is numerically wrong.
        """
        try:
            entries = _entries(section)
        except catalogue.CatalogueError as e:
            raise input_error(str(e)) from None
        verdicts = [verify(e) for e in entries if e.supported]
        t = totals(entries, verdicts)
        if fmt == "json":
            click.echo(json.dumps({"totals": t, "entries": [
                {"id": v.id, "expr": v.expr, "expected": v.expected, "derived": v.derived,
                 "numeric": v.numeric_ok, "book_form": v.book_form,
                 "size": v.size, "book_size": v.book_size, "as_short": v.as_short,
                 "error": v.error if v.error != float("inf") else None,
                 "message": v.message} for v in verdicts]}, indent=2, ensure_ascii=False))
        else:
            click.echo(f"{'id':<18}| {'expression':<34}| {'expected':<30}| "
                       f"{'derived':<30}| num | book | short")
            for v in verdicts:
                click.echo(f"{v.id:<18}| {v.expr[:33]:<34}| {v.expected[:29]:<30}| "
                           f"{v.derived[:29]:<30}|  {'✓' if v.numeric_ok else '✗'}  |  "
                           f"{'✓' if v.book_form else '✗'}   |  {'✓' if v.as_short else '✗'}")
            click.echo(f"\n{t['entries']} entries, {t['supported']} supported, "
                       f"{t['numerically_right']} numerically right, {t['book_form']} in "
                       f"book form, {t['as_short_as_book']} printed as short as the book")
        if t["numerically_right"] < t["supported"]:
            raise SystemExit(1)

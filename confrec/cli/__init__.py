"""The root command: --db, --version, the sub-apps, and the one place where
confrec's errors become an ``Error: ...`` line and an exit code."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from confrec import __version__
from confrec.cli import events, imports, program, publish, speakers, talks
from confrec.cli.common import YesOpt, confirm, db_path, say
from confrec.errors import ConfrecError


class ConfrecGroup(TyperGroup):
    """Maps ConfrecError to one stderr line and its exit code. Bugs still raise."""

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except ConfrecError as e:
            say(f"Error: {e}")
            raise typer.Exit(e.exit_code) from None


app = typer.Typer(
    cls=ConfrecGroup,
    name="confrec",
    help="Keep the record of academic conferences (events, speakers, talks) in one local file.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # a bug's traceback must not dump speaker data
    add_completion=True,
    rich_markup_mode=None,  # plain help and usage errors: see cli.common.noun_app
)
app.add_typer(events.app, name="event")
app.add_typer(speakers.app, name="speaker")
app.add_typer(talks.app, name="talk")
app.command("schedule")(program.schedule)
app.command("check")(program.check)
app.command("report")(publish.report)
app.command("stats")(publish.stats)
app.command("export")(publish.export)
app.command("import")(imports.import_)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"confrec {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db: Annotated[
        Optional[Path],
        typer.Option(
            "--db",
            help="Database file. Default: $CONFREC_DB, else confrec.json in the user data folder.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Keep the record of academic conferences in one local file.

    Example: confrec --db data/kaznu-2016.json talk list
    """


@app.command("undo")
def undo_command(ctx: typer.Context, yes: YesOpt = False) -> None:
    """Undo the last change to the database (once).

    Example: confrec speaker remove 3 --yes && confrec undo --yes
    """
    from confrec.store import undo

    path = db_path(ctx)
    confirm(f"Undo the last change to {path}?", yes)
    what = undo(path)
    say(f"Undone: {what}")


def main() -> None:
    app()

"""The root command: --db, --version, the sub-apps, and the one place where
confrec's errors become an ``Error: ...`` line and an exit code."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.main
from typer.core import TyperArgument, TyperGroup, TyperOption

from confrec import __version__
from confrec.cli.common import YesOpt, confirm, db_path, say
from confrec.errors import ConfrecError

# Commands are imported and built only when they are used. Typer otherwise
# builds every command (parsing each signature) before it reads the command
# line: ~50 ms that every run, even --version, paid for commands it did not
# run. name -> (module, attribute): a Typer sub-app, or a command function.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "event": ("confrec.cli.events", "app"),
    "speaker": ("confrec.cli.speakers", "app"),
    "talk": ("confrec.cli.talks", "app"),
    "session": ("confrec.cli.sessions", "app"),
    "schedule": ("confrec.cli.program", "schedule"),
    "check": ("confrec.cli.program", "check"),
    "report": ("confrec.cli.publish", "report"),
    "stats": ("confrec.cli.publish", "stats"),
    "export": ("confrec.cli.publish", "export"),
    "import": ("confrec.cli.imports", "import_"),
    "merge": ("confrec.cli.merging", "merge"),
    "git-setup": ("confrec.cli.merging", "git_setup"),
    "resolve": ("confrec.cli.merging", "resolve"),
}


class _PlainArgument(TyperArgument):
    """An argument as usage lines have always shown it: TITLE, [EVENT]."""

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        name = name if self.required else f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")

    def display_type(self, ctx: Any) -> str:
        return ""


def plain_help(command: Any, params: list[Any] | None = None) -> None:
    """Help that reads like help: 'TITLE', '--room ROOM', not '{TITLE}',
    '--room <str>' or '<list[str]>' (Typer 0.29's own rendering); and plain
    values read without pydantic (see ``plain_values``)."""
    for p in params if params is not None else command.params:
        if isinstance(p, TyperArgument):
            p.__class__ = _PlainArgument
        elif isinstance(p, TyperOption) and not p.is_flag and p.metavar is None:
            p.metavar = (p.name or "value").upper()
        plain_values(p)
    if "get_help_option" not in vars(command):  # the --help option each command makes for itself
        made = command.get_help_option

        def get_help_option(ctx: Any) -> Any:
            option = made(ctx)
            if option is not None:
                plain_values(option)
            return option

        command.get_help_option = get_help_option
    for sub in getattr(command, "commands", {}).values():
        # once each: the root asks again on every parse, and a process that
        # runs many commands (the tests, a shell) keeps the loaded ones
        if not getattr(sub, "_plain_help", False):
            plain_help(sub)
            sub._plain_help = True


def plain_values(param: Any) -> None:
    """Read a text, path, whole-number or on/off value without pydantic.

    Typer 0.29 builds a pydantic TypeAdapter for every parameter of the
    command that runs: importing pydantic and building the adapters took
    380 of the 520 ms of 'talk list --json' on an empty record, as much as
    the whole of 'sqlite-utils insert'. confrec's parameters are plain text,
    paths, whole numbers, flags and lists of text, which need no schema:
    they get a coercion of their own through Typer's RuntimeParam hook.
    Anything else (or another Typer) keeps Typer's own.
    """
    try:
        from typer._coercion import RuntimeParam
    except ImportError:  # pragma: no cover - a Typer without the hook
        return
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or getattr(param, "_runtime_param", "unset") is not None:
        return
    kind = _PLAIN.get(descriptor.annotation)
    if kind is None or descriptor.file_annotation is not None or descriptor.is_choice:
        return
    convert: Callable[[Any], Any] = kind
    low, high = descriptor.parameter_info.min, descriptor.parameter_info.max

    class Plain(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if isinstance(value, (list, tuple)):
                return [self._coerce_value(v, param, ctx) for v in value]
            if kind is int and not isinstance(value, int):
                try:
                    value = int(value)
                except ValueError:
                    raise typer.BadParameter(f"{value!r} is not a whole number", ctx=ctx, param=param) from None
            if kind is int:
                if (low is not None and value < low) or (high is not None and value > high):
                    raise typer.BadParameter(f"{value} is not in the range {low} to {high}", ctx=ctx, param=param)
                return value
            return convert(value)

    runtime = Plain.__new__(Plain)
    object.__setattr__(runtime, "annotation", descriptor.annotation)
    object.__setattr__(runtime, "parameter_info", descriptor.parameter_info)
    param._runtime_param = runtime


_PLAIN: dict[Any, Any] = {str: str, Path: Path, int: int, bool: bool, list[str]: str}


class ConfrecGroup(TyperGroup):
    """The root group: loads commands on demand, and maps ConfrecError to one
    stderr line and its exit code. Bugs still raise."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*LAZY_COMMANDS, *super().list_commands(ctx)]

    def get_command(self, ctx: Any, name: str) -> Any:
        if name in LAZY_COMMANDS and name not in self.commands:
            module, attr = LAZY_COMMANDS[name]
            target = getattr(importlib.import_module(module), attr)
            if not isinstance(target, typer.Typer):  # a command function: a one-command app
                single = typer.Typer(rich_markup_mode=None, add_completion=False)
                single.command(name)(target)
                target = single
            command = typer.main.get_command(target)
            command.name = name
            plain_help(command)
            self.add_command(command, name)
        return super().get_command(ctx, name)

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)
        plain_help(self, params)
        return params

    def invoke(self, ctx: Any) -> Any:
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


def _version(value: bool) -> None:
    if value:
        typer.echo(f"confrec {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            metavar="FILE",
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
    from confrec.record.store import last_change, stamp_of, undo

    path = db_path(ctx)
    # Asked before anything is locked: a question left open blocks no one.
    what = last_change(path)
    stamp = stamp_of(path)
    confirm(f"Undo {what} (the last change to {path})?" if what else f"Undo the last change to {path}?", yes)
    say(f"Undone: {undo(path, expected=None if yes else stamp)}")


def main() -> None:
    import gc

    # One command, one short process: the cyclic collector only walks the
    # record again and again (an eighth of a 10,000-talk report) and frees
    # nothing that matters before the process ends. Peak memory is the same
    # (benchmarks/README.md). Library use keeps the collector.
    gc.disable()
    app()

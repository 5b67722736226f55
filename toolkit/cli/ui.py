"""How the command line speaks: help in the interface language without Python types, one error format for
everything (Click's usage errors too), and options named as the user typed them, never by internal names.

Typer fixes help texts when the commands are defined, before the language is known; `localise` puts them
in the chosen language when a command runs (the English text stays the msgid). Typer's own copy of Click
words its usage errors in English f-strings, so `click_message` says them again from the exception's
fields, in the interface language.
"""

import inspect
import re
from collections.abc import Sequence
from contextvars import ContextVar
from pathlib import PurePath

import typer
import typer.core
from typer._click import exceptions as errors  # Typer's own copy of Click: what it raises
from typer._click.core import Command, Context, Parameter
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup

from ..i18n import _

#: The arguments of the running invocation, to name an option as the user typed it (`-p` or `--page-size`).
_typed: ContextVar[tuple[str, ...]] = ContextVar("bantin_typed_args", default=())
_ENGLISH = "_bantin_english"
#: Library settings whose option has another name (`BuildOptions.page_size` is `--page-size` already).
_PARAM_OF_FIELD = {"format": ("formats",), "output": ("output_dir", "outputs"), "max_source_bytes": ("max_size",),
                   "source": ("source_dir",), "size": ("sizes",), "sizes": ("size",)}


def error_line(message: str) -> str:
    return _("bantin: error: {message}").format(message=message)


def warning_line(message: str) -> str:
    return _("bantin: warning: {message}").format(message=message)


def remember_args(args: Sequence[str]):
    return _typed.set(tuple(args))


def forget_args(token) -> None:
    _typed.reset(token)


# --- help ------------------------------------------------------------------------------------------

def _english(obj: object, attr: str) -> str | None:
    """The English text of `obj.attr`, kept the first time it is seen (the msgid to translate)."""
    kept = obj.__dict__.setdefault(_ENGLISH, {})
    if attr not in kept:
        kept[attr] = getattr(obj, attr, None)
    return kept[attr]


def localise(command: Command) -> None:
    """The help texts and metavars of `command` and its subcommands in the interface language."""
    for attr in ("help", "short_help"):
        if text := _english(command, attr):
            setattr(command, attr, _(inspect.cleandoc(text)))
    for param in command.params:
        for attr in ("help", "metavar"):
            if text := _english(param, attr):
                setattr(param, attr, _(text))
    for sub in getattr(command, "commands", {}).values():
        localise(sub)


def _is_argument(param: Parameter) -> bool:
    return param.param_type_name == "argument"


def _metavar(param: Parameter) -> str:
    return param.metavar or _("VALUE")


def _default_text(param: Parameter) -> str | None:
    """The default worth showing: not on flags, not None, not a callable."""
    if _is_argument(param) or param.is_flag or param.count or param.show_default is False:
        return None
    value = param.default
    if value is None or value == "" or value == () or value == [] or callable(value):
        return None
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value) if isinstance(value, (str, int, PurePath)) else None


def help_record(param: Parameter) -> tuple[str, str] | None:
    if getattr(param, "hidden", False):
        return None
    if _is_argument(param):
        names = _metavar(param) + ("..." if param.nargs != 1 else "")
    else:
        names = ", ".join(param.opts) + "".join(f" / {o}" for o in param.secondary_opts)
        if not (param.is_flag or param.count):
            names += f" {_metavar(param)}"
    extras = []
    if (default := _default_text(param)) is not None:
        extras.append(_("default: {default}").format(default=default))
    if param.required and not _is_argument(param):
        extras.append(_("required"))
    text = getattr(param, "help", None) or ""
    if extras:
        text = f"{text}  [{'; '.join(extras)}]".strip()
    return names, text


def _usage_piece(param: Parameter) -> str:
    piece = _metavar(param) + ("..." if param.nargs != 1 else "")
    return piece if param.required else f"[{piece}]"


class _Localised:
    """Help that shows metavars people read (`FILE...`) and only the defaults worth showing."""

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=_("Usage: "))

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        records = [(p, help_record(p)) for p in self.get_params(ctx)]
        for title, kind in ((_("Arguments"), "argument"), (_("Options"), "option")):
            rows = [record for param, record in records if record and param.param_type_name == kind]
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def get_help_option(self, ctx: Context) -> Parameter | None:
        option = super().get_help_option(ctx)
        if option is not None:  # Click makes it once and keeps it: say it in today's language
            option.help = _("Show this message and exit.")
        return option


class BantinCommand(_Localised, TyperCommand):
    """A command of `bantin`: its help and usage line in the interface language."""

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        return [_("[OPTIONS]"), *(_usage_piece(p) for p in self.get_params(ctx) if _is_argument(p))]


class LocalisedGroup(_Localised, TyperGroup):
    """The group's side of `BantinCommand`."""

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        return [_("[OPTIONS]"), _("COMMAND [ARGS]...")]

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)


# --- errors ------------------------------------------------------------------------------------------

def _typed_spelling(param: Parameter) -> str | None:
    """How the user typed the option (`-p` or `--page-size`), or None when it is not on the command line."""
    for arg in _typed.get():
        for opt in [*param.opts, *param.secondary_opts]:
            if arg == opt or arg.startswith(f"{opt}=") or (len(opt) == 2 and arg[:2] == opt and arg[:2] != "--"):
                return opt
    return None


def typed_name(param: Parameter) -> str:
    """The option as the user typed it, else its long name; an argument's metavar."""
    if _is_argument(param):
        return _metavar(param)
    return _typed_spelling(param) or max(param.opts, key=len)


def setting_name(field: str, command: Command | None) -> str:
    """A library setting (`page_size`) as the user knows it: the option of `command` they typed, or the
    setting's own name when the value came from elsewhere (a settings file such as bantin.toml)."""
    for name in (field, *_PARAM_OF_FIELD.get(field, ())):
        for param in command.params if command is not None else ():
            if param.name == name and (_is_argument(param) or _typed_spelling(param)):
                return typed_name(param)
    return _("setting '{field}'").format(field=field)


def problem_text(problem: str, command: Command | None) -> str:
    """One problem of a `ConfigError`, naming the option rather than the library's field."""
    field = getattr(problem, "field", None)
    if field is None:
        return str(problem)
    return f"{setting_name(field, command)}: {problem.message}"


def usage_error(error: errors.ClickException) -> None:
    """Click's usage errors in bantin's one-line format, naming what the user typed."""
    if isinstance(error, errors.NoArgsIsHelpError):
        error.show()
        return
    message = " ".join(click_message(error).split())
    ctx = getattr(error, "ctx", None)
    if isinstance(error, errors.UsageError) and ctx is not None:
        message += " " + _("(see {command} --help)").format(command=ctx.command_path)
    typer.echo(error_line(message), err=True)


_EXTRA = re.compile(r"Got unexpected extra arguments? \((.*)\)$", re.S)
_CHOICE = re.compile(r"(?:Value error, )?('.*') is not one of (.*)\.$", re.S)


def click_message(error: errors.ClickException) -> str:
    """What Click says, said again in the interface language from the exception's fields."""
    if isinstance(error, errors.NoSuchOption):
        said = _("no such option: {name}").format(name=error.option_name)
        if error.possibilities:
            said += " " + _("(did you mean {options}?)").format(options=", ".join(sorted(error.possibilities)))
        return said
    if isinstance(error, errors.MissingParameter) and error.param is not None:
        if _is_argument(error.param):
            return _("missing {name}").format(name=_metavar(error.param))
        return _("missing option {name}").format(name=typed_name(error.param))
    if isinstance(error, errors.BadParameter) and error.param is not None:
        return _("invalid value for {name}: {reason}").format(name=typed_name(error.param),
                                                               reason=_value_reason(error.message))
    if isinstance(error, errors.BadOptionUsage):
        if "does not take a value" in error.message:
            return _("option {name} takes no value").format(name=error.option_name)
        return _("option {name} needs a value").format(name=error.option_name)
    if match := _EXTRA.match(error.message):
        return _("unexpected extra arguments: {args}").format(args=match[1])
    return error.format_message()


def _value_reason(message: str) -> str:
    if match := _CHOICE.match(message):
        return _("{value} is not one of {choices}").format(value=match[1], choices=match[2])
    return message.removeprefix("Value error, ")


def speak_typer() -> None:
    """Typer's own few messages ("Commands", "Missing command.") come from the stdlib's `gettext`, imported
    by name: point that name at bantin's catalog (English stays English)."""
    typer.core._ = _

"""Click's own text in Vietnamese: help pages, usage lines and command-line errors.

Typer (0.29) carries its own copy of Click whose words are written into the code, not read
through gettext, so no catalogue can translate them. Instead every command and group of
the `scoring` app is built from the two classes below (`localize(app)` sets them on every
registered command, those of other modules included), which write the help page
themselves; and `usage_error_text` renders a usage error from the exception's structured
parts (its class, parameter and option name), never from Click's English sentence.
Every word comes from `messages.CATALOGUE` (codes `cli_*`).
"""

from __future__ import annotations

import difflib
import inspect
import re
from typing import Any

import typer
from typer import _click
from typer.core import TyperCommand, TyperGroup

UsageError = _click.exceptions.UsageError


def _t(code: str, **params: Any) -> str:
    from ..messages import render

    return render(code, **params)


class LocalizedUsageError(UsageError):
    """A usage error whose message is already Vietnamese."""


# ---------------------------------------------------------------- help pages


def _argument_name(param: Any) -> str:
    name = param.metavar or (param.name or "").upper()
    return f"{name}..." if param.nargs != 1 else name


def param_name(param: Any) -> str:
    """How a parameter is named in messages: `--out` for an option, its metavar for an argument."""
    if param is None:
        return ""
    if param.param_type_name == "argument":
        return _argument_name(param)
    opts = [o for o in param.opts if o.startswith("--")] or list(param.opts)
    return " / ".join(opts)


def _type_label(param: Any) -> str:
    if param.metavar:
        return param.metavar
    desc = getattr(param, "type_descriptor", None)
    if desc is None:
        return _t("cli_type_text")
    if desc.is_choice:
        return "|".join(str(getattr(c, "value", c)) for c in desc.choices or ())
    if desc.is_path or desc.is_file:
        info = desc.parameter_info
        return _t("cli_type_folder" if info.dir_okay and not info.file_okay else "cli_type_file")
    annotation = desc.annotation
    if desc.is_list:
        annotation = (getattr(annotation, "__args__", None) or (str,))[0]
    label = {int: "cli_type_integer", float: "cli_type_number", bool: "cli_type_yes_no"}.get(annotation)
    if label is None and getattr(desc, "is_datetime", False):
        label = "cli_type_date"
    text = _t(label or "cli_type_text")
    return f"{text}..." if desc.is_list or desc.is_tuple else text


def _is_help_option(command: Any, param: Any, ctx: Any) -> bool:
    return param is command.get_help_option(ctx)


def _default_text(param: Any, ctx: Any) -> str | None:
    if isinstance(param.show_default, str):
        return param.show_default
    if not (param.show_default or ctx.show_default):
        return None
    default = param._extract_default_help_str(ctx=ctx)
    if default is None or (getattr(param, "is_bool_flag", False) and not param.secondary_opts and not default):
        return None
    if callable(default):
        return None
    text = param._get_default_string(ctx=ctx, show_default_is_str=False, default_value=default)
    return text or None


def _range_text(param: Any) -> str | None:
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None and high is not None:
        return _t("cli_range_between", min=low, max=high)
    if low is not None:
        return _t("cli_range_min", min=low)
    if high is not None:
        return _t("cli_range_max", max=high)
    return None


def _short_first(opts: list[str]) -> list[str]:
    return sorted(opts, key=lambda opt: len(opt) - len(opt.lstrip("-/")))


def _help_record(command: Any, param: Any, ctx: Any) -> tuple[str, str] | None:
    if getattr(param, "hidden", False):
        return None
    if _is_help_option(command, param, ctx):
        return ", ".join(_short_first(param.opts)), _t("cli_help_option")
    if param.param_type_name == "argument":
        name = _argument_name(param)
    else:
        name = ", ".join(_short_first(param.opts))
        if param.secondary_opts:
            name += " / " + ", ".join(_short_first(param.secondary_opts))
        if not getattr(param, "is_flag", False) and not getattr(param, "count", False):
            name += f" <{_type_label(param)}>"
    extra = []
    envvar = getattr(param, "envvar", None) if getattr(param, "show_envvar", False) else None
    if envvar:
        extra.append(_t("cli_envvar", name=envvar if isinstance(envvar, str) else ", ".join(envvar)))
    default = _default_text(param, ctx)
    if default:
        extra.append(_t("cli_default", value=default))
    rng = _range_text(param)
    if rng:
        extra.append(rng)
    if param.required:
        extra.append(_t("cli_required"))
    help_text = inspect.cleandoc(param.help or "") if getattr(param, "help", None) else ""
    if extra:
        # no line break inside «[mặc định: table]»: a Vietnamese word is two or more syllables
        tail = "[" + "; ".join(extra).replace(" ", "\u00a0") + "]"
        help_text = f"{help_text}  {tail}" if help_text else tail
    return name, help_text


def _usage_pieces(command: Any, ctx: Any) -> list[str]:
    pieces = [_t("cli_options_metavar")] if command.options_metavar else []
    for param in command.get_params(ctx):
        if param.param_type_name == "argument" and not getattr(param, "hidden", False):
            name = _argument_name(param)
            pieces.append(name if param.required else f"[{name}]")
    if isinstance(command, TyperGroup):
        pieces.append(_t("cli_command_metavar"))
    return pieces


def _format_usage(command: Any, ctx: Any, formatter: Any) -> None:
    formatter.write_usage(ctx.command_path, " ".join(_usage_pieces(command, ctx)), prefix=_t("cli_usage"))


def _format_help(command: Any, ctx: Any, formatter: Any) -> None:
    _format_usage(command, ctx, formatter)
    text = inspect.cleandoc(command.help or "").partition("\f")[0]
    if text:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(text)
    arguments, options = [], []
    for param in command.get_params(ctx):
        record = _help_record(command, param, ctx)
        if record is not None:
            (arguments if param.param_type_name == "argument" else options).append(record)
    for title, rows in ((_t("cli_arguments"), arguments), (_t("cli_options"), options)):
        if rows:
            with formatter.section(title):
                formatter.write_dl(rows)
    if isinstance(command, TyperGroup):
        rows = []
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                rows.append((name, sub))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section(_t("cli_commands")):
                formatter.write_dl([(name, sub.get_short_help_str(limit)) for name, sub in rows])
    if command.epilog:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(inspect.cleandoc(command.epilog))


class LocalizedCommand(TyperCommand):
    """A typer command whose help page and usage line are Vietnamese."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _format_usage(self, ctx, formatter)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _format_help(self, ctx, formatter)


class LocalizedGroup(TyperGroup):
    """A typer group whose help page, usage line and unknown-command error are Vietnamese."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _format_usage(self, ctx, formatter)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _format_help(self, ctx, formatter)

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        name = args[0]
        command = self.get_command(ctx, name)
        if command is None and ctx.token_normalize_func is not None:
            name = ctx.token_normalize_func(name)
            command = self.get_command(ctx, name)
        if command is None and not ctx.resilient_parsing:
            if name.startswith("-"):
                self.parse_args(ctx, args)  # an unknown option before the command: NoSuchOption
            message = _t("cli_no_such_command", name=args[0])
            matches = difflib.get_close_matches(args[0], list(self.commands))
            if matches:
                message += _t("cli_did_you_mean", names=", ".join(matches))
            raise LocalizedUsageError(message, ctx)
        return (name if command else None), command, args[1:]

    def invoke(self, ctx: Any) -> Any:
        if not ctx._protected_args and not self.invoke_without_command:
            raise LocalizedUsageError(_t("cli_missing_command"), ctx)
        return super().invoke(ctx)


def localize(app: typer.Typer) -> None:
    """Build every command and group of `app` (sub-apps included) from the Vietnamese classes.

    Run once, after every command is registered; a command that sets its own `cls` keeps it.
    """
    if not _is_set(app.info.cls, TyperGroup):
        app.info.cls = LocalizedGroup
    for command in app.registered_commands:
        if not _is_set(command.cls, TyperCommand):
            command.cls = LocalizedCommand
    for group in app.registered_groups:
        if not _is_set(group.cls, TyperGroup):
            group.cls = LocalizedGroup
        if group.typer_instance is not None:
            localize(group.typer_instance)


def _is_set(cls: Any, default: type) -> bool:
    # typer's own default (None, DefaultPlaceholder(None) or the base class itself) is not a choice
    return isinstance(cls, type) and cls is not default


# ---------------------------------------------------------------- usage errors

_EXTRA_ARGS = re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)\Z", re.S)
_NARGS = re.compile(r"Argument '(?P<name>.*)' takes (?P<n>\d+) values\.")
_OPTION_NARGS = re.compile(r"requires (?P<n>\d+) arguments\.")


def _choices(param: Any) -> list[str]:
    desc = getattr(param, "type_descriptor", None)
    if desc is None or not desc.is_choice:
        return []
    return [str(getattr(c, "value", c)) for c in desc.choices or ()]


def _coercion_reason(error: dict[str, Any], param: Any) -> str:
    """The Vietnamese reason for a value typer's pydantic coercion refused."""
    value = error.get("input")
    shown = str(value)
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    choices = _choices(param)
    if choices or kind in ("literal_error", "enum"):
        return _t("cli_not_a_choice", value=shown, choices=", ".join(choices) or str(ctx.get("expected", "")))
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return _t("cli_not_an_integer", value=shown)
    if kind in ("float_parsing", "float_type", "decimal_parsing"):
        return _t("cli_not_a_number", value=shown)
    if kind in ("bool_parsing", "bool_type"):
        return _t("cli_not_yes_no", value=shown)
    limits = {"greater_than_equal": ("cli_too_small_ge", "ge"), "greater_than": ("cli_too_small_gt", "gt"),
              "less_than_equal": ("cli_too_large_le", "le"), "less_than": ("cli_too_large_lt", "lt")}
    if kind in limits:
        code, key = limits[kind]
        return _t(code, value=shown, limit=ctx.get(key))
    if kind.startswith(("date", "datetime")):
        return _t("cli_not_a_date", value=shown)
    return _t("cli_bad_value_generic", value=shown)


def _param_hint(exc: Any) -> str:
    hint = exc.param_hint
    if hint is not None:
        return hint if isinstance(hint, str) else " / ".join(str(h) for h in hint)
    return param_name(exc.param)


def _missing(exc: Any) -> str:
    param = exc.param
    kind = exc.param_type or (param.param_type_name if param is not None else "parameter")
    code = {"argument": "cli_missing_argument", "option": "cli_missing_option"}.get(kind, "cli_missing_parameter")
    text = _t(code, name=_param_hint(exc))
    choices = _choices(param)
    if choices:
        text += " " + _t("cli_choose_from", choices=", ".join(choices))
    return text


def _bad_parameter(exc: Any) -> str:
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        try:
            first = cause.errors()[0]
        except (IndexError, TypeError):
            first = None
        if first is not None:
            return _t("cli_bad_value", name=_param_hint(exc), reason=_coercion_reason(first, exc.param))
    return _t("cli_bad_value", name=_param_hint(exc), reason=exc.message)


def usage_error_text(exc: UsageError) -> str:
    """The Vietnamese sentence for a usage error (without the «Lỗi:» prefix)."""
    exceptions = _click.exceptions
    if isinstance(exc, LocalizedUsageError):
        return exc.message
    if isinstance(exc, exceptions.MissingParameter):
        return _missing(exc)
    if isinstance(exc, exceptions.BadParameter):
        return _bad_parameter(exc)
    if isinstance(exc, exceptions.NoSuchOption):
        text = _t("cli_no_such_option", name=exc.option_name)
        if exc.possibilities:
            text += _t("cli_did_you_mean", names=", ".join(sorted(exc.possibilities)))
        return text
    if isinstance(exc, exceptions.BadOptionUsage):
        if "does not take a value" in exc.message:
            return _t("cli_option_takes_no_value", name=exc.option_name)
        many = _OPTION_NARGS.search(exc.message)
        if many:
            return _t("cli_option_needs_values", name=exc.option_name, count=int(many["n"]))
        return _t("cli_option_needs_value", name=exc.option_name)
    if isinstance(exc, exceptions.BadArgumentUsage):
        many = _NARGS.search(exc.message)
        if many:
            return _t("cli_argument_needs_values", name=many["name"].upper(), count=int(many["n"]))
        return _t("cli_bad_arguments")
    extra = _EXTRA_ARGS.match(exc.message)
    if extra:
        return _t("cli_extra_arguments", args=extra["args"])
    if exc.message == "Missing command.":
        return _t("cli_missing_command")
    return exc.message


def usage_error_lines(exc: UsageError) -> list[str]:
    """What the user sees for a usage error: the usage line, how to get help, the error."""
    lines: list[str] = []
    ctx = exc.ctx
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            names = ctx.help_option_names
            long_name = next((n for n in names if n.startswith("--")), names[0])
            lines.append(_t("cli_try_help", command=f"{ctx.command_path} {long_name}"))
        lines.append("")
    lines.append(_t("cli_error", message=usage_error_text(exc)))
    return lines


def click_error_text(exc: Any) -> str:
    """Any other Click exception (FileError, a plain ClickException), in Vietnamese."""
    if isinstance(exc, _click.exceptions.FileError):
        return _t("cli_file_error", path=exc.ui_filename, reason=exc.message)
    return exc.format_message()

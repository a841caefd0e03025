"""The ``kg`` command: a thin layer over the library. Data to stdout, progress and errors to stderr.

One module per group of commands (``export``: export and link; ``validate``; ``kb``; ``store``:
push, query, serve; ``show``); each command parses its options, calls library functions and turns
their errors into one line and an exit code (``common``). Nothing below the CLI imports it.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from kg.cli.common import errors_exit
from kg.cli.export import export_cmd, link_cmd
from kg.cli.kb import kb_group
from kg.cli.show import show_cmd
from kg.cli.store import push_cmd, query_cmd, serve_cmd
from kg.cli.validate import validate_cmd
from kg.config import ENV_PREFIX, find_config, load_config
from kg.errors import ExitCode

__all__ = ["main", "cli"]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "auto_envvar_prefix": ENV_PREFIX})
@click.version_option(package_name="newskg", prog_name="kg")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Configuration file (default: kg.toml here or in a parent folder).")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None) -> None:
    """newskg: turn news articles into an RDF knowledge graph (entities, PLOVER events, quotations).

    Settings come from kg.toml (found upward from here), then KG_<COMMAND>_<OPTION> environment
    variables, then flags; `kg config` shows the result."""
    # rdflib logs a traceback for each typed literal it cannot convert; validation reports
    # those literals as violations, so the traceback is noise
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    with errors_exit():
        path = config_path or find_config()
        ctx.default_map = load_config(path)
    ctx.meta["config_path"] = path


@cli.command("config")
@click.pass_context
def config_cmd(ctx: click.Context) -> None:
    """Print the effective configuration of every command: value and where it comes from."""
    import os

    root = ctx.find_root()
    click.echo(f"# configuration file: {root.meta.get('config_path') or '(none)'}")
    defaults = root.default_map or {}
    for name, command in sorted(cli.commands.items()):
        for sub_name, sub in _leaf_commands(name, command):
            section = defaults
            for part in sub_name.split(" "):
                section = section.get(part, {}) if isinstance(section, dict) else {}
            lines = []
            for param in sub.params:
                if not isinstance(param, click.Option) or param.name in ("help",):
                    continue
                env = f"{ENV_PREFIX}_{sub_name.replace(' ', '_').upper()}_{param.name.upper()}"
                if param.envvar:
                    env = param.envvar if isinstance(param.envvar, str) else param.envvar[0]
                if env in os.environ:
                    value, source = os.environ[env], f"env {env}"
                elif param.name in section:
                    value, source = section[param.name], "kg.toml"
                else:
                    value, source = param.default, "default"
                lines.append(f"{param.opts[-1]:<22} = {_show(value)!s:<40} # {source}")
            if lines:
                click.echo(f"[{sub_name.replace(' ', '.')}]")
                click.echo("\n".join(lines))


def _leaf_commands(name: str, command: click.Command):
    if isinstance(command, click.Group):
        for sub, c in sorted(command.commands.items()):
            yield from _leaf_commands(f"{name} {sub}", c)
    else:
        yield name, command


def _show(value) -> str:
    if isinstance(value, (list, tuple)):
        return ",".join(map(str, value)) or "-"
    return "-" if value is None else str(value)


for _command in (export_cmd, validate_cmd, link_cmd, kb_group, push_cmd, query_cmd, serve_cmd, show_cmd):
    cli.add_command(_command)


def main() -> None:
    """Click's own ending would exit 1 on Ctrl-C ('Aborted!'), the code for data that does not
    conform; an interrupted run exits 130 instead (files are written then renamed, so none is
    left half-written)."""
    try:
        code = cli.main(prog_name="kg", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):  # click re-raises a Ctrl-C outside its command as is
        click.echo("interrupted", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    sys.exit(code if isinstance(code, int) else ExitCode.OK)


if __name__ == "__main__":
    main()

"""Configuration: `kg.toml` found upward from the working directory, then KG_* environment
variables, then command-line flags (each overrides the one before).

`kg.toml` has one table per command, keys named like the long options:

    [export]
    kb = "kb.sqlite"
    published = "2025-11-30"

    [validate]
    fail-on = "warning"

Environment variables are KG_<COMMAND>_<OPTION>, e.g. KG_EXPORT_MODEL, KG_VALIDATE_FAIL_ON.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from kg.errors import KgError

__all__ = ["CONFIG_NAME", "ENV_PREFIX", "find_config", "load_config", "ConfigError"]

CONFIG_NAME = "kg.toml"
ENV_PREFIX = "KG"


class ConfigError(KgError):
    code = "E080"


def find_config(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path | None) -> dict[str, dict]:
    """The file as Click's default_map: {command: {option_name: value}} (dashes become underscores)."""
    if path is None:
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read configuration: {exc}", str(path)) from None
    out: dict[str, dict] = {}
    for command, table in data.items():
        if not isinstance(table, dict):
            raise ConfigError(f"top-level key {command!r} must be a table like [export]", str(path))
        out[command] = _convert(table)
    return out


def _convert(table: dict) -> dict:
    converted = {}
    for key, value in table.items():
        if isinstance(value, dict):  # [kb.build] -> nested command group
            converted[key] = _convert(value)
        else:
            converted[key.replace("-", "_")] = value
    return converted

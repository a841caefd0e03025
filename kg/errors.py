"""Errors that carry a code and map one-to-one to the CLI's exit codes."""
from __future__ import annotations

import re
from enum import IntEnum

__all__ = ["ExitCode", "KgError", "InputError", "OutputError", "ShapesError", "ValidationFailed", "mask_secrets",
           "one_line"]


class ExitCode(IntEnum):
    OK = 0
    NOT_CONFORMING = 1
    ERROR = 2
    INTERRUPTED = 130  # Ctrl-C: the shell's 128 + SIGINT; not 1, which says the data does not conform


class KgError(Exception):
    """Any failure the user can act on. ``code`` names the kind (E0xx), ``where`` the file."""

    code = "E000"
    exit_code = ExitCode.ERROR

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __reduce__(self):
        """Pickled whole (message and file), as a worker process sends it back to the parent."""
        return type(self), (self.message, self.where)

    def __str__(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        return mask_secrets(f"{prefix}{self.message} [{self.code}]")


_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#@\s]+@")


def mask_secrets(text: str) -> str:
    """``https://user:password@host/`` as ``https://***@host/``: a URL's credentials never
    reach a message, whichever library wrote the URL into it."""
    return _USERINFO.sub(r"\1***@", text)


def one_line(exc: BaseException, limit: int = 500) -> str:
    """A library's exception text as one line of a message (parsers put line breaks and pages of
    context in theirs)."""
    return " ".join(str(exc).split())[:limit] or type(exc).__name__


class InputError(KgError):
    """An input file (or one record in it) cannot be read as an article."""

    code = "E001"


class OutputError(KgError):
    """An output file or folder cannot be written (a file where a folder should be, no rights, disk full)."""

    code = "E004"


class ShapesError(KgError):
    """The SHACL shapes or the data to validate cannot be loaded."""

    code = "E002"


class ValidationFailed(KgError):
    """The data does not conform to the shapes."""

    code = "E100"
    exit_code = ExitCode.NOT_CONFORMING

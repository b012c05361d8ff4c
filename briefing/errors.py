"""Typed errors of the domain: located issues and the exceptions that carry them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import msgspec


class Source(msgspec.Struct, frozen=True, order=True):
    """Where a value came from: a file shown relative to the packet, and a 1-based line and column."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        if self.column <= 0:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


ERROR = "error"
WARNING = "warning"  # the input is probably not what was meant, but a build can go on (--strict stops it)
_WARNING_MARK = {"zh": "警告：", "en": "warning: "}


class Issue(msgspec.Struct, frozen=True):
    """One problem found in the input: where, which field, a message code with its parameters, and how
    serious it is (an error stops a build; a warning is printed and the build goes on)."""

    source: Source
    field: str
    code: str
    params: Mapping[str, Any] = msgspec.field(default_factory=dict)
    severity: str = ERROR

    @property
    def is_warning(self) -> bool:
        return self.severity == WARNING

    def as_error(self) -> Issue:
        """The same problem as an error (what --strict makes of a warning)."""
        return msgspec.structs.replace(self, severity=ERROR)

    def render(self, lang: str = "zh") -> str:
        from briefing.messages import render_message

        text = render_message(self.code, self.params, lang)
        if self.is_warning:
            text = _WARNING_MARK.get(lang, _WARNING_MARK["zh"]) + text
        where = str(self.source)
        return f"{where}: {self.field}: {text}" if self.field else f"{where}: {text}"


class BriefingError(Exception):
    """Base of every error a user can cause; the CLI prints the issues and exits 1."""

    kind = "error"

    def __init__(self, issues: Iterable[Issue]):
        self.issues: tuple[Issue, ...] = tuple(issues)
        super().__init__("\n".join(issue.render("en") for issue in self.issues))

    def render(self, lang: str = "zh") -> str:
        return "\n".join(issue.render(lang) for issue in self.issues)


class LoadError(BriefingError):
    """A file could not be read as YAML (encoding, syntax, duplicate keys, tags …)."""

    kind = "load"


class ValidationError(BriefingError):
    """The YAML was read but its content is wrong."""

    kind = "validation"


class LayoutError(BriefingError):
    """A layout or font manifest is wrong or missing."""

    kind = "layout"


class RenderError(BriefingError):
    """The packet is valid but could not be set on the page (missing glyphs, a table that will not fit …)."""

    kind = "render"


class DeliveryError(BriefingError):
    """The PDF could not be written or sent."""

    kind = "delivery"


class ChoiceError(Exception):
    """A choice on the command line that the packet cannot meet (--areas naming no area, or several):
    a usage error (exit 2), found only once the packet is read. A message code and its values."""

    def __init__(self, code: str, params: Mapping[str, Any] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.params = dict(params or {})


def issue(source: Source, field_path: str, code: str, **params: Any) -> Issue:
    """Shorthand used by every stage to record one located problem."""
    return Issue(source, field_path, code, params)


def warning(source: Source, field_path: str, code: str, **params: Any) -> Issue:
    """Shorthand for a located warning: reported like an error, but the build goes on."""
    return Issue(source, field_path, code, params, WARNING)

"""briefing: YAML work-area summaries in, printable and emailable PDF briefing packets out.

The library comes first and the command line is a thin layer over it: `build(folder, output)` makes the
PDF, `build_copies` one numbered copy per recipient, `validate(folder)` (also named load_and_validate)
reads and checks a packet, and every mistake in the input is a BriefingError whose `issues` each say
where (file:line:column), which field and what is wrong. Each name loads its module on first use, so
`import briefing` imports no library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

# Public name -> (module, name there). Loaded on first use (PEP 562): `import briefing` stays free of
# msgspec, PyYAML, Jinja2 and ReportLab, which only the stage that needs them imports.
_PUBLIC = {
    "build": ("briefing.pipeline", "build"),
    "build_copies": ("briefing.copies", "build_copies"),
    "validate": ("briefing.pipeline", "load_and_validate"),
    "load_and_validate": ("briefing.pipeline", "load_and_validate"),
    "summarize": ("briefing.pipeline", "summarize"),
    "Options": ("briefing.pipeline", "Options"),
    "BuildResult": ("briefing.pipeline", "BuildResult"),
    "Summary": ("briefing.pipeline", "Summary"),
    "BriefingError": ("briefing.errors", "BriefingError"),
    "LoadError": ("briefing.errors", "LoadError"),
    "ValidationError": ("briefing.errors", "ValidationError"),
    "LayoutError": ("briefing.errors", "LayoutError"),
    "RenderError": ("briefing.errors", "RenderError"),
    "DeliveryError": ("briefing.errors", "DeliveryError"),
    "Issue": ("briefing.errors", "Issue"),
    "Source": ("briefing.errors", "Source"),
}

__all__ = [
    "BriefingError",
    "BuildResult",
    "DeliveryError",
    "Issue",
    "LayoutError",
    "LoadError",
    "Options",
    "RenderError",
    "Source",
    "Summary",
    "ValidationError",
    "__version__",
    "build",
    "build_copies",
    "load_and_validate",
    "summarize",
    "validate",
]

if TYPE_CHECKING:
    from briefing.copies import build_copies
    from briefing.errors import (
        BriefingError,
        DeliveryError,
        Issue,
        LayoutError,
        LoadError,
        RenderError,
        Source,
        ValidationError,
    )
    from briefing.pipeline import (
        BuildResult,
        Options,
        Summary,
        build,
        load_and_validate,
        summarize,
    )
    from briefing.pipeline import load_and_validate as validate


def __getattr__(name: str) -> object:
    """A public name, imported from where it lives the first time it is asked for."""
    try:
        module, attribute = _PUBLIC[name]
    except KeyError:
        raise AttributeError(f"module 'briefing' has no attribute {name!r}") from None
    return getattr(importlib.import_module(module), attribute)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

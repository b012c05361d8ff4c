"""briefing: YAML work-area summaries in, printable and emailable PDF briefing packets out."""

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

__version__ = "0.1.0"

__all__ = [
    "BriefingError",
    "DeliveryError",
    "Issue",
    "LayoutError",
    "LoadError",
    "RenderError",
    "Source",
    "ValidationError",
    "__version__",
]

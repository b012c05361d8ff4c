"""What a warm build keeps from one compose to the next: the template environment and the templates
compiled in it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefing.compose.budget import Limits
from briefing.compose.templates import TemplateRunner, environment

if TYPE_CHECKING:
    import jinja2

    from briefing.compose.sandbox import BoundedEnvironment
    from briefing.model.layout import TemplateSource


class ComposeMemo:
    """What a warm build keeps from one compose to the next, for one layout: the template environment and
    the templates compiled in it, by name and text (those that compiled: a failure is found, and
    reported, again each time)."""

    def __init__(self) -> None:
        self._env: BoundedEnvironment | None = None
        self._limits: Limits | None = None
        self.compiled: dict[tuple[str, str], jinja2.Template] = {}

    def environment(self, limits: Limits | None) -> BoundedEnvironment:
        """The environment of the last compose if it had these limits, else a new one (and no templates)."""
        if self._env is None or limits != self._limits:
            self._env, self._limits = environment("packet", limits), limits
            self.compiled.clear()
        return self._env


class KeptRunner(TemplateRunner):
    """A TemplateRunner that takes each template compiled by an earlier compose rather than compiling it."""

    def __init__(self, memo: ComposeMemo, *args: Any) -> None:
        super().__init__(*args)
        self._kept = memo.compiled

    def _compile(self, template: TemplateSource) -> jinja2.Template | None:
        key = (template.name, template.text)
        found = self._kept.get(key)
        if found is None:
            found = super()._compile(template)
            if found is not None:
                self._kept[key] = found
        return found

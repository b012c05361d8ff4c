"""The code generator layout templates compile with: no tag that reaches another file, loops and joins counted.

The generated code calls the environment's Budget (environment.budget, see budget.py) where Jinja2 gives
no hook of its own: the items of every for loop, list and mapping literals, and `a ~ b` joins.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst

# Bump when the generated code changes (code generator, intercepted operators, finalize): compiled
# templates kept between builds must not outlive it.
CODE_REVISION = 3  # 3: finalize refuses what is not text or a number

_CONTAINERS = (list, tuple, dict, set, frozenset)


class ForbiddenTag(jinja2.TemplateSyntaxError):
    """{% include %}, {% extends %}, {% import %} or {% from %}: a layout template must stand alone."""

    def __init__(self, tag: str, lineno: int):
        super().__init__(f"{{% {tag} %}} is not allowed in a layout template", lineno)
        self.tag = tag


class TooDeep(jinja2.TemplateSyntaxError):
    """Blocks nested deeper than Python compiles (it allows 20 nested blocks in a function)."""

    def __init__(self, lineno: int):
        super().__init__("blocks nested too deeply", lineno)


class BoundedCodeGenerator(CodeGenerator):
    """Jinja2's code generator, refusing tags that reach other files and counting loops and joins."""

    MAX_NESTING = 16  # for and if blocks inside each other

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._counted: set[int] = set()  # the iterables of for loops (Jinja2 allows no new node types)
        self._nesting = 0

    def _forbid(self, node: nodes.Node, tag: str) -> None:
        raise ForbiddenTag(tag, node.lineno)

    def visit_Extends(self, node: nodes.Extends, frame: Frame) -> None:
        self._forbid(node, "extends")

    def visit_Include(self, node: nodes.Include, frame: Frame) -> None:
        self._forbid(node, "include")

    def visit_Import(self, node: nodes.Import, frame: Frame) -> None:
        self._forbid(node, "import")

    def visit_FromImport(self, node: nodes.FromImport, frame: Frame) -> None:
        self._forbid(node, "from … import")

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        # Counting the items of the iterable (not the passes of the body) also counts those the loop's
        # `if` skips.
        self._counted.add(id(node.iter))
        self._nested(super().visit_For, node, frame)

    def visit_If(self, node: nodes.If, frame: Frame) -> None:
        self._nested(super().visit_If, node, frame)

    def _nested(self, visit: Callable[[Any, Frame], None], node: nodes.Node, frame: Frame) -> None:
        self._nesting += 1
        try:
            if self._nesting > self.MAX_NESTING:
                raise TooDeep(node.lineno)
            visit(node, frame)
        finally:
            self._nesting -= 1

    def visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> Any:
        if id(node) not in self._counted:
            return super().visit(node, *args, **kwargs)
        self._counted.discard(id(node))
        self.write("environment.budget.counted(")
        super().visit(node, *args, **kwargs)
        self.write(")")
        return None

    # List, tuple and mapping literals are measured too: a loop could keep a long one in a namespace
    # again and again.
    def _measured(self, visit: Callable[[Any, Frame], None], node: nodes.Node, frame: Frame) -> None:
        self.write("environment.budget.made(")
        visit(node, frame)
        self.write(")")

    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        self._measured(super().visit_List, node, frame)

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        self._measured(super().visit_Dict, node, frame)

    def visit_Tuple(self, node: nodes.Tuple, frame: Frame) -> None:
        if node.ctx == "load":
            self._measured(super().visit_Tuple, node, frame)
        else:
            super().visit_Tuple(node, frame)

    def visit_Const(self, node: nodes.Const, frame: Frame) -> None:
        if isinstance(node.value, _CONTAINERS):  # a literal the optimizer folded
            self._measured(super().visit_Const, node, frame)
        else:
            super().visit_Const(node, frame)

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        # `a ~ b` turns each side into text first: measured before, so a huge list is never printed.
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.budget.joined({join}, (")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")

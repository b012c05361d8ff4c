"""Compiled layout templates kept between builds, read back only from a folder this user alone can write."""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
from contextlib import suppress
from types import CodeType

import jinja2

from briefing.files.cache import read_cached, store_in_cache

# An entry is Python's marshal of the template's code object: code, run by the build that loads it. So it
# is only ever read through search_path.read_cached, which checks that the folder and file are this user's
# alone (owned, not writable by others, no links) and that the entry is whole (length and CRC-32), so a
# torn file never reaches marshal.loads, which does not check what it is given.


def compile_template(env: jinja2.Environment, source: str) -> jinja2.Template:
    """env.from_string(source), with the compiled code kept in the user's cache between builds.

    Lexing, parsing and compiling a layout's templates to Python took half of the compose stage (about
    1 ms a template, 17 for the sample). The key covers everything the generated code depends on: this
    Python's bytecode, the Jinja2 version, the environment's class (a sandbox compiles calls differently)
    and options, and the text. A syntax error is raised as from_string raises it; a cache that cannot be
    read or written only costs the compile.
    """
    options = (
        importlib.util.MAGIC_NUMBER.hex(),
        jinja2.__version__,
        type(env).__module__,
        type(env).__qualname__,
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        str(env.line_statement_prefix),
        str(env.line_comment_prefix),
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        str(env.autoescape),
        getattr(env.finalize, "__qualname__", str(env.finalize)),
        f"{env.code_generator_class.__module__}.{env.code_generator_class.__qualname__}",
        # The sandbox's own code generation (loop counting, include refusal) and limits folded in at compile
        # time: code compiled under other rules must never be taken for ours.
        getattr(env, "code_identity", lambda: ())(),
    )
    name = hashlib.blake2b(repr((options, source)).encode(), digest_size=16).hexdigest() + ".code"
    code = _load(name)
    if code is None:
        code = env.compile(source)
        store_in_cache("templates", name, marshal.dumps(code))
    return env.template_class.from_code(env, code, env.make_globals(None))


def _load(name: str) -> CodeType | None:
    entry = read_cached("templates", name)
    if entry is None:
        return None
    with suppress(ValueError, EOFError, TypeError):  # not written by this Python
        code = marshal.loads(entry)
        if isinstance(code, CodeType):
            return code
    return None

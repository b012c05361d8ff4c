"""Writing YAML text ourselves: scalars quoted whenever plain text could be read as anything else."""

from __future__ import annotations

import re

from briefing.read.yaml_nodes import resolve_plain

# Characters that may not start a plain scalar, or that make one end early or mean something else.
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_BREAKS = set("\n\r\x85\u2028\u2029")
_PLAIN_SAFE = re.compile(r"^[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]+$")
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\xa0": "\\_",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


_MEANINGFUL = (": ", " #", "\t", "{", "}", "[", "]", ",")
# {, }, [, ] and , are harmless in block context, but a reader pasting the value into a flow list is not.


def _bare_edges_ok(text: str) -> bool:
    """No outer spaces, no indicator first, no document marker, no key colon last."""
    if text != text.strip(" ") or text[0] in _INDICATORS:
        return False
    return not text.startswith(("---", "...")) and not text.endswith(":")


def _plain_ok(text: str) -> bool:
    """True when `text` written bare reads back as exactly this string (and as a string)."""
    if not text or not _bare_edges_ok(text):
        return False
    if not _PLAIN_SAFE.match(text) or any(char in _BREAKS for char in text):
        return False
    if any(part in text for part in _MEANINGFUL):
        return False
    return isinstance(resolve_plain(text), str)


def _escape(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"\\x{code:02x}"
    if 0xD800 <= code <= 0xDFFF or code in (0xFEFF, 0xFFFE, 0xFFFF):
        return f"\\u{code:04x}"
    return char


_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f-\xa0\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]')


def scalar(text: str, flow: bool = False) -> str:
    """One line of YAML that loads back as exactly `text`: bare when safe, else double-quoted with escapes.
    Inside a flow mapping ({text: …}) the value is always quoted: PyYAML reads ':' there differently."""
    if not flow and _plain_ok(text):
        return text
    return '"' + _NEEDS_ESCAPE.sub(lambda found: _escape(found[0]), text) + '"'


def key(name: str) -> str:
    """A mapping key; the same rules as a value."""
    return scalar(name)


def block(paragraphs: list[str], indent: str) -> list[str]:
    """Paragraphs as a literal block (`|`) with a blank line between them, or one quoted line if the
    text holds anything a literal block cannot carry exactly (control characters, odd line breaks)."""
    joined = "\n\n".join(paragraphs)
    literal_ok = all(
        _PLAIN_SAFE.match(paragraph) and paragraph == paragraph.strip() and "\n" not in paragraph
        for paragraph in paragraphs
    ) and not any(char in joined for char in "\r\x85\u2028\u2029\t")
    if not paragraphs or not literal_ok:
        return [scalar(joined)]
    lines = ["|"]
    for index, paragraph in enumerate(paragraphs):
        if index:
            lines.append("")
        lines.append(indent + paragraph)
    return lines


def comment(text: str) -> str:
    """Text safe inside a `#` comment: one line, no control characters."""
    from briefing.messages import printable

    return printable(text, None)

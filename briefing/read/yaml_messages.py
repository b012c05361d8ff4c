"""PyYAML's syntax complaints as a user reads them: translated to Chinese, quotes and escapes made plain."""

from __future__ import annotations

import re

from briefing.errors import Issue, Source, issue
from briefing.messages import Bilingual

# PyYAML's most common complaints (patterns matched at the start), in Chinese; others are shown as PyYAML words them.
SYNTAX_ZH = {
    "mapping values are not allowed here": "此处不能出现“键: 值”（这一行比上一行缩进多，或值里有没加引号的“: ”）",
    "could not find expected ':'": "找不到应有的冒号“:”",
    "found unexpected end of stream": "文件意外结束（引号或括号没有闭合）",
    r"found character '\\t' that cannot start": "这里有制表符（Tab）；YAML 只能用空格",
    "found character .* that cannot start any token": "这里的字符不能作为值的开头（如 @ 或 `，请给值加引号）",
    "expected <block end>, but found '-'": "列表项“-”的缩进与上一项不一致",
    "expected <block end>, but found '<block mapping start>'": "缩进不一致：这一行与同级的键没有对齐",
    "expected <block end>, but found '<block sequence start>'": "缩进不一致：列表与同级的键没有对齐",
    "expected <block end>, but found '<scalar>'": "缩进不一致，或上一行的值没有写完",
    "expected <block end>, but found '\\?'": "这一行放不进上面的结构（缩进与同级不一致，或键前有全角空格）",
    "expected <block end>, but found": "这一行放不进上面的结构（缩进与同级不一致）",
    "found unknown escape character": "双引号内有无法识别的转义字符（\\ 后面的字符）",
    "expected ',' or ']', but got '<stream end>'": "方括号 [ 没有闭合",
    "expected ',' or '}', but got '<stream end>'": "花括号 { 没有闭合",
    "found a tab character that violates indentation": "缩进里有制表符（Tab）",
    "found duplicate anchor": "锚点名称重复",
    "expected alphabetic or numeric character": "& 或 * 后面应紧跟字母或数字组成的名称（若是文字，请加引号）",
}
SYNTAX_CONTEXT_ZH = {
    "while scanning a simple key": "读取键时",
    "while scanning a quoted scalar": "读取带引号的文字时",
    "while parsing a block mapping": "读取映射时",
    "while parsing a block collection": "读取列表时",
    "while parsing a flow sequence": "读取方括号列表时",
    "while parsing a flow mapping": "读取花括号映射时",
    "while scanning a block scalar": "读取 | 或 > 段落时",
    "while scanning a plain scalar": "读取文字时",
    "while scanning for the next token": "读取下一项时",
    "while parsing a block node": "读取值时",
    "while scanning an anchor": "读取锚点时",
    "while scanning an alias": "读取别名时",
    "while scanning a tag": "读取标签时",
    "while scanning a directive": "读取指令时",
}


def syntax_words(problem: str, context: str, lang: str) -> tuple[str, str]:
    """The `problem` and `context` of a load.syntax message in `lang`: a known complaint translated, and
    what PyYAML quotes as Python would ('{') in curly quotes, which read as prose rather than code."""
    if lang != "en":
        problem = next((zh for en, zh in SYNTAX_ZH.items() if re.match(en, problem)), problem)
        context = SYNTAX_CONTEXT_ZH.get(context, context)
    quoted = re.sub(r"'([^'\n]{1,30})'", r"“\1”", problem)
    return quoted.replace("“\\n”", "“↵”").replace("“\\t”", "“Tab”"), context


def syntax_issue(source: Source, problem: str, context: str) -> Issue:
    """A load.syntax issue with PyYAML's words in both languages, so rendering it needs no YAML knowledge."""
    zh_problem, zh_context = syntax_words(problem, context, "zh")
    en_problem, en_context = syntax_words(problem, context, "en")
    return issue(source, "", "load.syntax", problem=Bilingual(zh_problem, en_problem),
                 context=Bilingual(zh_context, en_context))  # fmt: skip


def unescape(text: str) -> str:
    """PyYAML names odd characters by their Python escape ('\\ufeff'); a user reads U+FEFF better."""
    return re.sub(
        r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))",
        lambda found: f"U+{int(found[1] or found[2] or found[3], 16):04X}",
        text,
    )

"""Reading a tagged PDF back: text without its artifacts (pdfplumber and pypdf), the structure tree (pikepdf)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import pdfplumber
import pikepdf
from pypdf import PdfReader


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def plumber_text(data: bytes, artifacts: bool = False) -> str:
    """All pages' text as pdfplumber extracts it; without artifacts, the characters pdfplumber reports
    inside an /Artifact marked-content sequence are left out (as a tagged-PDF reader does)."""
    parts = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            if not artifacts:
                page = page.filter(lambda o: o.get("object_type") != "char" or o.get("tag") != "Artifact")
            parts.append(page.extract_text() or "")
    return squash("".join(parts))


def pypdf_text(data: bytes, artifacts: bool = False) -> str:
    """All pages' text as pypdf extracts it; without artifacts, text shown inside /Artifact BMC|BDC …
    EMC is left out (pypdf's visitors see the marked-content operators and each piece of text)."""
    out: list[str] = []
    for page in PdfReader(io.BytesIO(data)).pages:
        if artifacts:
            out.append(page.extract_text())
            continue
        stack: list[str] = []

        def before(operator, operands, cm, tm, stack=stack) -> None:  # type: ignore[no-untyped-def]
            if operator in (b"BMC", b"BDC"):
                stack.append(str(operands[0]))
            elif operator == b"EMC" and stack:
                stack.pop()

        def text(piece, cm, tm, font, size, stack=stack) -> None:  # type: ignore[no-untyped-def]
            if "/Artifact" not in stack:
                out.append(piece)

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return squash("".join(out))


@dataclass
class Node:
    """A structure element as read back: its type, attributes, kids, and the text of its marked content."""

    tag: str
    obj: pikepdf.Dictionary
    kids: list[Node] = field(default_factory=list)
    mcids: list[tuple[int, int]] = field(default_factory=list)  # (page index, MCID)
    text: str = ""
    owner: object = None  # the root keeps the open pikepdf document its objects live in

    def walk(self):  # type: ignore[no-untyped-def]
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def all_text(self) -> str:
        return self.text + "".join(kid.all_text() for kid in self.kids)


def structure(data: bytes) -> tuple[Node, dict[tuple[int, int], str], dict[tuple[int, int], Node]]:
    """The structure tree (Document node), the text of every (page, MCID) on the pages, and which node
    each (page, MCID) was reached from."""
    with pdfplumber.open(io.BytesIO(data)) as plumbed:
        texts: dict[tuple[int, int], str] = {}
        for index, page in enumerate(plumbed.pages):
            for char in page.chars:
                if char.get("mcid") is not None:
                    key = (index, char["mcid"])
                    texts[key] = texts.get(key, "") + char["text"]
    pdf = pikepdf.open(io.BytesIO(data))
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    reached: dict[tuple[int, int], Node] = {}

    def read(element: pikepdf.Dictionary, page: int | None) -> Node:
        node = Node(str(element.S)[1:], element)
        if "/Pg" in element:
            page = pages[element.Pg.objgen]
        kids = element.get("/K")
        items = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
        for kid in items:
            if isinstance(kid, int):
                assert page is not None
                node.mcids.append((page, int(kid)))
            elif "/S" in kid:
                node.kids.append(read(kid, page))
            elif kid.get("/Type") == "/MCR":
                node.mcids.append((pages[kid.Pg.objgen], int(kid.MCID)))
        for key in node.mcids:
            reached[key] = node
        node.text = "".join(texts.get(key, "") for key in node.mcids)
        return node

    root = pdf.Root.StructTreeRoot
    document = read(root.K[0] if isinstance(root.K, pikepdf.Array) else root.K, None)
    document.owner = pdf
    return document, texts, reached

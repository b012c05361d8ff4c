"""Reading built .docx files back the way Word would: paragraphs with their styles, tables, sections, parts."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import cached_property

import docx
from docx.oxml.ns import qn
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "v": "urn:schemas-microsoft-com:vml",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


@dataclass(frozen=True)
class Paragraph:
    style: str  # the style's name as styles.xml has it (Normal, heading 1, 表格)
    text: str
    element: etree._Element


class Docx:
    """One .docx: python-docx's view of it and the raw parts."""

    def __init__(self, data: bytes):
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.document = docx.Document(io.BytesIO(data))

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    @cached_property
    def body(self) -> etree._Element:
        return self.document.element.body

    @cached_property
    def style_names(self) -> dict[str, str]:
        """Style id → the name styles.xml gives it."""
        root = self.xml("word/styles.xml")
        return {
            style.get(qn("w:styleId")): style.find("w:name", NS).get(qn("w:val"))
            for style in root.findall("w:style", NS)
        }

    @cached_property
    def styles_by_name(self) -> dict[str, etree._Element]:
        root = self.xml("word/styles.xml")
        return {style.find("w:name", NS).get(qn("w:val")): style for style in root.findall("w:style", NS)}

    def paragraph(self, element: etree._Element) -> Paragraph:
        style_id = element.find("w:pPr/w:pStyle", NS)
        name = self.style_names.get(style_id.get(qn("w:val")), "?") if style_id is not None else "Normal"
        text = "".join(
            node.text or ("\t" if node.tag == qn("w:tab") else "")
            for node in element.iter(qn("w:t"), qn("w:tab"))
            if node.getparent().tag == qn("w:r")  # not a tab stop's definition
        )
        return Paragraph(name, text, element)

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        """Paragraphs of the body outside tables, in order."""
        return [self.paragraph(p) for p in self.body.findall("w:p", NS)]

    @cached_property
    def blocks(self) -> list[Paragraph | list[list[str]]]:
        """The body in order: a paragraph, or a table as rows of cell texts."""
        found: list[Paragraph | list[list[str]]] = []
        for node in self.body:
            if node.tag == qn("w:p"):
                found.append(self.paragraph(node))
            elif node.tag == qn("w:tbl"):
                found.append(self.rows(node))
        return found

    def rows(self, table: etree._Element) -> list[list[str]]:
        return [
            [
                "\n".join(self.paragraph(p).text for p in cell.findall("w:p", NS))
                for cell in row.findall("w:tc", NS)
            ]
            for row in table.findall("w:tr", NS)
        ]

    @cached_property
    def tables(self) -> list[etree._Element]:
        return self.body.findall("w:tbl", NS)

    @cached_property
    def sections(self) -> list[etree._Element]:
        """Every section's properties in order (paragraph-carried ones, then the body's last one)."""
        return self.body.findall("w:p/w:pPr/w:sectPr", NS) + self.body.findall("w:sectPr", NS)

    def related(self, rid: str, part: str = "word/document.xml") -> str:
        folder, name = part.rsplit("/", 1)
        rels = self.xml(f"{folder}/_rels/{name}.rels")
        for rel in rels:
            if rel.get("Id") == rid:
                return f"{folder}/{rel.get('Target')}"
        raise KeyError(rid)

    def footer_parts(self, section: etree._Element) -> dict[str, etree._Element]:
        return {
            ref.get(qn("w:type")): self.xml(self.related(ref.get(qn("r:id"))))
            for ref in section.findall("w:footerReference", NS)
        }

    def header_parts(self, section: etree._Element) -> dict[str, etree._Element]:
        return {
            ref.get(qn("w:type")): self.xml(self.related(ref.get(qn("r:id"))))
            for ref in section.findall("w:headerReference", NS)
        }


def attribute(node: etree._Element | None, name: str) -> str | None:
    return None if node is None else node.get(qn(f"w:{name}"))

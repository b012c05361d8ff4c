"""The one place that touches ReportLab's private members and undocumented internals; each says why.

Everything else in render/ goes through these accessors, so a ReportLab release that moves one of them
breaks here, in one module, and the tests of this module say which. Checked against ReportLab 5.1.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from weakref import WeakKeyDictionary

from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace
from reportlab.pdfgen.canvas import Canvas

# The members a parsed face holds that are ReportLab's own (its file's bytes, and a scaling lambda): a
# cache of the face keeps neither and sets both when it restores one (see restore_face).
FACE_PRIVATE_MEMBERS = ("_ttf_data", "_pdfScale")
# The members of a TTFont as ReportLab 5.1 makes it; a font holding others is not restored from a cache.
_FONT_MEMBERS = frozenset({"fontName", "face", "encoding", "state", "_asciiReadable", "_shapable"})


# The PDF document behind a canvas ---------------------------------------------------------------------


def pdf_document(canv: Canvas) -> Any:
    """The PDFDocument a canvas writes into (`canv._doc`).

    No public API hands it out, and embedding our own Type0 fonts needs it: a font is one object per
    document, and its resource name must be where ReportLab lists every page's fonts.
    """
    return canv._doc


def add_page_font(doc: Any, font_name: str, font: object) -> str:
    """Give `font` the next resource name of ReportLab's kind (F1, F2 …) and have `font.addObjects(doc)`
    called when the document is written; returns the resource name without its slash.

    `fontMapping` and `delayedFonts` are how ReportLab's own TrueType fonts do it; the public
    `pdfmetrics.registerFont` would embed a face as simple 256-glyph fonts instead of one Type0 font.
    """
    internal = f"F{len(doc.fontMapping) + 1}"
    doc.fontMapping[font_name] = "/" + internal
    doc.delayedFonts.append(font)
    return internal


def set_font_resource(doc: Any, internal: str, font: object) -> None:
    """List a written font under its resource name, by reference, in the fonts every page shares.

    ReportLab keeps that dictionary as the object named "BasicFonts" and offers no call to add to it.
    """
    doc.idToObject["BasicFonts"].dict[internal] = doc.Reference(font, internal)


def write_delayed_fonts(doc: Any) -> None:
    """Make the objects of the fonts waiting to be written now, as `GetPDFData` would at save.

    Done ahead of `save` so that their streams exist to be compressed in other threads meanwhile; the
    emptied list keeps `save` from writing them twice.
    """
    for font in doc.delayedFonts:
        font.addObjects(doc)
    doc.delayedFonts = []


def document_objects(doc: Any) -> Iterable[Any]:
    """Every object the document will write (its `idToObject` table: no public listing exists)."""
    objects: Iterable[Any] = doc.idToObject.values()
    return objects


def document_pages(doc: Any) -> list[Any]:
    """The document's pages, in order, with their content streams still strings (`doc.Pages.pages`).

    Contents page numbers are written into the streams after layout; ReportLab's public way, a form
    XObject per entry, writes 370 extra objects for the 10x packet.
    """
    pages: list[Any] = doc.Pages.pages
    return pages


def replace_in_page(page: Any, mark: str, text: str) -> None:
    """Replace the first `mark` in a page's content stream (`PDFPage.stream`, a string until save)."""
    page.stream = page.stream.replace(mark, text, 1)


def drop_empty_page_entries(doc: Any) -> None:
    """Drop the empty /Trans and the /Rotate 0 ReportLab writes into every page: bytes that say nothing.

    ReportLab sets both on every PDFPage and has no option to leave them out. (Sharing one resource
    dictionary between the pages would save a fifth of the 10x packet's saving time too, but tools that
    stamp pages, pikepdf's add_resource among them, then change every page.)
    """
    for page in document_pages(doc):
        if page.Trans is not None and not page.Trans.dict:
            page.Trans = None
        if page.Rotate == 0:
            page.Rotate = None


# Parsed TrueType faces ---------------------------------------------------------------------------------


def face_file_bytes(face: TTFontFace) -> bytes:
    """The font file's bytes a parsed face keeps (`face._ttf_data`).

    Its subsetter reads glyphs from them; the checks on a face read its hhea table from the same bytes,
    and the cache compares a face's table directory with them. No accessor is public.
    """
    data: bytes = face._ttf_data
    return data


def restore_face(members: dict[str, Any], data: bytes, scale: Any) -> TTFontFace:
    """A TTFontFace holding `members`, with its file's bytes and scaling function, without parsing it.

    TTFontFace can only be made by parsing a file (50 ms for a 9,000-glyph face); the font cache keeps the
    parse's results as data and puts them back as the parse would have set them.
    """
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(members)
    face.__dict__["_ttf_data"] = data
    face.__dict__["_pdfScale"] = scale
    return face


def restore_font(name: str, face: TTFontFace, shapable: bool) -> TTFont:
    """A TTFont around a restored face, as TTFont.__init__ would make it around a parsed one.

    TTFont's constructor parses the file; its private flags (`_asciiReadable`, `_shapable`) are set as a
    build asks for them (never ASCII-readable; shapable as the parsed face was).
    """
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = False
    font._shapable = shapable
    return font


def font_is_shapable(font: TTFont) -> bool:
    """Whether ReportLab found the face fit for HarfBuzz shaping (`font._shapable`; no accessor)."""
    return bool(font._shapable)


def font_has_only_known_members(font: TTFont) -> bool:
    """Whether a font holds just what restore_font sets: anything else would be lost in the cache."""
    return not set(vars(font)) - _FONT_MEMBERS


def face_members(face: TTFontFace) -> Iterator[tuple[str, Any]]:
    """A face's members apart from its private ones, for the cache to keep as data."""
    for name, value in vars(face).items():
        if name not in FACE_PRIVATE_MEMBERS:
            yield name, value

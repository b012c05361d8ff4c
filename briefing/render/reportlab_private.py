"""The one place that touches ReportLab's private members and undocumented internals; each says why.

Everything else in render/ goes through these accessors, so a ReportLab release that moves one of them
breaks here, in one module, and the tests of this module say which. Checked against ReportLab 5.1.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

if TYPE_CHECKING:  # ReportLab itself is imported where it is used: see defer_pillow
    from reportlab.pdfbase.ttfonts import TTFont, TTFontFace
    from reportlab.pdfgen.canvas import Canvas

# The members a parsed face holds that are ReportLab's own (its file's bytes, and a scaling lambda): a
# cache of the face keeps neither and sets both when it restores one (see restore_face).
FACE_PRIVATE_MEMBERS = ("_ttf_data", "_pdfScale")
# The members of a TTFont as ReportLab 5.1 makes it; a font holding others is not restored from a cache.
_FONT_MEMBERS = frozenset({"fontName", "face", "encoding", "state", "_asciiReadable", "_shapable"})


# Importing ReportLab ------------------------------------------------------------------------------------


def defer_pillow() -> None:
    """Have Pillow's `PIL.Image` loaded when something first uses it, not when ReportLab is imported.

    reportlab.lib.utils, which every ReportLab module imports (through rl_config), runs `from PIL import
    Image` at its top: 8-10 ms and 4 MiB of a build that draws no image. ReportLab offers no switch, and
    the import cannot be routed around, so the module is entered in sys.modules through the standard
    library's importlib.util.LazyLoader: the same module, executed on its first attribute access (an image
    drawn, or anyone else's use of Pillow), so nothing else in the process sees a difference. Done only
    if nothing has imported it yet; idempotent. Call it before the first ReportLab import.
    """
    if "PIL.Image" in sys.modules or "reportlab.lib.utils" in sys.modules:
        return
    try:
        spec = importlib.util.find_spec("PIL.Image")
    except ImportError:  # no Pillow: ReportLab's own import will say so
        return
    if spec is None or spec.loader is None:
        return
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["PIL.Image"] = module
    loader.exec_module(module)
    # As an import binds a submodule in its package; `from PIL import Image` then takes it from there, where
    # the import system's own lookup in sys.modules would read the module's __spec__ and so load it.
    setattr(sys.modules["PIL"], "Image", module)  # noqa: B010


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


def compress_pages_with(doc: Any, compressed: Callable[[bytes], object], smallest: int) -> None:
    """Give each page stream of at least `smallest` bytes the Flate filter `compressed(its bytes)` makes.

    The page's stream object is made here as PDFPage.check_format makes it at save (a PDFStream with the
    page's text, commented "page stream"), with this filter in place of PDFZCompress: ReportLab has no
    hook for a page's filters.
    """
    from reportlab.pdfbase.pdfdoc import PDFStream

    for page in document_pages(doc):
        text = page.stream
        if page.Contents or not text or not page.compression or len(text) < smallest:
            continue
        stream = PDFStream()
        stream.filters = [compressed(text.encode("utf8"))]  # as PDFZCompress encodes text
        stream.content = text
        stream.__Comment__ = "page stream"
        page.Contents = stream


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


# Writing the file ourselves (render/pdf_writer.py) ----------------------------------------------------------


def format_document_with(doc: Any, write: Callable[[Any], bytes]) -> None:
    """Have `write(doc)` make the file's bytes where GetPDFData calls `doc.format()`.

    canvas.save (public) prepares the document (fonts, info, outlines) and then calls the document's
    format(), ReportLab's object-by-object loop; no hook exists for another writer, so the method is
    replaced on this document object alone (the class is left as it is).
    """
    doc.format = lambda: write(doc)


def document_object_table(doc: Any) -> tuple[dict[str, Any], dict[str, tuple[int, int]], dict[int, str]]:
    """The document's objects by name, their (number, version) by name, and their names by number.

    (`idToObject`, `idToObjectNumberAndVersion`, `numberToId`: the table PDFDocument.format walks; all three
    grow as objects are written, so they are the live dictionaries, not copies.)
    """
    return doc.idToObject, doc.idToObjectNumberAndVersion, doc.numberToId


def register_objects(doc: Any, named: Iterable[tuple[str, Any]]) -> int:
    """Give each (name, object) the next object number, as `doc.Reference(obj, name)` would; returns the
    first number. The names must be new to the document.

    The same entries in the same tables as Reference makes (`objectcounter`, `idToObjectNumberAndVersion`,
    `numberToId`, `idToObject`, the object's `__InternalName__`), without its checks and the reference it
    returns for each: the 10x packet's structure tree is 11,750 objects.
    """
    first: int = doc.objectcounter + 1
    numbers = doc.idToObjectNumberAndVersion
    names = doc.numberToId
    objects = doc.idToObject
    number = first - 1
    for number, (name, obj) in enumerate(named, start=first):
        if name in objects:
            raise ValueError(f"redefining named object: {name!r}")
        obj.__InternalName__ = name
        numbers[name] = (number, 0)
        names[number] = name
        objects[name] = obj
    doc.objectcounter = number
    return first


def catalog_dictionary(catalog: Any, doc: Any) -> dict[str, Any]:
    """The entries PDFCatalog.format writes for a catalog, page tree or page, after its check_format.

    Its defaults (`__Defaults__`), then the attributes it lists (`__NoDefault__`) that are set, those in
    `__Refs__` as references: the same steps as PDFCatalog.format, which hands them straight to its own
    dictionary formatting and so cannot be asked for them.
    """
    catalog.check_format(doc)
    entries: dict[str, Any] = {}
    for key, default in catalog.__Defaults__.items():
        found = getattr(catalog, key, default)
        if found is not None:
            entries[key] = found
    for key in catalog.__NoDefault__:
        found = getattr(catalog, key, None)
        if found is not None:
            entries[key] = found
    for key in catalog.__Refs__:
        if key in entries:
            entries[key] = doc.Reference(entries[key])
    return entries


def document_header_version(doc: Any) -> tuple[int, int]:
    """The PDF version the header line says (`doc._pdfVersion`; set by ensureMinPdfVersion, not readable)."""
    major, minor = doc._pdfVersion
    return int(major), int(minor)


def document_signs_itself(doc: Any) -> bool:
    """Whether digital signatures are attached (`doc._digiSigs`): they sign the file ReportLab writes."""
    return bool(getattr(doc, "_digiSigs", None))


# Parsed TrueType faces ---------------------------------------------------------------------------------


def face_file_bytes(face: TTFontFace) -> bytes:
    """The font file's bytes a parsed face keeps (`face._ttf_data`).

    Its subsetter reads glyphs from them; the checks on a face read its hhea table from the same bytes,
    and the cache compares a face's table directory with them. No accessor is public.
    """
    data: bytes = face._ttf_data
    return data


def release_file_bytes(face: TTFontFace) -> None:
    """Let go of the file's bytes a parsed face keeps; subset_program hands them back when needed.

    A face keeps its whole file (3 MB for each of the sample's five) for as long as ReportLab's font
    registry keeps the face, which is the process's life; only the subsetter reads them.
    """
    face._ttf_data = b""


def subset_program(face: TTFontFace, data: bytes, points: list[int]) -> bytes:
    """ReportLab's subset of the face for `points`, read from the file's bytes `data`.

    The subsetter (`makeSubset`, public) reads the glyphs from the face's private copy of the file, so
    the bytes are lent to the face for the call and taken back after it.
    """
    face._ttf_data = data
    try:
        program: bytes = face.makeSubset(points)
    finally:
        face._ttf_data = b""
    return program


def restore_face(members: dict[str, Any], data: bytes, scale: Any) -> TTFontFace:
    """A TTFontFace holding `members`, with its file's bytes and scaling function, without parsing it.

    TTFontFace can only be made by parsing a file (50 ms for a 9,000-glyph face); the font cache keeps the
    parse's results as data and puts them back as the parse would have set them.
    """
    from reportlab.pdfbase.ttfonts import TTFontFace

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
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFont

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


def face_glyph_offsets(face: TTFontFace) -> list[int]:
    """Where each glyph's data starts in the glyf table (`face.glyphPos`, the loca table as parsed).

    Watermarks are drawn as glyph outlines (so that no extractor reads them as text); ReportLab parses
    loca for its subsetter and offers no accessor.
    """
    offsets: list[int] = face.glyphPos
    return offsets


def face_table_offset(face: TTFontFace, tag: str) -> int:
    """Where a table of the font file starts (`face.table`, the parsed table directory)."""
    offset: int = face.table[tag]["offset"]
    return offset


# Tagging: entries ReportLab's page and catalog objects do not know, annotations and object numbers ------


def object_number(doc: Any, name: str) -> int:
    """The object number ReportLab gave the object registered under `name` (`idToObjectNumberAndVersion`).

    The structure tree is written as preformatted objects that refer to pages, annotations and each
    other by number; ReportLab hands numbers out only through its own (slow) dictionaries' formatting.
    """
    number: int = doc.idToObjectNumberAndVersion[name][0]
    return number


def set_page_entries(page: Any, entries: dict[str, str]) -> None:
    """Add entries (/StructParents, /Tabs) to a page dictionary; values are written as given.

    PDFPage writes only the keys listed in its `__NoDefault__`, which lacks those of tagged PDF; the
    list is extended on this page object alone.
    """
    page.__NoDefault__ = [*type(page).__NoDefault__, *entries]
    for key, value in entries.items():
        setattr(page, key, value)


def set_catalog_entries(doc: Any, entries: dict[str, Any]) -> None:
    """Add entries to the document catalog (`doc.Catalog`), e.g. /StructTreeRoot, /OutputIntents.

    PDFCatalog writes only the keys in its `__NoDefault__` (which lacks /OutputIntents); extended on this
    catalog object alone. The listed keys it writes as references stay so (`__Refs__`).
    """
    catalog = doc.Catalog
    known = type(catalog).__NoDefault__
    catalog.__NoDefault__ = [*known, *(key for key in entries if key not in known)]
    for key, value in entries.items():
        setattr(catalog, key, value)


def add_annotation(canv: Canvas, name: str, annotation: object) -> None:
    """Put an annotation object we made on the current page (`canv._addAnnotation`).

    The public link calls (linkAbsolute) build ReportLab's LinkAnnotation, which refuses the
    /StructParent entry a tagged link needs.
    """
    canv._addAnnotation(annotation, name)


def destination(canv: Canvas, key: str) -> Any:
    """The destination object of a bookmark key, possibly defined later (`canv._bookmarkReference`).

    A contents entry links to a heading drawn pages later; ReportLab binds the destination when the
    heading's bookmark is made and formats it as an explicit destination at save.
    """
    return canv._bookmarkReference(key)

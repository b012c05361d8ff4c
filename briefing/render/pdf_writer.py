"""The PDF file written in one pass: the objects ReportLab would format, as the bytes it would write.

ReportLab's PDFDocument.format wraps every object in a PDFIndirectObject and every value in a call of
its module-level `format` (isinstance checks, a hasattr, an encode each); the 1,374 objects of the
sample (1,210 of them the structure tree) took two thirds of the time spent saving. This writer walks
the same object table in the same order and writes the kinds of object a build makes (dictionaries,
arrays, names, numbers, strings, references, streams, pages, the resource dictionaries) directly, each
exactly as ReportLab formats it; any other object is formatted by ReportLab itself. Only what ReportLab
writes with its default settings is done here: an encrypted or commented document, or one that signs
itself, is written by ReportLab's own loop (`writes_plainly`).
"""

from __future__ import annotations

import codecs
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import (
    Destination,
    NoEncryption,
    OutlineEntryObject,
    PDFArray,
    PDFArrayCompact,
    PDFCatalog,
    PDFDestinationFit,
    PDFDestinationXYZ,
    PDFDictionary,
    PDFObject,
    PDFObjectReference,
    PDFPage,
    PDFPages,
    PDFResourceDictionary,
    PDFStream,
    PDFString,
)

from briefing.render.reportlab_private import (
    catalog_dictionary,
    document_header_version,
    document_object_table,
    document_signs_itself,
)

# After the version line: the binary comment ReportLab writes (Tokyo in Shift-JIS, so that a file put
# through a text conversion shows it).
_BINARY_COMMENT = b"\n%\223\214\213\236 ReportLab Generated PDF document (opensource)\n"
_NAME_SPECIALS = frozenset("%()<>{}[]#")
# An object's bytes longer than this are not copied to frame them with `n 0 obj` … `endobj`.
_COPIED = 4096


def writes_plainly(doc: Any) -> bool:
    """Whether this writer makes the document's bytes: unencrypted, without comments, unsigned."""
    comments = not rl_config.invariant and rl_config.pdfComments
    return type(doc.encrypt) is NoEncryption and not comments and not document_signs_itself(doc)


def pdf_name(name: str) -> str:
    """`name` as a PDF name, as pdfdoc.PDFName writes it: characters outside ! … ~ and delimiters as #xx."""
    if name.isascii() and name.isprintable() and " " not in name and _NAME_SPECIALS.isdisjoint(name):
        return "/" + name
    return pdfdoc.PDFName(name)  # type: ignore[no-any-return]


def _encoded(text: str) -> bytes:
    """A str as ReportLab writes one (pdfdocEnc), in its extended PDFDocEncoding: printable ASCII is
    itself there; anything else goes through the codec, which also refuses what ReportLab's refuses."""
    return text.encode("ascii") if text.isascii() and text.isprintable() else text.encode("extpdfdoc")


def string_bytes(text: str) -> bytes:
    """A PDFString(text) as ReportLab writes it (enc 'auto', escaped): PDFDocEncoding when the text fits,
    else UTF-16BE with its byte-order mark, in parentheses with `(`, `)`, `\\` and non-printing bytes escaped."""
    try:
        data = text.encode("pdfdoc")
    except UnicodeEncodeError:
        data = codecs.BOM_UTF16_BE + text.encode("utf_16_be")
    return _encoded("(" + escapePDF(data) + ")")


class Preformatted(PDFObject):  # type: ignore[misc]  # ReportLab is untyped
    """An object whose bytes we make ourselves, when the document is written (object numbers are known
    by then); ReportLab's own formatting (`format`) gives the same bytes."""

    def __init__(self, make: Callable[[Any], bytes] | None = None, data: bytes = b""):
        self.make = make  # when the bytes can only be made at save (a link's destination)
        self.data = data  # otherwise: the bytes

    def format(self, document: Any) -> bytes:
        return self.data if self.make is None else self.make(document)


class PdfWriter:
    """Formats the objects of one PDFDocument; `file()` writes the whole file after ReportLab's preparation."""

    def __init__(self, doc: Any):
        self.doc = doc
        self._numbers: dict[str, tuple[int, int]] = document_object_table(doc)[1]
        self._names: dict[str, bytes] = {}
        # The kinds written here, by exact type: a subclass may format itself otherwise.
        self._values: dict[type, Callable[[Any], bytes]] = {
            str: _encoded,
            int: _number,
            float: _number,
            bytes: _same,
            PDFObjectReference: self._reference,
            PDFDictionary: self.dictionary,
            PDFArray: self.array,
            PDFArrayCompact: self.array,
            PDFString: self._string,
            PDFResourceDictionary: self._resources,
            Preformatted: self._preformatted,
            OutlineEntryObject: self._outline_entry,
            Destination: self._destination,
        }
        # Objects that are always written as objects of their own (ReportLab's __RefOnly__).
        self._objects: dict[type, Callable[[Any], bytes]] = {
            PDFStream: self.stream,
            PDFCatalog: self._catalog,
            PDFPages: self._catalog,
            PDFPage: self._catalog,
        }

    # --- values ----------------------------------------------------------------------------------------

    def value(self, element: object) -> bytes:
        """An element inside an object, as pdfdoc.format(element, doc) writes it."""
        write = self._values.get(type(element))
        if write is not None:
            return write(element)
        return pdfdoc.format(element, self.doc)  # type: ignore[no-any-return]

    def name(self, key: str) -> bytes:
        found = self._names.get(key)
        if found is None:
            found = self._names[key] = _encoded(pdf_name(key))
        return found

    def _preformatted(self, obj: Preformatted) -> bytes:
        return obj.data if obj.make is None else obj.make(self.doc)

    def _reference(self, reference: Any) -> bytes:
        try:
            return b"%d %d R" % self._numbers[reference.name]
        except KeyError:  # as ReportLab says it
            raise KeyError(
                f"forward reference to {reference.name!r} not resolved upon final formatting"
            ) from None

    def _string(self, string: Any) -> bytes:
        plain = getattr(string, "enc", "auto") == "auto" and getattr(string, "escape", 1) == 1
        if plain and isinstance(string.s, str):
            return string_bytes(string.s)
        return string.format(self.doc)  # type: ignore[no-any-return]

    def dictionary(self, dictionary: Any, indent: bytes = b"\n ") -> bytes:
        """A PDFDictionary as its format() writes it: sorted keys (unless ordered), six to a line."""
        entries = dictionary.dict
        keys = list(entries) if isinstance(entries, OrderedDict) else sorted(entries)
        name = self.name
        value = self.value
        lines = [name(key) + b" " + value(entries[key]) for key in keys]
        return b"<<\n" + self._joined(lines, dictionary.multiline, 6, indent) + b"\n>>"

    def array(self, array: Any) -> bytes:
        """A PDFArray as its format() writes it: ten elements to a line."""
        value = self.value
        return (
            b"[ " + self._joined([value(element) for element in array.sequence], array.multiline, 10) + b" ]"
        )

    @staticmethod
    def _joined(parts: list[bytes], multiline: object, per_line: int, indent: bytes = b"\n ") -> bytes:
        if (multiline and rl_config.pdfMultiLine) or multiline == "forced":
            return indent.join(parts)
        for index in reversed(range(per_line, len(parts), per_line)):
            parts.insert(index, b"\n ")
        return b" ".join(parts)

    def _resources(self, resources: Any) -> bytes:
        """A PDFResourceDictionary as its format() writes it."""
        entries: dict[str, object] = {}
        for key in resources.dict_attributes:
            found = getattr(resources, key)
            if isinstance(found, dict):
                if found:
                    entries[key] = PDFDictionary(found)
            else:
                entries[key] = found
        procedures = resources.ProcSet
        if isinstance(procedures, (list, tuple)):
            if procedures:
                entries["ProcSet"] = PDFArray(procedures)
        else:
            entries["ProcSet"] = procedures
        return self.dictionary(PDFDictionary(entries))

    def _outline_entry(self, entry: Any) -> bytes:
        """A bookmark (OutlineEntryObject) as its format() writes it: its title a string, then its links."""
        entries: dict[str, object] = {
            "Title": PDFString(entry.Title),
            "Parent": entry.Parent,
            "Dest": entry.Dest,
        }
        for key in ("Prev", "Next", "First", "Last", "Count"):
            found = getattr(entry, key)
            if found is not None:
                entries[key] = found
        return self.dictionary(PDFDictionary(entries))

    def _destination(self, destination: Any) -> bytes:
        """A bookmark's destination as Destination.format writes it: [page /XYZ left top zoom] or [page /Fit]."""
        kind, page = destination.fmt, destination.page
        if kind is None or page is None or type(kind) not in (PDFDestinationXYZ, PDFDestinationFit):
            return pdfdoc.format(destination, self.doc)  # type: ignore[no-any-return]  # (or ReportLab's error)
        kind.page = page  # as Destination.format binds it
        parts: list[object] = [self.doc.Reference(page), pdf_name(kind.typename)]
        if type(kind) is PDFDestinationXYZ:
            parts += (kind.left, kind.top, kind.zoom)
        return self.array(PDFArray(parts))

    # --- objects ---------------------------------------------------------------------------------------

    def top(self, obj: object) -> bytes:
        """An object of the file's, as pdfdoc.format(obj, doc, toplevel=1) writes it."""
        write = self._objects.get(type(obj)) or self._values.get(type(obj))
        if write is not None:
            return write(obj)
        return pdfdoc.format(obj, self.doc, toplevel=1)  # type: ignore[no-any-return]

    def stream(self, stream: Any) -> bytes:
        """A PDFStream as its format() writes it: the filters applied last to first, then /Length."""
        entries = dict(stream.dictionary.dict)
        content = stream.content
        if content is None:
            raise ValueError("stream content not set")
        filters = stream.filters
        if filters is None:
            filters = self.doc.defaultStreamFilters
        if filters is not None and "Filter" not in entries:
            names: list[str] = []
            for each in reversed(list(filters)):
                content = each.encode(content)
                names.insert(0, pdf_name(each.pdfname))
            entries["Filter"] = PDFArray(names)
        data = content if isinstance(content, bytes) else self.value(content)
        entries["Length"] = len(content)
        return self.dictionary(PDFDictionary(entries)) + b"\nstream\n" + data + b"endstream\n"

    def _catalog(self, catalog: Any) -> bytes:
        """A PDFCatalog, PDFPages or PDFPage as PDFCatalog.format writes it (its check_format first)."""
        return self.dictionary(PDFDictionary(catalog_dictionary(catalog, self.doc)))

    # --- the file --------------------------------------------------------------------------------------

    def file(self) -> bytes:
        """The whole file, as PDFDocument.format writes it once GetPDFData has prepared the document."""
        doc = self.doc
        doc.encrypt.prepare(doc)
        root = doc.Reference(doc.Catalog)
        info = doc.Reference(doc.info)
        objects, numbers, number_to_name = document_object_table(doc)
        chunks = [b"%%PDF-%d.%d" % document_header_version(doc) + _BINARY_COMMENT]
        offset = len(chunks[0])
        offsets: list[int] = []
        versions: list[int] = []
        top = self.top
        counter = 1
        while counter in number_to_name:  # objects may be added while others are written
            name = number_to_name[counter]
            number, version = numbers[name]
            obj = objects[name]
            # Most objects of a tagged document are written already (the structure tree's).
            body = obj.data if type(obj) is Preformatted and obj.make is None else top(obj)
            head = b"%d %d obj\n" % (number, version)
            tail = b"endobj\n" if body.endswith(b"\n") else b"\nendobj\n"
            if len(body) > _COPIED:
                chunks += (head, body, tail)  # a stream's bytes are copied once, into the file
            else:
                chunks.append(head + body + tail)  # one piece: the 10x packet has 13,000 objects
            offsets.append(offset)
            versions.append(version)
            offset += len(head) + len(body) + len(tail)
            counter += 1
        count = len(number_to_name)
        table = [b"xref\n0 %d\n0000000000 65535 f " % (count + 1)]
        table.extend(b"%010d %05d n " % entry for entry in zip(offsets, versions, strict=True))
        chunks.append(b"\n".join(table) + b"\n")
        trailer = PDFDictionary({"Size": count + 1, "Root": root, "Info": info, "ID": doc.ID()})
        trailer.multiline = "forced"
        chunks.append(b"trailer\n" + self.dictionary(trailer, b"\n") + b"\nstartxref\n%d\n%%%%EOF\n" % offset)
        return b"".join(chunks)


def _number(number: float) -> bytes:
    return fp_str(number).encode("ascii")  # type: ignore[no-any-return]


def _same(data: bytes) -> bytes:
    return data


def write_document(doc: Any) -> bytes:
    """The document's file: this writer's when it writes such documents, else ReportLab's own loop."""
    if not writes_plainly(doc):
        return reportlab_format(doc)
    return PdfWriter(doc).file()


def reportlab_format(doc: Any) -> bytes:
    """ReportLab's own formatting of the whole document (PDFDocument.format, the class's, not ours)."""
    return pdfdoc.PDFDocument.format(doc)  # type: ignore[no-any-return]

"""The document's dates, its XMP metadata (matching the Info dictionary) and, for PDF/A-2b, its output intent.

The dates are the packet's (midnight UTC of its `date:`), or SOURCE_DATE_EPOCH when that is set, so that
the same packet gives the same bytes and a date that means something, not ReportLab's 2000-01-01.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import msgspec
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream, PDFZCompress

from briefing.errors import Issue, Source, issue
from briefing.model.plan import Metadata
from briefing.render.tagging import inline


def _escape(text: str) -> str:
    """Text as XML character data: &, < and > as entities (xml.sax.saxutils.escape would import
    urllib.request, http.client and ssl on every build)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


PRODUCER = "briefing (ReportLab)"
ICC_PROFILE = Path(__file__).parent / "data" / "sRGB.icc"
# The latest second XMP and PDF dates can say (year 9999).
_LAST_EPOCH = 253402300799


class DocumentTime(msgspec.Struct, frozen=True):
    """When the document was made, in UTC, as the Info dictionary and XMP write it."""

    moment: dt.datetime

    @property
    def pdf(self) -> str:
        return self.moment.strftime("D:%Y%m%d%H%M%S+00'00'")

    @property
    def xmp(self) -> str:
        return self.moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def document_time(metadata: Metadata, environ: Mapping[str, str]) -> DocumentTime | Issue:
    """SOURCE_DATE_EPOCH if set, else the packet's date, else the epoch; an Issue for a bad variable."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit() or int(epoch) > _LAST_EPOCH:
            return issue(Source("SOURCE_DATE_EPOCH"), "", "render.source-date-epoch", value=epoch[:40])
        return DocumentTime(dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc))
    try:
        day = dt.date.fromisoformat(metadata.date)
    except ValueError:
        day = dt.date(1970, 1, 1)
    return DocumentTime(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc))


def xmp_packet(metadata: Metadata, time: DocumentTime, pdfa: bool) -> bytes:
    """The XMP packet: the same title, author, subject, keywords, tools and dates as the Info dictionary."""
    identification = (
        "   <pdfaid:part>2</pdfaid:part>\n   <pdfaid:conformance>B</pdfaid:conformance>\n" if pdfa else ""
    )
    text = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_escape(metadata.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{_escape(metadata.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{_escape(metadata.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{_escape(metadata.lang)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{_escape(metadata.keywords)}</pdf:Keywords>
   <pdf:Producer>{_escape(PRODUCER)}</pdf:Producer>
   <xmp:CreatorTool>{_escape(metadata.creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{time.xmp}</xmp:CreateDate>
   <xmp:ModifyDate>{time.xmp}</xmp:ModifyDate>
   <xmp:MetadataDate>{time.xmp}</xmp:MetadataDate>
{identification}  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return text.encode("utf-8")


def catalog_entries(metadata: Metadata, time: DocumentTime, pdfa: bool) -> dict[str, object]:
    """The catalog's /Metadata stream and, for PDF/A, its /OutputIntents (sRGB)."""
    # Uncompressed, as PDF/A asks: tools that know no PDF read the packet from the file as it stands.
    xmp = PDFStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
        xmp_packet(metadata, time, pdfa),
    )
    xmp.filters = []
    entries: dict[str, object] = {"Metadata": xmp}
    if pdfa:
        profile = PDFStream(PDFDictionary({"N": 3}), ICC_PROFILE.read_bytes())
        profile.filters = [PDFZCompress]
        entries["OutputIntents"] = _OutputIntents(profile)
    return entries


class _OutputIntents(PDFDictionary):  # type: ignore[misc]  # ReportLab is untyped
    """[<< /Type /OutputIntent /S /GTS_PDFA1 … /DestOutputProfile (the sRGB profile) >>]."""

    def __init__(self, profile: PDFStream):
        super().__init__({})
        self.profile = profile

    def format(self, document):  # type: ignore[no-untyped-def]
        reference = (
            document.Reference(self.profile, "briefing-srgb-profile").format(document).decode("latin-1")
        )
        return inline(
            "[<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1)"
            f" /RegistryName (http://www.color.org) /Info (sRGB IEC61966-2.1) /DestOutputProfile {reference} >>]"
        ).format(document)

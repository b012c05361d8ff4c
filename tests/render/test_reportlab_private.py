"""ReportLab's private members, reached only through reportlab_private: each accessor still works on the
installed ReportLab, and no other render module touches them."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from packets import ROOT, SAMPLE
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from briefing.render import reportlab_private as private

RENDER = Path(private.__file__).parent
KAI = ROOT / "fonts" / "KaiSubset-Regular.ttf"
# A private member of a ReportLab object, as the render modules name those objects, or one of the
# private members reportlab_private reaches.
_PRIVATE_USE = re.compile(
    r"\b(?:canv|canvas|doc|document|face|font|pdfmetrics|rl_config)\._[A-Za-z]"
    r"|\b(?:_ttf_data|_pdfScale|_asciiReadable|_shapable|_doc|_code|_fonts|_dynFaceNames)\b"
)


def test_no_other_render_module_touches_reportlabs_private_members():
    offenders = []
    for path in sorted(RENDER.rglob("*.py")):
        if path.name == "reportlab_private.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if _PRIVATE_USE.search(line.split("#")[0]):
                offenders.append(f"{path.relative_to(RENDER)}:{number}: {line.strip()}")
    assert offenders == []


def test_a_canvas_document_takes_our_fonts_under_reportlabs_resource_names():
    canvas = Canvas(io.BytesIO())
    doc = private.pdf_document(canvas)
    written = []

    class Font:
        def addObjects(self, document: object) -> None:
            written.append(document)

    first, second = private.add_page_font(doc, "A", Font()), private.add_page_font(doc, "B", Font())
    assert second == f"F{int(first[1:]) + 1}"
    private.write_delayed_fonts(doc)
    assert written == [doc, doc]
    private.write_delayed_fonts(doc)
    assert len(written) == 2, "written once"


def test_pages_are_reached_with_their_streams_still_text():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.addLiteral("%mark")
    canvas.showPage()
    doc = private.pdf_document(canvas)
    (page,) = private.document_pages(doc)
    private.replace_in_page(page, "%mark", "0 0 m")
    private.drop_empty_page_entries(doc)
    canvas.save()
    data = buffer.getvalue()
    assert b"/Trans" not in data and b"/Rotate" not in data
    assert any(type(obj).__name__ == "PDFPage" for obj in private.document_objects(doc))


def test_objects_registered_together_are_numbered_as_reference_numbers_them():
    from reportlab.pdfbase.pdfdoc import PDFDictionary

    ours, theirs = (private.pdf_document(Canvas(io.BytesIO(), invariant=1)) for _ in range(2))
    named = [(f"obj-{n}", PDFDictionary({"N": n})) for n in range(3)]
    first = private.register_objects(ours, iter(named))
    for name, obj in named:
        theirs.Reference(PDFDictionary(obj.dict), name)
    assert private.document_object_table(ours)[1:] == private.document_object_table(theirs)[1:]
    assert first == private.document_object_table(ours)[1]["obj-0"][0]
    assert ours.Reference(named[1][1]).name == "obj-1"  # known to Reference as registered by it
    assert private.register_objects(ours, iter([("next", PDFDictionary({}))])) == first + 3
    with pytest.raises(ValueError, match="redefining"):
        private.register_objects(ours, iter([("obj-2", PDFDictionary({}))]))


def test_the_document_is_written_by_the_writer_given_once_saved():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.showPage()
    private.format_document_with(private.pdf_document(canvas), lambda doc: b"%PDF-written")
    canvas.save()
    assert buffer.getvalue() == b"%PDF-written"
    plain = io.BytesIO()
    other = Canvas(plain, invariant=1)
    version = private.document_header_version(private.pdf_document(other))
    assert not private.document_signs_itself(private.pdf_document(other))
    other.save()
    assert plain.getvalue().startswith(b"%%PDF-%d.%d\n" % version)


def test_a_face_restored_from_its_members_is_the_parsed_face():
    parsed = TTFont("parsed", str(KAI), asciiReadable=False)
    face = parsed.face
    assert private.face_file_bytes(face) == KAI.read_bytes()
    assert private.font_has_only_known_members(parsed), "ReportLab's TTFont gained members: check the cache"
    members = dict(private.face_members(face))
    assert not set(members) & set(private.FACE_PRIVATE_MEMBERS)
    restored = private.restore_font(
        "restored",
        private.restore_face(members, private.face_file_bytes(face), face._pdfScale),
        private.font_is_shapable(parsed),
    )
    assert restored.face.getCharWidth(ord("甲")) == face.getCharWidth(ord("甲"))
    assert restored.face.makeSubset([ord("甲"), ord("乙")]) == face.makeSubset([ord("甲"), ord("乙")])
    assert private.font_is_shapable(restored) == private.font_is_shapable(parsed)


def test_a_build_without_images_never_loads_pillow():
    """ReportLab imports PIL.Image at its top; a build has it loaded only if something uses it."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from briefing.pipeline import build_pdf\n"
        f"build_pdf(Path({str(SAMPLE)!r}))\n"
        "from PIL import Image\n"
        "print(sorted(m for m in sys.modules if m.startswith('PIL')))\n"
        "print(Image.new('RGB', (2, 1)).size)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded, size = result.stdout.splitlines()
    assert loaded == "['PIL', 'PIL.Image', 'PIL._version']", "Pillow's image module was never run"
    assert size == "(2, 1)", "and works as ever once something uses it"


def test_deferring_pillow_leaves_an_already_imported_pillow_alone():
    import subprocess
    import sys

    code = (
        "import sys, PIL.Image\n"
        "real = sys.modules['PIL.Image']\n"
        "from briefing.render.reportlab_private import defer_pillow\n"
        "defer_pillow()\n"
        "print(sys.modules['PIL.Image'] is real)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True"

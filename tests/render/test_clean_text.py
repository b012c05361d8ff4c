"""Issue 13, point 8: watermarks, page numbers and 份号 do not get into the text a reader copies or searches.

Watermarks are drawn as glyph outlines (no extractor reads them: pdfminer and so pdfplumber read every
glyph, artifact or not); page numbers and 份号 are /Artifact marked content, which tagged-PDF readers and
the artifact-aware extraction below leave out. On main, with --draft, pdfplumber found 12 of the 52 body
paragraphs word for word (12 in every numbered copy), pypdf 43 (it skips text at 35°, not page numbers).
"""

from __future__ import annotations

import io

import pikepdf
import pypdfium2
import pytest
from conftest import run_cli
from packets import ROOT, SAMPLE

from briefing.model.plan import Para
from briefing.pipeline import Options, _plan

from .tagged import plumber_text, pypdf_text, squash


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("marks")
    assert run_cli("build", str(SAMPLE), "-o", str(folder / "plain.pdf")).status == 0
    assert run_cli("build", str(SAMPLE), "-o", str(folder / "draft.pdf"), "--draft", "征求意见稿").status == 0
    copies = folder / "copies"
    recipients = ROOT / "data" / "recipients-example.yaml"
    run = run_cli(
        "build", str(SAMPLE), "--draft", "征求意见稿", "--recipients", str(recipients), "-o", f"{copies}/"
    )
    assert run.status == 0, run.err
    found = {path.name: path.read_bytes() for path in (folder / "plain.pdf", folder / "draft.pdf")}
    found |= {f"copy:{path.name}": path.read_bytes() for path in sorted(copies.glob("*.pdf"))}
    return found


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    _, plan = _plan(SAMPLE, Options(), ())
    texts = [squash(block.text) for block in plan.blocks if isinstance(block, Para) and block.style == "body"]
    assert len(texts) == 52
    return texts


@pytest.fixture(scope="module")
def texts(built: dict[str, bytes]) -> dict[str, tuple[str, str, str, str]]:
    """Per file: pdfplumber's and pypdf's text without artifacts, then each with everything."""
    return {
        name: (plumber_text(data), pypdf_text(data), plumber_text(data, True), pypdf_text(data, True))
        for name, data in built.items()
    }


def test_every_paragraph_extracts_word_for_word_under_the_draft_watermark_and_in_every_copy(
    texts: dict[str, tuple[str, str, str, str]], paragraphs: list[str]
) -> None:
    assert len([name for name in texts if name.startswith("copy:")]) == 5
    for name, (plumbed, read, _, _) in texts.items():
        assert [p for p in paragraphs if p not in plumbed] == [], f"pdfplumber, {name}"
        assert [p for p in paragraphs if p not in read] == [], f"pypdf, {name}"


def test_the_watermark_is_no_text_for_any_extractor(texts: dict[str, tuple[str, str, str, str]]) -> None:
    """Even reading everything, artifacts included, the draft adds no character to the text, and a copy's
    watermark (its recipient and 份号, "王明 000001") is nowhere in it."""
    assert texts["draft.pdf"][2:] == texts["plain.pdf"][2:]
    for name, (_, _, plumbed, read) in texts.items():
        if name.startswith("copy:"):
            mark = name.removeprefix("copy:").removesuffix(".pdf")
            number, person = mark.split("-")
            assert person + number not in plumbed and person + number not in read, name


def test_page_numbers_and_the_copy_number_are_pagination_artifacts(
    texts: dict[str, tuple[str, str, str, str]],
) -> None:
    content, _, everything, _ = texts["copy:000001-王明.pdf"]
    assert "—3—" in everything and everything.startswith("000001")  # still printed, and readable
    assert "—3—" not in content and not content.startswith("000001")


def _grey_pixels(data: bytes, page: int) -> int:
    """Pixels of the draft grey (#d9d9d9, drawn under the text) on a page rendered at 50 dpi."""
    image = pypdfium2.PdfDocument(io.BytesIO(data))[page].render(scale=50 / 72).to_pil().convert("RGB")
    data = image.tobytes()
    pixels = zip(data[0::3], data[1::3], data[2::3], strict=True)
    return sum(1 for pixel in pixels if all(abs(channel - 0xD9) <= 3 for channel in pixel))


def test_the_draft_watermark_is_still_drawn(built: dict[str, bytes]) -> None:
    """The outlines fill the same shape the text did: a thousand and more grey pixels across the page
    (1,687 at 50 dpi on page 5, as many as the text watermark of main gave)."""
    assert _grey_pixels(built["draft.pdf"], 4) - _grey_pixels(built["plain.pdf"], 4) > 1000


def test_the_draft_watermark_is_one_form_for_every_page(built: dict[str, bytes]) -> None:
    with pikepdf.open(io.BytesIO(built["draft.pdf"])) as pdf:
        forms = {
            xobject.objgen
            for page in pdf.pages
            for xobject in (page.Resources.get("/XObject") or {}).values()
        }
    assert len(forms) == 1


def test_outlines_of_a_font_without_the_glyph_data_are_left_out() -> None:
    """A glyph whose outline cannot be read leaves a gap in the mark, never an error (see marks.py)."""
    from briefing.render.outlines import OutlineError, glyph_contours

    class Face:
        def __init__(self) -> None:
            self.glyphPos = [0, 10]  # ReportLab's names: glyph 0 claims ten bytes the file has not
            self.table = {"glyf": {"offset": 0}}
            self._ttf_data = b"\x00\x01"

    with pytest.raises(OutlineError):
        glyph_contours(Face(), 0)  # type: ignore[arg-type]
    with pytest.raises(OutlineError):
        glyph_contours(Face(), 5)  # type: ignore[arg-type]


def test_a_composite_glyph_bomb_is_refused_quickly() -> None:
    """Glyph 0 made of 60 copies of itself, nested: 60^8 components if followed; refused at the budget."""
    import struct

    from briefing.render.outlines import OutlineError, glyph_contours

    components = b"".join(struct.pack(">HHbb", 0x0020 if index < 59 else 0, 0, 0, 0) for index in range(60))
    glyph = struct.pack(">hhhhh", -1, 0, 0, 0, 0) + components

    class Face:
        def __init__(self) -> None:
            self.glyphPos = [0, len(glyph)]
            self.table = {"glyf": {"offset": 0}}
            self._ttf_data = glyph

    with pytest.raises(OutlineError):
        glyph_contours(Face(), 0)  # type: ignore[arg-type]

"""The subset cache: a warm build takes each face's program from it, reads no font file, and writes the
same PDF; an entry for other glyphs, another file or a damaged one is never used."""

from __future__ import annotations

import hashlib
import io
import os
import zlib
from pathlib import Path

import pytest
from cache_cases import build
from packets import area_yaml, write_packet
from pypdf import PdfReader

from briefing.files.cache import read_cached, store_in_cache
from briefing.render.fonts import program as font_program
from briefing.render.fonts import subsets

pytestmark = pytest.mark.usefixtures("fresh_process_fonts")


def _count_subsets_made(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The programs subset from a font file (each reads the whole file) rather than taken from the cache."""
    made: list[int] = []
    subset = font_program.subset_program

    def counting(face, data, firsts):  # type: ignore[no-untyped-def]
        made.append(len(data))
        return subset(face, data, firsts)

    monkeypatch.setattr(font_program, "subset_program", counting)
    return made


def _font_programs(pdf: bytes) -> list[bytes]:
    reader = PdfReader(io.BytesIO(pdf))
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            found.append(descendant["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data())
    return list({hashlib.sha256(program).digest(): program for program in found}.values())


def _subset_entries(cache: Path) -> list[Path]:
    folder = cache / "briefing" / "subsets"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_a_warm_build_reads_no_font_file_and_writes_the_same_pdf(cache, packet, tmp_path, monkeypatch):
    reads = _count_subsets_made(monkeypatch)
    assert build(packet, tmp_path).status == 0
    cold = (tmp_path / "out.pdf").read_bytes()
    faces = len(reads)
    assert faces >= 3 and len(_subset_entries(cache)) == faces, "one entry a face"
    reads.clear()
    compressed: list[bytes] = []
    compress = zlib.compress

    def recording(data, *args):  # type: ignore[no-untyped-def]
        compressed.append(hashlib.sha256(data).digest())
        return compress(data, *args)

    monkeypatch.setattr(zlib, "compress", recording)
    assert build(packet, tmp_path).status == 0
    assert reads == [], "every program came from the cache"
    assert (tmp_path / "out.pdf").read_bytes() == cold
    programs = {hashlib.sha256(program).digest() for program in _font_programs(cold)}
    assert len(programs) == faces and not programs & set(compressed), "nor compressed again"


def test_new_glyphs_make_a_new_program_and_replace_the_entry(cache, packet, tmp_path, monkeypatch):
    reads = _count_subsets_made(monkeypatch)
    assert build(packet, tmp_path).status == 0
    entries = len(_subset_entries(cache))
    (packet / "areas" / "01-a.yaml").write_text(
        area_yaml("测试领域", summary="缓存测试，新字鑫淼。"), "utf-8"
    )
    reads.clear()
    assert build(packet, tmp_path).status == 0
    assert reads, "the body face drew new glyphs: its program was made afresh"
    warm = (tmp_path / "out.pdf").read_bytes()
    assert len(_subset_entries(cache)) == entries, "replaced, not added: the folder does not grow with edits"
    fresh = write_packet(tmp_path / "q", {"01-a.yaml": area_yaml("测试领域", summary="缓存测试，新字鑫淼。")})
    os.environ["BRIEFING_CACHE"] = str(tmp_path / "empty-cache")
    assert build(fresh, tmp_path).status == 0
    assert (tmp_path / "out.pdf").read_bytes() == warm, "the same PDF as with no cache at all"


@pytest.mark.parametrize("how", ["truncated", "random-bytes", "other-glyphs", "other-key", "other-format"])
def test_a_damaged_or_foreign_subset_entry_is_made_afresh(cache, packet, tmp_path, monkeypatch, how):
    assert build(packet, tmp_path).status == 0
    good = (tmp_path / "out.pdf").read_bytes()
    for path in _subset_entries(cache):
        data = read_cached("subsets", path.name)
        assert data is not None
        kept = subsets._DECODER.decode(data)
        if how == "truncated":
            path.write_bytes(path.read_bytes()[:-7])
            continue
        if how == "random-bytes":
            path.write_bytes(os.urandom(path.stat().st_size))
            continue
        changed = {
            "other-glyphs": {"firsts": kept.firsts[4:] + kept.firsts[:4]},
            "other-key": {"key": kept.key.replace("|", "|0", 1)},
            "other-format": {"format": 0},
        }[how]
        # The program is garbage: were the entry used, the PDF would differ.
        garbage = subsets.KeptSubset(b"\0" * 8, 64, b"\0" * 64)
        forged = subsets.msgspec.structs.replace(kept, subset=garbage, **changed)
        store_in_cache("subsets", path.name, subsets._ENCODER.encode(forged))
    reads = _count_subsets_made(monkeypatch)
    assert build(packet, tmp_path).status == 0
    assert reads, "the programs were made afresh"
    assert (tmp_path / "out.pdf").read_bytes() == good


def test_numbered_copies_keep_one_entry_a_face_written_once(cache, packet, tmp_path, monkeypatch):
    recipients = tmp_path / "recipients.yaml"
    names = ["张三", "李四", "王五", "赵六"]
    recipients.write_text(
        "recipients:\n"
        + "".join(f"  - name: {name}\n    email: r{i}@example.cn\n" for i, name in enumerate(names)),
        "utf-8",
    )
    stored: list[str] = []
    store = subsets.store_in_cache

    def counting(kind: str, name: str, data: bytes) -> None:
        stored.append(name)
        store(kind, name, data)

    monkeypatch.setattr(subsets, "store_in_cache", counting)
    from conftest import run_cli

    result = run_cli("build", str(packet), "--recipients", str(recipients), "-o", str(tmp_path / "copies"))
    assert result.status == 0, result
    assert len(list((tmp_path / "copies").glob("*.pdf"))) == len(names)
    assert len(stored) == len(set(stored)) == len(_subset_entries(cache)), "each face's entry written once"


def test_marks_read_only_their_glyphs_from_the_font_file(cache, packet, tmp_path, monkeypatch):
    """The page-number dash and a draft watermark are drawn from glyph outlines: only those glyphs' bytes
    are read, not the whole font file (with the subsets cached, a warm draft build reads no whole file)."""
    from briefing.render.fonts import registry as font_registry

    assert build(packet, tmp_path, "--draft", "征求意见稿").status == 0
    first = (tmp_path / "out.pdf").read_bytes()
    whole: list[str] = []
    spans: list[int] = []
    read, read_span = font_registry.FontFiles.read, font_registry.read_font_span

    def reading(self, spec):  # type: ignore[no-untyped-def]
        whole.append(spec.path.name)
        return read(self, spec)

    def reading_span(spec, start, end):  # type: ignore[no-untyped-def]
        spans.append(end - start)
        return read_span(spec, start, end)

    monkeypatch.setattr(font_registry.FontFiles, "read", reading)
    monkeypatch.setattr(font_registry, "read_font_span", reading_span)
    assert build(packet, tmp_path, "--draft", "征求意见稿").status == 0
    assert whole == []
    assert spans and max(spans) < 10_000, "glyph records, not files"
    assert (tmp_path / "out.pdf").read_bytes() == first

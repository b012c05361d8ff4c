"""The warm session through a sequence of edits: every PDF it writes is the cold build's, byte for byte,
while what the edit left as it was (font programs, long paragraphs' lines) is not made again, and what it
keeps stays bounded however many saves there are."""

from __future__ import annotations

import gc
import os
import shutil
import tracemalloc
from pathlib import Path

import pytest
from packets import ROOT, copy_sample
from session_cases import cold, edit, own_layout

from briefing.pipeline import Options
from briefing.session import BuildSession

AREA = "areas/03-营商环境.yaml"
TITLE = "title: 着力深化改革，打造最优营商环境"
PROJECT = """  - name: 区政务服务大厅搬迁改造
    kind: 续建
    status: 完成搬迁改造
"""


@pytest.mark.parametrize(
    "options", [Options(), Options(draft="征求意见稿", duplex=True)], ids=["plain", "draft-duplex"]
)
def test_every_rebuild_of_a_sequence_of_edits_is_the_cold_build(tmp_path: Path, options: Options) -> None:
    packet = copy_sample(tmp_path)
    folder = own_layout(packet)
    output = tmp_path / "out" / "x.pdf"
    session = BuildSession(packet, output, options)
    session.rebuild()
    edits = [
        (AREA, "持续优化政务服务。", "持续优化政务服务，提升办事效率。"),  # a paragraph
        (AREA, "target: 11个", "target: 12个"),  # a target value
        (AREA, PROJECT, PROJECT + "  - name: 区不动产登记中心改造\n    kind: 新建\n"),  # a project added
        (AREA, PROJECT, ""),  # a project removed
        (AREA, TITLE, "title: 3着力深化改革，打造最优营商环境"),  # a first use moved to the contents
        ("areas/01-扩大内需.yaml", "title: 着力扩大内需", "title: 着力扩大内需𠅤"),  # beyond the BMP
        ("layouts/mine/section.j2", "[@summary]", "[@summary]\n[meta]（本节完）"),  # the layout's template
    ]
    for file, old, new in edits:
        edit(packet / file, old, new)
        assert session.rebuild().result is not None, (file, new)
        assert output.read_bytes() == cold(packet, tmp_path, options), (file, new)
    # A font replaced: the face of the kai texts is now another.
    replacement = tmp_path / "new.ttf"
    shutil.copy(ROOT / "fonts" / "NotoSansCJKsc-Bold.subset.ttf", replacement)
    os.replace(replacement, folder / "fonts" / "kai.ttf")
    assert session.rebuild().reloaded.fonts
    assert output.read_bytes() == cold(packet, tmp_path, options)
    edit(packet / AREA, "target: 12个", "target: 13个")  # and edited on in the new face
    session.rebuild()
    assert output.read_bytes() == cold(packet, tmp_path, options)


def test_an_edit_that_moves_a_first_use_makes_no_font_program_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A digit put in a title is now first drawn in the contents, pages before where the body font first
    drew it: the fonts still draw the same glyphs, so no program is subset or compressed again, and the
    pages after the area keep their bytes (not one page in two compressed again). The session keeps its
    own programs: the subset cache holds one a face, which another build (here: any) may replace."""
    import zlib

    import briefing.render.compression
    import briefing.render.fonts.program
    from briefing.render.fonts.registry import FontFiles

    packet = copy_sample(tmp_path)
    cold(
        packet, tmp_path
    )  # the subset cache holds this packet's programs: the session's first build finds them
    output = tmp_path / "x.pdf"
    session = BuildSession(packet, output)
    session.rebuild()
    monkeypatch.setattr(FontFiles, "cached_subset", lambda self, spec, firsts: None)
    subset: list[int] = []
    subset_program = briefing.render.fonts.program.subset_program
    monkeypatch.setattr(
        briefing.render.fonts.program,
        "subset_program",
        lambda face, data, points: subset.append(len(points)) or subset_program(face, data, points),
    )
    compressed: list[int] = []
    compress = zlib.compress
    monkeypatch.setattr(
        briefing.render.compression.zlib,
        "compress",
        lambda data, *more: compressed.append(len(data)) or compress(data, *more),
    )
    for digit in "3579":
        edit(packet / AREA, TITLE, f"title: {digit}着力深化改革，打造最优营商环境")
        rebuilt = session.rebuild()
        assert rebuilt.result is not None and rebuilt.result.pages == 38
        assert subset == [], digit
        assert len(compressed) < 20 and max(compressed) < 65536, (digit, compressed)  # pages, no program
        assert output.read_bytes() == cold(packet, tmp_path)
        edit(packet / AREA, f"title: {digit}", "title: ")
        session.rebuild()
        subset.clear()
        compressed.clear()


def test_long_paragraphs_of_areas_not_edited_are_not_broken_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefing.render.setter

    packet = copy_sample(tmp_path)
    output = tmp_path / "x.pdf"
    session = BuildSession(packet, output)
    session.rebuild()
    broken: list[str] = []
    break_paragraph = briefing.render.setter.break_paragraph
    monkeypatch.setattr(
        briefing.render.setter,
        "break_paragraph",
        lambda spans, *more: (
            broken.append("".join(text for text, _ in spans)) or break_paragraph(spans, *more)
        ),
    )
    edit(packet / AREA, "持续优化育企政策。", "持续优化育企政策，")
    session.rebuild()
    assert len(broken) == 1 and broken[0].startswith("持续优化育企政策，"), [text[:20] for text in broken]
    assert output.read_bytes() == cold(packet, tmp_path)


def _entries(memo: object) -> int:
    """A memo's entries, with those a Recent still holds from the render before."""
    return len(memo) + len(getattr(memo, "older", {}))  # type: ignore[arg-type]


def _kept(session: BuildSession) -> dict[str, int]:
    """How many entries each of the session's memos holds (a memo this version lacks holds none)."""
    warm = session._warm
    render = warm.render
    names = ("broken", "long_broken", "_font_parts", "programs", "_compressed", "columns", "inks")
    kept = {name: _entries(getattr(render, name, {})) for name in names}
    kept["runs"] = _entries(render.font_tables.get("runs", {}))
    kept["templates"] = len(warm.compose.compiled)
    kept["documents"] = len(session._documents)
    return kept


def test_fifty_saves_leave_the_session_no_larger(tmp_path: Path) -> None:
    """Fifty saves, each of text never seen before (a paragraph, a title, a figure): what the session
    keeps after the fiftieth is what it kept after the tenth, give or take the entries of one edit."""
    packet = copy_sample(tmp_path)
    session = BuildSession(packet, tmp_path / "x.pdf")
    session.rebuild()
    path = packet / AREA
    original = path.read_text(encoding="utf-8")
    sizes: dict[int, dict[str, int]] = {}
    memory: dict[int, int] = {}
    tracemalloc.start()
    try:
        for save in range(1, 51):
            text = original.replace("持续优化政务服务。", f"持续优化政务服务（第{save}稿）。", 1)
            text = text.replace(TITLE, f"{TITLE}{save}", 1).replace("target: 11个", f"target: {save}个", 1)
            path.write_text(text, encoding="utf-8")
            assert session.rebuild().result is not None
            if save in (10, 50):
                gc.collect()  # the CLI's watch collects a rebuild's cycles after it (watch.Follower)
                sizes[save] = _kept(session)
                memory[save] = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    for name, after_ten in sizes[10].items():
        assert sizes[50][name] <= after_ten + 40, (name, after_ten, sizes[50][name])
    assert memory[50] - memory[10] < 1_000_000, (memory, sizes)

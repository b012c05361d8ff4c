"""Issue 13, point 9: a tagged, accessible PDF, read back with pikepdf (structure) and pdfplumber (text).

PDF/UA-1 (ISO 14289-1) rules checked here, those that can be checked without veraPDF:
- 7.1: the catalog's /MarkInfo has /Marked true; there is a StructTreeRoot; all real content is tagged
  (every MCID on every page is reached from the tree, and its parent tree maps it back to that element)
  and everything else is an artifact (the text outside any MCID is only page numbers, 份号 and marks);
- 7.1: /ViewerPreferences /DisplayDocTitle true; the XMP metadata has a dc:title;
- 7.2: the document's natural language is set (/Lang zh-CN);
- 7.4: headings: the first is H1 and no level is skipped;
- 7.5: tables: TH cells have a /Scope; every row has as many cells as columns, counting /ColSpan;
- 7.3: the Figure (the chart) has alternative text (/Alt);
- 7.18.1, 7.18.5: every annotation is a Link with /Contents, in the tree through an OBJR whose
  /StructParent the parent tree maps back to its Link element; 7.18.3: pages with annotations have /Tabs /S.
Not checked (needs veraPDF's PDF/UA profile): fonts' glyph-to-Unicode completeness beyond the ToUnicode
maps, role maps (none are used: every tag is a standard one), and contrast. The XMP does not claim
PDF/UA (no pdfuaid): that claim should wait for a veraPDF run.
"""

from __future__ import annotations

import io
import itertools
import re

import pikepdf
import pytest
from conftest import run_cli
from packets import SAMPLE

from briefing.model.plan import Contents, Para, TablePlan
from briefing.pipeline import Options, _plan

from .tagged import Node, squash, structure


@pytest.fixture(scope="module", params=["gbt9704", "briefing"])
def tagged(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    layout = request.param
    output = tmp_path_factory.mktemp(layout) / "out.pdf"
    run = run_cli("build", str(SAMPLE), "-o", str(output), "--layout", layout, "--draft", "征求意见稿")
    assert run.status == 0, run.err
    data = output.read_bytes()
    _, plan = _plan(SAMPLE, Options(layout=layout), ())
    return layout, data, plan, structure(data)


def test_the_catalog_says_tagged_language_title_and_bookmarks(tagged) -> None:  # type: ignore[no-untyped-def]
    _, data, _, _ = tagged
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == "zh-CN"
        assert root.PageMode == "/UseOutlines"
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert "/StructTreeRoot" in root
        xmp = pdf.open_metadata()
        info = pdf.docinfo
        assert xmp["dc:title"] == str(info.Title)
        assert xmp["dc:creator"] == [str(info.Author)]
        assert xmp["dc:description"] == str(info.Subject)
        assert xmp["pdf:Keywords"] == str(info.Keywords)
        assert xmp["pdf:Producer"] == str(info.Producer)
        assert xmp["xmp:CreatorTool"] == str(info.Creator)
        assert xmp["xmp:CreateDate"].startswith("2022-12-19")
        assert str(info.CreationDate).startswith("D:20221219") and str(info.ModDate) == str(info.CreationDate)


def test_every_piece_of_content_is_reached_from_the_tree_and_back(tagged) -> None:  # type: ignore[no-untyped-def]
    _, data, _, (document, texts, reached) = tagged
    assert document.tag == "Document"
    assert set(texts) <= set(reached), "text in marked content no element claims"
    with pikepdf.open(io.BytesIO(data)) as pdf:
        nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
        tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for index, page in enumerate(pdf.pages):
            assert "/StructParents" in page
            mapped = tree[int(page.StructParents)]
            for mcid, element in enumerate(mapped):
                assert reached[(index, mcid)].obj.objgen == element.objgen


def test_reading_order_is_the_logical_order(tagged) -> None:  # type: ignore[no-untyped-def]
    """Paragraphs and headings, in the tree's order, say the plan's texts in the plan's order."""
    layout, _, plan, (document, _, _) = tagged
    expected = [
        squash(block.text)
        for block in plan.blocks
        if isinstance(block, Para) and block.style in ("body", "h1", "h2") and block.text
    ]
    found = [squash(node.text) for node in document.walk() if node.tag in ("P", "H1", "H2")]
    found = [text for text in found if text in expected]
    assert found == expected, layout


def test_headings_are_the_area_titles_and_the_contents_title(tagged) -> None:  # type: ignore[no-untyped-def]
    _, _, plan, (document, _, _) = tagged
    contents = next(block for block in plan.blocks if isinstance(block, Contents))
    h1 = [squash(node.text) for node in document.walk() if node.tag == "H1"]
    levels = [int(node.tag[1]) for node in document.walk() if re.fullmatch(r"H\d", node.tag)]
    outline = [squash(b.text) for b in plan.blocks if isinstance(b, Para) and b.outline_level == 0]
    assert h1 == [squash(contents.title.text), *outline]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_tables_have_rows_of_header_and_data_cells(tagged) -> None:  # type: ignore[no-untyped-def]
    _, _, plan, (document, _, _) = tagged
    plans = [block for block in plan.blocks if isinstance(block, TablePlan)]
    tables = [node for node in document.walk() if node.tag == "Table"]
    assert len(tables) == len(plans)
    for table, block in zip(tables, plans, strict=True):
        rows = [kid for kid in table.kids if kid.tag == "TR"]
        assert [kid.tag for kid in table.kids][:1] == ["Caption"]
        assert squash(table.kids[0].text) == squash(block.caption.text)
        assert len(rows) == 1 + len(block.rows)
        header = rows[0]
        assert [kid.tag for kid in header.kids] == ["TH"] * len(block.header.cells)
        assert [squash(kid.text) for kid in header.kids] == [squash(c.text) for c in block.header.cells]
        for th in header.kids:
            assert th.obj.A.Scope == "/Column"
        for row, planned in zip(rows[1:], block.rows, strict=True):
            assert {kid.tag for kid in row.kids} == {"TD"}
            spans = sum(int(kid.obj.get("/A", {}).get("/ColSpan", 1)) for kid in row.kids)
            assert spans == len(planned.cells)
            texts = [squash(kid.text) for kid in row.kids]
            assert texts[0] == squash(planned.cells[0].text)


def test_the_chart_is_a_figure_with_alternative_text(tagged) -> None:  # type: ignore[no-untyped-def]
    layout, _, _, (document, _, _) = tagged
    figures = [node for node in document.walk() if node.tag == "Figure"]
    if layout == "gbt9704":
        assert figures == []
        return
    assert len(figures) == 2
    for figure in figures:
        alt = str(figure.obj.Alt)
        assert "增长目标" in alt and "%" in alt
        assert len(figure.obj.A.BBox) == 4


def test_contents_entries_are_links_to_their_headings(tagged) -> None:  # type: ignore[no-untyped-def]
    _, data, plan, (document, _, _) = tagged
    entries = [squash(b.text) for b in plan.blocks if isinstance(b, Para) and b.toc]
    toc = next(node for node in document.walk() if node.tag == "TOC")
    links = [kid.kids[0] for kid in toc.kids]
    assert [kid.tag for kid in toc.kids] == ["TOCI"] * len(entries)
    assert [link.tag for link in links] == ["Link"] * len(entries)
    assert [squash(link.text)[: len(e)] for link, e in zip(links, entries, strict=True)] == entries
    with pikepdf.open(io.BytesIO(data)) as pdf:
        headings = {
            squash(str(item.title)): pdf.pages.index(pikepdf.Page(item.destination[0]))
            for item in pdf.open_outline().root
        }
        assert "目录" in headings
        nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
        tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        seen = 0
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                assert annotation.Subtype == "/Link" and int(annotation.F) & 4
                title = squash(str(annotation.Contents))
                assert pdf.pages.index(pikepdf.Page(annotation.Dest[0])) == headings[title]
                assert tree[int(annotation.StructParent)].S == "/Link"
                assert page.Tabs == "/S"
                seen += 1
        assert seen == len(entries)


def _node_text(node: Node) -> str:
    return node.all_text()

"""Sentence segmentation of Chinese text, and the paragraph, sentence and character diff built on it."""

from __future__ import annotations

import pytest
from guards import hang_guard
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.diff.align import Budget, opcodes
from briefing.diff.changes import Piece, SentenceChange
from briefing.diff.text import diff_paragraphs, pieces, sentences


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("第一句。第二句；第三句！第四句？", ("第一句。", "第二句；", "第三句！", "第四句？")),
        # closing quotes and brackets go with the mark before them
        ("他说：“确保完成。”下一句。", ("他说：“确保完成。”", "下一句。")),
        ("（注：按可比口径计算。）正文继续。", ("（注：按可比口径计算。）", "正文继续。")),
        ("“你好。我很好。”他说。", ("“你好。", "我很好。”", "他说。")),
        # …but a quotation closed and followed by a comma carries the sentence on
        ("提出“要做好。”，并抓好落实。", ("提出“要做好。”，并抓好落实。",)),
        # a run of marks stays together
        ("真的吗？！好的。", ("真的吗？！", "好的。")),
        # an ellipsis does not end a sentence; the mark after it does
        ("招商、住宿、娱乐……全面恢复。下一句。", ("招商、住宿、娱乐……全面恢复。", "下一句。")),
        ("等等……", ("等等……",)),
        # decimal points and full stops in numbers are not sentence ends
        ("增长1.5%，达到3.2亿元。完成27.6亿元。", ("增长1.5%，达到3.2亿元。", "完成27.6亿元。")),
        ("v1.2.3 版本上线", ("v1.2.3 版本上线",)),
        # no final mark: the rest is the last sentence
        ("第一句。末句没有句号", ("第一句。", "末句没有句号")),
        ("没有任何标点", ("没有任何标点",)),
        # spaces after a mark stay with its sentence
        ("第一句。 第二句。", ("第一句。 ", "第二句。")),
        ("", ()),
    ],
)
def test_sentences(paragraph: str, expected: tuple[str, ...]) -> None:
    assert sentences(paragraph) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="甲乙。；！？”）…. ,", max_size=40))
def test_sentences_join_back_to_the_paragraph(paragraph: str) -> None:
    found = sentences(paragraph)
    assert "".join(found) == paragraph
    assert all(found)


def _changed(found: tuple[Piece, ...]) -> list[tuple[str, str]]:
    return [(piece.op, piece.text) for piece in found if piece.op != "equal"]


def test_pieces_mark_each_change_as_words() -> None:
    found = pieces("固定资产投资增长8%左右。", "固定资产投资预计增长9%以上。", Budget())
    assert _changed(found) == [("insert", "预计"), ("delete", "8%左右"), ("insert", "9%以上")]
    # a single kept character between two changes is folded in, rather than [-a-]b[-c-]
    assert _changed(pieces("甲乙丙", "丁乙戊", Budget())) == [("delete", "甲乙丙"), ("insert", "丁乙戊")]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="甲乙丙丁，。", max_size=30), st.text(alphabet="甲乙丙丁，。", max_size=30))
def test_pieces_spell_both_versions(old: str, new: str) -> None:
    found = pieces(old, new, Budget())
    assert "".join(p.text for p in found if p.op != "insert") == old
    assert "".join(p.text for p in found if p.op != "delete") == new


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from("abcde"), max_size=60),
    st.lists(st.sampled_from("abcde"), max_size=60),
    st.integers(min_value=0, max_value=400),
)
def test_opcodes_cover_both_sequences_whatever_the_budget(a: list[str], b: list[str], piece: int) -> None:
    """With too little budget the alignment gets coarser, never wrong."""
    i = j = 0
    for tag, i1, i2, j1, j2 in opcodes(a, b, Budget(total=piece * 3, piece=piece)):
        assert (i1, j1) == (i, j)  # contiguous, in order, nothing left out
        assert i1 < i2 or j1 < j2
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        assert (tag != "insert" or i1 == i2) and (tag != "delete" or j1 == j2)
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))


def test_sentences_added_removed_and_rewritten_with_paragraph_numbers() -> None:
    old = ("第一段。", "甲句不变。乙句要改写一下。丙句删去。", "末段。")
    new = ("第一段。", "甲句不变。乙句要改写两下。新加一句话。", "末段。")
    change = diff_paragraphs("summary", old, new, Budget())
    assert change is not None
    assert (change.old_paragraphs, change.new_paragraphs) == (3, 3)
    assert [(s.status, s.old, s.new, s.old_paragraph, s.new_paragraph) for s in change.sentences] == [
        ("replaced", "乙句要改写一下。", "乙句要改写两下。", 2, 2),
        ("removed", "丙句删去。", None, 2, None),
        ("added", None, "新加一句话。", None, 2),
    ]
    assert _changed(change.sentences[0].pieces) == [("delete", "一"), ("insert", "两")]


def test_paragraphs_split_and_joined_change_no_sentence() -> None:
    change = diff_paragraphs("summary", ("甲。乙。丙。",), ("甲。", "乙。丙。"), Budget())
    assert change is not None
    assert change.sentences == () and (change.old_paragraphs, change.new_paragraphs) == (1, 2)
    assert diff_paragraphs("summary", ("甲。",), ("甲。",), Budget()) is None


def test_a_paragraph_added_and_one_removed() -> None:
    change = diff_paragraphs("summary", ("甲。", "乙。"), ("甲。", "丙丁。", "乙。"), Budget())
    assert change is not None
    assert change.sentences == (SentenceChange("added", None, "丙丁。", None, 2),)
    change = diff_paragraphs("last_year_results", ("甲。", "乙。"), ("乙。",), Budget())
    assert change is not None
    assert change.sentences == (SentenceChange("removed", "甲。", None, 1, None),)


def test_unlike_sentences_are_not_paired_as_rewrites() -> None:
    """Among several replaced sentences, one is a rewrite only of a sentence it resembles."""
    old = ("坚持项目为王理念，举全区之力谋项目。强化要素保障。",)
    new = ("全面推进乡村振兴战略实施。坚持项目为王理念，举全区之力抓项目。",)
    change = diff_paragraphs("summary", old, new, Budget())
    assert change is not None
    assert [(s.status, s.old, s.new) for s in change.sentences] == [
        ("added", None, "全面推进乡村振兴战略实施。"),
        ("replaced", "坚持项目为王理念，举全区之力谋项目。", "坚持项目为王理念，举全区之力抓项目。"),
        ("removed", "强化要素保障。", None),
    ]


@pytest.mark.parametrize(
    "paragraph", ["。" * 1_000_000 + "甲", "。”" * 500_000, ("。”" * 1000 + "，") * 500, "甲" * 2_000_000]
)
def test_segmentation_is_linear_on_hostile_runs(paragraph: str) -> None:
    # Linear: a fraction of a second. A pattern that backtracks over these runs takes hours.
    with hang_guard(60, "sentence segmentation"):
        found = sentences(paragraph)
    assert "".join(found) == paragraph

"""yamltext: any text written as YAML loads back as exactly that text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.office import yamltext
from briefing.read.yaml_nodes import Mapping, Scalar, parse_text
from office.samples import HOSTILE


def _round_trip(text: str) -> str:
    root, issues = parse_text(f"k: {yamltext.scalar(text)}\n", "t.yaml")
    assert not issues, (text, issues)
    assert isinstance(root, Mapping)
    node = root.get("k")
    assert isinstance(node, Scalar) and isinstance(node.value, str), text
    return node.text


def test_hostile_strings_load_back_exactly() -> None:
    for text in HOSTILE:
        assert _round_trip(text) == text
        assert _round_trip(text) == text
        assert "\n" not in yamltext.scalar(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_any_string_loads_back_exactly(text: str) -> None:
    assert _round_trip(text) == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_string_inside_a_flow_mapping_loads_back_exactly(text: str) -> None:
    root, issues = parse_text(f"k: {{text: {yamltext.scalar(text, flow=True)}}}\n", "t.yaml")
    assert not issues
    assert isinstance(root, Mapping)
    inner = root.get("k")
    assert isinstance(inner, Mapping)
    node = inner.get("text")
    assert isinstance(node, Scalar) and node.text == text

"""The sample built once per test module in each shipped layout, read back as a PDF (module scope: a
parsed PDF is large, and a worker that kept it all session would grow for every test after)."""

from __future__ import annotations

import pytest
from packets import SAMPLE
from pdfcheck import Pdf

from briefing.model.packet import Packet
from briefing.model.plan import Plan
from briefing.pipeline import build_pdf, load_and_validate


@pytest.fixture(scope="module")
def sample() -> tuple[Packet, Pdf]:
    packet, rendered = build_pdf(SAMPLE, "gbt9704")
    return packet, Pdf(rendered.pdf)


@pytest.fixture(scope="module")
def sample_briefing() -> tuple[Packet, Pdf]:
    packet, rendered = build_pdf(SAMPLE, "briefing")
    return packet, Pdf(rendered.pdf)


@pytest.fixture(scope="module")
def sample_plan() -> Plan:
    """The sample composed in gbt9704: the plan render() takes."""
    from briefing.compose import compose
    from briefing.errors import Source
    from briefing.layouts.build import load_layout

    packet = load_and_validate(SAMPLE)
    return compose(packet, load_layout("gbt9704", packet.root, (Source("--layout"), "")))

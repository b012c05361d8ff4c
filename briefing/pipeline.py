"""The stages in order (load → validate → compose → render → deliver), the build and numbered copies.

The stages are imported where they run: `validate` needs only the first two, and should not load
Jinja2, ReportLab or pikepdf to check a packet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import msgspec

from briefing.chosen import Chosen, choose_from_line, cut, unread_declared
from briefing.errors import Issue, Source, ValidationError, issue
from briefing.model.layout import Layout, LoadedLayout
from briefing.model.packet import Area, Packet, Totals, sum_projects
from briefing.read.area_refs import AreaRef, split_refs
from briefing.read.packet_files import load_packet
from briefing.read.rules import validate_packet

if TYPE_CHECKING:
    from briefing.compose import ComposeMemo
    from briefing.model.plan import Plan
    from briefing.read.recipients import Recipient  # read only by commands that take a list
    from briefing.render import Rendered
    from briefing.render.memo import RenderMemo

Delivered = TypeVar("Delivered")


class Summary(msgspec.Struct, frozen=True):
    """What `validate` reports on success."""

    areas: int
    targets: int
    projects: int
    totals: Totals
    declared_count: int | None
    declared_total: str | None


def load_and_validate(
    root: Path, *, declared: bool = True, strict: bool = False, check_layout: bool = False
) -> Packet:
    """Stages one and two: read every file of the packet and check it; raises a BriefingError.

    Without `declared` the packet's declared totals are left unread: a packet of chosen areas neither
    checks nor prints them (they count every area). The packet's warnings are on it (`Packet.warnings`);
    with `strict` they are errors. `check_layout` also looks for the layout packet.yaml names, so that
    `validate` reports what `build` would.
    """
    raw = load_packet(root)
    finder = partial(_find_layout, root) if check_layout else None
    return validate_packet(raw if declared else unread_declared(raw), finder, strict=strict)


def _find_layout(root: Path, name: str, where: Source) -> Path:
    """The folder of the layout packet.yaml names (written at `where`); LayoutError if there is none."""
    from briefing.layouts.find import find_layout

    return find_layout(name, root, (where, "layout"))


def summarize(packet: Packet) -> Summary:
    totals = sum_projects(packet.projects)
    declared = packet.declared
    return Summary(
        areas=len(packet.areas),
        targets=len(packet.targets),
        projects=len(packet.projects),
        totals=totals,
        declared_count=declared.count if declared else None,
        declared_total=declared.total_investment.text() if declared and declared.total_investment else None,
    )


class Options(msgspec.Struct, frozen=True):
    """How to build: layout name or folder, duplex printing, marks that override packet.yaml."""

    layout: str | None = None
    duplex: bool = False
    draft: str | None = None
    copy_number: int | None = None
    format: str = "pdf"  # or "docx": the same plan written as a Word document
    embed_fonts: bool = False  # docx only: carry the fonts whose licence allows it
    strict: bool = False  # the packet's warnings stop the build as errors do
    changes_since: str | None = None  # a folder or folder@revision: append the 修改对照表 from it
    changes_as: str = "table"  # or "margin" (bars beside what changed), or "both"
    areas: str | None = None  # --areas: only these areas (numbers, file names or parts of titles)

    def area_refs(self) -> tuple[AreaRef, ...]:
        """--areas as one reference per area."""
        return split_refs(self.areas or "", Source("--areas"))

    @property
    def whole(self) -> bool:
        """Whether every area is built: no --areas (an empty --areas chooses nothing, which is an error)."""
        return self.areas is None

    def chosen_in(self, areas: Sequence[Area]) -> Chosen | None:
        """The areas --areas names among `areas` (None for the whole packet); a ChoiceError if it names
        none, or one several times, or names nothing at all."""
        return None if self.whole else choose_from_line(self.area_refs(), areas)

    pdfa: bool = False  # PDF/A-2b for archiving


class RenderedPacket(msgspec.Struct, frozen=True):
    """What the stages before delivery hand to it: the checked packet, its plan (in the layout resolved
    once for the whole command) and the PDF."""

    packet: Packet
    plan: Plan
    rendered: Rendered

    @property
    def layout(self) -> Layout:
        return self.plan.layout


Warn = Callable[[Issue], None]
"""Where a build's warnings go as soon as validation has found them (the CLI prints them)."""


def run_stages(
    root: Path,
    options: Options,
    recipients: tuple[Recipient, ...],
    deliver: Callable[[RenderedPacket], Delivered],
    warn: Warn | None = None,
) -> Delivered:
    """Every stage in order: load and validate the packet, find its layout, compose, render, then hand
    the result to `deliver` (write a PDF or Word file, write copies, mail them) and return what that
    returns.

    `recipients` put a distribution list on the last page; they all get the same document, so none may
    ask for areas of their own (build_copies makes those). Raises a BriefingError from whichever stage
    found a problem, or a ChoiceError for --areas that name no area; nothing is delivered then. The
    packet's warnings go to `warn` and the build goes on (with options.strict they are errors).
    """
    _one_document(recipients)
    packet, loaded = prepare(root, options, warn=warn)
    chosen = options.chosen_in(packet.areas)
    return deliver(stage(packet, loaded, options, recipients, chosen))


def prepare(
    root: Path, options: Options, *, declared: bool | None = None, warn: Warn | None = None
) -> tuple[Packet, LoadedLayout]:
    """Stages one and two, and the layout: the whole packet validated (its warnings handed to `warn` as
    soon as found) and the layout it is set in.

    The packet's declared totals are left out when only some areas are built (--areas, or `declared`
    False): they count every area.
    """
    from briefing.layouts.build import load_layout

    packet = load_and_validate(
        root,
        declared=options.whole if declared is None else declared,
        strict=options.strict,
        check_layout=options.layout is None,
    )
    if warn is not None:
        for found in packet.warnings:
            warn(found)
    return packet, load_layout(*layout_asked(packet, options.layout))


def stage(
    whole: Packet,
    loaded: LoadedLayout,
    options: Options,
    recipients: tuple[Recipient, ...],
    chosen: Chosen | None,
    warm: Warm | None = None,
) -> RenderedPacket:
    """Stages three and four for the chosen areas of `whole` (all of them without `chosen`); `warm` is
    what a warm build (session.py) kept from the last time in the same layout."""
    packet = cut(whole, chosen) if chosen else whole
    plan = _composed(packet, loaded, options, recipients, chosen, warm.compose if warm else None)
    return RenderedPacket(packet, plan, _rendered(plan, recipients, warm.render if warm else None))


class Warm:
    """What a warm build keeps between runs of stages three and four, for one layout and one set of fonts:
    compiled templates, and broken lines, font tables, subsets and compressed font programs. Each gives
    back only what the same input computed before, so the PDF is the one a cold build writes."""

    def __init__(self) -> None:
        from briefing.compose import ComposeMemo
        from briefing.render.memo import RenderMemo

        self.compose = ComposeMemo()
        self.render = RenderMemo()


def _plan(
    root: Path, options: Options, recipients: tuple[Recipient, ...], warn: Warn | None = None
) -> tuple[Packet, Plan]:
    """Stages one to three for the whole packet: the validated packet composed in its layout."""
    packet, loaded = prepare(root, options, warn=warn)
    chosen = options.chosen_in(packet.areas)
    return packet, _composed(cut(packet, chosen) if chosen else packet, loaded, options, recipients, chosen)


def _composed(
    packet: Packet,
    loaded: LoadedLayout,
    options: Options,
    recipients: tuple[Recipient, ...],
    chosen: Chosen | None,
    memo: ComposeMemo | None = None,
) -> Plan:
    """Stage three: the validated packet composed in its layout."""
    from briefing.compose import compose

    copy_number = f"{options.copy_number:06d}" if options.copy_number else ""
    appendix, changed = None, frozenset[tuple[str, str]]()
    if options.changes_since is not None:
        from briefing.diff.report import changes_since

        appendix, changed = changes_since(options.changes_since, options.changes_as, packet, str(packet.root))
    plan = compose(
        packet,
        loaded,
        duplex=options.duplex,
        recipients=recipients,
        draft=options.draft,
        copy_number=copy_number,
        chosen=chosen,
        memo=memo,
        appendix=appendix,
    )
    plan = plan._replace(changed=changed) if changed else plan
    return plan._replace(pdfa=options.pdfa) if options.pdfa else plan


def _rendered(plan: Plan, recipients: tuple[Recipient, ...], memo: RenderMemo | None = None) -> Rendered:
    """Stage four: the PDF (a Word document's contents take their page numbers from it too)."""
    from briefing.compose import locate_in_recipients
    from briefing.errors import RenderError
    from briefing.render import render

    try:
        return render(plan, memo)
    except RenderError as exc:  # a glyph missing from the distribution list is in someone's name
        raise RenderError(locate_in_recipients(exc.issues, recipients)) from None


def _one_document(recipients: tuple[Recipient, ...]) -> None:
    """Recipients who all get one document: areas of their own would need another (see copy_groups)."""
    own = [
        issue(recipient.where("areas"), f"recipients[{number}].areas", "recipient.areas-one-document")
        for number, recipient in enumerate(recipients, start=1)
        if recipient.areas
    ]
    if own:
        raise ValidationError(own)


def layout_asked(packet: Packet, option: str | None) -> tuple[str, Path, tuple[Source, str]]:
    """The layout to use, the packet folder to search from, and where it was asked for (for messages)."""
    if option:
        return option, packet.root, (Source("--layout"), "")
    return packet.layout, packet.root, (packet.where("layout"), "layout")


def _kept(staged: RenderedPacket) -> RenderedPacket:
    """Delivery to the caller: the result stays in memory."""
    return staged


# one PDF ---------------------------------------------------------------------------------------------------
class BuildResult(msgspec.Struct, frozen=True):
    """What `build` reports: where the PDF (or Word document) went, its pages and bytes."""

    output: Path
    pages: int
    bytes: int
    synthetic_bold: tuple[str, ...] = ()
    not_embedded: tuple[str, ...] = ()  # docx: font families asked to embed whose licence forbids it


def build(root: Path, output: Path, options: Options | None = None, warn: Warn | None = None) -> BuildResult:
    """Every stage: validate, compose, render, then write the PDF (or the Word document) atomically;
    the packet's warnings go to `warn`."""
    options = options or Options()
    if options.format == "docx":
        return run_stages(root, options, (), partial(_write_docx, output, options.embed_fonts), warn)
    return run_stages(root, options, (), partial(_write_pdf, output), warn)


def _write_pdf(output: Path, staged: RenderedPacket) -> BuildResult:
    from briefing.files.atomic import write_atomic

    rendered = staged.rendered
    write_atomic(output, rendered.pdf)
    return BuildResult(output, rendered.pages, len(rendered.pdf), rendered.synthetic_bold)


def _write_docx(output: Path, embed_fonts: bool, staged: RenderedPacket) -> BuildResult:
    """The same plan as a Word document, its contents numbered by the pages the PDF render found."""
    from briefing.files.atomic import write_atomic
    from briefing.word import write_docx

    rendered = staged.rendered
    written = write_docx(
        staged.plan, rendered.heading_pages, embed_fonts=embed_fonts, table_widths=rendered.table_widths
    )
    write_atomic(output, written.data)
    return BuildResult(output, rendered.pages, len(written.data), not_embedded=written.not_embedded)


def build_pdf(
    root: Path,
    layout: str | None = None,
    duplex: bool = False,
    *,
    options: Options | None = None,
    recipients: tuple[Recipient, ...] = (),
) -> tuple[Packet, Rendered]:
    """Stages one to four: the validated packet rendered with its layout; returns (packet, Rendered)."""
    staged = run_stages(root, options or Options(layout=layout, duplex=duplex), recipients, _kept)
    return staged.packet, staged.rendered

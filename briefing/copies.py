"""Numbered copies: one per recipient, stamped from a document rendered once per set of areas, written or handed on one at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from briefing.chosen import Chosen, choose
from briefing.errors import ChoiceError, ValidationError
from briefing.pipeline import Options, RenderedPacket, Warn, prepare, stage
from briefing.read.mailtext import fit_bytes
from briefing.read.recipients import Recipient, load_recipients

if TYPE_CHECKING:
    from briefing.model.packet import Packet
    from briefing.render import Rendered


class Copy(msgspec.Struct, frozen=True):
    """One recipient's numbered copy, in memory."""

    recipient: Recipient
    filename: str
    pdf: bytes


class Copies:
    """Numbered copies in list order, each made only when asked for, so that only the one being written
    or sent is in memory (a thousand stamped copies of the sample are 400 MB)."""

    def __init__(self, recipients: tuple[Recipient, ...], make: Callable[[int], bytes]):
        self.recipients = recipients
        self._make = make

    @classmethod
    def stamped(cls, staged: RenderedPacket, recipients: tuple[Recipient, ...]) -> Copies:
        """Each recipient's copy of the rendered PDF: its 份号 and a watermark with their name."""
        from briefing.render.copies import CopyMarks, Stamper

        stamper = Stamper(staged.rendered.pdf, staged.layout)

        def make(index: int) -> bytes:
            recipient = recipients[index]
            return stamper.stamp(
                CopyMarks(recipient.copy_number, f"{recipient.name} {recipient.copy_number}")
            )

        return cls(recipients, make)

    @classmethod
    def made(cls, copies: Sequence[Copy]) -> Copies:
        """Copies already in memory (from make_copies)."""
        return cls(tuple(copy.recipient for copy in copies), lambda index: copies[index].pdf)

    def __len__(self) -> int:
        return len(self.recipients)

    def pdf(self, index: int) -> bytes:
        """The PDF of the copy for recipients[index], stamped now."""
        return self._make(index)

    def __iter__(self) -> Iterator[Copy]:
        for index, recipient in enumerate(self.recipients):
            yield Copy(recipient, copy_filename(recipient), self.pdf(index))


# A copy's file name stays well under the file systems' 255 bytes, leaving room for the temporary name
# (".NAME.briefing-xxxxxxxxxxxxxxxx.part") it is written under first.
MAX_FILENAME_BYTES = 200


def copy_filename(recipient: Recipient, suffix: str = ".pdf") -> str:
    """000003-张三.pdf: sortable by 份号, and safe on every file system."""
    safe = "".join("_" if char in '\\/:*?"<>|' or ord(char) < 32 else char for char in recipient.name).strip(
        ". "
    )
    prefix = f"{recipient.copy_number}-"
    room = MAX_FILENAME_BYTES - len(prefix) - len(suffix)
    return f"{prefix}{fit_bytes(safe, room).rstrip('. ') or 'copy'}{suffix}"


class CopyGroup(msgspec.Struct, frozen=True):
    """Recipients who get the same areas, and the document they share: rendered once, stamped for each."""

    recipients: tuple[Recipient, ...]
    staged: RenderedPacket


def copy_groups(
    root: Path, recipients: tuple[Recipient, ...], options: Options, warn: Warn | None = None
) -> Iterator[CopyGroup]:
    """The documents numbered copies are stamped from: one per set of areas the recipients ask for (their
    own `areas:`, else --areas, else the whole packet), in the order of the list, each rendered only when
    its turn comes.

    Each document's 分送 list names the recipients of that document: the others received another one.
    Every recipient's areas are checked (ValidationError naming all that name no area) before the first
    document is rendered.
    """
    if not options.whole and any(recipient.areas for recipient in recipients):
        raise ChoiceError("chosen.with-recipient-areas")
    # The packet's declared totals are checked and printed only when someone gets the whole packet.
    whole_wanted = options.whole and not all(recipient.areas for recipient in recipients)
    packet, loaded = prepare(root, options, declared=whole_wanted, warn=warn)
    default = options.chosen_in(packet.areas)
    groups: dict[tuple[int, ...] | None, list[Recipient]] = {}
    chosen: dict[tuple[int, ...] | None, Chosen | None] = {None: None}
    problems = []
    for number, recipient in enumerate(recipients, start=1):
        own, found = choose(recipient.areas, packet.areas) if recipient.areas else (default, [])
        problems += [msgspec.structs.replace(p, field=f"recipients[{number}].areas") for p in found]
        key = own.numbers if own is not None else None
        chosen.setdefault(key, own)
        groups.setdefault(key, []).append(recipient)
    if problems:
        raise ValidationError(problems)
    for key, members in groups.items():
        group = tuple(members)
        yield CopyGroup(group, stage(packet, loaded, options, group, chosen[key]))


def make_copies(
    root: Path, recipients: tuple[Recipient, ...], options: Options | None = None
) -> tuple[Packet, Rendered, list[Copy]]:
    """One numbered copy per recipient: the shared pages are rendered once, each copy only stamps its marks.

    The packet and PDF returned are the first recipient's document; the copies are in list order.
    """
    made: dict[int, Copy] = {}
    first: RenderedPacket | None = None
    for group in copy_groups(root, recipients, options or Options()):
        first = first or group.staged
        for copy in Copies.stamped(group.staged, group.recipients):
            made[id(copy.recipient)] = copy
    assert first is not None  # a recipient list is never empty
    return first.packet, first.rendered, [made[id(recipient)] for recipient in recipients]


def build_copies(
    root: Path, recipients_file: Path, out_dir: Path, options: Options | None = None, warn: Warn | None = None
) -> list[Path]:
    """Write every recipient's copy into `out_dir` (each atomically); returns the paths written, in list
    order. Recipients who ask for the same areas share one rendered document (see copy_groups). The
    packet's warnings go to `warn`."""
    options = options or Options()
    recipients = load_recipients(recipients_file)
    write = _write_docx_copies if options.format == "docx" else _write_copies
    written: dict[int, Path] = {}
    for group in copy_groups(root, recipients, options, warn):
        for recipient, path in zip(group.recipients, write(out_dir, options, group), strict=True):
            written[id(recipient)] = path
    return [written[id(recipient)] for recipient in recipients]


def _write_copies(out_dir: Path, options: Options, group: CopyGroup) -> list[Path]:
    """Stamp and write one copy at a time, so only one is ever in memory."""
    from briefing.files.atomic import write_atomic

    written = []
    for copy in Copies.stamped(group.staged, group.recipients):
        path = out_dir / copy.filename
        write_atomic(path, copy.pdf)
        written.append(path)
    return written


def _write_docx_copies(out_dir: Path, options: Options, group: CopyGroup) -> list[Path]:
    """One Word document per recipient: its 份号 on the first page and its name and 份号 as a watermark."""
    from briefing.files.atomic import write_atomic
    from briefing.model.plan import Marks
    from briefing.word import write_docx

    plan, rendered = group.staged.plan, group.staged.rendered
    written = []
    for recipient in group.recipients:
        marks = Marks(recipient.copy_number, plan.marks.draft, f"{recipient.name} {recipient.copy_number}")
        document = write_docx(
            plan._replace(marks=marks),
            rendered.heading_pages,
            embed_fonts=options.embed_fonts,
            table_widths=rendered.table_widths,
        )
        path = out_dir / copy_filename(recipient, ".docx")
        write_atomic(path, document.data)
        written.append(path)
    return written

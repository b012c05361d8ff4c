"""A warm build session: one packet built again and again (briefing watch), reading again only what changed.

The session keeps each data file as last parsed, keyed by what it was (FileKey), the validated packet,
the loaded layout with its templates and fonts (and the files they came from), and what composing and
rendering keep (pipeline.Warm: compiled templates, broken lines, font subsets, compressed font programs).
A rebuild looks at every file again (a stat, the path it resolves to and, for text files, a digest of
their content: a few kilobytes each), parses only the files that changed, validates again only if one
did, and reloads the layout only if one of its files, a font or a folder they are found in changed.
Every stage runs the same code as a cold build, so the PDF is byte for byte the one `build` writes; only
work whose result is known is skipped.

It lives beside pipeline.py because it is the pipeline run again: it calls the same stages (`stage`),
holding on to their results, and nothing below it knows it exists.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path

import msgspec

from briefing.chosen import Chosen, unread_declared
from briefing.errors import Source, ValidationError, issue
from briefing.model.layout import LoadedLayout
from briefing.model.packet import Packet
from briefing.pipeline import BuildResult, Options, Warm, stage
from briefing.read.packet_files import RawPacket, load_packet
from briefing.read.rules import validate_packet
from briefing.read.yaml_nodes import Document, load_file


class FileKey(msgspec.Struct, frozen=True):
    """A file as the session last saw it. Text files are also known by a digest of their content: two saves
    in the same clock tick, of the same size, leave the times and size as they were. Font files (megabytes,
    not edited but replaced) go by their times, size and inode alone; the change time moves on every write
    and cannot be set back. `real` is the path the file resolves to: a file swapped for a symbolic link
    (even to one with the same content) is another file, read again by load_file, which refuses links out
    of the packet."""

    path: str
    real: str
    mtime_ns: int
    ctime_ns: int
    size: int
    inode: int
    digest: bytes = b""


def file_key(path: Path, *, content: bool = True) -> FileKey | None:
    """The key of the file at `path` now; None when there is no regular file there to read.

    Opened without waiting (a pipe put in a file's place would block a plain open) and read no further
    than load_file would: a file past its limit is refused whatever follows.
    """
    from briefing.read.input_files import MAX_FILE_BYTES

    try:
        real = os.path.realpath(path)
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError):
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            return None
        digest = b""
        if content:
            with open(handle, "rb", closefd=False) as stream:
                digest = hashlib.blake2b(stream.read(MAX_FILE_BYTES + 1), digest_size=16).digest()
    except (OSError, ValueError):
        return None
    finally:
        os.close(handle)
    return FileKey(str(path), real, info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino, digest)


def folder_key(path: Path) -> tuple[int, int] | None:
    """A folder's inode and modification time, which moves when a name in it is added, removed or renamed."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_ino, info.st_mtime_ns) if stat.S_ISDIR(info.st_mode) else None


class Reloaded(msgspec.Struct, frozen=True):
    """What one rebuild did again: the data files it parsed (as messages name them), and whether it
    validated, reloaded the layout, found a font file changed, and rendered."""

    files: tuple[str, ...] = ()
    validated: bool = False
    layout: bool = False
    fonts: bool = False
    rendered: bool = False


class Rebuilt(msgspec.Struct, frozen=True):
    """One rebuild: what was written (None when nothing had changed), how long it took, what was redone."""

    result: BuildResult | None
    seconds: float
    reloaded: Reloaded


class _Layout(msgspec.Struct, frozen=True):
    """A loaded layout and what it was loaded from: the name asked for, its files and fonts, and the
    folders they (and layouts and fonts that could take their place) are found in."""

    asked: tuple[str, str]
    loaded: LoadedLayout
    files: dict[str, FileKey | None]
    fonts: dict[str, FileKey | None]
    folders: dict[str, tuple[int, int] | None]


class BuildSession:
    """Builds the packet at `root` into `output` (a PDF) again and again, keeping what it can between builds.

    rebuild() raises what a build raises (BriefingError, ChoiceError); the output is then left as it was.
    """

    def __init__(self, root: Path, output: Path, options: Options | None = None) -> None:
        self.root = root
        self.output = output
        self.options = options or Options()
        self._documents: dict[Path, tuple[FileKey, Document]] = {}
        self._parsed: list[str] = []  # files parsed by the rebuild under way
        self._validated: tuple[tuple[object, ...], Packet] | None = None  # the last valid packet
        self._layout: _Layout | None = None
        self._warm = Warm()
        self._built: tuple[object, ...] | None = None  # what the PDF on disk was made from
        self._unread = itertools.count()  # stands for a file that could not be read, once each

    # the one public step ----------------------------------------------------------------------------------
    def rebuild(self, clock: Callable[[], float] = time.perf_counter) -> Rebuilt:
        """Build again if anything the PDF is made from changed (or the PDF is gone); write it atomically."""
        started = clock()
        self._parsed = []
        packet, contents, validated = self._packet()
        loaded, layout_reloaded, fonts_changed = self._loaded_layout(packet)
        chosen = self.options.chosen_in(packet.areas)
        made_from = (contents, id(loaded), chosen)
        reloaded = Reloaded(tuple(self._parsed), validated, layout_reloaded, fonts_changed)
        if made_from == self._built and self.output.is_file():
            return Rebuilt(None, clock() - started, reloaded)
        self._refuse_clash()
        result = self._write(packet, loaded, chosen)
        self._built = made_from
        return Rebuilt(result, clock() - started, msgspec.structs.replace(reloaded, rendered=True))

    def watched(self) -> tuple[Path, ...]:
        """The folders whose files the PDF is made from: the packet's, the layout's and the fonts'."""
        folders = {self.root}
        if self._layout is not None:
            for name in (*self._layout.files, *self._layout.fonts):
                folders.add(Path(name).parent)
            folders.update(Path(name) for name in self._layout.folders)
        return tuple(sorted(folder for folder in folders if folder_key(folder) is not None))

    # stages one and two: the packet -----------------------------------------------------------------------
    def _load(self, path: Path, display: str, inside: Path | None = None) -> Document:
        """load_file(), or the document parsed before if the file holds what it held then (a save without
        a change, or a file put back as it was, is not parsed again)."""
        key = file_key(path)
        kept = self._documents.get(path)
        if key is not None and kept is not None and _same_content(kept[0], key):
            self._documents[path] = (key, kept[1])
            return kept[1]
        document = load_file(path, display, inside=inside)
        self._parsed.append(display)
        if key is not None:
            self._documents[path] = (key, document)
        else:
            self._documents.pop(path, None)
        return document

    def _contents(self, raw: RawPacket) -> tuple[object, ...]:
        """What the packet is made of: each file's real path and content (by digest), in order, and the
        list's problems. A file that could not be read is never the same as anything before."""

        def content(document: Document) -> object:
            kept = self._documents.get(document.path)
            if kept is not None and kept[1] is document:
                return (kept[0].real, kept[0].digest)
            return ("unread", next(self._unread))  # a number no earlier rebuild was given

        areas = tuple((document.display, content(document)) for document in raw.areas)
        return (content(raw.packet), areas, tuple(raw.missing), self.options.whole)

    def _packet(self) -> tuple[Packet, tuple[object, ...], bool]:
        """The validated packet, what it was made from, and whether it had to be validated again."""
        raw = load_packet(self.root, self._load)
        contents = self._contents(raw)
        self._keep_only(raw)
        if self._validated is not None and self._validated[0] == contents:
            return self._validated[1], contents, False
        declared = self.options.whole
        packet = validate_packet(raw if declared else unread_declared(raw))
        self._validated = (contents, packet)  # only a valid packet is kept: a wrong one is reported again
        return packet, contents, True

    def _keep_only(self, raw: RawPacket) -> None:
        """Forget files the packet no longer lists (deleted, renamed, dropped from packet.yaml)."""
        listed = {raw.packet.path, *(document.path for document in raw.areas)}
        for path in [path for path in self._documents if path not in listed]:
            del self._documents[path]

    # the layout, its templates and fonts ------------------------------------------------------------------
    def _loaded_layout(self, packet: Packet) -> tuple[LoadedLayout, bool, bool]:
        """The layout, and whether it was loaded again and whether a font file changed."""
        name = self.options.layout or packet.layout
        asked = (name, str(packet.root))
        kept = self._layout
        if kept is not None and kept.asked == asked and _unchanged(kept):
            return kept.loaded, False, False
        fonts_changed = kept is not None and _fonts_now(kept.fonts) != kept.fonts
        self._layout = _load_layout(packet, self.options, asked)
        self._warm = Warm()  # templates, broken lines and subsets belong to one layout and one set of fonts
        return self._layout.loaded, True, fonts_changed

    # stages three to five -----------------------------------------------------------------------------
    def _refuse_clash(self) -> None:
        """The output must not have become one of the inputs since the command line was checked (a link
        put in its place, packet.yaml or a layout now naming it): raise a ValidationError at that input."""
        from briefing.inputs import Input, clash

        inputs = [Input(path, "data") for path in self._documents]
        if self._layout is not None:
            inputs += [Input(Path(name), "layout") for name in (*self._layout.files, *self._layout.fonts)]
        found = clash([self.output], inputs)
        if found is not None:
            used = found[1].path
            shown = _shown(used, self.root)
            raise ValidationError([issue(Source(shown), "", "watch.clash", output=self.output, used=shown)])

    def _write(self, packet: Packet, loaded: LoadedLayout, chosen: Chosen | None) -> BuildResult:
        from briefing.files.atomic import write_atomic

        staged = stage(packet, loaded, self.options, (), chosen, self._warm)
        rendered = staged.rendered
        write_atomic(self.output, rendered.pdf)
        return BuildResult(self.output, rendered.pages, len(rendered.pdf), rendered.synthetic_bold)


def _load_layout(packet: Packet, options: Options, asked: tuple[str, str]) -> _Layout:
    """Load the layout as a build does, and note the files and folders it came from (before loading, so
    that a file saved meanwhile is seen as changed next time)."""
    from briefing.inputs import build_inputs
    from briefing.layouts.build import load_layout
    from briefing.layouts.search import search_dirs
    from briefing.pipeline import layout_asked

    inputs = build_inputs(packet.root, options.layout)
    files = {str(i.path): file_key(i.path) for i in inputs if i.role == "layout"}
    fonts = _fonts_now({str(i.path): None for i in inputs if i.role == "font"})
    folders = [*search_dirs("layouts", packet.root), *search_dirs("fonts", packet.root)]
    folders += [Path(name).parent for name in (*files, *fonts)]
    folders += [Path(name).parent / "mail" for name in files if Path(name).name == "layout.yaml"]
    loaded = load_layout(*layout_asked(packet, options.layout))
    return _Layout(asked, loaded, files, fonts, {str(folder): folder_key(folder) for folder in folders})


def _shown(path: Path, root: Path) -> str:
    """A path as messages show it: relative to the packet folder when inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _same_content(before: FileKey, now: FileKey) -> bool:
    """Whether a data file holds what it held (its times may have moved: a save without a change)."""
    return (before.real, before.size, before.digest) == (now.real, now.size, now.digest)


def _fonts_now(fonts: dict[str, FileKey | None]) -> dict[str, FileKey | None]:
    """The font files' keys as they are now (fonts.yaml is read in full: it is small and edited)."""
    return {name: file_key(Path(name), content=name.endswith(".yaml")) for name in fonts}


def _unchanged(kept: _Layout) -> bool:
    """Whether every file and folder the layout was loaded from is as it was then."""
    return (
        all(file_key(Path(name)) == key for name, key in kept.files.items())
        and _fonts_now(kept.fonts) == kept.fonts
        and all(folder_key(Path(name)) == key for name, key in kept.folders.items())
    )

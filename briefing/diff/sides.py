"""The two packets of a diff: a folder as it is, or as a git revision holds it, read and validated.

A revision is read with `git ls-tree` and `git show` only, into a scratch folder, and nothing but
packet.yaml and areas/*.yaml|yml is taken. The repository may come from anyone, so git runs with the
options that could start other programs switched off (fsmonitor, hooks, signatures, pagers, fetching
missing objects for a partial clone), with pathspecs taken literally, no GIT_* variables from the
environment but the two that stop the search for a repository, a time limit, and every size checked
before and while it is read.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import msgspec

from briefing.errors import BriefingError, Issue, Source, issue
from briefing.messages import printable
from briefing.model.packet import Packet
from briefing.pipeline import load_and_validate
from briefing.read.input_files import MAX_FILE_BYTES

MAX_AREA_FILES = 1000  # far beyond any packet (the 10x packet has 80), far below a runaway folder
MAX_TOTAL_BYTES = 64 * 1024 * 1024
MAX_LISTING_BYTES = 4 * 1024 * 1024
GIT_TIMEOUT = 60.0
_GIT_OPTIONS = (
    "--no-pager",
    "--literal-pathspecs",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "protocol.allow=never",
    "-c",
    "log.showSignature=false",
)
_KEPT_VARIABLES = ("GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM")
_OBJECT = re.compile(rb"^[0-9a-f]{40}([0-9a-f]{24})?$")


class DiffInputError(BriefingError):
    """A side of the diff could not be read: a packet that does not validate, or a revision git lacks."""

    kind = "diff"


class Spec(msgspec.Struct, frozen=True):
    """One side as the user named it: a folder, and the git revision to read it at (None: as it is)."""

    folder: str
    revision: str | None = None

    @property
    def label(self) -> str:
        return f"{self.folder}@{self.revision}" if self.revision is not None else self.folder


def parse_spec(text: str, is_folder: Callable[[str], bool] = os.path.isdir) -> Spec:
    """FOLDER, or FOLDER@REVISION. An existing folder is a folder even with @ in its name; otherwise the
    first @ after which the rest names a revision splits, preferring a part before it that exists."""
    if is_folder(text) or "@" not in text:
        return Spec(text)
    splits = [index for index, char in enumerate(text) if char == "@"]
    existing = [index for index in splits if is_folder(text[:index])]
    index = (existing or splits)[0]
    return Spec(text[:index], text[index + 1 :])


def revision_problem(revision: str) -> str | None:
    """Why a revision cannot be passed to git as given (None when it can): it is an argument, so it
    must not read as an option, and it must be one word."""
    if not revision:
        return "empty"
    if revision.startswith("-"):
        return "option"
    if len(revision) > 200 or any(char.isspace() or not char.isprintable() for char in revision):
        return "shape"
    return None


def load_sides(specs: tuple[Spec, Spec]) -> tuple[Packet, Packet]:
    """Both packets, validated; every problem on either side is raised together, each located under
    the side's label (data/x/areas/01.yaml:3:5, data/x@HEAD~1/packet.yaml:2:1)."""
    packets = _load(specs)
    return packets[0], packets[1]


def load_side(spec: Spec) -> Packet:
    """One packet, validated, its problems located under its label (`build --changes-since OLD`)."""
    return _load((spec,))[0]


def _load(specs: tuple[Spec, ...]) -> list[Packet]:
    packets: list[Packet] = []
    problems: list[Issue] = []
    with tempfile.TemporaryDirectory(prefix="briefing-diff-") as scratch:
        for number, spec in enumerate(specs):
            try:
                if spec.revision is None:
                    root = Path(spec.folder)
                else:
                    root = Path(scratch) / str(number)
                    extract(spec, root)
                packets.append(load_and_validate(root))
            except DiffInputError as exc:  # located at the side's label already
                problems.extend(exc.issues)
            except BriefingError as exc:
                problems.extend(_relabelled(found, label_prefix(spec)) for found in exc.issues)
    if problems:
        raise DiffInputError(problems)
    return packets


def label_prefix(spec: Spec) -> str:
    """What goes before a file of the side in messages: its label, as the user wrote it."""
    return spec.label.rstrip("/") or "/"


def _relabelled(found: Issue, prefix: str) -> Issue:
    source = msgspec.structs.replace(found.source, file=f"{prefix}/{found.source.file}")
    return msgspec.structs.replace(found, source=source)


class _Entry(msgspec.Struct, frozen=True):
    name: str
    object: str
    size: int


def extract(spec: Spec, target: Path) -> None:
    """Write packet.yaml and areas/*.yaml|yml of `spec.folder` at `spec.revision` into `target`."""
    assert spec.revision is not None
    base, relative = _repository_folder(spec.folder)
    run = _Git(base, spec)
    packet, areas = _packet_entries(run, spec.revision, relative)
    _check_sizes(run, spec, packet, areas)
    (target / "areas").mkdir(parents=True)
    for entry in packet + areas:
        data = run.blob(entry.object, entry.size)
        try:
            (target / _display(entry, packet)).write_bytes(data)
        except OSError as exc:  # a name no file system takes (git allows any length), or a full disk
            shown = printable(_display(entry, packet))
            raise run.failed("diff.git-failed", reason=f"{shown}: {exc.strerror or exc}") from None


def _repository_folder(folder: str) -> tuple[Path, PurePosixPath]:
    """Where git runs, and the packet folder relative to it: a folder since deleted is read from its
    nearest existing parent."""
    absolute = os.path.abspath(folder or ".")
    base = absolute
    while not os.path.isdir(base):
        base = os.path.dirname(base)
    return Path(base), PurePosixPath(*Path(os.path.relpath(absolute, base)).parts)


def _packet_entries(run: _Git, revision: str, relative: PurePosixPath) -> tuple[list[_Entry], list[_Entry]]:
    """packet.yaml (a list of one, or empty) and the area files of the folder at the revision; raises
    when the revision has no such folder."""
    packet = [e for e in run.listing(revision, str(relative / "packet.yaml")) if e.name == "packet.yaml"]
    areas = [e for e in run.listing(revision, f"{relative / 'areas'}/") if _is_area_file(e.name)]
    if not packet and not areas and not run.listing(revision, str(relative), any_kind=True):
        raise run.failed("diff.git-no-folder")
    return packet, areas


def _is_area_file(name: str) -> bool:
    return name.endswith((".yaml", ".yml")) and name not in (".yaml", ".yml")


def _check_sizes(run: _Git, spec: Spec, packet: list[_Entry], areas: list[_Entry]) -> None:
    """Refuse too many area files, too many bytes in all, or one file above the reader's limit."""
    if len(areas) > MAX_AREA_FILES or sum(e.size for e in packet + areas) > MAX_TOTAL_BYTES:
        raise run.failed("diff.git-too-many", limit=MAX_AREA_FILES)
    large = [e for e in packet + areas if e.size > MAX_FILE_BYTES]
    if large:
        where = [Source(f"{spec.label}/{_display(e, packet)}") for e in large]
        raise DiffInputError([issue(source, "", "load.too-large") for source in where])


def _display(entry: _Entry, packet: list[_Entry]) -> str:
    return entry.name if entry in packet else f"areas/{entry.name}"


class _Git:
    """`git ls-tree` and `git show` in one folder, with the safeguards of the module docstring."""

    def __init__(self, folder: Path, spec: Spec) -> None:
        self.folder = folder
        self.spec = spec
        self.where = Source(spec.label)

    def listing(self, revision: str, path: str, any_kind: bool = False) -> list[_Entry]:
        """Regular files named by `path` (a file, or a folder's entries with a trailing /); with
        `any_kind`, entries of every kind (to tell an empty folder from a missing one)."""
        data = self._run(["ls-tree", "-l", "-z", revision, "--", path], MAX_LISTING_BYTES)
        entries = []
        for record in data.split(b"\0"):
            head, _, name_bytes = record.partition(b"\t")
            fields = head.split()
            if len(fields) != 4:
                continue
            mode, kind, object_id, size = fields
            if any_kind:
                entries.append(_Entry("", "", 0))
                continue
            # Only plain files: a symbolic link or a submodule could point anywhere.
            if kind != b"blob" or mode not in (b"100644", b"100755") or not _OBJECT.match(object_id):
                continue
            try:
                name = name_bytes.decode("utf-8").rsplit("/", 1)[-1]
            except UnicodeDecodeError:
                continue
            if name in ("", ".", "..") or not size.isdigit():
                continue
            entries.append(_Entry(name, object_id.decode("ascii"), int(size)))
        return entries

    def blob(self, object_id: str, size: int) -> bytes:
        data = self._run(["show", "--no-textconv", object_id], size)
        if len(data) != size:
            raise self.failed("diff.git-failed", reason=f"{object_id}: {len(data)} of {size} bytes")
        return data

    def failed(self, code: str, **params: object) -> DiffInputError:
        params = {"folder": self.spec.folder, "revision": self.spec.revision, **params}
        return DiffInputError([issue(self.where, "", code, **params)])

    def _run(self, arguments: list[str], limit: int) -> bytes:
        # No GIT_* from our environment (GIT_DIR, GIT_CONFIG_*, GIT_EXEC_PATH … would change what runs),
        # except the two that only stop git looking for a repository further up.
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("GIT_") or key in _KEPT_VARIABLES
        }
        environment.update(
            GIT_TERMINAL_PROMPT="0", GIT_NO_LAZY_FETCH="1", GIT_OPTIONAL_LOCKS="0", LC_ALL="C", LANGUAGE=""
        )
        command = ["git", *_GIT_OPTIONS, "-C", str(self.folder), *arguments]
        with tempfile.TemporaryFile() as errors:
            try:
                process = subprocess.Popen(
                    command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=errors, env=environment
                )
            except OSError as exc:
                raise self.failed("diff.git-missing", reason=exc.strerror or str(exc)) from None
            timer = threading.Timer(GIT_TIMEOUT, process.kill)
            timer.start()
            try:
                assert process.stdout is not None
                data = process.stdout.read(limit + 1)
                too_much = len(data) > limit
                if too_much:
                    process.kill()
                process.stdout.close()
                status = process.wait()
            finally:
                timed_out = not timer.is_alive()
                timer.cancel()
            errors.seek(0)
            message = errors.read(4096).decode("utf-8", "replace")
        if too_much:
            raise self.failed("diff.git-too-many", limit=MAX_AREA_FILES)
        if status != 0:
            raise self._error(message, timed_out)
        return data

    def _error(self, message: str, timed_out: bool) -> DiffInputError:
        lowered = message.lower()
        if timed_out:
            return self.failed("diff.git-timeout", seconds=f"{GIT_TIMEOUT:g}")
        for pattern, code in (
            ("not a git repository", "diff.git-not-repository"),
            ("outside repository", "diff.git-outside"),
            ("dubious ownership", "diff.git-unsafe"),
            ("not a valid object name", "diff.git-no-revision"),
            ("not a tree object", "diff.git-no-revision"),
            ("bad revision", "diff.git-no-revision"),
            ("ambiguous argument", "diff.git-no-revision"),
            ("invalid object name", "diff.git-no-revision"),
        ):
            if pattern in lowered:
                return self.failed(code)
        first = next((line for line in message.splitlines() if line.strip()), "")
        return self.failed("diff.git-failed", reason=first.removeprefix("fatal: "))

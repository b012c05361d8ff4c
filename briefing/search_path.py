"""Where things live: layouts and fonts (given paths, the packet, the user's folder, shipped) and caches."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from contextlib import suppress
from pathlib import Path

USER_HOME_ENV = "BRIEFING_HOME"


def shipped_dir(kind: str) -> Path:
    """The shipped `layouts` or `fonts` folder: inside the wheel, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent
    bundled = package / "_shipped" / kind
    if bundled.is_dir():
        return bundled
    return package.parent / kind


def user_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The user's own folder: $BRIEFING_HOME, else $XDG_CONFIG_HOME/briefing, else ~/.config/briefing."""
    env = os.environ if environ is None else environ
    if env.get(USER_HOME_ENV):
        return Path(env[USER_HOME_ENV])
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "briefing"


def search_dirs(kind: str, packet_root: Path | None, extra: Iterable[Path] = ()) -> list[Path]:
    """Folders to look in for `kind` ("layouts" or "fonts"), most specific first."""
    dirs = [Path(p) for p in extra]
    if packet_root is not None:
        dirs.append(packet_root / kind)
    with suppress(RuntimeError, KeyError):  # no home folder (a container's user without one): no user folder
        dirs.append(user_dir() / kind)
    dirs.append(shipped_dir(kind))
    seen: set[Path] = set()
    unique = []
    for directory in dirs:
        key = directory.resolve() if directory.exists() else directory
        if key not in seen:
            seen.add(key)
            unique.append(directory)
    return unique


def cache_dir(kind: str) -> Path:
    """The folder for one kind of cache (parsed fonts, compiled templates): <base>/briefing/<kind>, where
    <base> is $BRIEFING_CACHE, else $XDG_CACHE_HOME, else ~/.cache. Deleting it only costs time.

    The caches hold pickled fonts and compiled code that builds load and run: like the user's own
    site-packages, the folder must be writable by that user alone.
    """
    base = os.environ.get("BRIEFING_CACHE") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefing" / kind


def store_in_cache(path: Path, data: bytes) -> None:
    """Write one cache file atomically; a read-only or full disk only costs the next build its time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError:
        with suppress(OSError):
            os.unlink(temporary)

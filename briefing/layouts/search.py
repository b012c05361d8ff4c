"""Where layouts and fonts are looked for: given folders, the packet, the user's folder, shipped."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from contextlib import suppress
from pathlib import Path

USER_HOME_ENV = "BRIEFING_HOME"


def shipped_dir(kind: str) -> Path:
    """The shipped `layouts` or `fonts` folder: inside the wheel, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent.parent  # briefing/, two levels up from layouts/search.py
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

"""The subset cache: the font program made for one face and one glyph list, kept between builds as data."""

from __future__ import annotations

import hashlib
from array import array

import msgspec

from briefing.files.cache import read_cached, store_in_cache
from briefing.model.layout import FontSpec
from briefing.render.fonts.cache import face_cache_key

# Subsetting a CJK face reads its whole file (10-20 MB) and copies out the glyphs drawn, and the program
# is then compressed (700 KB for the sample's five faces): 30-40 ms of a warm build, for the same stream as
# last time whenever no new character was drawn. So each face's last program is kept as the PDF holds it
# (its zlib stream, with its length and digest), with the code points it was made for (in code point order,
# which fixes the glyph numbering), under the face's own cache key: one entry a face, replaced when the
# glyphs change, so the folder never grows with edits. Like the font cache it holds bytes and numbers
# only, in a folder only this user can write (files/cache.py), and an entry counts only if its format,
# key and glyph list are exactly this face's and this document's.
_FORMAT = 3  # 3: programs in code point order (stable codes); 2 held them in order of first use


class KeptSubset(msgspec.Struct, array_like=True, forbid_unknown_fields=True):
    """A subset program as the PDF holds it: its zlib stream, its length (Length1) and digest (the tag)."""

    digest: bytes
    length: int
    stream: bytes


class _CachedSubset(msgspec.Struct, array_like=True, forbid_unknown_fields=True):
    format: int
    key: str
    firsts: bytes  # the code points, array('I') in this machine's byte order (the key says which)
    subset: KeptSubset


_DECODER = msgspec.msgpack.Decoder(_CachedSubset)
_ENCODER = msgspec.msgpack.Encoder()


def _entry(spec: FontSpec) -> tuple[str, str]:
    key = face_cache_key(spec)
    return key, hashlib.blake2b(key.encode(), digest_size=12).hexdigest() + ".subset"


def cached_subset(spec: FontSpec, firsts: list[int]) -> KeptSubset | None:
    """The program kept for this face and exactly these code points, or None (never raises)."""
    try:
        key, name = _entry(spec)
        data = read_cached("subsets", name)
        if data is None:
            return None
        kept = _DECODER.decode(data)
        if kept.format != _FORMAT or kept.key != key or kept.firsts != array("I", firsts).tobytes():
            return None
        return kept.subset
    except Exception:  # an entry that does not decode or a font file gone: the subset is made afresh
        return None


def keep_subset(spec: FontSpec, firsts: list[int], subset: KeptSubset) -> None:
    """Keep `subset` as this face's program for `firsts` (an optimisation: failing costs nothing)."""
    try:
        key, name = _entry(spec)
        body = _CachedSubset(_FORMAT, key, array("I", firsts).tobytes(), subset)
        store_in_cache("subsets", name, _ENCODER.encode(body))
    except Exception:
        return

"""Zip packages (DOCX, OFD) written so that the same content gives the same bytes.

The archive is written here, by the format's own few records (PKWARE's APPNOTE: a local
header and the data for each member, then the central directory), with the fields Python's
zipfile gives them, so that each member's deflated data can be kept: a rebuild in the same
process deflates only the members that changed (an embedded font whose glyphs did not
change is the same bytes, gwformat.reuse).
"""

from __future__ import annotations

import struct
import zlib
from typing import Mapping

from ..reuse import Memo

#: 1980-01-01 00:00, the earliest date a zip can hold, as MS-DOS time and date
_TIME, _DATE = 0, (1 << 5) | 1
_VERSION = 20  # 2.0: deflate
_UNIX = 3  # the system the attributes are for
_UTF8_NAME = 0x800
_ATTRIBUTES = 0o644 << 16

_DEFLATED: Memo[tuple[bytes, int]] = Memo(32)  # a package's members, a font among them: a few MB


def _deflated(data: bytes) -> tuple[bytes, int]:
    """``data`` deflated at the fastest level, and its CRC-32."""
    compressor = zlib.compressobj(1, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(), zlib.crc32(data)


def deterministic_zip(members: Mapping[str, bytes | str], first: str = "[Content_Types].xml") -> bytes:
    """A zip of ``members`` (name to content) in sorted order, ``first`` first, with a fixed
    timestamp. Each member is deflated once, at deflate's fastest level: the embedded fonts
    are most of a package, and level 6 took twice as long for 6 % less."""
    names = sorted(members, key=lambda n: (n != first, n))
    out: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name in names:
        content = members[name]
        data = content.encode("utf-8") if isinstance(content, str) else content
        packed, crc = _DEFLATED.get(data, lambda: _deflated(data))
        encoded = name.encode("utf-8")
        flags = 0 if name.isascii() else _UTF8_NAME
        fields = (_VERSION, flags, zlib.DEFLATED, _TIME, _DATE, crc, len(packed), len(data), len(encoded))
        header = struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields, 0)
        directory.append(struct.pack("<4s2B5H3L5H2L", b"PK\x01\x02", _VERSION, _UNIX, *fields, 0, 0, 0, 0,
                                     _ATTRIBUTES, offset) + encoded)
        out += [header, encoded, packed]
        offset += len(header) + len(encoded) + len(packed)
    central = b"".join(directory)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(names), len(names), len(central), offset, 0)
    return b"".join(out) + central + end

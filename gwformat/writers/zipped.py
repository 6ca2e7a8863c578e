"""Zip packages (DOCX, OFD) written so that the same content gives the same bytes."""

from __future__ import annotations

import io
import zipfile


def deterministic_zip(data: bytes, first: str = "[Content_Types].xml") -> bytes:
    """Rewrite a zip with sorted entries (``first`` first) and a fixed timestamp."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(source.namelist(), key=lambda n: (n != first, n))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
    return buffer.getvalue()

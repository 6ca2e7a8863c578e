"""The shipped faces as reportlab fonts, with what is slow to make kept in gwformat's cache.

reportlab parses a whole TrueType file when a font is registered (tens of
milliseconds for a 7 MB CJK face), and for every 256 characters a document uses it
cuts a subset and deflates it, which was a third of the PDF writer's time. Both
are pure functions of the font file (and of the characters), so both are kept in
gwformat's cache (gwformat.cache), keyed by the file and reportlab's version: a
later build in any process reuses them, and the PDF's bytes are the same as if
reportlab had made them.
"""

from __future__ import annotations

import functools
import mmap
import operator
import pickle
import struct
import zlib
from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab import Version, rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, TTEncoding, TTFont, TTFontFace

from ..cache import cached, file_key
from ..reuse import Memo
from .pdf_reuse import formatted


class _Deflated(pdfdoc.PDFStreamFilterZCompress):
    """FlateDecode for a stream whose content was deflated before (a cached subset)."""

    def encode(self, text: bytes) -> bytes:
        return text


_DEFLATED = _Deflated()
_SUBSETS: Memo[bytes] = Memo(256)


#: What reportlab keeps of a face only to cut subsets from it (and to build the rest while parsing).
_LATER = frozenset({"glyphToChar", "hmetrics", "glyphPos"})


class _Face(TTFontFace):
    """reportlab's face of a font file, its parsed metrics and deflated subsets cached."""

    def readFile(self, f) -> None:  # noqa: N802 (reportlab's name)
        # mapped, not read: with metrics and subsets cached, a build touches a few pages of
        # the 7 MB file (its table directory) instead of reading all of it
        if not hasattr(self, "_ttf_data"):
            with open(f, "rb") as stream:
                self._ttf_data = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
            self.filename = f
        self._pos = 0

    def extractInfo(self, charInfo: int = 1) -> None:  # noqa: N802 (reportlab's name)
        parsed: dict = {}

        def parse() -> bytes:
            before = dict(vars(self))
            super(_Face, self).extractInfo(charInfo)
            # the scale function is a closure pickle cannot keep; it is rebuilt below
            parsed.update((k, v) for k, v in vars(self).items()
                          if k != "_pdfScale" and (k not in before or before[k] is not v))
            later = {k: parsed.pop(k) for k in _LATER if k in parsed}
            cached("reportlab-faces-later", self._key(charInfo), lambda: pickle.dumps(later))
            return pickle.dumps(parsed)

        self._char_info = charInfo
        self.__dict__.update(pickle.loads(cached("reportlab-faces", self._key(charInfo), parse)))
        self._pdfScale = functools.partial(operator.mul, 1000 / self.unitsPerEm)

    def __getattr__(self, name: str):
        # only cutting a new subset needs these: they are loaded then
        if name not in _LATER or "_char_info" not in vars(self):
            raise AttributeError(name)

        def parse() -> bytes:
            face = TTFontFace(self.filename)
            return pickle.dumps({k: getattr(face, k) for k in _LATER if hasattr(face, k)})

        self.__dict__.update(pickle.loads(cached("reportlab-faces-later", self._key(self._char_info), parse)))
        return self.__dict__[name]

    def _key(self, char_info: int) -> tuple:
        return file_key(Path(self.filename)), Version, char_info, 2

    def addSubsetObjects(self, doc, fontname, subset):  # noqa: N802 (reportlab's name)
        """reportlab's font file and descriptor for one subset, the file taken from the cache."""
        if not doc.compression:
            return super().addSubsetObjects(doc, fontname, subset)

        def deflate() -> bytes:
            content = self.makeSubset(subset)
            return struct.pack(">I", len(content)) + zlib.compress(content)

        key = (file_key(Path(self.filename)), Version, tuple(subset), 1)
        # kept in the process too: a rebuild reads no subset whose glyphs did not change
        stored = _SUBSETS.get(key, lambda: cached("pdf-subsets", key, deflate))
        font_file = pdfdoc.PDFStream(content=stored[4:], filters=[_DEFLATED])
        font_file.dictionary["Length1"] = struct.unpack(">I", stored[:4])[0]
        font_file_ref = doc.Reference(font_file, f"fontFile:{self.filename}({fontname})")
        descriptor = pdfdoc.PDFDictionary({
            "Type": "/FontDescriptor",
            "Ascent": self.ascent,
            "CapHeight": self.capHeight,
            "Descent": self.descent,
            "Flags": (self.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
            "FontBBox": pdfdoc.PDFArray(self.bbox),
            "FontName": pdfdoc.PDFName(fontname),
            "ItalicAngle": self.italicAngle,
            "StemV": self.stemV,
            "FontFile2": font_file_ref,
            "MissingWidth": self.defaultWidth,
        })
        return doc.Reference(descriptor, "fontDescriptor:" + fontname)


class CachedTTFont(TTFont):
    """A reportlab TrueType font whose face is a cached ``_Face``.

    TTFont's constructor parses the file itself, so this one sets the attributes
    reportlab 5's constructor sets, with the cached face instead; a test checks that the
    PDF is the one reportlab's own TTFont gives.
    """

    def __init__(self, name: str, path: Path) -> None:
        self.fontName = name
        self.face = _Face(str(path))
        self.encoding = TTEncoding()
        self.state: WeakKeyDictionary = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        self.shapable = False

    def addObjects(self, doc) -> None:  # noqa: N802 (reportlab's name)
        """reportlab's objects for the font's subsets, each subset's widths formatted once in the process."""
        fonts = doc.idToObject["BasicFonts"].dict
        before = set(fonts)
        super().addObjects(doc)
        for name in fonts.keys() - before:
            fonts[name].Widths = formatted(fonts[name].Widths, doc)

"""The shipped faces and their metrics.

Layout needs only advance widths and coverage; they are read once per process
with fontTools from the files in fonts/ (see fonts/README.md for what each
file is). Each face has a *half* companion holding its punctuation with the
font's own ``halt`` feature applied: a mark the layout compresses takes that
companion's advance and is drawn from it.
"""

from __future__ import annotations

import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping, NamedTuple

from .cache import cached, file_key
from .characters import compose, refusal, shown, typed_as
from .errors import FontCoverageError, InputError
from .resources import data_dir
from .reuse import Memo


class Face(NamedTuple):
    """One font file: its key (the file stem), em size and advance width per code point."""

    key: str
    path: Path
    units_per_em: int
    advances: Mapping[int, int]
    family: str
    ascent: int
    descent: int

    def has(self, char: str) -> bool:
        return ord(char) in self.advances

    def advance(self, char: str) -> int:
        """Advance of ``char`` in font units; the caller checks coverage first."""
        return self.advances[ord(char)]

    def width(self, char: str, size: int) -> int:
        """Advance of ``char`` at ``size``, in the units of ``size`` (rounded down, as the layout sets it)."""
        return self.advances[ord(char)] * size // self.units_per_em

    def em_ascent(self, size: int) -> int:
        """Depth of the baseline below the top of an em box of ``size``: the em shared in the
        proportion of the font's ascent to its descent, so the glyphs sit centred in the box."""
        return size * self.ascent // (self.ascent - self.descent)


@lru_cache(maxsize=None)
def load_face(key: str) -> Face:
    """A shipped face's metrics, read once per process and kept in the user's cache folder
    (parsing a 7 MB font with fontTools takes tens of milliseconds)."""
    path = data_dir("fonts") / f"{key}.ttf"
    data = cached("metrics", (file_key(path), 1), lambda: pickle.dumps(_read_metrics(path, key)))
    return Face(key, path, *pickle.loads(data))


def _read_metrics(path: Path, key: str) -> tuple:
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    _name_glyphs(font)
    hmtx = font["hmtx"].metrics
    advances = {code: hmtx[name][0] for code, name in font.getBestCmap().items()}
    family = font["name"].getDebugName(1) or key
    fields = (font["head"].unitsPerEm, advances, family, font["hhea"].ascent, font["hhea"].descent)
    font.close()
    return fields


class Typeface(NamedTuple):
    """A style role's faces: the main face, its half-width punctuation companion, the fallback."""

    role: str
    main_key: str
    standard_name: str
    fallback_key: str | None = "NotoSerifSC-Fallback"

    @property
    def main(self) -> Face:
        return load_face(self.main_key)

    @property
    def half(self) -> Face:
        return load_face(self.main_key + "-Half")

    @property
    def fallback(self) -> Face | None:
        return load_face(self.fallback_key) if self.fallback_key else None

    def face_for(self, char: str) -> Face | None:
        """The face that draws ``char``: the main one, else the fallback, else None."""
        if self.main.has(char):
            return self.main
        fallback = self.fallback
        if fallback is not None and fallback.has(char):
            return fallback
        return None

    def missing(self, char: str, path: str, offset: int, where: str | None = None,
                typed: str | None = None) -> FontCoverageError:
        """The error for ``char``, at ``offset`` in field ``path``, that none of the faces draws;
        ``typed`` is what the input holds where ``char`` was composed from several characters."""
        fonts = f"neither {self.main_key} nor its fallback {self.fallback_key}" if self.fallback_key \
            else f"not {self.main_key}"
        origin = f", composed from {shown(typed)} as typed," if typed and typed != char else ""
        return FontCoverageError(f"character {char!r} (U+{ord(char):04X}){origin} at {path}, offset {offset}, "
                                 f"is in {fonts}", where)


#: The shipped substitutes for the faces GB/T 9704 names.
TYPEFACES: dict[str, Typeface] = {
    "fang": Typeface("fang", "FandolFang-Regular", "仿宋_GB2312"),
    "song": Typeface("song", "FandolSong-Bold", "方正小标宋简体"),
    "hei": Typeface("hei", "FandolHei-Regular", "黑体"),
    "kai": Typeface("kai", "FandolKai-Regular", "楷体_GB2312"),
}

_INVISIBLE = {"\n", "\r", "\t", " ", "\u3000"}


def typeface(name: str) -> Typeface:
    try:
        return TYPEFACES[name]
    except KeyError:
        raise FontCoverageError(f"unknown typeface '{name}' (expected one of: {', '.join(TYPEFACES)})") from None


def check_coverage(fields: list[tuple[str, str, str]], faces: Mapping[str, Typeface],
                   locate: Callable[[str, int], str | None] | None = None) -> None:
    """Fail on the first character that the content may not hold (gwformat.characters), or that
    neither the field's face nor its fallback can draw once the text is composed.

    ``fields`` are (field path, style role, text); ``faces`` maps style roles to typefaces;
    ``locate`` turns a field path and an offset in its text into a place in the source file,
    when there is one.
    """
    drawn: dict[str, set[str]] = {}  # characters each role is known to draw
    for path, role, text in fields:
        face = faces[role]
        if (face, text) in _COVERED:
            continue
        known = drawn.setdefault(role, set(_INVISIBLE))
        unknown = set(text) - known
        refused = [char for char in unknown if refusal(char)]
        if refused:
            offset = min(text.index(char) for char in refused)
            raise InputError(f"{refusal(text[offset])} U+{ord(text[offset]):04X} at {path}, offset {offset}, has no "
                             "place in a document: remove it (a text may hold line breaks and tabs, no other "
                             "control characters)", locate(path, offset) if locate else None)
        setting = compose(text)
        if setting is not text:
            unknown = set(setting) - known
        missing = [char for char in unknown if face.face_for(char) is None]
        if missing:
            char = min(missing, key=setting.index)
            offset, typed = typed_as(text, char)
            raise face.missing(char, path, offset, locate(path, offset) if locate else None, typed)
        known |= unknown
        _COVERED.get((face, text), lambda: True)


#: Texts known to be covered by a typeface: a rebuild after an edit checks only the changed ones.
_COVERED: Memo[bool] = Memo(8192)


@lru_cache(maxsize=64)
def subset_font(path: Path, text: str, name: str | None = None, half: Path | None = None, swap: str = "") -> bytes:
    """A TrueType font cut to the characters of ``text``, for embedding in a document.

    With ``half``, the characters of ``swap`` take their glyphs and advances from that
    half-width companion (the 开明式 variant of a face), and ``name`` renames the
    result so it is a family of its own. Subsetting parses most of a 7 MB font, so the
    result is kept for the life of the process and in the user's cache folder, where a
    rebuild of the same text in a later process finds it.
    """
    return cached("subsets", (file_key(path), text, name, half.name if half else None, swap),
                  lambda: _subset(path, text, name, half, swap))


def _name_glyphs(font: Any) -> None:
    """Name the glyphs of an opened ``font`` by number: .notdef, then glyph00001, glyph00002 ….

    The shipped fonts carry no names (post table format 3), so fontTools would derive them
    from the cmap, reading it twice, for a third of the time of a subset. The names never
    reach a subset (it is written without names), so any names do: the subsets are
    byte-identical either way (tested for every shipped font). Each font gets a list of its
    own, as fontTools may change it in place.
    """
    count = font["maxp"].numGlyphs
    font.setGlyphOrder([".notdef"] + [f"glyph{number:05d}" for number in range(1, count)])


def _subset(path: Path, text: str, name: str | None, half: Path | None, swap: str) -> bytes:
    import io

    from fontTools.subset import Options, Subsetter
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True, recalcTimestamp=False, recalcBBoxes=False)
    _name_glyphs(font)
    options = Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["GPOS", "GSUB", "BASE", "vhea", "vmtx"]
    subsetter = Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    if half is not None:
        companion = TTFont(half)
        half_cmap, cmap = companion.getBestCmap(), font.getBestCmap()
        for char in swap:
            code = ord(char)
            if code in half_cmap and code in cmap:
                glyph = companion["glyf"][half_cmap[code]]
                glyph.expand(companion["glyf"])
                font["glyf"][cmap[code]] = glyph
                font["hmtx"][cmap[code]] = companion["hmtx"][half_cmap[code]]
    if name is not None:
        table = font["name"]
        for record_id in (1, 3, 4, 6, 16, 17):
            table.removeNames(nameID=record_id)
        table.setName(name, 1, 3, 1, 0x409)
        table.setName("Regular", 2, 3, 1, 0x409)
        table.setName(f"{name} Regular", 4, 3, 1, 0x409)
        table.setName(name.replace(" ", "") + "-Regular", 6, 3, 1, 0x409)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()

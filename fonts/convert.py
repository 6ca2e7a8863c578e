"""Rebuild the font files in this folder from their upstream releases.

The committed files are the output of this script; it is kept so that the
conversion can be checked and repeated, not run at build time.

    python3 fonts/convert.py FANDOL_DIR NOTO_SERIF_SC_TTF

FANDOL_DIR holds FandolFang-Regular.otf, FandolSong-Bold.otf,
FandolHei-Regular.otf and FandolKai-Regular.otf (Debian package
texlive-lang-chinese, texmf-dist/fonts/opentype/public/fandol/).
NOTO_SERIF_SC_TTF is NotoSerifSC_400Regular.ttf from the npm package
@expo-google-fonts/noto-serif-sc.

What it does, and why:

1. Fandol fonts are CFF-outline OpenType, which reportlab cannot embed.
   Their cubic outlines are converted to TrueType quadratics with
   fontTools' cu2qu (maximum error 1 unit of 1000), nothing else changes:
   same glyphs, same metrics, same GPOS (its ``halt`` feature is where the
   layout reads how far each punctuation mark compresses).
2. For each Fandol font a small companion ``*-Half.ttf`` holds the
   punctuation marks of the ``halt`` feature with the feature applied: half
   the advance, the outline moved by the feature's placement. A compressed
   mark drawn from it has a glyph box that does not overlap its
   neighbour, so text extraction (pdftotext) keeps a line as one line.
3. Noto Serif SC is the fallback for characters Fandol lacks (镕 堃 喆 珺 …).
   It is cut to the characters it has and that not all four Fandol fonts
   have, so no character reachable through either font is lost, and its
   shaping tables are dropped (gwformat sets one glyph per character).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont, newTable

HERE = Path(__file__).resolve().parent
FANDOL = ("FandolFang-Regular", "FandolSong-Bold", "FandolHei-Regular", "FandolKai-Regular")
MAX_ERR = 1.0  # font units; far below a printer dot at 16 pt


def to_truetype(src: Path) -> TTFont:
    font = TTFont(src)
    order = font.getGlyphOrder()
    glyphset = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        glyphset[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    font["head"].glyphDataFormat = 0
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements",
                 "maxComponentDepth"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["post"].formatType = 3.0
    for tag in ("CFF ", "VORG"):
        del font[tag]
    font.sfntVersion = "\x00\x01\x00\x00"
    return font


def halt_values(font: TTFont) -> dict[str, tuple[int, int]]:
    """Glyph name -> (x placement, x advance) of the font's ``halt`` feature."""
    gpos = font["GPOS"].table
    out: dict[str, tuple[int, int]] = {}
    for record in gpos.FeatureList.FeatureRecord:
        if record.FeatureTag != "halt":
            continue
        for index in record.Feature.LookupListIndex:
            for sub in gpos.LookupList.Lookup[index].SubTable:
                values = [sub.Value] * len(sub.Coverage.glyphs) if sub.Format == 1 else sub.Value
                for glyph, value in zip(sub.Coverage.glyphs, values):
                    out[glyph] = (getattr(value, "XPlacement", 0), getattr(value, "XAdvance", 0))
    return out


def rename(font: TTFont, family: str, postscript: str) -> None:
    name = font["name"]
    for record in list(name.names):
        if record.nameID in (1, 3, 4, 6, 16, 17):
            name.removeNames(nameID=record.nameID)
    name.setName(family, 1, 3, 1, 0x409)
    name.setName(postscript, 3, 3, 1, 0x409)
    name.setName(family, 4, 3, 1, 0x409)
    name.setName(postscript, 6, 3, 1, 0x409)


def half_width_companion(font_path: Path, stem: str) -> TTFont:
    font = TTFont(font_path)
    em = font["head"].unitsPerEm
    # Only full-width marks have a blank half to take away; the proportional
    # ones the feature also lists (° ′ ″) are already narrow.
    halt = {g: v for g, v in halt_values(font).items() if font["hmtx"][g][0] == em}
    cmap = font.getBestCmap()
    unicodes = [u for u, g in cmap.items() if g in halt]
    opts = Options()
    opts.layout_features = []
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.drop_tables += ["GPOS", "GSUB", "BASE", "vhea", "vmtx", "VORG"]
    sub = Subsetter(opts)
    sub.populate(unicodes=unicodes)
    sub.subset(font)
    glyf, hmtx = font["glyf"], font["hmtx"]
    for name, (dx, dadv) in halt.items():
        if name not in glyf.glyphs:
            continue
        glyph = glyf[name]
        if glyph.numberOfContours > 0:
            glyph.coordinates.translate((dx, 0))
            glyph.recalcBounds(glyf)
        advance, lsb = hmtx[name]
        hmtx[name] = (advance + dadv, getattr(glyph, "xMin", lsb + dx))
    rename(font, f"{stem} Half", f"{stem}-Half")
    return font


def fallback_subset(noto: Path, fandol: list[TTFont]) -> TTFont:
    font = TTFont(noto)
    everywhere = set.intersection(*(set(f.getBestCmap()) for f in fandol))
    keep = [u for u in font.getBestCmap() if u not in everywhere]
    opts = Options()
    opts.layout_features = []
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.drop_tables += ["GPOS", "GSUB", "GDEF", "BASE", "STAT", "vhea", "vmtx"]
    sub = Subsetter(opts)
    sub.populate(unicodes=keep)
    sub.subset(font)
    return font


def main(fandol_dir: str, noto_ttf: str) -> None:
    converted = []
    for stem in FANDOL:
        dst = HERE / f"{stem}.ttf"
        font = to_truetype(Path(fandol_dir) / f"{stem}.otf")
        font.save(dst)
        converted.append(TTFont(dst))
        half_width_companion(dst, stem).save(HERE / f"{stem}-Half.ttf")
        print("wrote", dst.name, "and", f"{stem}-Half.ttf")
    fallback_subset(Path(noto_ttf), converted).save(HERE / "NotoSerifSC-Fallback.ttf")
    print("wrote NotoSerifSC-Fallback.ttf")


if __name__ == "__main__":
    main(*sys.argv[1:3])

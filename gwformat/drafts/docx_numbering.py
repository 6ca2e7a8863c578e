"""The numbers Word draws in front of numbered paragraphs (一、 （一） 1.), which are not in
the paragraph's text but in the numbering part: the recognisers need them to find headings.

Word counts each list (``w:numId``) level by level: a paragraph at a level counts one more
there and starts every deeper level again. ``w:lvlText`` is the pattern (``%1、``,
``（%1）``, ``%1.%2``) and ``w:numFmt`` how each number is written.
"""

from __future__ import annotations

from typing import Any, Callable

from ..numerals import chinese_number

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

#: How each w:numFmt writes a number; a format not named here is written in Arabic digits.
FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(_FULL_WIDTH),
    "decimalFullWidth2": lambda n: str(n).translate(_FULL_WIDTH),
    "chineseCounting": chinese_number,
    "chineseCountingThousand": chinese_number,
    "chineseLegalSimplified": chinese_number,
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "japaneseCounting": chinese_number,
    "lowerLetter": lambda n: "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26],
    "upperLetter": lambda n: "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(n - 1) % 26],
    "none": lambda n: "",
}


def _val(element: Any, tag: str) -> str | None:
    child = element.find(_W + tag) if element is not None else None
    return child.get(_W + "val") if child is not None else None


class Numbering:
    """The labels of a document's numbered paragraphs, counted in the order they are asked for."""

    def __init__(self, document: Any) -> None:
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → level → (format, text, start)
        self._counts: dict[str, list[int]] = {}
        part = _existing_numbering(document)
        if part is None:
            return
        root = part.element
        abstract = {a.get(_W + "abstractNumId"): a for a in root.iter(_W + "abstractNum")}
        for num in root.iter(_W + "num"):
            levels = {}
            definition = abstract.get(_val(num, "abstractNumId"))
            for lvl in definition.iter(_W + "lvl") if definition is not None else ():
                levels[int(lvl.get(_W + "ilvl", "0"))] = (_val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "",
                                                          int(_val(lvl, "start") or "1"))
            for override in num.iter(_W + "lvlOverride"):
                level = int(override.get(_W + "ilvl", "0"))
                start = _val(override, "startOverride")
                if start is not None and level in levels:
                    levels[level] = levels[level][:2] + (int(start),)
            self._levels[num.get(_W + "numId")] = levels

    def label(self, paragraph: Any, styles: list[Any]) -> str | None:
        """The number Word shows before ``paragraph`` (a w:p), or None; its style chain may number it."""
        num_id = level = None
        for ppr in [paragraph.find(_W + "pPr")] + [s.element.find(_W + "pPr") for s in styles]:
            numpr = ppr.find(_W + "numPr") if ppr is not None else None
            if numpr is not None:
                num_id = num_id or _val(numpr, "numId")
                level = level if level is not None else _val(numpr, "ilvl")
        levels = self._levels.get(num_id or "")
        if not levels:
            return None
        ilvl = int(level or 0)
        spec = levels.get(ilvl)
        if spec is None or spec[0] == "bullet":
            return None
        counts = self._counts.setdefault(num_id or "", [])
        counts += [0] * (ilvl + 1 - len(counts))
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else spec[2]
        del counts[ilvl + 1:]
        text = spec[1]
        for n in range(ilvl, -1, -1):  # %10 before %1
            fmt, _, start = levels.get(n, ("decimal", "", 1))
            text = text.replace(f"%{n + 1}", FORMATS.get(fmt, str)(counts[n] or start))
        return text


def _existing_numbering(document: Any) -> Any:
    """The document's numbering part if it has one (python-docx would make an empty one)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    for rel in document.part.rels.values():
        if rel.reltype == RT.NUMBERING and not rel.is_external:
            return rel.target_part
    return None

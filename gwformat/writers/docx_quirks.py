"""What readers of a DOCX do that the specification does not say, and how the document allows for it.

Every entry was measured by rendering a DOCX (tests/test_docx_readers.py renders every example
with LibreOffice and with Spire.Doc, which reads DOCX the way Word does). The document is
written as ECMA-376 means it; an allowance is only ever a choice among forms the
specification reads the same, so that Word and WPS are never given a worse document to suit
another reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..layout.kinsoku import is_half_width


@dataclass(frozen=True)
class Quirk:
    """One reader's departure from the specification: what it does, what the writer does about it,
    and the test that shows it."""

    reader: str
    does: str
    allowance: str
    test: str


QUIRKS = (
    Quirk("LibreOffice 7.4",
          "ignores w:autoSpaceDE and w:autoSpaceDN (its importer drops both) and puts a fifth of the "
          "font height between a letter or digit and a Chinese character (no other property of the "
          "document turns it off: its importer sets the paragraph's Asian spacing from nothing, it "
          "gives a digit its script by Unicode block whatever the run's w:hint, w:lang or font, and "
          "it leaves the space out only next to a field, a list number or on a character grid)",
          "a line that must break leaves that much more room at its end (libreoffice_surplus), as long "
          "as what follows it still overflows by a margin; where it cannot, LibreOffice breaks earlier. "
          "Display lines side by side on one baseline (the organ and the date) give up a few twips a "
          "glyph where they would not fit together in LibreOffice",
          "test_docx_readers.py::test_libreoffice_adds_space_between_scripts"),
    Quirk("LibreOffice 7.4",
          "drops a negative w:spacing from the last character of a portion (a run, or a stretch of one "
          "script)",
          "counted in the same room (libreoffice_surplus)",
          "test_docx_readers.py::test_libreoffice_drops_negative_spacing_at_portion_ends"),
    Quirk("LibreOffice 7.4",
          "on a character grid (w:docGrid linesAndChars or snapToChars) sets each Chinese character in "
          "whole cells: its w:spacing rounds it up to the next cell, and letters and digits are padded "
          "to whole cells, so no line holds the 28 characters of 156 mm in 16 pt",
          "none possible: the grid is w:docGrid type=\"lines\" and the widths are w:spacing, so the "
          "space between scripts stays (the first entry)",
          "test_docx_readers.py::test_libreoffice_sets_chinese_in_whole_cells_on_a_character_grid"),
    Quirk("LibreOffice 7.4",
          "reads w:overflowPunct inverted (its importer sets hanging punctuation for the value 0)",
          "none needed: the document says 0 (no hanging), as the specification means it; every line "
          "that must break is filled, so no mark is left over to hang",
          "test_docx_readers.py::test_libreoffice_lines_and_pages"),
    Quirk("LibreOffice 7.4",
          "ignores w:pageBreakBefore on a paragraph whose style is not defined in styles.xml",
          "every role the document uses has a style",
          "test_docx.py::test_titles_start_pages_where_the_layout_starts_them"),
    Quirk("Spire.Doc 14.9 (as Word)",
          "with the legacy w:balanceSingleByteDoubleByteWidth, gives a full-width character twice its "
          "w:spacing",
          "the compatibility setting is not written (compatibility mode 15 alone)",
          "test_docx_readers.py::test_spire_lines_and_pages"),
)


def margin(size: int) -> int:
    """The room (twips) a line that must break leaves at its end, and the least by which what follows overflows it.

    An eighth of the em (2 pt at 16 pt): far more than readers differ by in measuring a
    line (whole twips or fractions, the last character's spacing counted or not), so that
    no reader decides a break by a few twips.
    """
    return size // 8 // 50


def libreoffice_surplus(chars: Sequence[str], keys: Sequence[tuple], spacings: Sequence[int], size: int) -> int:
    """What LibreOffice adds (twips) to a line of ``chars``, each in a run of ``keys`` with ``spacings``.

    A fifth of the font height at each change between half-width letters or digits and Chinese
    characters, and the negative spacing of the last character before each change of run or
    script (see QUIRKS).
    """
    gap = size // 5 // 50
    surplus = 0
    for index in range(len(chars) - 1):
        before, after = chars[index], chars[index + 1]
        new_script = is_half_width(before) != is_half_width(after)
        if new_script and before.isalnum() and after.isalnum():
            surplus += gap
        if (new_script or keys[index] != keys[index + 1]) and spacings[index] < 0:
            surplus -= spacings[index]
    return surplus

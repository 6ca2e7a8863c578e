"""Font subsets: what the writers embed."""

import pytest

from conftest import ROOT
from gwformat import fonts

SHIPPED = sorted((ROOT / "fonts").glob("*.ttf"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_subset_is_the_same_whatever_names_its_glyphs_are_given(path, monkeypatch):
    text = "联络动态，。、；：（）《》“”0123456789ABCabc 堃镕喆珺的一是了"
    ours = fonts._subset(path, text, None, None, "")  # glyphs numbered: .notdef, glyph00001, …
    monkeypatch.setattr(fonts, "_name_glyphs", lambda font: None)  # the names fontTools derives from the cmap
    assert fonts._subset(path, text, None, None, "") == ours

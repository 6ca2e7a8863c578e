"""The GB/T 9704 linter: clean on the example, and each deliberate defect found on its page."""

from __future__ import annotations

import dataclasses
import json

import pytest

from conftest import cli
from gwformat.layout.tree import Line, mm
from gwformat.lint import lint_pdf
from gwformat.preview import render_pages, visual_diff, write_previews
from gwformat.writers.pdf import render_pdf


def replace_page(document, number, **changes):
    pages = list(document.pages)
    pages[number - 1] = dataclasses.replace(pages[number - 1], **changes)
    return dataclasses.replace(document, pages=tuple(pages))


def shifted(line: Line, dx: int) -> Line:
    return dataclasses.replace(line, x0=line.x0 + dx, x1=line.x1 + dx,
                               glyphs=tuple(dataclasses.replace(g, x=g.x + dx) for g in line.glyphs))


def broken(document, defect):
    if defect == "margins":
        page = document.pages[2]
        return replace_page(document, 3, lines=tuple(shifted(l, -mm(8)) for l in page.lines))
    if defect == "23 lines":
        page = document.pages[1]
        last = page.lines[-1]
        extra = dataclasses.replace(last, baseline=last.baseline + document.block.row_pitch)
        return replace_page(document, 2, lines=page.lines + (extra,))
    if defect == "comma first":
        page = document.pages[3]
        line = page.lines[5]
        glyphs = (dataclasses.replace(line.glyphs[0], char="，"),) + line.glyphs[1:]
        lines = page.lines[:5] + (dataclasses.replace(line, glyphs=glyphs),) + page.lines[6:]
        return replace_page(document, 4, lines=lines)
    if defect == "folio side":
        page = document.pages[3]
        return replace_page(document, 4, folio=shifted(page.folio, mm(120)))
    if defect == "no red rule":
        return replace_page(document, 1, rules=())
    raise AssertionError(defect)


EXPECTED = {
    "margins": (3, "margin", "text starts 20.0 mm from the left edge"),
    "23 lines": (2, "lines", "23 lines of body text"),
    "comma first": (4, "kinsoku", "line 6 starts with “，”"),
    "folio side": (4, "folio", "even page number on the right"),
    "no red rule": (1, "red-rule", "no red rule"),
}


def test_the_example_is_clean(example_pdf):
    assert lint_pdf(example_pdf) == []


@pytest.mark.parametrize("defect", sorted(EXPECTED))
def test_each_defect_is_found_on_its_page(tmp_path, example_document, defect):
    pdf = tmp_path / "broken.pdf"
    pdf.write_bytes(render_pdf(broken(example_document, defect)))
    violations = lint_pdf(pdf)
    page, check, text = EXPECTED[defect]
    assert {v.page for v in violations} == {page}, violations
    found = [v for v in violations if v.check == check]
    assert found and text in found[0].message, violations


def test_cli_exit_codes_and_json(tmp_path, example_document, example_pdf):
    pdf = tmp_path / "broken.pdf"
    pdf.write_bytes(render_pdf(broken(example_document, "comma first")))
    run = lambda *a: cli("lint", *a)
    assert run(str(example_pdf)).returncode == 0
    result = run(str(pdf), "--json")
    assert result.returncode == 1
    assert json.loads(result.stdout) == [{"page": 4, "check": "kinsoku", "message": "line 6 starts with “，”"}]
    missing = run(str(tmp_path / "none.pdf"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_previews_are_a4_pages(tmp_path, example_pdf):
    paths = write_previews(example_pdf, tmp_path, dpi=30)
    assert [p.name for p in paths] == [f"page-{n:02d}.png" for n in range(1, 11)]
    from PIL import Image

    width, height = Image.open(paths[0]).size
    assert height / width == pytest.approx(297 / 210, rel=0.01)


def test_visual_diff_marks_what_changed_and_nothing_else(tmp_path, example_document, example_pdf):
    assert visual_diff(example_pdf, example_pdf, tmp_path / "same") == []
    other = tmp_path / "other.pdf"
    other.write_bytes(render_pdf(broken(example_document, "comma first")))
    changes = visual_diff(example_pdf, other, tmp_path / "diff", dpi=30)
    assert {c.page for c in changes} == {4}
    left, top, right, bottom = changes[0].box
    assert right > left and bottom > top
    assert (tmp_path / "diff" / "diff-04.png").exists()
    assert len(render_pages(other, dpi=20)) == 10


# --- the kind a PDF is linted as -------------------------------------------------------------

from conftest import ROOT  # noqa: E402

import gwformat  # noqa: E402
from gwformat.lint import lint  # noqa: E402

EXAMPLES = sorted(p.parent.name for p in (ROOT / "examples").glob("*/issue.yaml"))


@pytest.fixture(scope="module")
def example_pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("examples")
    return {name: gwformat.build(ROOT / "examples" / name / "issue.yaml", folder / name, formats=("pdf",))["pdf"]
            for name in EXAMPLES}


def without_recorded_kind(pdf, target):
    """The PDF as another maker would have written it: no /GwformatKind."""
    import pikepdf

    with pikepdf.open(pdf) as document:
        del document.docinfo["/GwformatKind"]
        document.save(target)
    return target


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_lints_clean_with_no_flags(example_pdfs, name):
    result = cli("lint", str(example_pdfs[name]))
    assert result.returncode == 0, result.stdout
    kind = gwformat.load_issue(ROOT / "examples" / name / "issue.yaml").kind
    assert f"linted as {kind} (from its metadata)" in result.stdout


def test_a_letter_is_linted_as_a_letter_without_flags_and_as_a_bulletin_when_told(example_pdfs):
    letter = example_pdfs["xinhan"]
    assert lint(letter).kind.name == "xinhan" and lint(letter).violations == []
    # held to the ordinary format, its mark above the block and its unnumbered page 1 are the two violations
    told = lint(letter, "jianbao")
    assert sorted((v.page, v.check) for v in told.violations) == [(1, "folio"), (1, "margin")]
    assert told.kind.told_by == "--kind"
    assert lint_pdf(letter, letter=True) == []
    refused = cli("lint", str(letter), "--kind", "nope")
    assert refused.returncode == 2 and "--kind: unknown kind 'nope'" in refused.stderr


@pytest.mark.parametrize("name, kind", [("xinhan", "xinhan"), ("wenjian", "wenjian"),
                                        ("lianluo-dongtai-27", "jianbao"), ("jiyao", "jianbao"),
                                        ("mingling", "mingling")])
def test_a_pdf_without_gwformats_metadata_is_recognised_from_its_first_page(tmp_path, example_pdfs, name, kind):
    pdf = without_recorded_kind(example_pdfs[name], tmp_path / "other.pdf")
    report = lint(pdf)
    assert (report.kind.name, report.kind.told_by) == (kind, "its first page")
    assert report.violations == []


def test_a_recorded_kind_the_linter_does_not_know_falls_back_to_the_page(tmp_path, example_pdfs):
    import pikepdf

    with pikepdf.open(example_pdfs["xinhan"]) as document:
        document.docinfo["/GwformatKind"] = "my-own-letter"
        document.save(tmp_path / "own.pdf")
    assert lint(tmp_path / "own.pdf").kind == lint(without_recorded_kind(example_pdfs["xinhan"],
                                                                         tmp_path / "x.pdf")).kind

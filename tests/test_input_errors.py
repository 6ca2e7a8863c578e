"""Input that YAML or Python allows but an issue never means: refused with one bounded line and its place."""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import cli
from gwformat import errors, load
from gwformat.errors import InputError

VALID = {
    "name": "联络动态",
    "number": "27",
    "organ": "某机关",
    "date": "2020-12-24",
    "articles": "[{title: 标题, paragraphs: [正文。]}]",
}


def issue_text(**fields: str) -> str:
    """A valid issue file, one field a line, with ``fields`` replacing or adding lines."""
    return "".join(f"{key}: {value}\n" for key, value in {**VALID, **fields}.items())


def build(tmp_path: Path, text: str, *options: str) -> subprocess.CompletedProcess:
    source = tmp_path / "issue.yaml"
    source.write_text(text, encoding="utf-8")
    return cli("build", str(source), "-o", str(tmp_path / "out"), *options)


def refused(result: subprocess.CompletedProcess, tmp_path: Path) -> str:
    """The one line of a refusal, after checking it is one: exit 2, no traceback, nothing written."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    return result.stderr


def bomb(levels: int) -> str:
    """A YAML flow list of 9 ** levels strings, in a few hundred bytes: each level repeats the last nine times."""
    value = "&l0 [" + ",".join(["xxxxxxxxxx"] * 9) + "]"
    for level in range(1, levels):
        value = f"&l{level} [{value}," + ",".join([f"*l{level - 1}"] * 8) + "]"
    return value


def test_a_key_given_twice_is_an_error_naming_both_lines(tmp_path):
    text = issue_text().replace("number: 27\n", "number: 27\nnumber: 28\n")
    line = refused(build(tmp_path, text), tmp_path)
    assert "issue.yaml:3:1:" in line and "'number'" in line and "line 2" in line and "line 3" in line


def test_a_key_given_twice_in_a_nested_mapping_is_an_error(tmp_path):
    text = issue_text(articles="\n  - title: 标题\n    title: 另一个标题\n    paragraphs: [正文。]")
    line = refused(build(tmp_path, text), tmp_path)
    assert "issue.yaml:7:5:" in line and "'title'" in line and "line 6" in line and "line 7" in line


def test_keys_of_a_merged_mapping_may_be_given_again():
    text = issue_text(articles="\n  - &a {title: 标题, paragraphs: [正文。]}\n  - <<: *a\n    title: 第二篇")
    issue = load.issue_from_yaml(text)
    assert [a.title for a in issue.articles] == ["标题", "第二篇"]


@pytest.mark.parametrize("field", ["name", "number", "date", "total", "fields", "title", "level", "heading"])
def test_an_alias_bomb_in_a_bad_field_gives_a_short_line(tmp_path, field):
    value = bomb(3)  # 729 strings: within the limit, so the field's own error is what is said
    where = {"fields": {"fields": "{x: %s}"}, "title": {"articles": "[{title: %s}]"},
             "level": {"articles": "[{title: t, paragraphs: [{heading: 一、h, level: %s}]}]"},
             "heading": {"articles": "[{title: t, paragraphs: [{heading: %s}]}]"}}.get(field, {field: "%s"})
    line = refused(build(tmp_path, issue_text(**{k: v % value for k, v in where.items()})), tmp_path)
    assert len(line) < 300, line


def test_an_alias_bomb_is_refused_before_it_is_expanded(tmp_path):
    text = issue_text(fields="{x: %s}" % bomb(9))  # 387 million strings once expanded
    assert len(text) < 1000
    line = refused(build(tmp_path, text), tmp_path)
    assert "issue.yaml:6:" in line and f"{load.MAX_VALUES:,}" in line


def test_an_alias_inside_itself_is_refused():
    with pytest.raises(InputError, match="contains it") as raised:
        load.issue_from_yaml(issue_text(fields="&f {x: *f}"), "f.yaml")
    assert raised.value.where == "f.yaml:6:9"


def test_a_long_value_is_quoted_short():
    with pytest.raises(InputError) as raised:
        load.issue_from_yaml(issue_text(number="'" + "长" * 100_000 + "'"))
    assert len(str(raised.value)) < 200


def test_a_message_is_bounded_whatever_went_into_it():
    assert len(str(InputError("x" * 10**6, "here"))) <= errors.MESSAGE + 40
    assert len(errors.quoted([["x" * 100] * 100] * 100)) <= errors.QUOTED + 1


@pytest.mark.parametrize("error_class", [c for c in vars(errors).values()
                                         if isinstance(c, type) and issubclass(c, errors.GwformatError)])
def test_every_error_survives_pickling_with_its_message_and_place(error_class):
    error = pickle.loads(pickle.dumps(error_class("what is wrong", "issue.yaml:3:1")))
    assert type(error) is error_class and str(error) == "issue.yaml:3:1: what is wrong"
    assert error.exit_code == error_class.exit_code


@pytest.mark.parametrize("kind", ["/abs/path", "../evilkind", "jianbao/../jianbao", "./jianbao", "jian bao"])
def test_a_kind_is_a_name_not_a_path(tmp_path, kind):
    line = refused(build(tmp_path, issue_text(kind=f"'{kind}'")), tmp_path)
    assert "issue.yaml:6:7: kind:" in line and "name of a kind" in line


@pytest.mark.parametrize("base", ["../../../x", "/etc/x", "sub/jianbao", "[jianbao]"])
def test_a_template_extends_a_kind_by_name_not_by_path(tmp_path, base):
    kinds = tmp_path / "kinds"
    kinds.mkdir()
    (kinds / "mine.yaml").write_text(f"extends: {base}\nname: mine\n", encoding="utf-8")
    line = refused(build(tmp_path, issue_text(kind="mine"), "--templates", str(kinds)), tmp_path)
    assert "mine.yaml: extends: expected the name of a kind" in line


def test_a_folder_of_kinds_that_is_not_there_is_an_error(tmp_path):
    result = build(tmp_path, issue_text(), "--templates", str(tmp_path / "nonexistent"))
    assert result.returncode == 2 and "no such folder of kinds" in result.stderr
    assert not (tmp_path / "out").exists()
    with pytest.raises(InputError, match="no such folder of kinds"):
        from gwformat.kinds import find_kind

        find_kind("jianbao", str(tmp_path / "nonexistent"))


@pytest.mark.parametrize("command", [["build", "ISSUE", "-o", ""], ["build", "ISSUE", "-o", " "], ["build", "ISSUE", "--name", ""],
                                     ["new", "jianbao", "-o", ""], ["layout", "ISSUE", "-o", ""],
                                     ["preview", "ISSUE", "-o", ""]])
def test_an_empty_output_name_is_an_error(tmp_path, command):
    source = tmp_path / "issue.yaml"
    source.write_text(issue_text(), encoding="utf-8")
    result = cli(*[str(source) if part == "ISSUE" else part for part in command], cwd=tmp_path)
    assert result.returncode == 2 and "found nothing" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["issue.yaml"]


def test_help_says_what_each_exit_status_means():
    from gwformat.errors import GwformatError

    for command in (["--help"], ["build", "--help"]):
        text = cli(*command).stdout
        codes = {int(code) for code in re.findall(r"^  (\d+)  ", text, flags=re.M)}
        assert codes == {0, 1} | {c.exit_code for c in vars(errors).values()
                                  if isinstance(c, type) and issubclass(c, GwformatError)}, text
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for line in cli("--help").stdout.split("exit status:\n")[1].splitlines():
        code, meaning = line.strip().split("  ", 1)
        assert f"| {code} | {meaning} |" in readme, line


#: Runs the command with a PDF writer that fails, for the issue numbered 2 only, with an exception
#: pickle cannot carry (as lxml's XMLSyntaxError, which holds its error log, could not).
CRASHING = """\
import sys
from gwformat import cli
from gwformat.writers import pdf

class Unpicklable(Exception):
    def __init__(self):
        super().__init__("the writer broke")
        self.log = lambda: None

def render_pdf(document, _render=pdf.render_pdf):
    if "第2期" in "".join(line.text for line in document.pages[0].lines):
        raise Unpicklable()
    return _render(document)

pdf.render_pdf = render_pdf
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_issue_that_breaks_gwformat_is_reported_and_the_batch_goes_on(tmp_path, jobs):
    sources = []
    for number in (1, 2, 3):
        source = tmp_path / f"issue{number}.yaml"
        source.write_text(issue_text(number=str(number)), encoding="utf-8")
        sources.append(str(source))
    result = subprocess.run([sys.executable, "-c", CRASHING, "build", *sources,
                             "-o", str(tmp_path / "out"), "--jobs", jobs], capture_output=True, text=True,
                            cwd=Path(__file__).parents[1])
    assert result.returncode == errors.InternalError.exit_code, result.stderr
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"gwformat: error: {sources[1]}: a bug in gwformat: Unpicklable: the writer broke")
    built = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert built == sorted(f"联络动态-第{n}期.{f}" for n in (1, 3) for f in ("pdf", "docx"))
    assert sorted(result.stdout.split()) == sorted(str(tmp_path / "out" / name) for name in built)


@pytest.mark.parametrize("field, value, message", [
    ("total", "1000000000000000000000000000000", "total: expected a number no greater than 9,999,999"),
    ("number", "100000", "number: expected a number no greater than 99,999"),
    ("number", "0", "number: expected a number of at least 1"),
    ("fields", "{份号: 100000000000000000000}", "fields.份号: expected a number no greater than"),
    ("distribution", "{groups: [{label: 送, recipients: [某]}], copies: 10000000}", "distribution.copies: expected"),
])
def test_every_number_has_the_range_the_model_states(tmp_path, field, value, message):
    assert message in refused(build(tmp_path, issue_text(**{field: value})), tmp_path)


@pytest.mark.parametrize("number, total", [(99_999, 9_999_999), (1, 1)])
def test_the_ends_of_the_ranges_build(tmp_path, number, total):
    import gwformat

    built = gwformat.build({"name": "联络动态", "number": number, "total": total, "organ": "某机关",
                            "date": "2020-12-24", "articles": [{"title": "标题", "paragraphs": ["正文。"]}]},
                           tmp_path, formats=["pdf"])
    assert built["pdf"].stat().st_size > 0


def test_document_properties_are_cut_to_their_limit_and_a_warning_says_so(caplog):
    from gwformat.layout.tree import PROPERTY_LIMIT, Block, Document

    document = Document(pages=(), block=Block(0, 0, 0, 0, 0, 0, 0, 0), title="联" * 300, author="机" * 256,
                        subject="标题" * 150, date="2020-12-24")
    assert [len(document.title), len(document.author), len(document.subject)] == [PROPERTY_LIMIT] * 3
    assert document.title == "联" * (PROPERTY_LIMIT - 1) + "…"
    assert all(name in caplog.text for name in ("title", "author", "subject"))
    assert Document(pages=(), block=document.block, title="联" * PROPERTY_LIMIT, author="", subject="",
                    date="").title == "联" * PROPERTY_LIMIT


def test_a_long_title_is_printed_in_full_and_cut_in_the_document_properties(tmp_path):
    import zipfile

    import pdfplumber

    import gwformat
    from gwformat.layout.tree import PROPERTY_LIMIT

    # 260 characters: 13 lines as wide as the block, which a 文件's page holds (a 简报's holds 12)
    lines = ["关于进一步做好新时代人大代表联络工作意见"] * 13
    title = "".join(lines)
    built = gwformat.build({"kind": "wenjian", "name": "联络动态", "number": 1, "organ": "某机关",
                            "date": "2020-12-24", "fields": {"doc_prefix": "湘人联"},
                            "articles": [{"title": lines, "paragraphs": ["正文。"]}]}, tmp_path)
    cut = title[: PROPERTY_LIMIT - 1] + "…"
    with zipfile.ZipFile(built["docx"]) as package:
        assert f"<dc:subject>{cut}</dc:subject>" in package.read("docProps/core.xml").decode("utf-8")
    with pdfplumber.open(built["pdf"]) as pdf:
        assert pdf.metadata["Subject"] == cut
        printed = "".join(c["text"] for page in pdf.pages for c in page.chars if c["size"] > 16)
    assert title in printed

"""A checked Kind is kept in the disk cache: read back, it equals the Kind checked afresh, and an
entry that is damaged, stale or made up is never what a build uses."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

import gwformat
from conftest import cli
from gwformat import cache, kinds
from gwformat.errors import TemplateError
from gwformat.kinds import Kind, list_kinds, load_kind

SHIPPED = [kind.name for kind in list_kinds()]

ISSUE = ("kind: mine\nname: 测试动态\nnumber: 3\ntotal: 5\norgan: 某办公室\ndate: 2024-02-02\n"
         "articles:\n  - title: 缓存的标题\n    paragraphs: [正文，有“引号”和数字2020年。]\n")


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    """An empty cache folder of the test's own, and no Kind remembered in the process."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    load_kind.cache_clear()
    yield tmp_path / "cache" / "gwformat" / "kinds"
    load_kind.cache_clear()


def checked_afresh(name: str, directory: str | None, monkeypatch, tmp_path: Path) -> Kind:
    """Kind ``name`` as a build with an empty cache checks it."""
    with monkeypatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path / "fresh-cache"))
        load_kind.cache_clear()
        kind = load_kind(name, directory)
    (entry,) = (tmp_path / "fresh-cache" / "gwformat" / "kinds").iterdir()
    entry.unlink()
    load_kind.cache_clear()
    return kind


def from_cache(name: str, directory: str | None, monkeypatch) -> Kind:
    """Kind ``name`` read back from the cache, with checking made impossible."""
    def refuse(*args: object) -> Kind:
        raise AssertionError("the template was checked again")

    load_kind.cache_clear()
    with monkeypatch.context() as patch:
        patch.setattr(kinds, "_checked_kind", refuse)
        return load_kind(name, directory)


def fields_set(model: BaseModel) -> dict[str, object]:
    """What each model in ``model`` was given, recursively (what == does not compare)."""
    given: dict[str, object] = {"": model.model_fields_set}
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else [("", value)]
        for key, item in items:
            if isinstance(item, BaseModel):
                given[f"{name}.{key}"] = fields_set(item)
    return given


def user_templates(folder: Path, colour: str = "red") -> Path:
    """A folder of two user kinds: 'mine' extends 'base' (of the folder), which extends the shipped jianbao."""
    folder.mkdir(exist_ok=True)
    (folder / "base.yaml").write_text(
        f"extends: jianbao\nname: base\ndescription: 底\nstyles:\n  masthead: {{face: song, size: 42, color: {colour}}}\n",
        encoding="utf-8")
    (folder / "mine.yaml").write_text("extends: base\nname: mine\ndescription: 我的\ntext:\n  issue: 第{{ number }}号\n",
                                      encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", SHIPPED)
def test_a_shipped_kind_read_back_from_the_cache_equals_the_one_checked_afresh(cache_home, tmp_path, monkeypatch, name):
    fresh = checked_afresh(name, None, monkeypatch, tmp_path)
    load_kind(name)  # stores it
    assert len(list(cache_home.iterdir())) == 1
    stored = from_cache(name, None, monkeypatch)
    assert stored == fresh and stored is not fresh
    assert repr(stored) == repr(fresh)  # 16 stays an int, 16.0 a float, the styles in their order
    assert fields_set(stored) == fields_set(fresh)
    assert stored.source == fresh.source == str(kinds._folder(None) / f"{name}.yaml")


def test_a_user_kind_with_extends_read_back_from_the_cache_equals_the_one_checked_afresh(cache_home, tmp_path,
                                                                                          monkeypatch):
    folder = str(user_templates(tmp_path / "templates"))
    fresh = checked_afresh("mine", folder, monkeypatch, tmp_path)
    assert fresh.styles["masthead"].color == "#E60012" and fresh.text["issue"] == "第{{ number }}号"
    load_kind("mine", folder)
    stored = from_cache("mine", folder, monkeypatch)
    assert stored == fresh and repr(stored) == repr(fresh) and fields_set(stored) == fields_set(fresh)


def test_an_edit_anywhere_in_the_extends_chain_is_never_read_stale(cache_home, tmp_path, monkeypatch):
    folder = user_templates(tmp_path / "templates")
    assert load_kind("mine", str(folder)).styles["masthead"].color == "#E60012"
    user_templates(folder, colour="black")  # the base, two files up the chain, changes
    load_kind.cache_clear()
    assert load_kind("mine", str(folder)).styles["masthead"].color == "#000000"
    # a kind of the folder now stands in for the shipped one the base extends
    (folder / "jianbao.yaml").write_text((kinds._folder(None) / "jianbao.yaml").read_text(encoding="utf-8")
                                         .replace("max_chars: 18", "max_chars: 16"), encoding="utf-8")
    load_kind.cache_clear()
    assert load_kind("mine", str(folder)).title.max_chars == 16
    assert load_kind("mine", str(folder)) == checked_afresh("mine", str(folder), monkeypatch, tmp_path)


def test_a_template_that_turns_bad_is_reported_not_read_from_the_cache(cache_home, tmp_path):
    folder = user_templates(tmp_path / "templates")
    load_kind("mine", str(folder))
    (folder / "base.yaml").write_text("extends: jianbao\nname: base\ndescription: 底\npage: {lines: 3}\n",
                                      encoding="utf-8")
    load_kind.cache_clear()
    with pytest.raises(TemplateError, match="page.lines: Input should be greater than or equal to 4"):
        load_kind("mine", str(folder))


def test_other_code_never_reads_the_entry(cache_home, tmp_path, monkeypatch):
    load_kind("jianbao")
    monkeypatch.setattr(kinds, "_checking_code", lambda: "another gwformat")
    with pytest.raises(AssertionError, match="checked again"):
        from_cache("jianbao", None, monkeypatch)
    assert len(list(cache_home.iterdir())) == 1  # nothing was stored over it


# Entries sealed as cache.py seals them, but not of a Kind this code stored: each is taken for none.
MADE_UP = {
    "not json": b"\x80 not json",
    "a list": b"[]",
    "no bases": b'{"kind": {}}',
    "a field of another kind": b'{"bases": [], "kind": {"colour_of_the_sky": "blue"}}',
    "a model where a value was": b'{"bases": [], "kind": {"page": 5}}',
    "a base that is not there": b'{"bases": [["nowhere", "/nowhere.yaml", "00"]], "kind": {}}',
}


@pytest.mark.parametrize("entry", sorted(MADE_UP))
def test_an_entry_of_the_wrong_shape_is_taken_for_a_missing_one(cache_home, tmp_path, monkeypatch, entry):
    fresh = checked_afresh("wenjian", None, monkeypatch, tmp_path)
    load_kind("wenjian")
    (path,) = cache_home.iterdir()
    path.write_bytes(cache.sealed(MADE_UP[entry], path.name))
    load_kind.cache_clear()
    assert load_kind("wenjian") == fresh
    assert from_cache("wenjian", None, monkeypatch) == fresh  # and stored again as it should be


def test_a_kind_that_json_cannot_hold_is_checked_each_time_and_not_stored(cache_home, tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "dated.yaml").write_text("extends: jianbao\nname: dated\ndescription: 带日期\nstarter: {date: 2024-02-02}\n",
                                       encoding="utf-8")
    assert str(load_kind("dated", str(folder)).starter["date"]) == "2024-02-02"
    assert not cache_home.exists() or not list(cache_home.iterdir())


def build_bytes(folder: Path, out: Path) -> dict[str, bytes]:
    load_kind.cache_clear()
    written = gwformat.build(folder / "issue.yaml", out, formats=("pdf", "docx"), templates=folder)
    return {fmt: path.read_bytes() for fmt, path in written.items()}


def test_a_build_from_a_damaged_or_made_up_entry_gives_the_bytes_of_one_from_an_empty_cache(cache_home, tmp_path):
    folder = user_templates(tmp_path / "templates")
    (folder / "issue.yaml").write_text(ISSUE, encoding="utf-8")
    empty = build_bytes(folder, tmp_path / "empty")
    (entry,) = cache_home.iterdir()
    assert build_bytes(folder, tmp_path / "stored") == empty
    stored = entry.read_bytes()
    entry.write_bytes(stored[: len(stored) // 2])  # damaged
    assert build_bytes(folder, tmp_path / "damaged") == empty
    entry.write_bytes(cache.sealed(b'{"bases": [], "kind": {"page": {"width": 1}}}', entry.name))  # made up
    assert build_bytes(folder, tmp_path / "made-up") == empty
    assert cache.unsealed(entry.read_bytes(), entry.name) == cache.unsealed(stored, entry.name)  # stored again


def test_a_template_that_is_not_utf8_is_one_line_naming_it_exit_2(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "base.yaml").write_bytes("extends: jianbao\nname: base\ndescription: 底\n".encode("gb18030"))
    (folder / "mine.yaml").write_text("extends: base\nname: mine\ndescription: 我的\n", encoding="utf-8")
    (folder / "issue.yaml").write_text(ISSUE, encoding="utf-8")
    result = cli("build", str(folder / "issue.yaml"), "--templates", str(folder), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and not (tmp_path / "out").exists()
    assert result.stderr.strip() == f"gwformat: error: {folder / 'base.yaml'}: the file is not UTF-8 text (byte 41)"

"""Starting from the draft a clerk already has: Word (.docx), text (.txt) and Markdown (.md).

    article = gwformat.import_draft("稿件.docx")            # one article, as the model has it
    imported = import_issue(["a.docx", "b.txt"], fields={"number": 28})
    imported.text                                         # the issue file, ready to build

A reader per format turns the draft into paragraphs with their hints (``source``); the
recognisers (``recognise``, rules in ``patterns``) turn those into the model's content and note
every guess and every piece they could not place; ``issue_yaml`` writes the issue file.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from ..errors import InputError
from ..model import Article

if TYPE_CHECKING:
    from ..kinds import Kind
from .recognise import Draft, Note, heading_counts
from .source import Read

__all__ = ["import_draft", "import_issue", "read_draft", "Draft", "Imported", "Note", "READERS"]


def _docx(path: Path) -> Read:
    from .docx_draft import read_docx

    return read_docx(path)


def _text(path: Path) -> Read:
    from .text_draft import read_text

    return read_text(path)


def _markdown(path: Path) -> Read:
    from .text_draft import read_markdown

    return read_markdown(path)


#: The reader of each draft format, by file suffix.
READERS: dict[str, Callable[[Path], Read]] = {".docx": _docx, ".txt": _text, ".md": _markdown, ".markdown": _markdown}


def read_draft(path: str | Path, kind: Kind | None = None, images: str | None = None) -> Draft:
    """The content of one draft, with the notes of what was guessed or not imported.

    The issue's ``kind`` (default: jianbao) says how to read a masthead the draft copies, and
    what its closing prints (a 署名 from the organ, a 附注), so that the draft's lines that say
    the same are read as those fields. Its pictures are named ``images/<images>-<n>.<suffix>``
    (``images`` defaults to the draft's file name without its suffix).
    """
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(f"unknown draft format '{path.suffix}' (expected one of: {', '.join(READERS)})", str(path))
    if not path.is_file():
        raise InputError("no such draft file", str(path))
    from ..kinds import find_kind
    from .masthead import kind_text
    from .recognise import recognise  # a local name: gwformat.drafts.recognise stays the module

    return recognise(reader(path), kind_text(kind or find_kind("jianbao")), images)


def import_draft(path: str | Path, kind: str | None = None, templates: str | None = None) -> Article:
    """The one article of a draft (.docx, .txt or .md), as :class:`gwformat.Article`, read for
    an issue of ``kind`` (default: jianbao; ``templates`` is a folder of your own kinds).

    Its pictures name files ``images/…`` that it does not write: :func:`import_issue` gives
    them (``Imported.files``) and writes them (``Imported.write``)."""
    from ..kinds import find_kind

    draft = read_draft(path, find_kind(kind or "jianbao", templates))
    if len(draft.articles) != 1:
        raise InputError(f"holds {len(draft.articles)} articles: read it with gwformat.drafts.import_issue", draft.path)
    from pydantic import ValidationError

    try:
        return Article.model_validate(draft.articles[0])
    except ValidationError as exc:  # pragma: no cover - the recognisers make valid articles
        raise InputError(f"cannot make an article of it: {exc.errors()[0]['msg']}", draft.path) from None


@dataclass(frozen=True)
class Imported:
    """An issue made from drafts: its data, the YAML text to write, and the notes by draft."""

    data: dict[str, Any]
    text: str
    drafts: tuple[Draft, ...]
    notes: tuple[tuple[str, Note], ...]  # (draft path, note), guesses and what was not imported
    files: tuple[tuple[str, bytes], ...] = ()  # the drafts' pictures: (path relative to the issue file, bytes)

    def write(self, path: str | Path, force: bool = False) -> list[Path]:
        """Write the issue file at ``path`` and the pictures next to it; returns what was written.

        An existing file is replaced only with ``force`` (a picture that is already there with the
        same bytes is left as it is): nothing is written when one is in the way.
        """
        from ..atomic import write_atomically
        from ..errors import OutputError

        path = Path(path)
        pictures = [(path.parent / name, data) for name, data in self.files]
        if not force:
            for target in [path] + [t for t, data in pictures if not _holds(t, data)]:
                if target.exists():
                    raise OutputError("exists already (use --force to replace it)", str(target))
        written = []
        for target, data in pictures:
            if not _holds(target, data):
                target.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(target, data)
                written.append(target)
        write_atomically(path, self.text.encode("utf-8"))
        return written + [path]

    def report(self) -> list[str]:
        """A short report: what each draft gave, then each guess and each piece not imported, with its place."""
        out = []
        for draft in self.drafts:
            out.append(f"{draft.path}: {_found(draft)}")
        out += [f"  {path}, {note.place}: {note.message}" + (f": {_short(note.text)}" if note.text else "")
                for path, note in self.notes]
        return out


_MASTHEAD_FIELDS = ("name", "subtitle", "number", "total", "organ", "date")


def import_issue(drafts: Sequence[str | Path], kind: str | None = None, fields: Mapping[str, Any] | None = None,
                 templates: str | None = None) -> Imported:
    """An issue with one article per draft (more when a draft holds several, as gwformat's own DOCX
    does), in the order given. ``fields`` (name, number, total, organ, date) win over what the
    drafts' mastheads say; what neither gives is the kind's placeholder, marked in the YAML.
    The 版记 of several drafts are merged: one group a label, each recipient once."""
    from ..kinds import find_kind
    from .issue_yaml import dump

    kind_spec = find_kind(kind or "jianbao", templates)
    stems = [Path(path).stem for path in drafts]
    # the stem of each draft's picture names, told apart (稿件, 稿件-2) when two drafts share one
    stems = [stem + (f"-{stems[:n].count(stem) + 1}" if stem in stems[:n] else "") for n, stem in enumerate(stems)]
    read = [read_draft(path, kind_spec, stem) for path, stem in zip(drafts, stems)]
    files = tuple((name, data) for draft in read for name, data in draft.files.items())
    given = {k: v for k, v in (fields or {}).items() if v is not None}
    comments: dict[str, str] = {}
    notes: list[tuple[str, Note]] = []
    data = {"kind": kind_spec.name, **_masthead(read, given, kind_spec, comments, notes), "articles": []}
    groups: list[dict[str, Any]] = []
    printed: dict[str, Any] = {}
    offsets = []
    for draft in read:
        offsets.append(len(data["articles"]))
        data["articles"] += draft.articles
        for name, value in draft.structure.items():  # the first draft's 要目 and 编者按
            data.setdefault(name, value)
        for note in draft.notes:
            path = _rebased(note.path, offsets[-1])
            if note.path in given:
                continue
            notes.append((draft.path, Note(note.place, note.message, path, note.text)))
            if path and note.message.startswith("guessed"):
                comments[path] = f"{note.message} ({Path(draft.path).name}, {note.place})"
        if draft.distribution:
            _merge_groups(groups, draft.distribution["groups"])
            printed.update({k: v for k, v in draft.distribution.items() if k != "groups"})
    structure: dict[str, Any] = {k: data.pop(k) for k in ("contents", "editor_note") if k in data}
    data = {**{k: v for k, v in data.items() if k != "articles"}, **structure, "articles": data["articles"]}
    if groups:
        data["distribution"] = {"groups": groups, **printed}
    if "subtitle" in data and _without(data, "subtitle").romanized_name() == data["subtitle"]:
        del data["subtitle"]  # the masthead's pinyin, which gwformat writes from the name itself
    text = dump(data, comments, header="Imported by gwformat from " + ", ".join(Path(d.path).name for d in read)
                + "\nlines marked with a comment were guessed: check them")
    _check(text, read, offsets, templates, files)
    return Imported(data, text, tuple(read), tuple(notes), files)


def _masthead(read: list[Draft], given: dict[str, Any], kind: Kind, comments: dict[str, str],
              notes: list[tuple[str, Note]]) -> dict[str, Any]:
    """The issue's own fields and the kind's: given, else read from the drafts, else the kind's placeholders."""
    data: dict[str, Any] = {}
    for name in _MASTHEAD_FIELDS:
        found = next((d for d in read if name in d.masthead), None)
        value = given.get(name, found.masthead[name] if found else None)
        if found and name in given and str(found.masthead[name]) != str(given[name]):
            notes.append((found.path, Note(found.places.get(name, "masthead"), f"not imported: the draft's {name}, "
                                           "as the command gives another", text=str(found.masthead[name]))))
        if value is None and name == "organ" and not _prints_organ(kind):
            value = _unprinted_organ(read, data, kind, comments)
        if value is None and name in kind.starter and name != "total":
            value = kind.starter[name]
            comments[name] = "not in the drafts: the kind's placeholder, to change"
        if name == "date" and isinstance(value, str):
            value = _dt.date.fromisoformat(value)
        if value is not None:
            data[name] = value
    found_fields = {k: v for d in reversed(read) for k, v in d.fields.items()}
    # the placeholders of the fields the kind needs (a 命令's parent's 发文机关代字 is not one)
    placeholders = {k: v for k, v in kind.starter.get("fields", {}).items() if k not in kind.fields or
                    kind.fields[k].required}
    if "fields" in kind.starter or found_fields:
        data["fields"] = {**placeholders, **found_fields}
        if set(data["fields"]) - set(found_fields):
            comments["fields"] = "the kind's placeholders, to change"
    return data


def _unprinted_organ(read: list[Draft], data: dict[str, Any], kind: Kind, comments: dict[str, str]) -> str | None:
    """The organ of a kind that prints none (a 命令, a 纪要): the author gwformat's own DOCX records,
    else the organ the mark names where the kind's starter has the same organ as name (a 命令's
    发文机关, where a 纪要's name is its meeting's), else None."""
    author = next((d.author for d in read if d.author), None)
    if author:
        comments["organ"] = "the kind prints no organ: the author the DOCX's properties record"
        return author
    if isinstance(data.get("name"), str) and kind.starter.get("organ") == kind.starter.get("name"):
        comments["organ"] = "guessed: the kind prints no organ: the organ its mark names"
        return str(data["name"])
    return None


def _prints_organ(kind: Kind) -> bool:
    from .masthead import kind_text

    return kind_text(kind).organ_printed


def _holds(path: Path, data: bytes) -> bool:
    return path.is_file() and path.read_bytes() == data


def _check(text: str, read: list[Draft], offsets: list[int], templates: str | None,
           files: tuple[tuple[str, bytes], ...]) -> None:
    """Fail as a build would on the issue file ``text`` (with its pictures ``files``), naming the
    draft's place of the field at fault."""
    import tempfile

    from ..load import issue_from_yaml

    with tempfile.TemporaryDirectory(prefix="gwformat-import-") as folder:
        for name, data in files:
            (Path(folder) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(folder) / name).write_bytes(data)
        issue = issue_from_yaml(text, "the imported issue")
        issue._folder = Path(folder)
        _validate(issue, read, offsets, templates)


def _validate(issue: Any, read: list[Draft], offsets: list[int], templates: str | None) -> None:
    from ..validate import validate_issue

    merged = sum(1 for d in read if d.distribution) > 1  # then a group's index is not its draft's
    origin = {_rebased(path, offset): f"{draft.path}, {place}" for draft, offset in zip(read, offsets)
              for path, place in draft.origin.items() if not (merged and path.startswith("distribution"))}
    issue._source = lambda path, offset=None: next((origin[p] for p in _prefixes(path) if p in origin), None)
    validate_issue(issue, templates)


def _without(data: dict[str, Any], name: str) -> Any:
    """The issue ``data`` makes without its field ``name``."""
    from ..load import issue_from_data

    return issue_from_data({k: v for k, v in data.items() if k != name})


def _prefixes(path: str) -> list[str]:
    """articles[0].paragraphs[3].text, articles[0].paragraphs[3], articles[0].paragraphs, …: longest first."""
    return [path] + [path[:m.start()] for m in reversed(list(re.finditer(r"[.\[]", path)))]


def _rebased(path: str | None, offset: int) -> str | None:
    if path is None or not path.startswith("articles["):
        return path
    return re.sub(r"^articles\[(\d+)\]", lambda m: f"articles[{int(m[1]) + offset}]", path)


def _merge_groups(groups: list[dict[str, Any]], more: list[dict[str, Any]]) -> None:
    """The 版记 of several drafts, one group a label, recipients in order and each once."""
    for group in more:
        same = next((g for g in groups if g["label"] == group["label"]), None)
        if same is None:
            groups.append({"label": group["label"], "recipients": list(group["recipients"])})
        else:
            same["recipients"] += [r for r in group["recipients"] if r not in same["recipients"]]


def _found(draft: Draft) -> str:
    paragraphs = sum(len(a.get("paragraphs", [])) for a in draft.articles)
    levels = heading_counts(draft.articles)
    parts = [f"{len(draft.articles)} article{'s' if len(draft.articles) != 1 else ''}", f"{paragraphs} paragraphs"]
    for block in ("table", "image"):
        count = sum(1 for a in draft.articles for p in a.get("paragraphs", []) if isinstance(p, dict) and block in p)
        if count:
            parts.append(f"{count} {block}{'s' if count != 1 else ''}")
    seals = sum(1 for a in draft.articles if a.get("seal"))
    if seals:
        parts.append(f"{seals} seal{'s' if seals != 1 else ''}")
    if levels:
        parts.append("headings " + ", ".join(f"{levels[n]} of level {n}" for n in sorted(levels)))
    signatures = sum(1 for a in draft.articles if a.get("signature"))
    parts.append(f"{signatures} signature{'s' if signatures != 1 else ''}")
    if draft.distribution:
        groups = draft.distribution["groups"]
        parts.append(f"版记 {'/'.join(g['label'] for g in groups)} with "
                     f"{sum(len(g['recipients']) for g in groups)} recipients")
    if draft.masthead:
        parts.append("masthead " + ", ".join(sorted(draft.masthead)))
    if draft.invisible:
        parts.append(f"{draft.invisible} zero-width characters left out")
    return "; ".join(parts)


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("\n", " / ")
    return text if len(text) <= limit else text[:limit] + "…"

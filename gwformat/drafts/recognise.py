"""From a draft's paragraphs to an issue's content: the masthead, articles, headings, signature and 版记.

The rules are the tables of ``patterns``; this module applies them in the order a draft is
written (masthead, title, 主送, text, 附件说明, signature and date, 版记). Whatever is only a
likely reading is kept with a :class:`Note` that names the draft's paragraph, so that the report
can say so and the YAML can carry a comment where the guess went. Nothing is dropped: what no
rule places is listed in the notes with its text.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from statistics import median
from typing import Any, Callable

from ..errors import InputError
from ..model import heading_level
from ..numerals import parse_chinese_number
from . import patterns as P
from .blocks import gather, image_item, table_item
from .masthead import ISSUE_FIELDS, KindText, read_masthead
from .source import Read, Source, joined as _joined, plain, written


#: How a draft's block other than a paragraph (a table, a picture) becomes an item of an
#: article's ``paragraphs``, once ``blocks.gather`` has given it its content and its lines (a
#: table's title and note, a picture's caption). Other blocks (a text box) are reported as not
#: imported, with their text and place.
BLOCKS: dict[str, Callable[[Source], Any]] = {"table": table_item, "picture": image_item}


@dataclass(frozen=True)
class Note:
    """A guess or a piece of the draft the issue does not hold, at its place in the draft.

    ``path`` is the issue field a guess went into (for a comment in the YAML); ``text`` is the
    draft's text that was not imported.
    """

    place: str
    message: str
    path: str | None = None
    text: str | None = None


@dataclass
class Draft:
    """What one draft holds, in the model's shape (plain data), and what was guessed about it."""

    path: str
    articles: list[dict[str, Any]]
    masthead: dict[str, Any] = field(default_factory=dict)
    distribution: dict[str, Any] | None = None
    notes: list[Note] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)  # what only some kinds print (附注 …)
    places: dict[str, str] = field(default_factory=dict)  # where a masthead field was read in the body
    origin: dict[str, str] = field(default_factory=dict)  # where each field path's text is in the draft
    kind: KindText = KindText()  # what the kind prints: its masthead, its closing (署名, date, 附注) …
    invisible: int = 0  # zero-width and other characters that are not text, removed
    files: dict[str, bytes] = field(default_factory=dict)  # the pictures to write, by their name in the issue
    structure: dict[str, Any] = field(default_factory=dict)  # the issue's 本期要目 (contents) and 编者按
    subject: str | None = None  # the subject the draft's file properties record
    author: str | None = None   # the organ gwformat's own DOCX records as its author


def recognise(read: Read, kind: KindText = KindText(), images: str | None = None) -> Draft:
    """The content of the draft ``read``: every paragraph placed, or noted.

    ``kind`` is what the issue's kind prints: its masthead's patterns, to read a masthead the
    draft copies, and its closing (署名, 签发人职务, date, 附注), so that the lines of the draft
    that say the same are read as those fields; ``images`` is the stem of the names its pictures
    get (default: the draft's own).
    """
    draft = Draft(read.path, [], kind=kind, subject=read.subject, author=read.author)
    items: list[Source] = []
    for source in read.sources:
        if source.block in BLOCKS or source.block == "seal":
            items.append(source)
            continue
        if source.block != "paragraph":
            draft.notes.append(Note(source.place, f"not imported: a {source.block} (an issue has no place for it)",
                                    text=source.text.strip() or None))
            continue
        text = source.text.translate(P.INVISIBLE)
        draft.invisible += len(source.text) - len(text)
        text = _joined(text)
        if text:
            lead = _joined(source.lead.translate(P.INVISIBLE)) if source.lead else None
            indented = source.indented or source.text[:1] in P.SPACE.replace("\t", "") and bool(source.text[:1])
            items.append(replace(source, text=text, lead=lead, indented=indented))
    items = gather(items, images or Path(read.path).stem, draft.files, draft.notes,
                   lambda place, message, text: Note(place, message, text=text))
    items = _masthead(items, draft, kind)
    items = [replace(s, text=re.sub(r"\t+", " ", s.text)) for s in items]  # tabs kept only to part masthead items
    items = _distribution(items, draft)
    items = _contents(items, draft)
    _articles(items, draft)
    _write_emphasis(draft)
    if not draft.articles:
        left = "; ".join(f"{n.place}: {n.message}" for n in draft.notes) or "nothing but a masthead or a 版记"
        raise InputError(f"has no article to import ({left})", read.path)
    return draft


def _write_emphasis(draft: Draft) -> None:
    """The draft's bold runs as ``**…**`` where an issue sets emphasis (paragraphs, headings, table
    cells, 编者按 and 按语), a ``**`` of its own escaped where it would read as a marker (there, in titles
    and in 栏目 labels),
    and the bold marks taken out everywhere else."""
    for article in draft.articles:
        for key, value in article.items():
            if key in ("title", "column"):  # both read escapes and refuse emphasis
                article[key] = [written(t, False) for t in value] if isinstance(value, list) else written(value, False)
            elif key == "paragraphs":
                article[key] = [_emphasised(item) for item in value]
            elif key == "note":  # an 按语 is a paragraph too
                article[key] = written(value)
            else:
                article[key] = _unmarked(value)
    if isinstance(draft.structure.get("editor_note"), str):
        draft.structure["editor_note"] = written(draft.structure["editor_note"])
    for name in ("masthead", "fields", "distribution"):
        setattr(draft, name, _unmarked(getattr(draft, name)))
    draft.notes[:] = [replace(note, text=plain(note.text)) if note.text else note for note in draft.notes]


def _emphasised(item: Any) -> Any:
    """A paragraph-list item with its bold runs written as emphasis."""
    if isinstance(item, str):
        return written(item)
    if "table" in item:
        table = dict(item["table"])
        for key in ("header", "rows"):
            if key in table:  # rows of cells, or one row
                table[key] = [[_cell(cell) for cell in row] if isinstance(row, list) else _cell(row)
                              for row in table[key]]
        return {**item, "table": _unmarked(table)}
    if "heading" in item or "text" in item:
        return {k: written(v) if k in ("heading", "text") else v for k, v in item.items()}
    return _unmarked(item)


def _cell(cell: Any) -> Any:
    if isinstance(cell, str):
        return written(cell)
    if isinstance(cell, dict) and isinstance(cell.get("text"), str):
        return {**cell, "text": written(cell["text"])}
    return cell


def _unmarked(value: Any) -> Any:
    """``value`` (text, or lists and mappings of it) without bold marks."""
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, list):
        return [_unmarked(v) for v in value]
    if isinstance(value, dict):
        return {k: _unmarked(v) for k, v in value.items()}
    return value


def _date(text: str) -> _dt.date | None:
    match = P.DATE.match(text)
    if not match:
        return None
    digits = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}
    year = match["y"] if match["y"].isdigit() else "".join(digits[c] for c in match["y"])
    month, day = (int(v) if v.isdigit() else parse_chinese_number(v) for v in (match["m"], match["d"]))
    try:
        return _dt.date(int(year), month or 0, day or 0)
    except ValueError:
        return None


def _masthead(items: list[Source], draft: Draft, kind: KindText) -> list[Source]:
    """The lines of a copied masthead before the title, read through the kind's patterns: those
    in gwformat's masthead styles, or the first lines down to one that gives the number (第N期)."""
    patterns = kind.masthead
    count = 0
    if items and items[0].role == "masthead":
        while count < len(items) and items[count].role == "masthead":
            count += 1
    else:
        head = items[:P.MASTHEAD_LINES]
        readings = [read_masthead(_pieces(s.text), patterns) for s in head]
        number = next((i for i, r in enumerate(readings) if any(v and "number" in v.values for v in r)), None)
        if number is None or any(s.role not in (None, "title") for s in head[:number]):  # a text's first block
            return items
        count = number + 1  # and the lines after it that fixed patterns read (organ and date)
        while count < len(head) and all(r and r.pattern.score for r in readings[count]):
            count += 1
    stack = _joint_mark(items[:count], draft, kind)
    pieces = [(source, piece) for source in items[:count] if all(source is not s for s in stack) for piece in _pieces(source.text)]
    for n, ((source, piece), reading) in enumerate(zip(pieces, read_masthead([p for _, p in pieces], patterns))):
        if reading is None and n == 0 and not stack:
            draft.masthead["name"] = re.sub(f"[{P.SPACE}]", "", piece)  # a name set without the kind's spacing
        elif reading is None:
            draft.notes.append(Note(source.place, "not imported: a masthead line the kind's patterns do not read",
                                    text=piece))
        for name, value in (reading.values if reading else {}).items():
            (draft.masthead if name in ISSUE_FIELDS else draft.fields).setdefault(name, value)
    return items[count:]


def _joint_mark(lines: list[Source], draft: Draft, kind: KindText) -> list[Source]:
    """The lines of a joint mark (联合行文) among a masthead's ``lines``, their organs taken as the
    ``name`` list: the line with the kind's word beside it (文件, after a tab, spaces or nothing) and
    the lines just above and below it that are set as it is (in the same size) and that no fixed
    pattern of the masthead reads, one organ a line, the host's first. None for a single organ."""
    joint = kind.joint
    if joint is None:
        return []
    beside = next((i for i, s in enumerate(lines) if _without_beside(s.text, joint.beside) is not None), None)
    if beside is None:
        return []

    def organ_line(source: Source) -> bool:
        readings = read_masthead(_pieces(source.text), kind.masthead)
        return source.size == lines[beside].size and len(_pieces(source.text)) == 1 \
            and _without_beside(source.text, joint.beside) is None and not any(r and r.pattern.score for r in readings)

    start = beside
    while start > 0 and organ_line(lines[start - 1]):
        start -= 1
    end = beside + 1
    while end < len(lines) and organ_line(lines[end]):
        end += 1
    stack = lines[start:end]
    organs = [joint.organ(_without_beside(s.text, joint.beside) or re.sub(f"[{P.SPACE}]", "", s.text)) for s in stack]
    if len(stack) < 2 or not all(organs):
        return []
    draft.masthead["name"] = organs
    draft.origin["name"] = stack[0].place
    return stack


def _without_beside(text: str, beside: str) -> str | None:
    """A line of a joint mark without the word set beside it (文件), or None when it does not end in it."""
    text = re.sub(f"[{P.SPACE}]", "", text)
    return text[:-len(beside)] if text.endswith(beside) and len(text) > len(beside) else None


def _pieces(text: str) -> list[str]:
    """A masthead line's items: gwformat's DOCX sets items on one line apart with tabs, a text
    draft with runs of spaces."""
    return [p for p in re.split(r"\t|[ \u3000]{2,}", text) if p]


def _distribution(items: list[Source], draft: Draft) -> list[Source]:
    """The closing 版记 (送：… 抄送：… 印发), when the draft ends with one."""
    def closing(s: Source) -> bool:
        if s.block != "paragraph":
            return False
        marked = s.role == "distribution" or any(p.match(s.text) for p in (P.DISTRIBUTION_LABEL, P.PRINTED, P.COPIES))
        return marked or (len(s.text) <= 2 * P.SHORT and not re.search(f"[{P.SENTENCE_END}].", s.text))

    start = next((i for i, s in enumerate(items) if (s.role == "distribution" or P.DISTRIBUTION_LABEL.match(s.text))
                  and all(closing(t) for t in items[i:])), None)
    if start is None:
        return items
    groups: list[tuple[str, list[Source], list[str]]] = []
    block: dict[str, Any] = {}
    last = max((i for i, s in enumerate(items[start:], start) if not P.COPIES.match(s.text)), default=None)
    for index, source in enumerate(items[start:], start):
        label = P.DISTRIBUTION_LABEL.match(source.text)
        printed = P.PRINTED.match(source.text)
        copies = P.COPIES.match(source.text)
        if not (label or printed or copies) and index == last and groups and _set_apart(source, groups[-1][1]):
            block["printed_by"] = source.text.strip(P.SPACE)  # the 印发 line of a kind that prints no date
        elif label:
            groups.append((label["label"], [source], [label["rest"]] if label["rest"] else []))
        elif copies:
            block["copies"] = int(copies["n"])
        elif printed:
            block["printed_by"] = printed["by"].strip(P.SPACE)
            if printed["on"]:
                block["printed_on"] = _date(printed["on"])
        elif groups:
            groups[-1][1].append(source)
            groups[-1][2].append(source.text)
        else:
            draft.notes.append(Note(source.place, "not imported: a 版记 line before any 送/报/发/抄送 label",
                                    text=source.text))
    block["groups"] = []
    for name, sources, lines in groups:
        whole = len(lines) > 1 or sources[0].role == "distribution"
        pieces = lines if whole else P.RECIPIENT_SEPARATORS.split(lines[0]) if lines else []
        recipients = [r for r in (p.strip(P.SPACE).rstrip(P.RECIPIENT_END).strip(P.SPACE) for p in pieces) if r]
        if recipients:
            draft.origin[f"distribution.groups[{len(block['groups'])}]"] = sources[0].place
            block["groups"].append({"label": name, "recipients": recipients})
        else:
            draft.notes.append(Note(sources[0].place, f"not imported: the 版记 group {name} has no recipients",
                                    text=sources[0].text))
    if block["groups"]:
        draft.distribution = block
    return items[:start]


def _set_apart(source: Source, group: list[Source]) -> bool:
    """A 版记's last line that is not set as the recipients above it are (centred or at the right,
    or indented otherwise than the group's lines after its label): its 印发 line, printed without
    a date and so without the word 印发."""
    if source.align in ("center", "right"):
        return True
    recipients = [s.indent for s in group[1:]]
    return source.indent is not None and bool(recipients) and all(i is not None and abs(i - source.indent) > 1
                                                                   for i in recipients)


def _title_like(source: Source, body_size: float | None) -> bool:
    if source.block != "paragraph":
        return False
    if source.role is not None:
        return source.role == "title"
    if source.align != "center" or len(source.text) > P.SHORT or _level(source.text):
        return False
    return source.bold or bool(source.size and body_size and source.size > body_size)


def _contents(items: list[Source], draft: Draft) -> list[Source]:
    """The 本期要目 of gwformat's DOCX (its styles mark it): the issue lists its titles again, so
    only ``contents: true`` is kept."""
    kept = [s for s in items if s.role != "contents"]
    if len(kept) < len(items):
        draft.structure["contents"] = True
    return kept


def _note_text(source: Source) -> str:
    return P.NOTE_LABEL.sub("", source.text, count=1)


def _articles(items: list[Source], draft: Draft) -> None:
    sizes = [s.size for s in items if s.size]
    body_size = median(sizes) if sizes else None
    groups: list[tuple[list[Source], list[Source], list[Source]]] = []  # (label, title lines, the rest)
    columns: list[str | None] = []  # each article's 栏目: the label printed before the first of a run
    column: str | None = None
    for source in items:
        if source.role == "column":  # gwformat's 栏目 label: the articles after it are in that column
            bracketed = P.COLUMN.match(source.text)
            column = bracketed["name"] if bracketed else source.text
            continue
        if source.role == "note" and not groups:  # a note before the first article is the issue's 编者按
            draft.structure["editor_note"] = _note_text(source)
            continue
        if _title_like(source, body_size):
            if not groups or groups[-1][2]:
                if groups and source.role != "title":
                    draft.notes.append(Note(source.place, "guessed: a centred, bold or large line after the text "
                                            "starts a new article", path=f"articles[{len(groups)}].title"))
                label = [groups[-1][2].pop()] if groups and P.LABEL.match(groups[-1][2][-1].text) else []
                groups.append((label, [], []))
                columns.append(column)
            groups[-1][1].append(source)
        else:
            if not groups:
                groups.append(([], [], []))
                columns.append(column)
            groups[-1][2].append(source)
    for a, ((label, titles, rest), column) in enumerate(zip(groups, columns)):
        article = _article(a, titles, rest, draft)
        if column:
            article = {"column": column, **article}
        if label:  # an attachment: its label, then its title, on a page of its own
            article = {"label": label[0].text, "new_page": True, **article}
        draft.articles.append(article)


def _article(a: int, titles: list[Source], rest: list[Source], draft: Draft) -> dict[str, Any]:
    base = f"articles[{a}]"
    article: dict[str, Any] = {}
    seals = [s for s in rest if s.block == "seal"]
    rest = [s for s in rest if s.block != "seal"]
    notes = [s for s in rest if s.role == "note"]  # gwformat's 按语 under the title
    rest = [s for s in rest if s.role != "note"]
    if not titles and not draft.kind.title_printed:
        article["title"] = _unprinted_title(a, rest, draft)
    elif not titles and rest and rest[0].block == "paragraph" and len(rest[0].text) <= P.SHORT \
            and not _level(rest[0].text) and rest[0].text[-1] not in P.SENTENCE_END + "：:":
        titles = [rest.pop(0)]
        draft.notes.append(Note(titles[0].place, "guessed: the first line, short and without a full stop, is the title",
                                path=f"{base}.title"))
    if titles:
        lines = [s.text for s in titles]
        article["title"] = lines[0] if len(lines) == 1 else lines
        draft.origin[f"{base}.title"] = titles[0].place
    elif "title" not in article:
        article["title"] = Path(draft.path).stem
        draft.notes.append(Note(rest[0].place if rest else "start", "guessed: the draft has no title line; "
                                "its file name stands in", path=f"{base}.title"))
    if notes:
        article["note"] = _note_text(notes[0])
        draft.origin[f"{base}.note"] = notes[0].place
        draft.notes += [Note(s.place, "not imported: a second 按语 of the article", text=s.text) for s in notes[1:]]
    if rest and _addressee(rest) and not _level(rest[0].text):
        draft.origin[f"{base}.addressee"] = rest[0].place
        article["addressee"] = rest.pop(0).text
    byline = rest.pop(0) if rest and _byline(rest[0]) else None
    signature, date = _closing(rest, base, draft)
    if byline is not None and signature is None:  # （作者） under the title: printed at the end
        signature = byline
        draft.notes.append(Note(byline.place, "guessed: the line in brackets under the title is the signature, "
                                "printed at the article's end", path=f"{base}.signature"))
    elif byline is not None:
        rest.insert(0, byline)
    attachments, rest = _attachments(rest, base, draft)
    article["paragraphs"] = [_paragraph(s, f"{base}.paragraphs[{p}]", draft) for p, s in enumerate(rest)]
    draft.origin.update({f"{base}.paragraphs[{p}]": s.place for p, s in enumerate(rest)})
    if attachments:
        article["attachments"] = attachments
    if signature is not None:
        bracketed = P.SIGNATURE.match(signature.text)
        article["signature"] = bracketed["name"] if bracketed else signature.text
        draft.origin[f"{base}.signature"] = signature.place
        if not bracketed and signature.role != "signature":
            draft.notes.append(Note(signature.place, "guessed: the right-aligned last line is the signature",
                                    path=f"{base}.signature"))
    names = draft.masthead.get("name")
    if seals and isinstance(names, list) and len(seals) == len(names):  # 联合行文: each organ's, in order
        article["seal"] = [s.content["file"] for s in seals]
        draft.origin[f"{base}.seal"] = seals[0].place
    elif seals:
        article["seal"] = seals[0].content["file"]
        draft.origin[f"{base}.seal"] = seals[0].place
        draft.notes += [Note(s.place, "not imported: a second seal of the article", text=s.content["file"])
                        for s in seals[1:]]
    if date is not None:
        _read_in_body(draft, "date", _date(date.text), date, "the date line at the end is the issue's date")
    if not article["paragraphs"]:
        del article["paragraphs"]
    return article


def _unprinted_title(a: int, rest: list[Source], draft: Draft) -> str:
    """The title of an article whose kind prints none (a 命令): the subject the file's properties
    record (gwformat writes the title there, Word calls it 主题), else the work a 公布令 names at
    the start of its text (《……》已经……通过，现予公布), else the draft's file name."""
    base = f"articles[{a}].title"
    first = next((s for s in rest if s.block == "paragraph"), None)
    named = P.PROMULGATED.match(first.text) if first is not None and a == 0 else None
    if draft.subject and a == 0:
        return draft.subject
    if named:
        draft.notes.append(Note(first.place if first else "start", "guessed: a 命令 prints no title: the work its "
                                "text names first in 《》 stands in", path=base))
        return named["title"]
    draft.notes.append(Note(first.place if first else "start", "guessed: a 命令 prints no title, and the draft "
                            "names none: its file name stands in", path=base))
    return Path(draft.path).stem


def _addressee(rest: list[Source]) -> bool:
    """A first line that is the 主送: short and ending in a colon; one that lists organs apart with ，
    too when it is set 顶格 (GB/T 9704-2012, 7.3.3) where the text after it is indented."""
    if P.ADDRESSEE.match(rest[0].text):
        return True
    return bool(P.ADDRESSEE_LIST.match(rest[0].text)) and not rest[0].indented and len(rest) > 1 \
        and rest[1].indented


def _closing(rest: list[Source], base: str, draft: Draft) -> tuple[Source | None, Source | None]:
    """The signature and date lines that end an article (taken off ``rest``).

    In a kind whose closing prints a line above the date (the 署名 from the organ, the
    签发人职务), that line is read through its pattern as that field, not as a signature;
    where it prints a 附注 (``note``), a line in brackets below the date is that.
    """
    names = draft.masthead.get("name")
    organs = len(names) if isinstance(names, list) else 1
    tail: list[Source] = []
    while rest and len(tail) < 2 + organs and (_date(rest[-1].text) or _signature_like(rest[-1])):
        tail.insert(0, rest.pop())
    dated = [i for i, s in enumerate(tail) if _date(s.text)]
    if not dated:
        rest += tail[:-1]
        return (tail[-1] if tail else None), None
    date = tail[dated[-1]]
    above, below = tail[:dated[-1]], tail[dated[-1] + 1:]
    signature = None
    if above and draft.kind.signers and not P.SIGNATURE.match(above[-1].text):
        lines = _signers(above, draft, organs)
        rest += above[:len(above) - len(lines)]
    else:
        rest += above[:-1]
        signature = above[-1] if above else None
    for source in below:
        bracketed = P.BRACKETED.match(source.text)
        if bracketed and "note" in draft.kind.closing and "note" not in draft.fields:
            draft.fields["note"] = bracketed["inner"]
        elif signature is None:
            signature = source
        else:
            draft.notes.append(Note(source.place, "not imported: a line after the signature and the date",
                                    text=source.text))
    return signature, date


def _signers(above: list[Source], draft: Draft, organs: int) -> list[Source]:
    """The lines above the date that the kind prints itself, read through its pattern (the 署名 gives
    the organ, the 签发人职务 its field); and which of ``above`` they are.

    The 署名 of a joint document (a line for ``each`` organ) stand on one row, apart by tabs or
    spaces, or one under another (``organs`` lines, as many as the mark stacks): the host's is the
    issue's organ, and a draft without a mark gives its organs from them."""
    pattern, each = draft.kind.signers[0]
    lines = above[-1:]
    texts = [above[-1].text]
    if each and draft.kind.joint is not None:  # a kind whose mark stacks organs
        row = [p for p in re.split(f"[{P.SPACE}]+", above[-1].text) if p]
        if len(row) > 1 and (organs > 1 or "name" not in draft.masthead):
            texts = row
        elif organs > 1 and len(above) >= organs:
            lines = above[-organs:]
            texts = [s.text for s in lines]
    values = pattern.read(texts[0]) or {}
    for name, value in values.items():
        if name in ISSUE_FIELDS:
            guess = "the first 署名, the host's, is the issuing organ" if len(texts) > 1 else \
                "the 署名 above the date is the issuing organ"
            _read_in_body(draft, name, value, lines[0], guess)
        else:
            draft.fields.setdefault(name, value)
    if len(texts) > 1 and "name" not in draft.masthead:
        _read_in_body(draft, "name", texts, lines[0], "the 署名 of several organs name the organs of a joint document")
    elif len(texts) > 1 and draft.masthead["name"] != texts:
        draft.notes.append(Note(lines[0].place, "not imported: 署名 that are not the organs of the mark",
                                text="　".join(texts)))
    return lines


def _byline(source: Source) -> bool:
    """A short line in brackets, neither a heading nor a date: an author's line (（代表联络处　李尚达））."""
    match = P.SIGNATURE.match(source.text)
    return bool(match) and not _level(source.text) and not _date(match["name"] if match else "")


def _signature_like(source: Source) -> bool:
    if source.block != "paragraph":
        return False
    return source.role == "signature" or bool(P.SIGNATURE.match(source.text)) or (
        source.align == "right" and len(source.text) <= P.SHORT)


def _read_in_body(draft: Draft, name: str, value: Any, source: Source, guess: str) -> None:
    """A masthead field read from a line of the text (a date line, a 署名), unless the draft has it."""
    if name not in draft.masthead:
        draft.masthead[name] = value
        draft.places[name] = source.place
        draft.notes.append(Note(source.place, f"guessed: {guess}", path=name))
    elif draft.masthead[name] != value:
        draft.notes.append(Note(source.place, f"not imported: a line that would give the {name}, "
                                "which the draft has already", text=source.text))


def _attachments(rest: list[Source], base: str, draft: Draft) -> tuple[list[str], list[Source]]:
    """附件：1.标题 and the numbered lines after it, as the article's attachment titles."""
    start = next((i for i, s in enumerate(rest) if P.ATTACHMENTS.match(s.text)), None)
    if start is None:
        return [], rest
    first = P.ATTACHMENTS.match(rest[start].text)
    assert first is not None
    lines = [first["rest"]] if first["rest"] else []
    end = start + 1
    while end < len(rest) and len(rest[end].text) <= P.SHORT and P.ATTACHMENT_ITEM.match(rest[end].text):
        lines.append(rest[end].text)
        end += 1
    titles = [m["title"] if (m := P.ATTACHMENT_ITEM.match(line)) else line for line in lines]
    if end < len(rest):
        draft.notes.append(Note(rest[start].place, "guessed: the 附件说明 is moved after the text, where it is printed",
                                path=f"{base}.attachments"))
    return titles, rest[:start] + rest[end:]


def _level(text: str) -> int | None:
    """The heading level of a paragraph's numbering: the model's, or a draft's own (``EXTRA_HEADINGS``)."""
    return heading_level(text) or next((level for level, pattern in P.EXTRA_HEADINGS if pattern.match(text)), None)


def _paragraph(source: Source, path: str, draft: Draft) -> str | dict[str, Any]:
    """A body paragraph, or a heading (run into its text when a sentence follows it)."""
    if source.block in BLOCKS:
        return BLOCKS[source.block](source)
    text = source.text
    level = _level(plain(text))
    if source.role == "heading" and level is None:
        if source.lead_level is None:
            draft.notes.append(Note(source.place, "guessed: an unnumbered heading of no level, taken as level 1",
                                    path=f"{path}.level"))
        return {"heading": text, "level": min(max(source.lead_level or 1, 1), 4)}
    if source.lead and source.lead_level and text.startswith(source.lead):
        level = source.lead_level  # a heading marked by its style, numbered or not
    if level is None:
        return text
    end = next((i for i, c in enumerate(text) if c in P.SENTENCE_END), None)
    if source.lead and text.startswith(source.lead) and (_level(source.lead) or source.lead_level):
        heading = source.lead.strip(P.SPACE)
    elif end is not None and end < P.SHORT:
        heading = text[:end + 1]
    elif source.role == "heading" or end is None and len(text) <= P.SHORT:
        heading = text
    else:
        draft.notes.append(Note(source.place, "guessed: numbered like a heading, but its first sentence is longer "
                                f"than {P.SHORT} characters: kept as text", path=path))
        return text
    out: dict[str, Any] = {"heading": heading}
    body = text[len(heading):].strip(P.SPACE)
    if body:
        out["text"] = body
    if heading_level(plain(heading)) != level:
        out["level"] = level
    return out


def heading_counts(articles: list[dict[str, Any]]) -> Counter[int]:
    """How many headings of each level the articles have (for the report)."""
    counts: Counter[int] = Counter()
    for article in articles:
        for paragraph in article.get("paragraphs", []):
            if isinstance(paragraph, dict) and "heading" in paragraph:
                counts[paragraph.get("level") or heading_level(paragraph["heading"]) or 0] += 1
    return counts

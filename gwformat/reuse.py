"""What a rebuild in the same process reuses: bounded memos of pure work.

``gwformat watch`` and a script that builds the same issue again keep one process alive,
and an edit to one paragraph leaves everything else equal: the other paragraphs break into
the same lines, most pages hold the same groups, and the writers would draw them the same
way. Each stage memoises its own pure per-piece work here (the layout per block, the PDF
writer per page, the DOCX writer per paragraph), so a rebuild redoes only what changed and
what follows it, and its outputs are the bytes a cold build gives (tested).

Keys are values where hashing is cheap. Where it is not (a paragraph's atoms, a page's
thousands of glyphs), a key names objects by identity: the tree is frozen, so the same
object is the same value, and the layout's memo hands back the same objects for unchanged
blocks. An entry keeps the objects its key names alive, so no id is reused while it lives.
A miss costs only the work. Every memo is bounded, dropping the entry used longest ago.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, Callable, Generic, Hashable, TypeVar

__all__ = ["Memo", "clear", "forgettable", "page_key", "shallow_key"]

T = TypeVar("T")

_ALL: list["Memo"] = []
_CACHES: list[Callable[[], None]] = []  # the cache_clear of each functools memo given to forgettable


class Memo(Generic[T]):
    """A bounded map from keys to results, the entry stored longest ago dropped first.

    Not least-recently-used: moving an entry on each hit would hash its key twice, and keys
    are tuples, whose hash Python does not keep. A rebuild stores again what was dropped.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: dict[Hashable, T] = {}
        _ALL.append(self)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The result stored for ``key``, or ``compute()`` stored under it."""
        entries = self._entries
        try:
            return entries[key]
        except KeyError:
            pass
        value = entries[key] = compute()
        if len(entries) > self.size:
            del entries[next(iter(entries))]
        return value

    def __contains__(self, key: Hashable) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()


def clear() -> None:
    """Forget everything every memo holds (a test's cold build in a warm process), the functools
    memos of per-text work given to ``forgettable`` too."""
    for memo in _ALL:
        memo.clear()
    for cache_clear in _CACHES:
        cache_clear()


F = TypeVar("F")


def forgettable(function: F) -> F:
    """A functools memo (lru_cache) of pure per-text work, such as a text's atoms: ``clear`` forgets it
    too, so that an issue measured after it pays for all of its text, as a new issue does."""
    _CACHES.append(getattr(function, "cache_clear"))
    return function


def shallow_key(value: Any, by_identity: frozenset[str] = frozenset()) -> tuple:
    """A frozen dataclass as a key: its type and fields, those named in ``by_identity`` by the
    identity of what they hold (a tuple field by its items' identities). A field added later
    counts by its value, so a key never takes two different values for one.
    """
    parts: list[object] = [type(value)]
    for field in fields(value):
        item = getattr(value, field.name)
        if field.name not in by_identity:
            parts.append(item)
        elif isinstance(item, tuple):
            parts.append(tuple(map(id, item)))
        else:
            parts.append(id(item))
    return tuple(parts)


#: A page's fields that hold items of the tree: counted by identity (see the module's docstring).
_PAGE_ITEMS = frozenset({"lines", "rules", "groups", "images"})


def page_key(page: Any) -> tuple | None:
    """A laid-out page as a key: its items by identity, everything else (its number, size, folio
    and any field a page gains) by value; None when a field cannot be hashed."""
    key = shallow_key(page, _PAGE_ITEMS)
    try:
        hash(key)
    except TypeError:
        return None
    return key

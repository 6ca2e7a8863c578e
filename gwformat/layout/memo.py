"""The layout's memos (see gwformat.reuse): a block placed at a row, a paragraph tightened.

Both are pure functions of the block, its row and the setting. A block is keyed by its
fields (gwformat.reuse.shallow_key), a paragraph's broken lines and a title's atoms by
identity: collect memoises them, so an unchanged paragraph or title brings the same objects
and its key costs a few ids, not a hash of every glyph. Placing an unchanged block at the
row it had before gives back the same Group, which lets the writers recognise an unchanged
page by identity.
"""

from __future__ import annotations

from typing import Hashable

from ..reuse import Memo, shallow_key
from .blocks import Block, LinesBlock, Setting, TitleBlock
from .tree import Group

#: The fields held by identity, by block type: what collect's memos hand back unchanged.
_HEAVY: dict[type, frozenset[str]] = {LinesBlock: frozenset({"paragraph"}), TitleBlock: frozenset({"lines"})}
_NONE: frozenset[str] = frozenset()

_PLACED: Memo[tuple[object, Group | None]] = Memo(8192)
_TIGHTENED: Memo[tuple[object, Block | None]] = Memo(1024)
_GROUPS: Memo[Group] = Memo(256)


def setting_key(setting: Setting) -> Hashable:
    """The setting as a value: its geometry and every style (a block may set text in any)."""
    return setting.geometry, tuple(sorted(setting.styles.items()))


def _key(block: Block) -> Hashable | None:
    key = shallow_key(block, _HEAVY.get(type(block), _NONE))
    try:
        hash(key)
    except TypeError:  # a block holding lists or dicts by value: worked out afresh each time
        return None
    return key


def placed(block: Block, row: float, setting: Setting, context: Hashable) -> Group | None:
    """``block.place(row, setting)``, memoised; ``context`` is ``setting_key(setting)``."""
    key = _key(block)
    if key is None:
        return block.place(row, setting)
    # the entry keeps the block, and so what its key names by identity, alive
    return _PLACED.get((key, row, context), lambda: (block, block.place(row, setting)))[1]


def tightened(block: Block, max_tracking: int) -> Block | None:
    """``block.tightened(max_tracking)``, memoised for paragraphs (the other blocks answer at once)."""
    key = _key(block) if isinstance(block, LinesBlock) else None
    if key is None:
        return block.tightened(max_tracking)
    return _TIGHTENED.get((key, max_tracking), lambda: (block, block.tightened(max_tracking)))[1]


def interned(group: Group) -> Group:
    """The first group of equal value this process laid out: what stands outside the flow (the
    masthead, the distribution block) is made afresh each time, but small enough to hash."""
    return _GROUPS.get(group, lambda: group)

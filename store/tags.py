"""Tags: how they are spelled, and how a reader's tag edit is read.

A tag is lower case, without spaces (inner spaces and dashes become one ``-``)
and without a leading ``#``, so ``"#Video Gen"`` and ``"video-gen"`` are the
same tag — the convention of Obsidian and most note tools, whose vaults
readlist exports to. Letters, digits and ``_ - / + .`` are kept; other
punctuation and symbols (``?``, ``!``, quotes, brackets, emoji) are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SPLIT = re.compile(r"[,\s]+")
#: What a tag drops: anything but letters, digits, ``_ - / + .``, spaces and dashes.
_DROPPED = re.compile(r"[^\w\s/+.\-\u2010-\u2015]")
#: Runs of spaces and dashes (``"Computer Science - AI"``, ``"Why — now"``).
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]+")
_SLASH = re.compile(r"-*/-*")


def normalise_tag(tag: str) -> str:
    """``"#Video Gen "`` -> ``"video-gen"``, ``"Computer Science - AI"`` -> ``"computer-science-ai"``,
    ``"C++ / GPT-4.5!"`` -> ``"c++/gpt-4.5"``; ``""`` for a tag that is only punctuation."""
    tag = _SEPARATORS.sub("-", _DROPPED.sub("", tag).strip())
    return _SLASH.sub("/", tag).strip("-.").casefold()


def normalise_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Normalised, de-duplicated and sorted tags (empty ones dropped)."""
    return tuple(sorted({t for t in (normalise_tag(tag) for tag in tags) if t}))


def apply_tag_edit(current: Iterable[str], edit: str) -> tuple[str, ...]:
    """The tags after a reader typed ``edit`` in the tag box.

    Two ways of writing an edit, which may be mixed:

    - ``+rl -video``: add ``rl``, remove ``video``, keep the other tags;
    - ``rl, diffusion`` (bare words, comma or space separated): the new list.
      Bare words replace the current tags; ``+``/``-`` words then adjust it.

    An edit that is empty or only spaces clears every tag.

    Args:
        current: the paper's tags now.
        edit: what the reader typed.

    Returns:
        The new tags, normalised and sorted.
    """
    words = [w for w in _SPLIT.split(edit.strip()) if w]
    bare = [w for w in words if w[0] not in "+-"]
    added = [w[1:] for w in words if w[0] == "+"]
    removed = {normalise_tag(w[1:]) for w in words if w[0] == "-"}
    base = bare if (bare or not words) else list(current)
    return tuple(t for t in normalise_tags([*base, *added]) if t not in removed)


def describe_tags(tags: Iterable[str]) -> str:
    """Tags as the reader types them: ``"rl, video"``."""
    return ", ".join(tags)

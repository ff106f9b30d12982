"""Markdown out: the notes document, and the one-line citation for the clipboard.

The notes document is CommonMark (https://spec.commonmark.org/0.31.2/): one
``## Title`` section per paper, a metadata line, the note as the reader
wrote it, and optionally the abstract as a block quote; or, grouped by tag
or status, a ``## group`` heading per group with ``### Title`` sections
under it. The note's own headings are moved below its paper's heading
(:func:`shift_headings`: a note's ``# Idea`` is ``### Idea`` under a ``##``
paper), so the document's outline stays the papers'; nothing else of the
note changes. Text that is not the reader's own (titles,
organisations, abstracts) is escaped so that characters such as ``*``,
``_`` or ``[`` show as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from readlist.store.models import Entry, Status, now_iso
from readlist.store.text import plural

# Backslash-escapable ASCII punctuation that can start or end inline markup.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~$])")
_LINE_START = re.compile(r"^(\d*)([-+=>.)])(?=\s|$)")
#: Line breaks as CommonMark counts lines (markdown-it's token maps).
_LINE_BREAK = re.compile(r"\r\n?|\n")
#: The deepest heading level Markdown has.
DEEPEST = 6


def escape(text: str) -> str:
    """``text`` with Markdown punctuation backslash-escaped, on one line."""
    text = " ".join(text.split())
    text = _SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(r"\1\\\2", text)


def metadata_line(entry: Entry) -> str:
    """``"Oct 13 · HKUST · 3 votes · tags: #rl #video · read"`` for one paper."""
    paper = entry.paper
    parts = [escape(p) for p in (paper.date, paper.org) if p]
    if paper.authors_count:
        parts.append(f"{paper.authors_count}{'+' if paper.et_al else ''} authors")
    if paper.votes is not None:
        parts.append(f"{paper.votes} votes")
    if entry.tags:
        parts.append("tags: " + " ".join(f"`{tag}`" for tag in entry.tags))
    parts.append(str(entry.status) + (f" P{entry.state.priority}" if entry.state.priority else ""))
    if paper.link:
        parts.append(f"<{paper.link}>")
    return " · ".join(parts)


def _atx_prefix(level: int) -> re.Pattern[str]:
    """An ATX heading's opening ``#`` run of ``level``, after any block quote or list markers."""
    containers = r"(?:[ \t]*(?:>|[-+*]|\d{1,9}[.)]))*[ \t]*"
    return re.compile(rf"^(?P<before>{containers})#{{{level}}}(?=[ \t]|\r\n?|\n|$)")


def shift_headings(note: str, below: int) -> str:
    """``note`` with its headings moved down so the highest of them is of level
    ``below + 1`` (at most :data:`DEEPEST`), the others keeping their distance
    to it as far as Markdown's six levels allow.

    Headings are found by a CommonMark parser (markdown-it), so ``#hashtag``,
    ``#`` lines in code blocks and a ``---`` rule are not headings and stay as
    they are. ATX headings (``# Idea``) get more ``#``, in block quotes and
    lists too; a setext heading (``Idea`` over ``===``) at the top level
    becomes an ATX one of its new level. A note without headings, or whose
    headings are already below, is returned unchanged.
    """
    if "#" not in note and "==" not in note and "--" not in note:
        return note  # no heading possible: skip the parser
    from markdown_it import MarkdownIt  # CommonMark (a dependency of Rich, hence Textual); loaded when needed

    tokens = MarkdownIt("commonmark").parse(note)
    headings = [(i, t) for i, t in enumerate(tokens) if t.type == "heading_open" and t.map]
    if not headings:
        return note
    shift = below + 1 - min(int(t.tag[1]) for _, t in headings)
    if shift <= 0:
        return note
    pieces = _LINE_BREAK.split(note)
    breaks = [*_LINE_BREAK.findall(note), ""]
    lines = [text + end for text, end in zip(pieces, breaks, strict=True)]
    for i, token in reversed(headings):
        level, (start, end) = int(token.tag[1]), token.map
        new = "#" * min(level + shift, DEEPEST)
        if token.markup.startswith("#"):
            lines[start] = _atx_prefix(level).sub(lambda m, new=new: m["before"] + new, lines[start], count=1)
        elif token.level == 0 and end - start >= 2:  # setext: text lines, then the === or --- line
            text = " ".join(tokens[i + 1].content.split("\n"))
            lines[start:end] = [f"{new} {text}{breaks[end - 1]}"]
    return "".join(lines)


def paper_section(entry: Entry, *, abstract: bool = False, level: int = 2) -> str:
    """One paper's section: heading (of ``level``), metadata, note, and optionally the abstract."""
    lines = [f"{'#' * level} {escape(entry.title)}", "", f"*{metadata_line(entry)}*"]
    if entry.note.strip():
        lines += ["", shift_headings(entry.note.strip("\n"), level)]
    if abstract and entry.paper.abstract:
        lines += ["", "> " + escape(entry.paper.abstract)]
    return "\n".join(lines) + "\n"


#: What ``export_notes`` can group papers by.
GROUPINGS = ("tag", "status")


def with_notes(entries: Iterable[Entry], everything: bool = False) -> list[Entry]:
    """The entries a notes export holds: those with a note or tags, or all with ``everything``."""
    return [e for e in entries if everything or e.note.strip() or e.tags]


def export_notes(
    entries: Iterable[Entry], *, everything: bool = False, abstracts: bool = False,
    title: str = "Reading notes", group_by: str | None = None,
) -> str:
    """The notes document for ``entries``, in the order given.

    Args:
        entries: the papers to consider (e.g. a filter's result, or the library).
        everything: include papers without note or tags too.
        abstracts: add each abstract as a block quote.
        title: the document's ``#`` heading.
        group_by: ``None``, ``"tag"`` (a paper appears under each of its tags,
            untagged papers last) or ``"status"`` (in workflow order).

    Returns:
        Markdown text ending with a newline; a line says how many papers are in it.

    Raises:
        ValueError: an unknown ``group_by``.
    """
    chosen = with_notes(entries, everything)
    count = plural(len(chosen), "paper")
    head = f"# {escape(title)}\n\n*Exported by readlist on {now_iso()[:10]} · {count}*\n"
    if group_by is None:
        return "\n".join([head, *(paper_section(e, abstract=abstracts) for e in chosen)])
    parts = [head]
    for group, members in _groups(chosen, group_by):
        parts.append(f"## {escape(group)}\n")
        parts += [paper_section(e, abstract=abstracts, level=3) for e in members]
    return "\n".join(parts)


def _groups(entries: list[Entry], group_by: str) -> list[tuple[str, list[Entry]]]:
    if group_by == "status":
        return [(str(status), members) for status in Status
                if (members := [e for e in entries if e.status == status])]
    if group_by != "tag":
        raise ValueError(f"cannot group by {group_by!r} (choose from {', '.join(GROUPINGS)})")
    tags = sorted({tag for e in entries for tag in e.tags})
    groups = [(f"#{tag}", [e for e in entries if tag in e.tags]) for tag in tags]
    untagged = [e for e in entries if not e.tags]
    return groups + ([("Untagged", untagged)] if untagged else [])


def citation_line(entry: Entry) -> str:
    """The paper as one Markdown line for the clipboard.

    ``[Title](link) — Org, Date`` when a link is known, ``**Title** — Org, Date``
    otherwise.
    """
    paper = entry.paper
    title = escape(entry.title)
    head = f"[{title}]({paper.link})" if paper.link else f"**{title}**"
    details = ", ".join(escape(p) for p in (paper.org, paper.date) if p)
    return f"{head} — {details}" if details else head

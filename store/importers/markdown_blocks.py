r"""The block structure of a Markdown paper list: which lines make one list item,
table row or paragraph, under which heading.

A helper of :mod:`store.importers.markdown_list`, which reads papers from the
blocks :func:`read` returns. It follows GitHub Markdown (https://github.github.com/gfm/)
as far as paper lists need it:

- **Headings**: ``# ATX`` headings, HTML ``<h1>``-``<h6>`` headings on one line and
  ``===`` underlined (setext) headings; a paragraph line without a link underlined
  with ``---`` is a heading too. Each gives the :attr:`Block.section` (as
  :func:`~store.importers.markdown_inline.keyword`) of the blocks under it.
  Blocks under a heading of the list's own business (News, Updates, Changelog,
  Announcements, Citation, Contributing, Star History, Acknowledgements, License
  ...: :data:`SKIPPED_SECTIONS`) are not returned at all.
- **List items** (``-``, ``*``, ``+``, ``1.``, ``1)``) and their continuation
  lines: lines right below an item continue it (lazily, whatever their indent),
  and after a blank line a paragraph indented at least as far as the item's text
  still belongs to it (a *loose* list)::

      1. **Title.** `ACL 2023`

          *First Author, Second Author.* [[Paper](https://arxiv.org/abs/...)], 2022.12

  A nested item knows its :attr:`Block.parent`.
- **Table rows**: a header row (its cells named in :attr:`Block.columns`) needs a
  delimiter row (``|---|:--:|``) below it; each later line with a ``|`` is a row
  until a blank line.
- **Paragraphs**: consecutive lines of anything else.
- Left out: fenced code blocks, HTML comments, thematic breaks (``---``),
  BibTeX entries pasted without a fence (``@misc{key,`` up to its closing brace
  or a blank line), and link reference definitions (``[label]: url "title"``),
  which are collected in :attr:`Document.definitions` instead.

Lines are split at ``\n``, ``\r\n`` or ``\r``, so line numbers match an editor's.
The text of each block has its runs of spaces squashed to one
(:func:`~store.importers.markdown_inline.squash`). Reading is linear in the size
of the text: no pattern here can backtrack over a long run of one character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from readlist.store.importers.markdown_inline import inline, keyword, normalise_label, plain, squash

#: Headings whose items are about the list itself, not papers: their blocks are skipped.
SKIPPED_SECTIONS = re.compile(
    r"^(?:(?:latest|recent|lastest|the)\s+)?(?:news|updates?|update log|changelog|change log|"
    r"announcements?|what'?s new|citations?|cite|cite us|how to cite|citing|bibtex|contributing|"
    r"contribut(?:e|ion|ions|ors?)|how to contribute|star history|stargazers|acknowledge?ments?|"
    r"thanks|license|licence)(?:\s|$)"
)
#: A table with more cells than this in a row is not a paper table; the rest are ignored.
MAX_CELLS = 64

_MARKERS = "-*+0123456789"  # what a list item's marker starts with
_LIST_ITEM = re.compile(r"(?P<indent>[ \t]*)(?P<marker>[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_HTML_HEADING = re.compile(r"<h([1-6])\b[^<>]*>(?P<text>.*?)</h\1\s*>\s*$", re.IGNORECASE)
_DEFINITION = re.compile(
    r"\[(?P<label>[^\[\]]{1,999})\]:[ \t]*<?(?P<url>[^\s<>]+)>?"
    r"(?:[ \t]+(?:\"(?P<t1>[^\"]*)\"|'(?P<t2>[^']*)'|\((?P<t3>[^()]*)\)))?[ \t]*$"
)
_BIBTEX_ENTRY = re.compile(r"@[A-Za-z]+[ \t]*[{(]")
_FENCE = re.compile(r"(?P<fence>`{3,}|~{3,})")
_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")


@dataclass
class Block:
    """A candidate paper: a list item or paragraph (with its continuation lines) or a table row.

    Attributes:
        kind: ``"list item"``, ``"table row"`` or ``"paragraph"``.
        line: the 1-based line where it starts.
        lines: its lines, spaces squashed (a table row is one line).
        section: the keyword of the heading above it.
        columns: a table row's header names (lower case, plain text).
        parent: the list item this one is nested in.
        title: set by the reader (``None`` until then): a title-only list item's title,
            lent to its first sub-item that links a paper without a title (``lent`` once it is).
        linked: set by the reader: the block links a paper (it lends no title).
        paper: set by the reader: the block gave a paper (its sub-items are its details).
    """

    kind: str
    line: int
    lines: list[str]
    section: str
    columns: tuple[str, ...] = ()
    parent: Block | None = None
    title: str | None = None
    lent: bool = False
    linked: bool = False
    paper: bool = False

    @property
    def text(self) -> str:
        """The block's lines joined by ``"\\n"``."""
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Definition:
    """A link reference definition ``[label]: url "title"`` and where it is."""

    url: str
    title: str
    line: int
    section: str
    skipped: bool  # under a heading of :data:`SKIPPED_SECTIONS`


@dataclass
class Document:
    """What :func:`read` finds: the blocks in file order, and the reference definitions by label."""

    blocks: list[Block] = field(default_factory=list)
    definitions: dict[str, Definition] = field(default_factory=dict)


def read(text: str) -> Document:
    """The list items, table rows and paragraphs of ``text`` (see the module docstring).

    Never raises: any text gives a document, perhaps an empty one.
    """
    lines = _without_comments(text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    document = Document()
    blocks = document.blocks
    section, skipped = "", False
    fence, bibtex_depth = "", 0
    columns: tuple[str, ...] | None = None
    open_items: list[tuple[int, int, Block]] = []  # (marker indent, text offset, item) enclosing the next line
    current: Block | None = None  # the list item or paragraph the next line may continue
    blank = False  # the previous line was blank

    def emit(block: Block) -> Block:
        if not skipped:
            blocks.append(block)
        return block

    for index, line in enumerate(lines):
        number = index + 1
        if fence:
            closing = line.strip()
            if closing.startswith(fence) and not closing.strip(fence[0]):
                fence = ""
            continue
        stripped = line.strip()
        if bibtex_depth and stripped:
            bibtex_depth = max(0, bibtex_depth + _depth_change(stripped))
            continue
        bibtex_depth = 0
        if not stripped:
            columns, current, blank = None, None, True
            continue
        indent = _indent(line)
        was_blank, blank = blank, False
        first = stripped[0]
        if first in "`~" and indent <= 3 and (opening := _FENCE.match(stripped)):
            fence, current = opening.group("fence"), None
            continue
        if first in "#<" and (heading := _heading(line, indent, stripped)) is not None:
            section, columns, current, open_items = keyword(heading), None, None, []
            skipped = SKIPPED_SECTIONS.match(section) is not None
            continue
        if first in "=-" and _setext(stripped, current, was_blank):
            assert current is not None
            if blocks and blocks[-1] is current:
                blocks.pop()
            section, current, open_items = keyword(current.lines[0]), None, []
            skipped = SKIPPED_SECTIONS.match(section) is not None
            continue
        if first in "-*_" and _thematic_break(stripped):
            columns, current, open_items = None, None, []
            continue
        if first == "[" and "]:" in stripped and (definition := _DEFINITION.match(stripped)):
            title = definition["t1"] or definition["t2"] or definition["t3"] or ""
            label = normalise_label(definition["label"])
            document.definitions.setdefault(label, Definition(definition["url"], title, number, section, skipped))
            current = None
            continue
        if first == "@" and indent <= 3 and _BIBTEX_ENTRY.match(stripped):
            bibtex_depth, current = max(0, _depth_change(stripped)), None
            continue
        piped = "|" in line
        following = lines[index + 1] if piped and index + 1 < len(lines) else ""
        listed = _LIST_ITEM.match(line) if first in _MARKERS else None
        if piped and is_delimiter(following) and not is_delimiter(line):
            columns = tuple(" ".join(plain(inline(cell)).lower().split()) for cell in cells(line))
            current, open_items = None, []
        elif columns is not None and piped and is_delimiter(line):
            continue
        elif piped and (columns is not None or first == "|"):
            emit(Block("table row", number, [squash(stripped)], section, columns=columns or ()))
            current = None
        elif listed and not _interrupts_nothing(listed, current, was_blank):
            while open_items and open_items[-1][0] >= indent:
                open_items.pop()
            parent = open_items[-1][2] if open_items else None
            item = Block("list item", number, [squash(line[listed.end():])], section, parent=parent)
            open_items.append((indent, indent + len(listed["marker"]) + 1, item))
            current = emit(item)
        elif current is not None and not was_blank:
            current.lines.append(squash(stripped))  # a lazy continuation line
        elif was_blank and (owner := _owner(open_items, indent)) is not None:
            current = owner  # a later paragraph of a loose list item
            current.lines.append(squash(stripped))
        else:
            open_items = []
            current = emit(Block("paragraph", number, [squash(stripped)], section))
    return document


def cells(row: str) -> list[str]:
    """The cells of a table row, without the outer pipes (at most :data:`MAX_CELLS`)."""
    parts = _CELL_SEPARATOR.split(row.strip(), maxsplit=MAX_CELLS + 1)[: MAX_CELLS + 2]
    if parts and not parts[0].strip():
        parts = parts[1:]
    if parts and not parts[-1].strip():
        parts = parts[:-1]
    return parts[:MAX_CELLS]


def is_delimiter(line: str) -> bool:
    """True for a table's delimiter row: ``|---|:---:|``, ``--- | ---``, ``| --- |``."""
    stripped = line.strip()
    if "-" not in stripped:
        return False
    outer = stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1
    inner = stripped[1:] if stripped.startswith("|") else stripped
    inner = inner[:-1] if inner.endswith("|") else inner
    parts = inner.split("|")
    if len(parts) < 2 and not outer:
        return False
    for part in parts:
        part = part.strip()
        part = part[1:] if part.startswith(":") else part
        part = part[:-1] if part.endswith(":") else part
        if not part or part.strip("-"):
            return False
    return True


def heading_of(line: str) -> str | None:
    """The text of an ATX or one-line HTML heading, ``None`` when ``line`` is no heading."""
    stripped = line.strip()
    return _heading(line, _indent(line), stripped) if stripped else None


def is_list_item(line: str) -> bool:
    """True when ``line`` opens a list item (``- ``, ``* ``, ``+ ``, ``1. ``, ``1) ``)."""
    return _LIST_ITEM.match(line) is not None


def is_definition(line: str) -> bool:
    """True for a link reference definition ``[label]: url "title"``."""
    stripped = line.strip()
    return stripped.startswith("[") and _DEFINITION.match(stripped) is not None


def is_bibtex_entry(line: str) -> bool:
    """True when ``line`` opens a BibTeX entry (``@misc{key,``)."""
    return _BIBTEX_ENTRY.match(line.lstrip()) is not None


# --- lines ----------------------------------------------------------------------------------


def _without_comments(text: str) -> str:
    """``text`` with its HTML comments blanked out (their line breaks kept, so lines keep
    their numbers). An unclosed ``<!--`` is left as it is."""
    if "<!--" not in text:
        return text
    parts, position = [], 0
    while (start := text.find("<!--", position)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        parts.append(text[position:start])
        parts.append("\n" * text.count("\n", start, end))
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)


def _indent(line: str) -> int:
    """The width of ``line``'s leading spaces (a tab counts four)."""
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _heading(line: str, indent: int, stripped: str) -> str | None:
    """The text of an ATX heading (``## Text ##``) or a one-line HTML heading, else ``None``."""
    if indent > 3:
        return None
    if stripped.startswith("#"):
        text = stripped.lstrip("#")
        if len(stripped) - len(text) > 6 or (text and not text[0].isspace()):
            return None  # "#hashtag", "#######"
        text = text.strip()
        closed = text.rstrip("#")
        if closed != text and (not closed or closed[-1].isspace()):
            text = closed.strip()
        return text
    if stripped[:2].lower() == "<h" and (html := _HTML_HEADING.match(stripped)):
        return html["text"]
    return None


def _setext(stripped: str, current: Block | None, was_blank: bool) -> bool:
    """True when ``stripped`` underlines a one-line paragraph, making it a heading: ``===``
    always, ``---`` when the paragraph links nothing (else ``---`` is a thematic break)."""
    if current is None or was_blank or current.kind != "paragraph" or len(current.lines) != 1:
        return False
    if stripped.strip("=") == "":
        return True
    return stripped.strip("-") == "" and "](" not in current.lines[0] and "://" not in current.lines[0]


def _thematic_break(stripped: str) -> bool:
    """True for ``---``, ``***``, ``___`` (three or more, spaces between allowed)."""
    marks = stripped.replace(" ", "").replace("\t", "")
    return len(marks) >= 3 and marks[0] in "-*_" and marks.strip(marks[0]) == ""


def _interrupts_nothing(listed: re.Match[str], current: Block | None, was_blank: bool) -> bool:
    """True when a numbered line such as ``2023. A year`` inside a paragraph is text, not a
    list item (only ``1.`` may interrupt a paragraph)."""
    marker = listed["marker"]
    return (
        current is not None and current.kind == "paragraph" and not was_blank
        and marker[0].isdigit() and marker[:-1] != "1"
    )


def _owner(open_items: list[tuple[int, int, Block]], indent: int) -> Block | None:
    """The deepest open list item whose text starts at or before ``indent`` (a paragraph so
    indented after a blank line belongs to it); deeper items are closed."""
    while open_items:
        _, offset, item = open_items[-1]
        if indent >= offset:
            return item
        open_items.pop()
    return None


def _depth_change(line: str) -> int:
    """How much ``line`` opens (``{`` ``(``) less how much it closes (``}`` ``)``)."""
    return line.count("{") + line.count("(") - line.count("}") - line.count(")")

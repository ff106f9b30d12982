r"""The block structure of a Markdown paper list: which lines make one list item,
table row or paragraph, under which heading.

A helper of :mod:`store.importers.markdown_list`, which reads papers from the
blocks :func:`read` returns. The structure is read by markdown-it-py, a
CommonMark parser (https://spec.commonmark.org/), with GitHub's tables; this
module only turns its block tokens into the candidates of a paper list:

- **Headings**: ATX (``## Text``) and setext (``Text`` over ``===``) headings, and
  HTML ``<h1>``-``<h6>`` headings on one line. Each gives the :attr:`Block.section`
  (as :func:`~store.importers.markdown_inline.keyword`) of the blocks under it.
  Blocks under a heading of the list's own business (News, Updates, Changelog,
  Announcements, Citation, Contributing, Star History, Acknowledgements, License
  ...: :data:`SKIPPED_SECTIONS`) are not returned at all. A one-line paragraph
  underlined with ``---`` is a heading only when it links nothing (a paper item
  over a ruler stays a paper).
- **List items** (``-``, ``*``, ``+``, ``1.``, ``1)``): the text of each of its
  paragraphs (lazy continuation lines and the indented paragraphs of a loose list
  included); a nested item is a block of its own that knows its :attr:`Block.parent`.
- **Table rows**: each body row of a GitHub table (its header's cells named in
  :attr:`Block.columns`), and each line starting with ``|`` of a paragraph (a
  table without a delimiter row: no columns).
- **Paragraphs**: the other paragraphs, split at HTML headings and ``|`` lines.
- Left out: fenced code blocks, HTML comments, thematic breaks, BibTeX entries
  pasted without a fence (``@misc{key,`` up to its closing brace or the end of the
  paragraph), and link reference definitions (``[label]: url "title"``), which are
  collected in :attr:`Document.definitions` instead.

Three choices keep the reading as forgiving as paper lists need: text indented four
spaces is not a code block (lists are indented carelessly); HTML is read as inline
HTML, never as a raw HTML block, so the Markdown lines after a ``<details>`` or
``<p>`` line are still list items and paragraphs; and ``>`` starts no block quote
(a quoted line is read as the text it is, ``>`` and all, which the paper reader
skips like any leading symbol). Setext headings are read here from the paragraph
tokens, and markdown-it's rules for block quotes, setext headings, raw HTML and
indented code are off: they are tried on every line, and leaving them out makes
reading a long list markedly faster.

Lines are split at ``\n``, ``\r\n`` or ``\r``, so line numbers match an editor's.
The text of each block has its runs of spaces squashed to one
(:func:`~store.importers.markdown_inline.squash`).
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from markdown_it import MarkdownIt, rules_block
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

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
#: How deep lists may nest: a list item deeper than this is text of the item above it.
MAX_LISTS = 50


def _parser() -> MarkdownIt:
    """CommonMark with tables, block structure only (inline text stays as written).

    Lists nest at most :data:`MAX_LISTS` deep. The table and reference rules are tried
    on every line; they are wrapped in a quick check of the line (a table's header row
    holds a ``|``, a definition's first line a ``]:``), which makes reading a long list
    about a third faster. So a definition whose label spans two lines is not one.
    """
    # markdown-it drops the rest of the text once blocks nest maxNesting deep: lists stop
    # nesting long before (see ``lists`` below), so that never happens.
    parser = MarkdownIt("commonmark", {"maxNesting": 4 * MAX_LISTS + 16}).enable("table")
    parser.disable(["code", "blockquote", "html_block", "lheading", "inline", "text_join"])
    parser.normalizeLink = lambda url: url  # type: ignore[method-assign]  # URLs as written

    def table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if state.src.find("|", state.bMarks[start], state.eMarks[start]) == -1:
            return False
        if not rules_block.table(state, start, end, True):  # a header row over a delimiter row
            return False
        return silent or _table_rows(state, start, end)

    def reference(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if state.src.find("]:", state.bMarks[start], state.eMarks[start]) == -1:
            return False
        return rules_block.reference(state, start, end, silent)

    def lists(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if state.level >= 2 * MAX_LISTS:  # each list nests two levels: the list, its item
            return False
        return rules_block.list_block(state, start, end, silent)

    parser.block.ruler.at("table", table, {"alt": ["paragraph", "reference"]})
    parser.block.ruler.at("list", lists, {"alt": ["paragraph", "reference", "blockquote"]})
    parser.block.ruler.at("reference", reference)
    return parser


def _table_rows(state: StateBlock, start: int, end: int) -> bool:
    """A GitHub table's tokens, from its header row at line ``start``: ``table_open``, the
    header's ``tr_open`` in ``thead_open``, one ``tr_open`` per body row (each with its
    line in ``map``), the closing tokens; no cells (the reader splits a row's own line).

    The rows end where markdown-it's table rule ends them: at a blank line, a line less
    indented than the table, or a line that starts another block. Making no token per
    cell halves the time a table takes.
    """
    terminators = state.md.block.ruler.getRules("blockquote")
    table = state.push("table_open", "table", 1)
    state.push("thead_open", "thead", 1).map = [start, start + 1]
    state.push("tr_open", "tr", 1).map = [start, start + 1]
    state.push("tr_close", "tr", -1)
    state.push("thead_close", "thead", -1)
    line = start + 2
    body = None
    while line < end and state.sCount[line] >= state.blkIndent:  # (indented rows are no code here)
        if any(rule(state, line, end, True) for rule in terminators) or state.isEmpty(line):
            break
        if body is None:
            body = state.push("tbody_open", "tbody", 1)
        state.push("tr_open", "tr", 1).map = [line, line + 1]
        state.push("tr_close", "tr", -1)
        line += 1
    if body is not None:
        body.map = [start + 2, line]
        state.push("tbody_close", "tbody", -1)
    state.push("table_close", "table", -1)
    table.map = [start, line]
    state.line = line
    return True


_PARSER = _parser()

# Line checks for sniffing a file (see markdown_list.sniff) and splitting paragraphs.
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_HTML_HEADING = re.compile(r"<h([1-6])\b[^<>]*>(?P<text>.*?)</h\1\s*>\s*$", re.IGNORECASE)
_DEFINITION = re.compile(r"\[[^\[\]]{1,999}\]:[ \t]*\S")
_BIBTEX_ENTRY = re.compile(r"@[A-Za-z]+[ \t]*[{(]")
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
    source = _without_comments(text.replace("\r\n", "\n").replace("\r", "\n"))
    env: dict = {}
    reader = _Reader(source.split("\n"))
    collecting = gc.isenabled()
    gc.disable()  # the tokens are many small objects without cycles: collecting them meanwhile
    try:          # only walks them again and again (it made reading twice as slow)
        reader.walk(_PARSER.parse(source, env))
    finally:
        if collecting:
            gc.enable()
    document = Document(reader.blocks)
    for key, reference in env.get("references", {}).items():
        label = normalise_label(key)
        line = reader.line_of_definition(reference)
        section, skipped = reader.section_at(line)
        document.definitions[label] = Definition(reference["href"], reference.get("title") or "", line,
                                                 section, skipped)
    return document


class _Reader:
    """Turns block tokens into :class:`Block` objects, keeping track of the heading above."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.blocks: list[Block] = []
        self.section, self.skipped = "", False
        self.sections: list[tuple[int, str, bool]] = [(0, "", False)]  # (line, section, skipped) from there on
        self.items: list[Block] = []  # the open list items, innermost last
        self.columns: tuple[str, ...] = ()

    def emit(self, block: Block) -> Block:
        if not self.skipped:
            self.blocks.append(block)
        return block

    def heading(self, text: str, line: int) -> None:
        self.section = keyword(text)
        self.skipped = SKIPPED_SECTIONS.match(self.section) is not None
        self.sections.append((line, self.section, self.skipped))

    def section_at(self, line: int) -> tuple[str, bool]:
        """The section and whether it is skipped at a 1-based line."""
        _, section, skipped = self.sections[bisect_right(self.sections, (line, "\uffff", True)) - 1]
        return section, skipped

    def line_of_definition(self, reference: dict) -> int:
        """The 1-based line of a reference definition (markdown-it-py 3 and later record it)."""
        where = reference.get("map")
        return where[0] + 1 if where else 1

    def walk(self, tokens: list[Token]) -> None:
        count = len(tokens)
        index = 0
        while index < count:
            token = tokens[index]
            kind = token.type
            if kind == "inline":
                pass
            elif kind == "list_item_open":
                start = token.map[0] + 1 if token.map else 1
                parent = self.items[-1] if self.items else None
                self.items.append(self.emit(Block("list item", start, [], self.section, parent=parent)))
            elif kind == "list_item_close":
                if self.items:
                    self.items.pop()
            elif kind == "paragraph_open":
                index += 1
                content = tokens[index]
                if not self.items and (text := self.setext(content, tokens, index)) is not None:
                    self.heading(text, content.map[0] + 1 if content.map else 1)
                else:
                    self.paragraph(content)
            elif kind == "heading_open":
                index += 1
                self.heading(tokens[index].content, (token.map[0] + 1) if token.map else 1)
            elif kind == "table_open":
                index = self.table(tokens, index)
            index += 1

    def setext(self, content: Token, tokens: list[Token], index: int) -> str | None:
        """The text of a setext heading: a one-line paragraph over ``===``, or over ``---``
        when it links nothing (a paper item over a ruler stays a paper); else ``None``.

        (markdown-it's own setext rule is off: it is tried on every paragraph, and reading
        them here is much cheaper.)
        """
        lines = content.content.split("\n")
        underline = lines[1].strip() if len(lines) == 2 else ""
        if underline and not underline.strip("="):
            return lines[0]
        linked = _links(lines[0])
        if underline and not underline.strip("-"):
            return None if linked else lines[0]
        after = tokens[index + 2] if index + 2 < len(tokens) else None  # paragraph_close, then maybe hr
        if len(lines) != 1 or linked or after is None or after.type != "hr" or not after.map or not content.map:
            return None
        if after.map[0] != content.map[1] or self.lines[after.map[0]].strip().strip("-"):
            return None  # not right below, or "- - -" / "***"
        return lines[0]

    def paragraph(self, content: Token) -> None:
        """A paragraph's text: the list item's it belongs to, or blocks of its own."""
        start = content.map[0] + 1 if content.map else 1
        if self.items:
            self.items[-1].lines.extend(squash(content.content).split("\n") if content.content.strip() else [])
            return
        run: Block | None = None
        depth = 0  # of the BibTeX entry being skipped
        for offset, raw in enumerate(content.content.split("\n")):
            stripped = raw.strip()
            if depth:
                depth = max(0, depth + _depth_change(stripped))
                continue
            first = stripped[:1]
            if first == "<" and (heading := _HTML_HEADING.match(stripped)):
                self.heading(heading["text"], start + offset)
                run = None
            elif first == "|":
                self.emit(Block("table row", start + offset, [squash(stripped)], self.section))
                run = None
            elif first == "@" and _BIBTEX_ENTRY.match(stripped):
                depth, run = max(0, _depth_change(stripped)), None
            elif run is None:
                if stripped:
                    run = self.emit(Block("paragraph", start + offset, [squash(stripped)], self.section))
            elif stripped:
                run.lines.append(squash(stripped))

    def table(self, tokens: list[Token], index: int) -> int:
        """The rows of the table opening at ``tokens[index]`` as blocks; the index of its end."""
        columns: tuple[str, ...] = ()
        count = len(tokens)
        while index < count and tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "tr_open" and token.map is not None:
                row = self.lines[token.map[0]].strip() if token.map[0] < len(self.lines) else ""
                if row.startswith(">"):
                    row = row.lstrip("> ")
                if not columns and tokens[index - 1].type == "thead_open":
                    columns = tuple(" ".join(plain(inline(cell)).lower().split()) for cell in cells(row))
                else:
                    parent = self.items[-1] if self.items else None
                    self.emit(Block("table row", token.map[0] + 1, [squash(row)], self.section, columns=columns,
                                    parent=parent))
            index += 1
        return index


def cells(row: str) -> list[str]:
    """The cells of a table row, without the outer pipes (at most :data:`MAX_CELLS`)."""
    parts = _CELL_SEPARATOR.split(row.strip(), maxsplit=MAX_CELLS + 1)[: MAX_CELLS + 2]
    if parts and not parts[0].strip():
        parts = parts[1:]
    if parts and not parts[-1].strip():
        parts = parts[:-1]
    return parts[:MAX_CELLS]


def heading_of(line: str) -> str | None:
    """The text of an ATX or one-line HTML heading, ``None`` when ``line`` is no heading."""
    stripped = line.strip()
    if not stripped or len(line[: len(line) - len(line.lstrip())].expandtabs(4)) > 3:
        return None
    if stripped[0] == "#":
        text = stripped.lstrip("#")
        if len(stripped) - len(text) > 6 or (text and not text[0].isspace()):
            return None  # "#hashtag", "#######"
        text = text.strip()
        closed = text.rstrip("#")
        return closed.strip() if closed != text and (not closed or closed[-1].isspace()) else text
    html = _HTML_HEADING.match(stripped) if stripped[:2].lower() == "<h" else None
    return html["text"] if html else None


def is_list_item(line: str) -> bool:
    """True when ``line`` opens a list item (``- ``, ``* ``, ``+ ``, ``1. ``, ``1) ``)."""
    return _LIST_ITEM.match(line) is not None


def is_definition(line: str) -> bool:
    """True for a line that starts a link reference definition ``[label]: url``."""
    return _DEFINITION.match(line.strip()) is not None


def is_bibtex_entry(line: str) -> bool:
    """True when ``line`` opens a BibTeX entry (``@misc{key,``)."""
    return _BIBTEX_ENTRY.match(line.lstrip()) is not None


def _links(markdown: str) -> bool:
    """True when inline Markdown links somewhere (``](`` or a URL)."""
    return "](" in markdown or "://" in markdown


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


def _depth_change(line: str) -> int:
    """How much ``line`` opens (``{`` ``(``) less how much it closes (``}`` ``)``)."""
    return line.count("{") + line.count("(") - line.count("}") - line.count(")")

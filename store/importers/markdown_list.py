r"""Markdown paper lists: the GitHub "awesome" lists and READMEs like them.

Markdown as GitHub renders it (https://github.github.com/gfm/). A paper is a
**list item, table row or paragraph that carries a paper link**; everything
else (prose, headings, badges, tables of contents, links to code) is read past.
A paragraph counts only when it *starts* with the paper's title (bold text or
the paper link itself, after any emoji and any bold label such as
``<b>Survey Paper:</b>``): a paragraph of prose that mentions a paper is not
one. HTML ``<table>`` blocks are not read. Which lines make one item (loose
lists, continuation lines, tables, headings, what is skipped) is the business
of :mod:`store.importers.markdown_blocks`, which reads them with markdown-it-py;
inline Markdown and HTML that of :mod:`store.importers.markdown_inline`; the
date and venue note ending an item's line that of
:mod:`store.importers.markdown_notes`.

**Paper links** (:func:`paper_ids`) point to arXiv (``arxiv.org/abs/``,
``/pdf/``, ``/html/``, ``huggingface.co/papers/``: the arXiv id), a DOI
(``doi.org/10...`` or a publisher's ``/doi/10...`` page: the DOI; an arXiv DOI
``10.48550/arXiv.*`` also gives the arXiv id; ``nature.com/articles/x`` gives
``10.1038/x``), OpenReview, a well-known paper host (ACL Anthology, NeurIPS
and PMLR proceedings, CVF open access, ACM DL, IEEE Xplore, Springer, Nature,
Science, Semantic Scholar, JMLR, AAAI, IJCAI, bioRxiv ...: :data:`PAPER_HOSTS`)
or any ``https://…/….pdf``; the last three are kept as the paper's URL. Links
may be Markdown links, reference links (``[Title][ref]`` with ``[ref]: url``
below), HTML ``<a href>``, ``<autolinks>`` or bare URLs. Variants read::

    | [Title](https://arxiv.org/abs/2501.01234) | CVPR | 2025 | [code](https://github.com/...) |
    | 2018-10 | BERT | Google | [Title](https://aclanthology.org/N19-1423.pdf) |
    - [Title](https://arxiv.org/abs/2501.01234) - what it does
    - [Title][vaswani]                     <- with [vaswani]: https://arxiv.org/abs/1706.03762
    * **Title** [[paper]](https://arxiv.org/pdf/2501.01234) [[code]](https://github.com/...)
    1. Title. First Author, Second Author. *ICLR 2024*. [[arXiv](https://arxiv.org/abs/...)]
    1. [**Title.**](https://arxiv.org/abs/...) *First Author, Second Author.* Arxiv 2023.
    1. **Title.** `ACL 2023`               <- a loose item: its second paragraph,
                                              indented, belongs to it
        *First Author, Second Author.* [[Paper](https://arxiv.org/abs/...)], 2022.12
    - **[CVPR 2024]** Title [[pdf](...)]
    - **Title**                           <- a title alone on a list item,
      - [[arXiv]](https://arxiv.org/...)    its link on the first sub-item
    - <b>Title</b><br>Authors<br><a href="https://arxiv.org/abs/...">[Paper]</a>
    **Title** \                           <- a paragraph, one line per part
    *First Author, Second Author* \
    arXiv 2023. [[Paper](https://arxiv.org/abs/...)] \
    15 Dec 2023

A reference definition with a quoted title that no paper item uses is a paper
of its own (``[23]: https://arxiv.org/abs/1909.13719 "RandAugment: …"``: a
bibliography at the end of a text).

**Title**: the paper link's text unless that text is generic ("paper",
"arXiv", "PDF", "[1]", an id, a badge ...) or a venue tag; then the first bold
text that is not a venue tag, a date or a label (``**Code:**``); then the
item's (or the table's title column's) plain text up to the first sentence end,
`` - `` or line break; then the quoted title of a reference definition it links
to. Images, badges, HTML tags (``<sup>`` with its content), emphasis and
escapes are removed; spaces, punctuation and emoji around it go.

**Tables**: the header names columns: title (``Title``, ``Paper``, ``Name``
...), venue (``Venue``, ``Conference``, ``Journal``, ``Publication`` when
another column holds the title ...), date (``Date``, ``Initial Date``,
``Year``, ``Time`` ...), authors, and organisation (``Institute``,
``Organization``, ``Affiliation`` ...). Without a title column the first cell
that reads as a title is used.

**List items and paragraphs**: the venue is a leading ``[CVPR 2024]`` tag, an
italic text with a year (``*ICLR 2024*``), a code span (`` `ACL 2023` ``) or
a sentence after the title such as ``Arxiv 2023.``; what is still missing
comes from a note ending the item's first line: ``(Jun. 2025, CVPR)``,
``(2024, ICML)``, ``(Sept. 2024)``, ``(CVPR 2025)``, ``[NeurIPS 2023]`` or
``, ICML 2024`` (a plain title stops before it). Authors are a list of
person names (two or more, or one with "et al."; each of two to five words,
capitalised) in italics or as the sentence after the title; other italics
(``*Landscape and Method Selection*``) are not authors.

**Dates** are those the list gives, never invented: a date column, else a line
of the item that is a date (``15 Dec 2023``) or a year-month token in it
(``2022.12``), else the date of its closing note (``Jun. 2025``), else the
venue's four-digit year. ``2023.03``, ``2023/03``
become ``2023-03``; other forms are kept as written when
:func:`store.dates.parse_date` reads them, else reduced to their year.

**Keywords**: the nearest heading above a paper, lower-cased and cleaned
(:func:`~store.importers.markdown_inline.keyword`), is its one keyword (the
list's section, e.g. ``"test-time scaling"``).

**Left out**: items under headings about the list itself (News, Updates,
Citation, Contributing ...: :data:`~store.importers.markdown_blocks.SKIPPED_SECTIONS`),
items that start with a date in bold (``* **2026.06.18**: Survey V4 released``:
news), fenced code, HTML comments and BibTeX pasted without a fence. Two
kinds of items are left out with **one summary warning per file** naming their
lines: list items and table rows whose links name something (not "code",
"demo" ...) but none is a paper link (not counting the details under a paper,
such as ``- Code: [official](…)``), and items that link several papers by
short names only (``[GKD](…) + [MiniLLM](…)``: a cross-reference whose
names are not titles; when every such link text reads as a full title, of
four words or more, each link is a paper of its own). A list item or table
row with a paper link but no usable title is rejected with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Any
from urllib.parse import unquote

from readlist.store.dates import parse_date
from readlist.store.errors import InputError
from readlist.store.identity import arxiv_id_from_doi, is_arxiv_doi, normalise_arxiv_id, normalise_doi
from readlist.store.importers import markdown_blocks
from readlist.store.importers.base import FunctionImporter, ParseResult, Progress, build_paper, with_progress
from readlist.store.importers.markdown_blocks import Block, Definition, cells
from readlist.store.importers.markdown_inline import (
    Link,
    bolds,
    code_spans,
    first_line,
    inline,
    is_label,
    italics,
    leading_bold,
    links,
    opening_spans,
    plain,
    resolve_references,
    trim,
    usable,
    venue_like,
)
from readlist.store.importers.markdown_notes import YEAR, Note, trailing_note
from readlist.store.models import Paper
from readlist.store.text import first_lines

FORMAT = "markdown-list"

#: How often ``parse`` reports progress, in candidate items.
PROGRESS_EVERY = 500
#: How many line numbers a summary warning names before "…".
LISTED_LINES = 10
#: Link texts of at least this many words read as full titles, shorter ones as names.
TITLE_WORDS = 4

#: Hosts whose links are papers (a subdomain counts too), with the path a paper's URL starts with.
PAPER_HOSTS: dict[str, str] = {
    "aclanthology.org": "/", "aclweb.org": "/anthology", "papers.nips.cc": "/paper",
    "proceedings.neurips.cc": "/paper", "proceedings.mlr.press": "/", "openaccess.thecvf.com": "/content",
    "dl.acm.org": "/doi", "ieeexplore.ieee.org": "/", "link.springer.com": "/", "nature.com": "/articles",
    "science.org": "/doi", "semanticscholar.org": "/paper", "jmlr.org": "/papers", "ojs.aaai.org": "/",
    "ijcai.org": "/proceedings", "biorxiv.org": "/content", "medrxiv.org": "/content", "techrxiv.org": "/",
    "authorea.com": "/users", "sciencedirect.com": "/science/article", "openreview.net": "/",
    "ecva.net": "/papers",
}

# --- paper links ---
_ARXIV_URL = re.compile(r"(?:arxiv\.org/(?:abs|pdf|html|ps)|huggingface\.co/papers)/(?P<id>[^\s?#]+)", re.I)
_DOI_URL = re.compile(
    r"(?:doi\.org/|/doi/(?:abs/|full/|pdf/|epdf/|book/)?|link\.springer\.com/(?:article|chapter|book|content/pdf)/)"
    r"(?P<doi>10\.\d{4,9}/[^\s?#]+)",
    re.I,
)
_NATURE_URL = re.compile(r"nature\.com/articles/(?P<id>[\w.-]+?)(?:\.pdf)?(?:[?#]|$)", re.I)
_OPENREVIEW_URL = re.compile(r"openreview\.net/(?:forum|pdf)\?(?:\S*&)?id=[\w-]+", re.I)
_URL_IN_TEXT = re.compile(r"https?://[^\s<>()\[\]{}|\"'`]+")

# --- fields ---
_VENUE_TAG = re.compile(r"^\s*[\[(](?P<venue>[^\[\]()]{2,40})[\])]\s*")
#: "2022.12", "2024-03", "2023/05/01" (a month after the year; not "2012.01234").
_YEAR_MONTH = re.compile(
    r"(?<![\w.])(?P<year>(?:19|20)\d{2})(?P<sep>[./-])(?P<month>0?[1-9]|1[0-2])"
    r"(?:(?P=sep)(?P<day>0?[1-9]|[12]\d|3[01]))?(?![\w]|[./-]\d)"
)
#: "03/2024", "3.2024".
_MONTH_YEAR = re.compile(r"(?P<month>0?[1-9]|1[0-2])[./](?P<year>(?:19|20)\d{2})")
#: A full stop ending a sentence (not an initial: "J. Doe").
_SENTENCE = re.compile(r"\.(?<![\s.,][A-Z]\.)\s+")
_PHRASE_END = re.compile(rf"{_SENTENCE.pattern}|\s+[-–—|]\s+")
_AUTHOR_SEPARATOR = re.compile(r",\s*|;\s*|\s+and\s+|\s*&\s*")
_ET_AL = re.compile(r"\b(?:et\s?al|etc)\b\.?$")
_NAME_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.-])*")
_PARTICLES = frozenset({
    "van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "la", "le", "bin", "ibn", "al",
    "el", "dos", "das", "do", "ten", "ter", "y", "zu",
})
_COLUMNS = {
    "title": {"title", "titles", "paper", "papers", "paper title", "name", "paper name", "article", "paper link"},
    "venue": {"venue", "conference", "conf", "journal", "published in", "published", "pub", "source",
              "conference/journal", "venue/journal", "journal/conference", "conference / journal"},
    "date": {"year", "date", "time", "published date", "release", "initial date", "release date",
             "publication date", "submission date", "month", "arxiv date", "first released"},
    "authors": {"author", "authors", "author(s)"},
    "org": {"institute", "institutes", "institution", "institutions", "organization", "organizations",
            "organisation", "organisations", "affiliation", "affiliations", "org", "company", "lab"},
}


@dataclass
class _Outcome:
    """What one block gave: papers' fields, or why it was left out."""

    papers: list[dict[str, Any]]
    left_out: str = ""  # "no paper link" or "several papers"


_NOTHING = _Outcome([])


def sniff(text: str) -> int:
    """Score ``text`` as a Markdown paper list (looks at the first 5000 lines).

    A *paper line* is a line in Markdown or HTML syntax (a ``](`` or ``href=``
    link, a table row, a list item, a reference definition) with a paper link.

    Returns:
        0 without any paper line (so 0 for plain text, BibTeX, JSON); 98 for a
        list with a heading and three paper lines or more, when it has more paper
        lines than BibTeX entries (a README that quotes its own ``@misc{…}``
        citation unfenced is still Markdown, a ``.bib`` file with a few Markdown
        comments is not); else 60 plus 5 per paper line, up to 98.
    """
    count = headings = entries = 0
    for line in first_lines(text, 5000, separator="\n"):
        stripped = line.strip()
        if not stripped:
            continue
        first = stripped[0]
        if first in "#<" and markdown_blocks.heading_of(line) is not None:
            headings += 1
        elif first == "@" and markdown_blocks.is_bibtex_entry(stripped):
            entries += 1
        markdown = (
            "](" in line or "href=" in line or first == "|" or markdown_blocks.is_list_item(line)
            or (first == "[" and markdown_blocks.is_definition(line))
        )
        if markdown and "://" in line and any(paper_ids(url) for url in _URL_IN_TEXT.findall(line)):
            count += 1
    if not count:
        return 0
    if count >= 3 and headings and count > entries:
        return 98
    return min(98, 60 + 5 * count)


def parse(text: str, source: str, progress: Progress | None = None) -> ParseResult:
    """Read every list item, table row and paragraph that is a paper (see the module docstring).

    Args:
        text: the decoded file.
        source: the file name for ``Paper.source`` and error messages.
        progress: called with ``(items done, items in all)`` every
            :data:`PROGRESS_EVERY` candidate items and at the end.

    Returns:
        The papers in file order, each with the line where its item, row or paragraph
        starts. A list item or row with a paper link but no usable title is rejected
        with its line; items left out for want of a paper link, or for linking several
        papers by short names, are summed up in one warning each. Never raises.
    """
    result = ParseResult(FORMAT)
    document = markdown_blocks.read(text)
    definitions = document.definitions
    used: set[str] = set()  # reference labels that papers' items link to
    found: list[tuple[int, int, Any]] = []  # (line of the block, order, paper)
    left_out: dict[str, list[Block]] = {"no paper link": [], "several papers": []}
    for block in with_progress(document.blocks, progress, PROGRESS_EVERY):
        labels: set[str] = set()
        try:
            outcome = _read_block(block, definitions, labels)
            for fields in outcome.papers:
                found.append((block.line, len(found), _paper(source, fields)))
            if outcome.papers:
                block.paper = True
                used |= labels
            elif outcome.left_out:
                left_out[outcome.left_out].append(block)
        except (ValueError, InputError) as error:
            reason = error.reason if isinstance(error, InputError) else str(error)
            result.rejected.append(InputError(source, reason, block.line))
    for label, definition in definitions.items():
        if label not in used and (fields := _definition_paper(definition)) is not None:
            found.append((definition.line, len(found), _paper(source, fields)))
    result.papers = [paper for _, _, paper in sorted(found, key=lambda entry: entry[:2])]
    for reason, items in left_out.items():
        if items:
            result.warnings.append(_summary(source, reason, items))
    return result


IMPORTER = FunctionImporter(FORMAT, "Markdown paper list", sniff, parse, progress_every=PROGRESS_EVERY)


def paper_ids(url: str) -> dict[str, str] | None:
    """What a link says about the paper it points to: ``arxiv_id``, ``doi`` or ``url``
    (see the module docstring); ``None`` when it is no paper link.

    Never raises: an unreadable URL is no paper link.
    """
    lower = url.lower()
    if ("arxiv.org/" in lower or "huggingface.co/papers/" in lower) and (match := _ARXIV_URL.search(url)) \
            and (arxiv_id := normalise_arxiv_id(match["id"])):
        return {"arxiv_id": arxiv_id}
    doi = ""
    if "/10." in lower and (match := _DOI_URL.search(url)):
        doi = normalise_doi(unquote(match["doi"]).removesuffix(".pdf"))
    elif "nature.com/articles/" in lower and (match := _NATURE_URL.search(url)):
        doi = normalise_doi(f"10.1038/{match['id']}")
    if doi:
        if is_arxiv_doi(doi) and (arxiv_id := arxiv_id_from_doi(doi)):
            return {"arxiv_id": arxiv_id, "doi": doi}
        return {"doi": doi}
    if ("openreview.net/" in lower and _OPENREVIEW_URL.search(url)) or _on_paper_host(url):
        return {"url": url}
    return None


# --- one block ------------------------------------------------------------------------------


def _read_block(block: Block, definitions: dict[str, Definition], labels: set[str]) -> _Outcome:
    """What a block gives (see the module docstring). ``labels`` receives the reference
    labels it links to.

    Raises:
        ValueError: it links a paper but has no usable title (the reason names the link).
    """
    text = block.text
    if "://" not in text and ".pdf" not in text and ".PDF" not in text and not (definitions and "[" in text):
        return _NOTHING  # it links no other site: no paper, and nothing worth a warning
    parts = _parts(block, definitions, labels)
    if not parts or (block.kind != "table row" and _is_news(parts[0])):
        return _NOTHING
    all_links = [link for part in parts for link in links(part)]
    papers = [(link, ids) for link in all_links if (ids := paper_ids(link.url))]
    if not papers:
        names_something = any(_names_something(link) for link in all_links)
        if names_something and block.kind != "paragraph" and not _under_a_paper(block):
            return _Outcome([], "no paper link")
        return _NOTHING
    block.linked = True
    if block.kind != "table row" and (several := _several_papers(block, parts[0], papers)) is not None:
        return several
    named = _named_cells(block.columns, parts)
    if block.kind == "paragraph":
        title = _leading_title(parts[0])
        if not title:
            return _NOTHING  # prose that mentions a paper
    else:
        title = _title(papers, parts, named)
    line = block.line
    if not title and (parent := block.parent) is not None and (title := _lent_title(parent, definitions)):
        line, parent.lent = parent.line, True
    if not title:
        raise ValueError(f"{block.kind} links a paper ({papers[0][0].url}) but has no title")
    fields: dict[str, Any] = _identifiers(papers)
    venue, date = _venue_and_date(parts, named, title)
    authors, et_al = _authors(parts, named, title)
    fields.update(
        line=line, title=title, venue=venue, date=date, org=_column_text(named, "org"),
        authors=authors, et_al=et_al, keywords=(block.section,) if block.section else (),
    )
    return _Outcome([fields])


def _parts(block: Block, definitions: dict[str, Definition], labels: set[str] | None = None) -> list[str]:
    """A block's cells (one for a list item or paragraph) as inline Markdown, reference
    links resolved (their labels added to ``labels``)."""
    texts = cells(block.text) if block.kind == "table row" else [block.text]
    if definitions:
        texts = [resolve_references(text, lambda label: _target(definitions, label), labels) for text in texts]
    return [inline(text) for text in texts]


def _lent_title(parent: Block, definitions: dict[str, Definition]) -> str:
    """The title a list item lends its first sub-item that links a paper without a title:
    its own title, when it links no paper itself and is no news; ``""`` once lent, or if none."""
    if parent.linked or parent.lent:
        return ""
    if parent.title is None:
        parts = _parts(parent, definitions)
        parent.title = _title_of_item(parts[0]) if parts and not _is_news(parts[0]) else ""
    return parent.title


def _target(definitions: dict[str, Definition], label: str) -> tuple[str, str] | None:
    """The ``(url, title)`` of a reference label, ``None`` when it is not defined."""
    definition = definitions.get(label)
    return (definition.url, definition.title) if definition is not None else None


def _definition_paper(definition: Definition) -> dict[str, Any] | None:
    """The fields of a reference definition that is a paper of its own (a paper link with a
    usable quoted title, outside the skipped sections), else ``None``."""
    title = usable(definition.title)
    ids = paper_ids(definition.url) if title and not definition.skipped else None
    if ids is None:
        return None
    fields: dict[str, Any] = {"arxiv_id": "", "doi": "", "url": ""}
    fields.update(ids)
    keywords = (definition.section,) if definition.section else ()
    return {**fields, "line": definition.line, "title": title, "keywords": keywords}


def _identifiers(papers: list[tuple[Link, dict[str, str]]]) -> dict[str, str]:
    """``arxiv_id``, ``doi`` and ``url`` from an item's paper links: the first of each;
    the URL only when there is neither arXiv id nor DOI."""
    found = {"arxiv_id": "", "doi": "", "url": ""}
    for _, ids in papers:
        for key, value in ids.items():
            if not found[key]:
                found[key] = value
    if found["arxiv_id"] or found["doi"]:
        found["url"] = ""
    return found


def _several_papers(block: Block, markdown: str, papers: list[tuple[Link, dict[str, str]]]) -> _Outcome | None:
    """For an item linking two papers or more by name (distinct papers, each link text a
    name or title): one paper per link when every name reads as a full title, ``None``
    (one paper, as usual) when the item has a title of its own, else left out."""
    if len({next(iter(ids.values())) for _, ids in papers}) < 2:
        return None
    by_paper: dict[str, tuple[str, dict[str, str]]] = {}
    for link, ids in papers:
        text = usable(link.text)
        if text and not venue_like(text) and not _is_date(text):
            by_paper.setdefault(next(iter(ids.values())), (text, ids))
    if len(by_paper) < 2:
        return None
    named = list(by_paper.values())
    if all(len(text.split()) >= TITLE_WORDS for text, _ in named):
        keywords = (block.section,) if block.section else ()
        return _Outcome([
            {"arxiv_id": "", "doi": "", "url": "", **ids, "line": block.line, "title": text, "keywords": keywords}
            for text, ids in named
        ])
    if _own_title(markdown) or len(named[0][0].split()) >= TITLE_WORDS:
        return None
    return _Outcome([], "several papers")


def _title(papers: list[tuple[Link, dict[str, str]]], parts: list[str], named: dict[str, str]) -> str:
    """The paper's title: the first paper link's own text, else bold text, else the title
    cell's (or item's) first plain phrase, else another paper link's text or a reference
    definition's quoted title, else a link text such as ``[CVPR 2024]``; ``""`` when none
    reads as a title."""
    texts = [usable(link.text) for link, _ in papers]
    tags = [text for text in texts if text and (venue_like(text) or _is_date(text))]
    if texts[0] and texts[0] not in tags:
        return texts[0]
    if "title" in named:
        if title := _title_of_item(named["title"]):
            return title
    else:
        for part in parts:
            if (title := _title_of_item(part)) and not YEAR.fullmatch(title) and not venue_like(title):
                return title
    others = (text for text in texts[1:] if text and text not in tags)
    definitions = (title for link, _ in papers if (title := usable(link.title)))
    return next(others, "") or next(definitions, "") or next(iter(tags), "")


def _leading_title(markdown: str) -> str:
    """The title a paragraph starts with (after emoji, symbols and a bold label): bold
    text, or a paper link's own text; ``""`` when it starts otherwise (it is then prose)."""
    opening = opening_spans(markdown)
    first = next(opening, None)
    if first is not None and first.kind == "bold" and is_label(first.text):
        first = next(opening, None)
    if first is not None and first.kind == "bold" and not venue_like(first.text.strip("[]() ")):
        return usable(first.text)
    if first is not None and first.kind == "link" and paper_ids(first.url):
        return usable(first.text)
    return ""


def _own_title(markdown: str) -> str:
    """An item's title in bold (not a label, venue tag or date); ``""`` if none."""
    for text in bolds(markdown):
        bare = text.strip("[]() ")
        if not is_label(text) and not venue_like(bare) and not _is_date(bare) and (title := usable(text)):
            return title
    return ""


def _title_of_item(markdown: str) -> str:
    """The title an item's own text gives: its first bold text that is not a label, venue
    tag or date, else its first plain phrase (after a leading venue tag); ``""`` if none."""
    if title := _own_title(markdown):
        return title
    text = _VENUE_TAG.sub("", first_line(plain(markdown)), count=1)
    phrase = _PHRASE_END.split(text, maxsplit=1)[0]
    if (note := trailing_note(phrase)) is not None:  # "Title (Jun. 2025, CVPR)": the title alone
        phrase = phrase[: note.start]
    return usable(phrase)


def _is_news(markdown: str) -> bool:
    """True for an item that starts with a date in bold (``**2026.06.18**: …``): news."""
    bold = leading_bold(markdown)
    return bold is not None and _is_date(bold.strip("[]() "))


def _is_date(text: str) -> bool:
    """True for a date with a month: ``2026.06.18``, ``2024-03``, ``Mar 2024``, ``12 Oct``."""
    text = text.strip()
    if len(text) > 30:
        return False
    if _YEAR_MONTH.fullmatch(text):
        return True
    date = parse_date(text)
    return date is not None and date.month is not None


def _names_something(link: Link) -> bool:
    """True for a link to another site (or to a PDF file beside the list) whose text names
    what it links to (not "code", "demo")."""
    url = link.url
    return (url.startswith(("http://", "https://")) or url.lower().endswith(".pdf")) and bool(usable(link.text))


def _under_a_paper(block: Block) -> bool:
    """True when an enclosing list item gave a paper (the block is one of its details)."""
    parent = block.parent
    while parent is not None:
        if parent.paper:
            return True
        parent = parent.parent
    return False


def _on_paper_host(url: str) -> bool:
    """True for a URL on one of :data:`PAPER_HOSTS` (under the host's paper path), or an
    ``http(s)`` link to a ``.pdf`` file."""
    scheme, _, rest = url.partition("://")
    if scheme.lower() not in ("http", "https"):
        return False
    rest = rest.partition("#")[0].partition("?")[0]
    host, slash, path = rest.partition("/")
    host = host.rpartition("@")[2].partition(":")[0].lower()  # no user, no port
    path = slash + path
    if not host:
        return False
    if path.lower().endswith(".pdf"):
        return True
    labels = host.split(".")
    for start in range(len(labels) - 1):  # "www.nature.com", "nature.com"
        known = PAPER_HOSTS.get(".".join(labels[start:]))
        if known is not None:
            return path.startswith(known) and len(path) > 1
    return False


# --- venue, date, authors -------------------------------------------------------------------


@lru_cache(maxsize=256)
def _column_fields(columns: tuple[str, ...]) -> tuple[str, ...]:
    """What each header names: ``"title"``, ``"venue"``, ``"date"``, ``"authors"``, ``"org"``
    or ``""``. "Publication" is the venue when another column holds the title, else the title."""
    fields = [next((name for name, headers in _COLUMNS.items() if column in headers), "") for column in columns]
    for index, column in enumerate(columns):
        if column in ("publication", "publications"):
            fields[index] = "venue" if "title" in fields else "title"
    return tuple(fields)


def _named_cells(columns: tuple[str, ...], parts: list[str]) -> dict[str, str]:
    """A table row's cells by the field their header names (the first of each field)."""
    named: dict[str, str] = {}
    for name, part in zip(_column_fields(columns), parts, strict=False):  # a short row leaves columns out
        if name:
            named.setdefault(name, part)
    return named


def _column_text(named: dict[str, str], name: str) -> str:
    """The plain text of a named cell, trimmed (``""`` without such a column)."""
    return trim(plain(named[name])) if name in named else ""


def _venue_and_date(parts: list[str], named: dict[str, str], title: str) -> tuple[str, str]:
    """The venue and date: from the venue and date columns of a table, else from the
    item; a date not given is the venue's four-digit year."""
    if named:
        venue, date = _column_text(named, "venue"), _normalise_date(_column_text(named, "date"))
    else:
        venue, date = _venue_of_item(parts[0], title), _date_of_item(parts[0], title)
        if (not venue or not date) and (note := _note_of_item(parts[0], title)) is not None:
            venue, date = venue or note.venue, date or note.date
    if not date and (year := YEAR.search(venue)):
        date = year.group()
    return venue, date


def _normalise_date(text: str) -> str:
    """A date as written when :func:`parse_date` reads it; ``2023.03`` -> ``2023-03``,
    ``03/2023`` -> ``2023-03``; else its year, else ``""``."""
    if not text or parse_date(text) is not None:
        return text
    if match := _YEAR_MONTH.fullmatch(text):
        day = f"-{int(match['day']):02d}" if match["day"] else ""
        return f"{match['year']}-{int(match['month']):02d}{day}"
    if match := _MONTH_YEAR.fullmatch(text):
        return f"{match['year']}-{int(match['month']):02d}"
    return year.group() if (year := YEAR.search(text)) else ""


def _date_of_item(markdown: str, title: str) -> str:
    """The date an item gives besides its title: a line that is a date with a year
    (``15 Dec 2023``), else a year-month token (``2022.12``); ``""`` if none."""
    text = plain(markdown).replace(title, " ", 1)
    for line in text.split("\n"):
        if len(line) <= 40 and (line := trim(line)) and (date := parse_date(line)) is not None \
                and date.year is not None:
            return line
    match = _YEAR_MONTH.search(text)
    return _normalise_date(match.group()) if match else ""


def _note_of_item(markdown: str, title: str) -> Note | None:
    """The date and venue note ending the first line of an item, after its title
    (``- [Title](…) (Jun. 2025, CVPR)``: see :mod:`store.importers.markdown_notes`)."""
    line = first_line(plain(markdown))
    _, found, after = line.partition(title) if title else ("", "", line)
    return trailing_note(after if found else line)


def _venue_of_item(markdown: str, title: str) -> str:
    """The venue of a list item or paragraph: a leading ``[CVPR 2024]`` tag, an italic text
    with a year (``*ICLR 2024*``), a code span (`` `ACL 2023` ``, `` `Preprint` ``), or a
    sentence after the title such as ``Arxiv 2023.``; else ``""``."""
    tag = _VENUE_TAG.match(plain(markdown))
    if tag and venue_like(tag["venue"].strip()):
        return tag["venue"].strip()
    for text in italics(markdown):
        if YEAR.search(text) and len(text.split()) <= 8:
            return text
    for text in code_spans(markdown):
        words = text.split()
        if (YEAR.search(text) and len(words) <= 8) or (len(words) == 1 and text[:1].isupper() and text.isalpha()):
            return text
    return next((phrase for phrase in _phrases_after_title(markdown, title) if venue_like(phrase)), "")


def _authors(parts: list[str], named: dict[str, str], title: str) -> tuple[list[str], bool]:
    """Authors from a table's authors column; for a list item or paragraph, from an italic
    list of names or the sentence after the title (``Title. A. Author, B. Author. Venue``).
    The flag is true when the list ends in "et al." (more authors than those named)."""
    if "authors" in named:  # a trailing "et al." is dropped, and said, by build_paper (split_et_al)
        text = trim(plain(named["authors"]))
        return [n for n in (trim(p) for p in _AUTHOR_SEPARATOR.split(text)) if n], False
    if named:
        return [], False
    candidates = chain(italics(parts[0]), _phrases_after_title(parts[0], title)[:1])
    for text in candidates:
        names, et_al = author_names(text)
        if names:
            return names, et_al
    return [], False


def author_names(text: str) -> tuple[list[str], bool]:
    """The names of an author list (``"A. Author, B. Author and C. Author et al."``) and
    whether it ends in "et al." (or "etc."); ``([], False)`` unless it reads as one: two
    names or more (or one and "et al."), each of at most six words of letters, and nearly
    all of two to five words, capitalised. Never raises."""
    text = trim(text)
    if len(text) > 5000:
        return [], False
    et_al = _ET_AL.search(text)
    if et_al:
        text = trim(text[: et_al.start()].rstrip(", "))
    names = [name for name in (trim(part) for part in _AUTHOR_SEPARATOR.split(text)) if name]
    if not names or (len(names) < 2 and not et_al):
        return [], False
    proper = 0
    for name in names:
        words = name.split()
        if len(words) > 6 or not all(_NAME_WORD.fullmatch(word) for word in words):
            return [], False
        middle_ok = all(word[0].isupper() or word.lower() in _PARTICLES for word in words[1:-1])
        proper += 2 <= len(words) <= 5 and words[0][0].isupper() and words[-1][0].isupper() and middle_ok
    return (names, et_al is not None) if proper >= 0.8 * len(names) else ([], False)


@lru_cache(maxsize=64)
def _phrases_after_title(markdown: str, title: str) -> tuple[str, ...]:
    """The sentences and lines of an item after its title (``()`` when it does not start
    with the title): ``"Title. A. Author, B. Author. Venue 2024."`` or one per line."""
    text = _VENUE_TAG.sub("", plain(markdown), count=1)
    phrases = [phrase for line in text.split("\n") for phrase in _SENTENCE.split(line)]
    if not phrases or usable(phrases[0]) != title:
        return ()
    return tuple(trimmed for phrase in phrases[1:] if (trimmed := trim(phrase)))


def _summary(source: str, reason: str, items: list[Block]) -> InputError:
    """One warning for the items left out for ``reason``, naming their lines (the first
    :data:`LISTED_LINES`)."""
    kinds = sorted({block.kind for block in items})
    many = len(items) > 1
    noun = " and ".join(f"{kind}s" if many else kind for kind in kinds)
    shown = ", ".join(str(block.line) for block in items[:LISTED_LINES]) + (", …" if len(items) > LISTED_LINES else "")
    where = f"lines {shown}" if many else f"line {shown}"
    verb = "were" if many else "was"
    if reason == "several papers":
        what = f"{len(items)} {noun} linking several papers by short names only {verb} left out"
    else:
        what = f"{len(items)} {noun} without a paper link {verb} left out"
    return InputError(source, f"{what} ({where})", items[0].line)


def _paper(source: str, fields: dict) -> Paper:
    """The paper of one item's fields (its title's TeX math as text; ``fields["et_al"]``
    says the item's author list ends in "et al.")."""
    return build_paper(source=source, source_format=FORMAT, markup="text", **fields)

"""Records that share an arXiv id or a DOI but are not the same paper.

A shared identifier makes two records the same paper only when their titles
agree too (:func:`titles_agree`): a bibliography that copied one entry's
``eprint`` into the next must not fold two papers into one. Before a batch is
merged, :func:`settle_identifiers` finds every identifier that records of
the batch (and a paper of the library) share under titles that disagree, and
decides who keeps it:

- the library's paper, when the library has one under it (what is stored is
  never taken away);
- else the records whose own link or venue names the identifier, when those
  of only one title do (the others had it copied);
- else none of them.

The others lose it (and their keys and id are made again without it), so the
merge keeps every paper apart; each conflict gives one warning naming both
records' lines (or the library's title) and titles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rapidfuzz import fuzz, utils

from readlist.store.errors import InputError
from readlist.store.identity import (
    arxiv_id_from_doi,
    is_arxiv_doi,
    keys_of,
    normalise_arxiv_id,
    normalise_doi,
    paper_id_for,
)
from readlist.store.models import Paper
from readlist.store.text import match_key

#: Least rapidfuzz ``token_set_ratio`` (0-100) of two titles, words lower-cased and
#: punctuation left out, to take them for the same paper's: a subtitle left out or a
#: word spelt another way still agrees, another paper's title does not.
AGREE = 85.0

#: Longest title quoted in a warning, in characters.
_QUOTED = 60


def titles_agree(first: str, second: str) -> bool:
    """Whether two given titles can be the same paper's (see :data:`AGREE`); a title
    without a letter or digit agrees with any. Never raises."""
    if first == second:
        return True
    first_key, second_key = match_key(first), match_key(second)
    if not first_key or not second_key or first_key == second_key:
        return True
    return fuzz.token_set_ratio(first, second, processor=utils.default_process) >= AGREE


def given_title(title: str, title_derived: bool, arxiv_id: str, doi: str) -> str:
    """``title`` when the source gave it, else ``""`` (derived from the abstract, or
    the ``arXiv:…``/``doi:…`` placeholder of a record without one)."""
    if title_derived or title in (f"arXiv:{arxiv_id}", f"doi:{doi}"):
        return ""
    return title


@dataclass
class Settled:
    """The batch with its identifier conflicts settled.

    Attributes:
        papers: the incoming papers in order, those that lost an identifier
            made again without it (another id, other keys).
        warnings: one per conflict, naming both records.
    """

    papers: list[Paper]
    warnings: list[InputError] = field(default_factory=list)


@dataclass
class _Side:
    """The records (and perhaps the library's paper) under one identifier that agree on a title."""

    title: str
    members: list[int] = field(default_factory=list)  # positions in the batch
    library: str | None = None  # id of the library's paper
    named: bool = False  # a member's link or venue names the identifier


def settle_identifiers(
    papers: Sequence[Paper], docs: Mapping[str, Mapping[str, Any]], key_index: Mapping[str, str],
) -> Settled:
    """Take an arXiv id or DOI away from the records that share it under another title.

    A conflict decided by an earlier import of the same records (each losing
    record already in the library under its title, apart from the keeper) is
    settled the same way again, without a warning.

    Args:
        papers: the incoming papers, in order.
        docs: the library's documents by id.
        key_index: match key -> id of the library's papers.

    Returns:
        The papers (the same objects where nothing changed) and the warnings.
    """
    groups: dict[str, list[int]] = {}
    for position, paper in enumerate(papers):
        for key in _identifier_keys(paper):
            groups.setdefault(key, []).append(position)
    losing: dict[int, set[str]] = {}  # position -> identifier keys it loses
    warnings: list[InputError] = []
    warned: set[tuple[int, int | str]] = set()
    for key, positions in groups.items():
        owner = key_index.get(key)
        doc = docs.get(owner) if owner is not None else None
        if len(positions) < 2 and (doc is None or _agrees_with_doc(papers[positions[0]], doc)):
            continue  # the common case, quickly: one record, new or the library's paper under another spelling
        sides = _sides(key, positions, papers, owner, doc)
        if len(sides) < 2:
            continue
        keeper = _keeper(sides)
        for side in sides:
            if side is keeper:
                continue
            for position in side.members:
                losing.setdefault(position, set()).add(key)
            other = keeper if keeper is not None else sides[0]
            if side is other:
                continue
            pair = (side.members[0], other.library or other.members[0])
            if pair in warned or _apart_already(side, papers, key_index, owner):
                continue
            warned.add(pair)
            warnings.append(_warning(key, side, other, papers, keeper))
    settled = list(papers)
    for position, keys in losing.items():
        settled[position] = _without(papers[position], keys)
    return Settled(settled, warnings)


def _apart_already(side: _Side, papers: Sequence[Paper], key_index: Mapping[str, str], owner: str | None) -> bool:
    """Whether every record of ``side`` is in the library already, under its title, as
    another paper than ``owner`` (an earlier import kept it apart)."""
    for position in side.members:
        paper = papers[position]
        title_keys = [key for key in paper.keys if key.startswith("title:")]
        if not title_keys or key_index.get(title_keys[0]) in (None, owner):
            return False
    return True


def _identifier_keys(paper: Paper) -> list[str]:
    """The ``arxiv:`` and ``doi:`` match keys of ``paper`` (an arXiv DOI counts as its arXiv id too)."""
    keys = [key for key in paper.keys if key.startswith(("arxiv:", "doi:"))]
    if not paper.arxiv_id and (arxiv_id := arxiv_id_from_doi(paper.doi)):
        keys.append(f"arxiv:{arxiv_id.lower()}")
    return keys


def stored_title(doc: Mapping[str, Any]) -> str:
    """The title of a stored paper as text: a library written before issue 15 may
    hold it with its TeX (``Uni$\\textbf{F}^2$ace``), today's importers give ``UniF²ace``."""
    title = doc.get("title", "")
    if not title:
        return title
    from readlist.store.importers.latex import markup_to_text  # on first use: not a start-up cost

    return markup_to_text(title, "text")


def _doc_title(doc: Mapping[str, Any]) -> str:
    """The given title of a stored paper (see :func:`given_title`)."""
    return given_title(stored_title(doc), bool(doc.get("title_derived")), doc.get("arxiv_id", ""),
                       doc.get("doi", ""))


def _agrees_with_doc(paper: Paper, doc: Mapping[str, Any]) -> bool:
    return titles_agree(given_title(paper.title, paper.title_derived, paper.arxiv_id, paper.doi), _doc_title(doc))


def _sides(
    key: str, positions: list[int], papers: Sequence[Paper], owner: str | None, doc: Mapping[str, Any] | None,
) -> list[_Side]:
    """The records under ``key`` grouped by title (the library's paper first); records
    without a given title are in none (they keep the identifier, their only key
    perhaps, and join whoever keeps it)."""
    sides: list[_Side] = []
    if owner is not None and doc is not None:
        title = _doc_title(doc)
        if title:
            sides.append(_Side(title, library=owner))
    for position in positions:
        paper = papers[position]
        title = given_title(paper.title, paper.title_derived, paper.arxiv_id, paper.doi)
        if not title:
            continue
        side = next((side for side in sides if titles_agree(side.title, title)), None)
        if side is None:
            side = _Side(title)
            sides.append(side)
        side.members.append(position)
        side.named |= _names_identifier(paper, key)
    return sides


def _names_identifier(paper: Paper, key: str) -> bool:
    """Whether the paper's link or venue names the identifier of ``key``."""
    kind, _, value = key.partition(":")
    if kind == "arxiv":
        return any(normalise_arxiv_id(text).lower() == value for text in (paper.url, paper.venue) if text)
    return bool(paper.url) and normalise_doi(paper.url) == value


def _keeper(sides: list[_Side]) -> _Side | None:
    """The side that keeps the identifier: the library's, else the only one that names it, else none."""
    if sides[0].library is not None:
        return sides[0]
    named = [side for side in sides if side.named]
    return named[0] if len(named) == 1 else None


def _warning(key: str, side: _Side, other: _Side, papers: Sequence[Paper], keeper: _Side | None) -> InputError:
    """The warning for ``side`` losing the identifier of ``key`` that ``other`` shares
    (``keeper`` keeps it, or none does)."""
    first = papers[side.members[0]]
    what = _identifier_text(key)
    if other.library is not None:
        return InputError(first.source, f"shares {what} with \"{_short(other.title)}\" in the library but has "
                          f"a different title (\"{_short(side.title)}\"); kept both", first.line)
    them = papers[other.members[0]]
    where = f"{them.source}:{them.line}" if them.line is not None else them.source
    noun = "arXiv id" if key.startswith("arxiv:") else "DOI"
    kept = f"the {noun} only on {where}, whose link names it" if keeper is other else f"the {noun} on neither"
    return InputError(first.source, f"shares {what} with {where} but has a different title "
                      f"(\"{_short(side.title)}\", not \"{_short(other.title)}\"); kept both, {kept}", first.line)


def _identifier_text(key: str) -> str:
    """``"arXiv 2106.10270"`` or ``"DOI 10.1000/x"`` for a match key."""
    kind, _, value = key.partition(":")
    return f"arXiv {value}" if kind == "arxiv" else f"DOI {value}"


def _short(title: str) -> str:
    return title if len(title) <= _QUOTED else title[: _QUOTED - 1].rstrip() + "…"


def _without(paper: Paper, keys: set[str]) -> Paper:
    """``paper`` without the identifiers of ``keys``, its match keys and id made again."""
    arxiv_id, doi = paper.arxiv_id, paper.doi
    if arxiv_id and f"arxiv:{arxiv_id.lower()}" in keys:
        arxiv_id = ""
        if doi and is_arxiv_doi(doi):
            doi = ""
    if doi and (f"doi:{doi}" in keys or (is_arxiv_doi(doi) and any(k.startswith("arxiv:") for k in keys))):
        doi = ""
    stripped = replace(paper, arxiv_id=arxiv_id, doi=doi)
    new_keys = keys_of(stripped)
    return replace(stripped, id=paper_id_for(new_keys), keys=tuple(new_keys))

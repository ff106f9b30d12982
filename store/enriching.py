"""``readlist enrich``: find the arXiv record of papers that have no id or link.

For each paper without an arXiv id, DOI or URL (the bundled ones first), the
arXiv API is searched (:mod:`store.services.arxiv`): by the words of its
title, or, for a title readlist derived from the abstract, by the abstract's
first words. A result is accepted only when it is unambiguous:

- its normalised title (:func:`~store.text.match_key`) is near-identical to
  the paper's, rapidfuzz ``ratio`` >= :data:`ACCEPT_TITLE` (for a derived
  title, the normalised abstracts, >= :data:`ACCEPT_ABSTRACT`);
- no other result of the search is as close;
- no other paper of the library has that arXiv id already.

An accepted match fills what the paper lacks (arXiv id, link, authors, date,
a given title for a derived one: :meth:`Library.fill_papers
<readlist.store.library.Library.fill_papers>`) and overwrites nothing; the
reader's state is not touched. Every other paper is reported, as matched with
doubt (something came close: :data:`DOUBT`) or not matched, and left as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from readlist.store.bundled import seed_names
from readlist.store.errors import ReadlistError
from readlist.store.models import Paper
from readlist.store.services import ARXIV
from readlist.store.services import arxiv as arxiv_api
from readlist.store.text import match_key, plural

if TYPE_CHECKING:
    from readlist.store.fetching import Fetcher

#: Least rapidfuzz ratio (0-100) of two normalised titles to take them for the same paper.
ACCEPT_TITLE = 95.0
#: Least ratio of two normalised abstracts, for papers whose title was derived.
ACCEPT_ABSTRACT = 90.0
#: A best result at least this close, but not accepted, is reported as a doubtful match.
DOUBT = 80.0
#: Results asked for per search.
RESULTS = 10
#: Words of an abstract searched for (the first ones, skipping very short words).
ABSTRACT_WORDS = 12


@dataclass
class Outcome:
    """What enrich did with one paper.

    Attributes:
        paper_id: its id.
        title: its title, as the library showed it before.
        arxiv_id: the arXiv id it matched (or came closest to), or ``""``.
        reason: for a doubtful match, why it was not taken.
    """

    paper_id: str
    title: str
    arxiv_id: str = ""
    reason: str = ""


@dataclass
class EnrichReport:
    """What ``readlist enrich`` did.

    Attributes:
        matched: papers that were filled in.
        doubtful: papers with a close result that was not taken (nothing changed).
        unmatched: papers for which nothing came close (nothing changed).
        error: why it stopped early (a service failed), or ``None``; what was
            matched before stays filled in.
    """

    matched: list[Outcome] = field(default_factory=list)
    doubtful: list[Outcome] = field(default_factory=list)
    unmatched: list[Outcome] = field(default_factory=list)
    error: ReadlistError | None = None

    def lines(self) -> list[str]:
        """One line per paper: ``matched``, ``doubt`` or ``no match``, its id and title."""
        lines = [f"matched   {o.paper_id}  {o.title}  -> arXiv:{o.arxiv_id}" for o in self.matched]
        lines += [f"doubt     {o.paper_id}  {o.title}  ({o.reason}; unchanged)" for o in self.doubtful]
        lines += [f"no match  {o.paper_id}  {o.title}" for o in self.unmatched]
        return lines

    def summary(self) -> str:
        """``"enrich: 3 matched, 1 doubtful, 93 not matched"``."""
        return (f"enrich: {len(self.matched)} matched, {len(self.doubtful)} doubtful, "
                f"{len(self.unmatched)} not matched")


def candidates(fetcher: Fetcher, ids: Iterable[str] | None = None) -> list[Paper]:
    """The papers enrich looks up: those of ``ids`` (default: all) without an arXiv id,
    DOI or URL, the bundled ones first, each group in library order."""
    library = fetcher.library
    chosen = library.ids() if ids is None else list(ids)
    papers = [library.paper(i) for i in chosen]
    lacking = [p for p in papers if not (p.arxiv_id or p.doi or p.url)]
    bundled = seed_names()
    return [p for p in lacking if p.source in bundled] + [p for p in lacking if p.source not in bundled]


def enrich(fetcher: Fetcher, ids: Iterable[str] | None = None) -> EnrichReport:
    """Look up and fill in the papers of :func:`candidates` (see the module docstring).

    Returns:
        The report (a service failure stops the run and is its ``error``; never raised).
    """
    report = EnrichReport()
    papers = candidates(fetcher, ids)
    http = fetcher.client(ARXIV)
    known = {doc.get("arxiv_id", "").lower(): pid for pid, doc in fetcher.library.stored_papers().items()
             if doc.get("arxiv_id")}
    for done, paper in enumerate(papers):
        fetcher.tell(f"enrich: {paper.title[:40]}", done, len(papers))
        search = _search_for(paper)
        if not search:
            report.unmatched.append(Outcome(paper.id, paper.title))
            continue
        try:
            feed = arxiv_api.query(http, search_query=search, max_results=RESULTS)
        except ReadlistError as error:
            report.error = error
            break
        outcome, found = _judge(paper, feed.papers, known)
        if found is None:
            (report.doubtful if outcome.reason else report.unmatched).append(outcome)
            continue
        try:
            fetcher.library.fill_papers({paper.id: found})
        except ReadlistError as error:
            report.error = error
            break
        known[found.arxiv_id.lower()] = paper.id
        report.matched.append(outcome)
    fetcher.tell("enrich", len(papers), len(papers))
    return report


def _search_for(paper: Paper) -> str:
    """The arXiv ``search_query`` for a paper: its title's words, or its abstract's first words."""
    if not paper.title_derived:
        return arxiv_api.title_query(paper.title)
    words = [w for w in arxiv_api.words(paper.abstract) if len(w) > 3][:ABSTRACT_WORDS]
    return " AND ".join(f"abs:{w}" for w in words)


def _judge(paper: Paper, results: list[Paper], known: dict[str, str]) -> tuple[Outcome, Paper | None]:
    """Whether one of ``results`` is surely ``paper``: (what to report, the match or ``None``)."""
    outcome = Outcome(paper.id, paper.title)
    if not results:
        return outcome, None
    accept = ACCEPT_ABSTRACT if paper.title_derived else ACCEPT_TITLE
    scored = sorted(((_closeness(paper, r), r) for r in results), key=lambda pair: -pair[0])
    best_score, best = scored[0]
    outcome.arxiv_id = best.arxiv_id
    if best_score < DOUBT:
        outcome.arxiv_id = ""
        return outcome, None
    if best_score < accept:
        outcome.reason = f"closest is arXiv:{best.arxiv_id} {best.title!r}, {best_score:.0f}% alike"
        return outcome, None
    rivals = {r.arxiv_id for score, r in scored[1:] if score >= accept and r.arxiv_id != best.arxiv_id}
    if rivals:
        outcome.reason = f"{plural(len(rivals) + 1, 'result')} match as well (arXiv:{best.arxiv_id}, " \
                         f"arXiv:{', arXiv:'.join(sorted(rivals))})"
        return outcome, None
    owner = known.get(best.arxiv_id.lower())
    if owner is not None and owner != paper.id:
        outcome.reason = f"arXiv:{best.arxiv_id} is already in the library as {owner}"
        return outcome, None
    return outcome, best


def _closeness(paper: Paper, result: Paper) -> float:
    """How alike two records are, 0-100: their titles, or for a derived title their abstracts."""
    if paper.title_derived:
        return fuzz.ratio(match_key(paper.abstract), match_key(result.abstract)) if result.abstract else 0.0
    return fuzz.ratio(match_key(paper.title), match_key(result.title))

"""Merging incoming papers into a catalogue: what is new, what fills a gap.

An incoming paper is the same as one in the library when they share a match
key (arXiv id, DOI, given title, abstract: :mod:`store.identity`) and nothing
says otherwise: two records with different arXiv ids, or different DOIs
(other than arXiv's own, :func:`~store.identity.is_arxiv_doi`), are different papers whatever
else they share, a shared abstract alone does not join two records with
different given titles (listings copy placeholder abstracts), and a shared
arXiv id or DOI joins them only when their titles agree (else the identifier
goes to one of them or to neither, with a warning: :mod:`store.conflicts`). Then it
only *fills* what the library lacks: an empty field (abstract, authors and
whether they end in "et al.", date, DOI ...), a title where the library had
only a derived one, new match keys. New match keys alone are stored but do not
count as a merge (nothing the reader sees changed), and the keys of every
record folded into a paper go onto it in the same import, so importing the same
file again, in any order, adds and merges nothing.
It never overwrites a value the library has, and it never touches the
reader's state (tags, notes, status, their own titles). :func:`plan_merge`
works all of this out without writing, so a dry run and a real import give
the same report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from readlist.store.conflicts import Settled, settle_identifiers, stored_title
from readlist.store.errors import InputError
from readlist.store.identity import is_arxiv_doi, keys_of
from readlist.store.models import Paper, now_iso
from readlist.store.text import match_key

#: Catalogue fields an incoming paper may fill when the library's is empty.
FILLABLE = (
    "authors", "authors_count", "org", "date", "votes", "arxiv_id", "doi", "url", "venue",
    "entry_type", "citation_key", "keywords",
)


@dataclass
class MergePlan:
    """What adding a batch of papers would do.

    Attributes:
        new: papers to add, with their keys and arrival time set.
        filled: id -> the full new catalogue document of a paper that gets gaps filled.
        abstracts: id -> abstract to store (new papers, and filled empty abstracts).
        ids: incoming paper id -> the id it has in the library.
        added: ids of the new papers, in order.
        merged: ids of known papers that got something the reader sees filled.
        skipped: ids of known papers that brought nothing new (but perhaps match keys).
        duplicates: incoming ids that were the same paper as an earlier record
            of the same batch (merged into it).
        warnings: records that share an arXiv id or DOI under different titles
            (:func:`store.conflicts.settle_identifiers`), each naming its line.
    """

    new: list[Paper] = field(default_factory=list)
    filled: dict[str, dict[str, Any]] = field(default_factory=dict)
    abstracts: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    warnings: list[InputError] = field(default_factory=list)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == () or value == []


def fill_gaps(doc: Mapping[str, Any], paper: Paper, refresh: Iterable[str] = ()) -> dict[str, Any]:
    """The fields of ``paper`` that fill gaps of the stored ``doc`` (none overwrite),
    and those of ``refresh`` (counts that change over time, such as ``votes``)
    whose value changed.

    A title is taken only when the stored one was derived from the abstract
    and ``paper`` has a given one; ``et_al`` comes with the authors it ends
    (unless the stored number of authors is another, so perhaps exact);
    match keys are united.
    """
    gaps: dict[str, Any] = {}
    for name in FILLABLE:
        incoming = getattr(paper, name)
        if _empty(incoming):
            continue
        if _empty(doc.get(name)) or (name in refresh and doc.get(name) != incoming):
            gaps[name] = list(incoming) if isinstance(incoming, tuple) else incoming
    counted = "authors_count" in gaps or doc.get("authors_count") == len(paper.authors)
    if paper.et_al and "authors" in gaps and counted:
        gaps["et_al"] = True  # the names and their count are the first of more (another stored count may be exact)
    if doc.get("title_derived") and not paper.title_derived and paper.title:
        gaps["title"], gaps["title_derived"] = paper.title, False
    keys = list(doc.get("keys") or ())
    extra = [key for key in (paper.keys or keys_of(paper)) if key not in keys]
    if extra:
        gaps["keys"] = keys + extra
    return gaps


def plan_merge(
    papers: Iterable[Paper], docs: Mapping[str, Mapping[str, Any]], abstracts: Mapping[str, Mapping[str, Any]],
    key_index: Mapping[str, str], refresh: Iterable[str] = (), *, settle: bool = True,
) -> MergePlan:
    """Work out what adding ``papers`` to a catalogue would do (nothing is written).

    Args:
        papers: the incoming papers, in order (later duplicates merge into earlier ones).
        docs: the catalogue's documents by id.
        abstracts: the abstracts' documents by id (``{"abstract": text}``).
        key_index: match key -> id of the catalogue's papers.
        refresh: fields a known paper takes from the incoming one whenever they
            differ (``("votes",)`` for a fetch from the service that counts them).
        settle: keep apart records that share an arXiv id or DOI under titles that do
            not agree (:func:`store.conflicts.settle_identifiers`); ``False`` for
            records whose identifier is surely theirs (from the service that gives
            it, or a readlist backup of papers already kept apart).

    Returns:
        The plan; apply it with :meth:`store.library.Library.add_papers`.
    """
    papers = papers if isinstance(papers, list) else list(papers)
    settled = settle_identifiers(papers, docs, key_index) if settle else Settled(papers)
    plan = MergePlan(warnings=settled.warnings)
    refresh = tuple(refresh)
    batch: dict[str, Paper] = {}  # new papers of this batch, by id
    batch_keys: dict[str, str] = {}
    position: dict[str, int] = {}  # id -> index in plan.new
    merged: dict[str, None] = {}  # ordered sets: membership must not scan a list per paper
    skipped: dict[str, None] = {}
    now = now_iso()

    def stored(owner: str) -> Mapping[str, Any]:
        return batch[owner].to_doc() if owner in batch else (plan.filled.get(owner) or docs[owner])

    for paper in settled.papers:
        keys = paper.keys or tuple(keys_of(paper))
        owner = _owner(paper, keys, key_index, batch_keys, stored)
        if owner is None and (paper.id in docs or paper.id in batch):
            owner = paper.id
        if owner is None:
            if paper.keys != keys or not paper.added:  # importers set both: copy only to change
                paper = replace(paper, keys=keys, added=paper.added or now)
            batch[paper.id] = paper
            position[paper.id] = len(plan.new)
            plan.new.append(paper)
            plan.added.append(paper.id)
            plan.ids[paper.id] = paper.id
            plan.abstracts[paper.id] = paper.abstract
            for key in keys:
                batch_keys.setdefault(key, paper.id)
            continue
        plan.ids[paper.id] = owner
        if owner in batch:  # a duplicate within the file: fill the first copy
            plan.duplicates.append(paper.id)
            for key in keys:  # later records find the first copy by this one's keys too
                batch_keys.setdefault(key, owner)
            first = batch[owner]
            gaps = fill_gaps(first.to_doc(), paper)
            if gaps:
                batch[owner] = _with(first, gaps)
                plan.new[position[owner]] = batch[owner]
            if not first.abstract and paper.abstract:
                plan.abstracts[owner] = paper.abstract
            continue
        doc = plan.filled.get(owner) or docs[owner]
        gaps = fill_gaps(doc, paper, refresh)
        stored_abstract = plan.abstracts.get(owner, abstracts.get(owner, {}).get("abstract", ""))
        if not stored_abstract and paper.abstract:
            plan.abstracts[owner] = paper.abstract
        if gaps:
            plan.filled[owner] = {**doc, **gaps}
        if any(name != "keys" for name in gaps) or owner in plan.abstracts:
            merged[owner] = None
            skipped.pop(owner, None)
        elif owner not in merged:
            skipped[owner] = None
    plan.merged, plan.skipped = list(merged), list(skipped)
    return plan


def _owner(
    paper: Paper, keys: Iterable[str], key_index: Mapping[str, str], batch_keys: Mapping[str, str],
    stored: Callable[[str], Mapping[str, Any]],
) -> str | None:
    """The id of the paper ``paper`` is the same as (library first, then the batch), or ``None``."""
    for key in keys:
        for owner in (key_index.get(key), batch_keys.get(key)):
            if owner is not None and not _different(paper, stored(owner), by_abstract=key.startswith("abstract:")):
                return owner
    return None


def _different(paper: Paper, doc: Mapping[str, Any], *, by_abstract: bool) -> bool:
    """Whether ``paper`` and the stored ``doc``, which share a match key, are surely different papers."""
    theirs = doc.get("arxiv_id") or ""
    if paper.arxiv_id and theirs and paper.arxiv_id.lower() != theirs.lower():
        return True
    theirs = doc.get("doi") or ""
    if paper.doi and theirs and paper.doi != theirs and not (is_arxiv_doi(paper.doi) or is_arxiv_doi(theirs)):
        return True
    if by_abstract and paper.title and not paper.title_derived and doc.get("title") and not doc.get("title_derived"):
        return match_key(paper.title) != match_key(stored_title(doc))
    return False


def _with(paper: Paper, gaps: dict[str, Any]) -> Paper:
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in gaps.items()}
    return replace(paper, **values)

"""Stable paper ids, and the keys that tell two records are the same paper.

A paper is known by the strongest identifier its source gave, in this order:
arXiv id, DOI, title (when the source gave one), abstract. Each becomes a
*match key*; two records sharing any key are the same paper. The paper's id is
a short hash of its strongest key, so the same file imported on two machines
gives the same ids.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from readlist.store.text import match_key, short_hash

if TYPE_CHECKING:
    from readlist.store.models import Paper

_ARXIV_NEW = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(?:v\d+)?(?![\d])")
_ARXIV_OLD = re.compile(r"\b([a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?\b")
_DOI = re.compile(r"\b(10\.\d{4,9}/\S+)", re.IGNORECASE)

#: The prefix of the DOIs that arXiv gives its papers (DataCite DOIs, ``10.48550/arXiv.2501.01234``:
#: https://info.arxiv.org/help/doi.html), as arXiv writes it; a DOI is compared without case.
ARXIV_DOI_PREFIX = "10.48550/arXiv."
#: An arXiv DOI anywhere in a text, and what follows the prefix up to a space.
_ARXIV_DOI = re.compile(re.escape(ARXIV_DOI_PREFIX) + r"(\S+)", re.IGNORECASE)
_ARXIV_DOI_LOWER = ARXIV_DOI_PREFIX.lower()

#: Abstracts shorter than this (after normalising) are too weak to identify a paper.
_MIN_ABSTRACT_KEY = 30


def normalise_arxiv_id(text: str) -> str:
    """The arXiv id inside ``text`` (an id, ``arXiv:`` form or URL), without version.

    Returns ``""`` when there is none. New-style ids (``2501.01234``) and
    old-style ones (``hep-th/9901001``) are recognised, as described at
    https://info.arxiv.org/help/arxiv_identifier.html.
    """
    text = text.strip()
    match = _ARXIV_NEW.search(text) or _ARXIV_OLD.search(text)
    return match.group(1) if match else ""


def normalise_doi(text: str) -> str:
    """The DOI inside ``text`` (bare, ``doi:`` or ``https://doi.org/`` form), lower-cased.

    DOIs are case-insensitive (https://www.doi.org/the-identifier/resources/handbook),
    so lower case is their canonical form here. Returns ``""`` when there is none.
    """
    match = _DOI.search(text.strip())
    return match.group(1).rstrip(".,;)").lower() if match else ""


def is_arxiv_doi(doi: str) -> bool:
    """True for a DOI, as :func:`normalise_doi` gives it (lower case), that arXiv gave a paper."""
    return doi.startswith(_ARXIV_DOI_LOWER)


def arxiv_id_from_doi(text: str) -> str:
    """The arXiv id of the first arXiv DOI in ``text`` (``10.48550/arXiv.2501.01234``
    in any case, bare, as a ``doi.org`` link or after other words) as
    :func:`normalise_arxiv_id` gives it; ``""`` when there is none."""
    match = _ARXIV_DOI.search(text)
    return normalise_arxiv_id(match.group(1)) if match else ""


def match_keys(
    *, arxiv_id: str = "", doi: str = "", title: str = "", title_derived: bool = False,
    abstract: str = "",
) -> list[str]:
    """Every key under which this paper can be recognised, strongest first.

    Args:
        arxiv_id: normalised arXiv id or ``""``.
        doi: normalised DOI or ``""``.
        title: the title.
        title_derived: True when the title was derived, not given (then it is
            not a key: two papers could derive the same words).
        abstract: the abstract.

    Returns:
        Keys such as ``"arxiv:2501.01234"`` or ``"abstract:<hash>"``.
    """
    keys = []
    if arxiv_id:
        keys.append(f"arxiv:{arxiv_id.lower()}")
    if doi:
        keys.append(f"doi:{doi.lower()}")
    if title and not title_derived:
        title_key = match_key(title)
        if title_key:
            keys.append(f"title:{short_hash(title_key, 24)}")
    abstract_key = match_key(abstract)
    if len(abstract_key) >= _MIN_ABSTRACT_KEY:
        keys.append(f"abstract:{short_hash(abstract_key, 24)}")
    return keys


def paper_id_for(keys: list[str]) -> str:
    """The stable id of a paper whose strongest match key is ``keys[0]``.

    Raises:
        ValueError: ``keys`` is empty (the paper has nothing to identify it by).
    """
    if not keys:
        raise ValueError("a paper needs a title, an abstract, an arXiv id or a DOI")
    return short_hash(keys[0])


def keys_of(paper: Paper) -> list[str]:
    """The match keys of a stored :class:`~store.models.Paper` (see :func:`match_keys`)."""
    return match_keys(
        arxiv_id=paper.arxiv_id, doi=paper.doi, title=paper.title,
        title_derived=paper.title_derived, abstract=paper.abstract,
    )

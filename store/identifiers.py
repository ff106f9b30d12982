"""What a reader may type to name a paper: arXiv ids, DOIs, paper URLs.

:func:`parse_identifier` reads, for ``readlist add`` and the TUI's ``+``:

- arXiv ids in every form arXiv documents
  (https://info.arxiv.org/help/arxiv_identifier.html): ``2501.12345``,
  ``2501.12345v2``, ``arXiv:2501.12345``, old-style ``hep-th/9901001``, and the
  ``arxiv.org/abs/``, ``/pdf/`` (with or without ``.pdf``) and ``/html/`` URLs;
- DOIs: ``10.1038/nature12373``, ``doi:10....``, ``https://doi.org/10....``
  and ``dx.doi.org`` links (arXiv's own DOIs, ``10.48550/arXiv.2501.12345``,
  count as that arXiv id);
- Hugging Face paper pages: ``https://huggingface.co/papers/2501.12345``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from readlist.store.errors import InputError
from readlist.store.identity import arxiv_id_from_doi, normalise_arxiv_id, normalise_doi

ARXIV: Literal["arxiv"] = "arxiv"
DOI: Literal["doi"] = "doi"
HUGGINGFACE: Literal["huggingface"] = "huggingface"

_ARXIV_BARE = re.compile(r"^(?:arxiv:\s*)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Za-z]{2})?/\d{7}(?:v\d+)?)$",
                         re.IGNORECASE)
_ARXIV_URL = re.compile(r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(\S+?)(?:\.pdf)?/?(?:[?#].*)?$",
                        re.IGNORECASE)
_HF_URL = re.compile(r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/papers/([^/?#\s]+)", re.IGNORECASE)
_DOI_TEXT = re.compile(r"^(?:doi:\s*|(?:https?://)?(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Identifier:
    """A paper named by the reader.

    Attributes:
        kind: :data:`ARXIV`, :data:`DOI` or :data:`HUGGINGFACE` (a Hugging Face paper page).
        value: the arXiv id without version, or the DOI in lower case.
        text: what the reader typed.
    """

    kind: Literal["arxiv", "doi", "huggingface"]
    value: str
    text: str


def parse_identifier(text: str) -> Identifier:
    """Read one arXiv id, DOI or paper URL (see the module docstring).

    Raises:
        InputError: ``text`` is none of them (the error names the text).
    """
    typed = text.strip().strip("<>\"'")
    if match := _HF_URL.match(typed):
        arxiv_id = normalise_arxiv_id(match.group(1))
        if arxiv_id:
            return Identifier(HUGGINGFACE, arxiv_id, text)
    if match := (_ARXIV_BARE.match(typed) or _ARXIV_URL.match(typed)):
        arxiv_id = normalise_arxiv_id(match.group(1))
        if arxiv_id:
            return Identifier(ARXIV, arxiv_id, text)
    if _DOI_TEXT.match(typed):
        if arxiv_id := arxiv_id_from_doi(typed):
            return Identifier(ARXIV, arxiv_id, text)
        return Identifier(DOI, normalise_doi(typed), text)
    raise InputError(text, "not an arXiv id (2501.12345, hep-th/9901001), DOI (10.…) or arXiv, doi.org or "
                           "Hugging Face paper URL")

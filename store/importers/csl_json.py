r"""CSL-JSON: the citation data of citeproc, pandoc and Zotero's "Export → CSL JSON".

The format is described at https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html
(variables: https://docs.citationstyles.org/en/stable/specification.html#appendix-iv-variables).
A file is a list of items (also read: one item, or the list under a key of a
wrapper object such as ``{"items": [...]}``; see :mod:`store.importers.json_records`)::

    [{"id": "http://zotero.org/users/local/x/items/ABCD1234", "type": "article-journal",
      "title": "...", "author": [{"family": "He", "given": "Kaiming"}, {"literal": "DeepMind"}],
      "issued": {"date-parts": [[2024, 3, 1]]}, "DOI": "10.1000/xyz", "URL": "https://...",
      "container-title": "Nature", "publisher": "...", "abstract": "...",
      "keyword": "deep learning, proteins", "number": "arXiv:2501.01234", "note": "..."}]

How an item becomes a paper:

- ``title``, ``abstract``: CSL's HTML-like rich-text tags (``<i>``, ``<b>``,
  ``<sup>``, ``<span class="nocase">`` ...) and JATS tags from Crossref
  abstracts are removed; line breaks are joined.
- ``author``: ``"Given Family"`` (with particles and suffix), or ``literal``.
- ``issued``: ``date-parts`` give ``"2024"``, ``"2024-03"`` or ``"2024-03-01"``
  (only the start of a range; a month above 12, CSL's code for a season,
  leaves the year alone); ``raw`` or ``literal`` dates are kept as written.
- ``DOI`` (or ``doi``, LaTeX escapes such as ``\_`` undone) and ``URL``; the
  arXiv id from the first of ``DOI`` (``10.48550/arXiv.2501.01234``), ``URL``,
  ``number`` (Zotero puts ``arXiv:2501.01234`` there), ``note``,
  ``archive_location`` that mentions arXiv, ``volume`` ``abs/2501.01234``.
- venue: ``container-title``, else ``event-title``, else ``publisher``.
- ``type`` is kept as the entry type (``article-journal``, ``paper-conference`` ...).
- citation key: ``citation-key`` when given, else ``id`` when it looks like a
  key (a letter, then letters, digits or ``_:.+-``): Better BibTeX and pandoc
  write keys there, Zotero's own export writes a URL, citeproc tests numbers.
- ``keyword``: a string split on commas and semicolons (a list is read too).

An item with no title, DOI or arXiv id, or whose title or DOI has the wrong
JSON type, is rejected and named by its index; another field of the wrong
type (``"author": "Columbus, C."``) is left out with a warning.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Callable
from typing import Any

from readlist.store.identity import normalise_arxiv_id
from readlist.store.importers import json_records

FORMAT = "csl-json"

#: Item types of CSL 1.0.2.
_TYPES = frozenset({
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
    "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing", "interview",
    "legal_case", "legislation", "manuscript", "map", "motion_picture", "musical_score", "pamphlet",
    "paper-conference", "patent", "performance", "periodical", "personal_communication", "post",
    "post-weblog", "regulation", "report", "review", "review-book", "software", "song", "speech",
    "standard", "thesis", "treaty", "webpage",
})
#: Variables that only CSL spells this way.
_CSL_KEYS = frozenset({
    "author", "editor", "issued", "accessed", "container-title", "container-title-short",
    "collection-title", "event-title", "publisher-place", "DOI", "URL", "ISSN", "ISBN",
    "citation-key", "title-short", "archive_location", "page", "volume", "issue",
})
#: Keys of other formats (Hugging Face Daily Papers) that CSL does not use.
_FOREIGN_KEYS = frozenset({"paper", "summary", "upvotes"})
_MARKERS = re.compile(r'"(?:date-parts|container-title|citation-key|issued|DOI)"\s*:')
_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")
_KEY = re.compile(r"^[A-Za-z][\w:.+-]*$")
_KEYWORD_SEPARATORS = re.compile(r"[,;]")
_LATEX_ESCAPE = re.compile(r"\\([_&%#$])")
#: Fields that may name the arXiv id, with the word arXiv before it.
_ARXIV_FIELDS = ("DOI", "URL", "number", "note")
#: "arXiv:", "arXiv.", "arxiv.org/abs/" ... before an arXiv id.
_ARXIV_MENTION = re.compile(r"arxiv(?:\.org/(?:abs|pdf|html)/|[.:]\s*|\s+)", re.IGNORECASE)


def _is_record(item: dict[str, Any]) -> bool:
    """True for a CSL item: a CSL ``type`` with a title or a CSL variable, or two CSL variables."""
    if _FOREIGN_KEYS & item.keys():
        return False
    keys = _CSL_KEYS & item.keys()
    item_type = item.get("type")
    return (isinstance(item_type, str) and item_type in _TYPES and ("title" in item or bool(keys))) or len(keys) >= 2


def _read_item(item: dict[str, Any]) -> dict[str, Any]:
    """The :func:`build_paper` fields of one CSL item.

    A field of the wrong JSON type is left out with a warning (under
    ``"warnings"``), unless it is the title or the DOI, which identify the paper.

    Raises:
        ValueError: no title, DOI or arXiv id, or a title or DOI of the wrong type.
    """
    warnings: list[str] = []

    def lenient(read: Callable[[], Any], default: Any) -> Any:
        try:
            return read()
        except ValueError as error:
            warnings.append(f"{error}: left out")
            return default

    text = {key: json_records.text_field(item.get(key), key) for key in ("title", "DOI")}
    text.update({key: lenient(lambda key=key: json_records.text_field(item.get(key), key), "") for key in (
        "abstract", "type", "container-title", "event-title", "publisher", "citation-key",
        "archive", "archive_location", "volume", *_ARXIV_FIELDS[1:],
    )})
    text["DOI"] = _unescape(text["DOI"] or json_records.text_field(item.get("doi"), "doi"))
    doi, arxiv_id = text["DOI"], _arxiv_id(text)
    title = _strip_tags(text["title"])
    if not (title.strip() or doi.strip() or arxiv_id):
        raise ValueError("no title, DOI or arXiv id")
    return {
        "title": title,
        "markup": "text",
        "abstract": _strip_tags(text["abstract"]),
        "authors": lenient(lambda: _authors(item.get("author")), []),
        "date": lenient(lambda: _date(item.get("issued")), ""),
        "doi": doi,
        "url": text["URL"],
        "arxiv_id": arxiv_id,
        "venue": text["container-title"] or text["event-title"] or text["publisher"],
        "entry_type": text["type"],
        "citation_key": text["citation-key"] or _citation_key(item.get("id")),
        "keywords": lenient(lambda: _keywords(item.get("keyword")), []),
        "warnings": warnings,
    }


#: Scores 90 for a file of CSL items (at least half its records), 40 when only some are, 20 for
#: broken JSON that names CSL keys (:meth:`~store.importers.json_records.JsonRecordsImporter.sniff`).
IMPORTER = json_records.JsonRecordsImporter(
    FORMAT, "CSL-JSON", is_record=_is_record, markers=_MARKERS, read_record=_read_item,
)


def _unescape(text: str) -> str:
    r"""``10.1007/978-3\_22`` -> ``10.1007/978-3_22``: LaTeX escapes that BibTeX-minded tools leave in values."""
    return _LATEX_ESCAPE.sub(r"\1", text) if "\\" in text else text


def _strip_tags(text: str) -> str:
    """``text`` without HTML-like tags (CSL rich text, JATS)."""
    return _TAG.sub("", text) if "<" in text else text


def _arxiv_id(text: dict[str, str]) -> str:
    """The arXiv id named after the word arXiv in ``DOI``, ``URL``, ``number`` or ``note``,
    else ``archive_location`` when ``archive`` is arXiv, else a ``volume`` of
    ``abs/2501.01234`` (DBLP's way of citing CoRR, copied by Semantic Scholar
    and Manubot); ``""`` when none is."""
    for key in _ARXIV_FIELDS:
        for mention in _ARXIV_MENTION.finditer(text[key]):
            if found := normalise_arxiv_id(text[key][mention.end():]):
                return found
    if "arxiv" in text["archive"].lower():
        return normalise_arxiv_id(text["archive_location"])
    volume = text["volume"].strip()
    return normalise_arxiv_id(volume) if volume.lower().startswith("abs/") else ""


def _authors(value: Any) -> list[str]:
    """Display names of a CSL name list.

    Raises:
        ValueError: not a list, or a name that is not an object with text parts.
    """
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"'author' is {json_records.kind(value)}, not a list of names")
    return [_name(name, number) for number, name in enumerate(value, start=1)]


def _name(name: Any, number: int) -> str:
    """``{"given": "Ludwig", "non-dropping-particle": "van", "family": "Beethoven"}``
    -> ``"Ludwig van Beethoven"``; ``{"literal": "DeepMind"}`` -> ``"DeepMind"``.

    Raises:
        ValueError: not an object, or a part that is not text.
    """
    if not isinstance(name, dict):
        raise ValueError(f"author {number} is {json_records.kind(name)}, not a name object")
    parts = ("given", "dropping-particle", "non-dropping-particle", "family", "suffix")
    literal = json_records.text_field(name.get("literal"), f"author {number} literal")
    if literal.strip():
        return literal
    words = [json_records.text_field(name.get(part), f"author {number} {part}") for part in parts]
    return " ".join(word.strip() for word in words if word.strip())


def _date(issued: Any) -> str:
    """``issued`` as ``"2024"``, ``"2024-03"``, ``"2024-03-01"``, or its ``raw``/``literal`` text.

    Raises:
        ValueError: ``issued`` is not an object or text, or its date parts are not numbers.
    """
    if issued is None or isinstance(issued, str):
        return issued or ""
    if not isinstance(issued, dict):
        raise ValueError(f"'issued' is {json_records.kind(issued)}, not a date object")
    parts = issued.get("date-parts")
    if parts:
        if not isinstance(parts, list) or not isinstance(parts[0], list):
            raise ValueError("'issued' date-parts is not a list of lists")
        return _date_from_parts(parts[0])
    for key in ("raw", "literal"):
        written = json_records.text_field(issued.get(key), f"issued {key}")
        if written.strip():
            return written
    return ""


def _date_from_parts(parts: list[Any]) -> str:
    """``[2024, 3, 1]`` -> ``"2024-03-01"`` (numbers may be written as text).

    Raises:
        ValueError: a part is not a whole number.
    """
    try:
        numbers = [_whole_number(part) for part in parts[:3] if part not in (None, "")]
    except ValueError:
        raise ValueError(f"'issued' date-parts {reprlib.repr(parts)} are not numbers") from None
    if len(numbers) >= 2 and not 1 <= numbers[1] <= 12:  # 13-16 are seasons
        numbers = numbers[:1]
    if len(numbers) == 3 and not 1 <= numbers[2] <= 31:
        numbers = numbers[:2]
    return "-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:])]) if numbers else ""


def _whole_number(part: Any) -> int:
    """A date part: a whole number, or text of one (``"2024"``).

    Raises:
        ValueError: anything else (a list is not written out: it may nest 1,000 deep).
    """
    if isinstance(part, str):
        return int(part.strip())
    if isinstance(part, int) and not isinstance(part, bool):
        return part
    raise ValueError(f"{json_records.kind(part)}, not a number")


def _citation_key(item_id: Any) -> str:
    """``item_id`` when it looks like a citation key (``he2016deep``), else ``""``."""
    return item_id if isinstance(item_id, str) and _KEY.match(item_id) else ""


def _keywords(value: Any) -> list[str]:
    """``"a, b; c"`` -> ``["a", "b", "c"]``; a list of strings is taken as is.

    Raises:
        ValueError: neither text nor a list of text.
    """
    if isinstance(value, list):
        return [json_records.text_field(word, "keyword") for word in value]
    return _KEYWORD_SEPARATORS.split(json_records.text_field(value, "keyword"))

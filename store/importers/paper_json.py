"""Other JSON lists of papers: Semantic Scholar, OpenAlex, arXiv metadata, Zotero's web API, and hand-made lists.

Many tools and people keep papers as JSON records with a title and some of the
usual fields, under names that differ from tool to tool. This importer reads
any such record; the formats with a fixed shape (Hugging Face, CSL-JSON, a
readlist backup) have their own importers and win over it when a file is
theirs. Shapes read (lists, wrappers such as ``{"data": [...]}`` or
``{"results": [...]}``, and JSON Lines, see :mod:`store.importers.json_records`)::

    {"title": "...", "url": "https://arxiv.org/abs/2408.11029v2", "id": "tissue2024"}      <- a hand-made list
    {"paperId": "...", "title": "...", "externalIds": {"ArXiv": "...", "DOI": "..."},
     "authors": [{"name": "..."}], "year": 2023, "venue": "..."}                          <- Semantic Scholar
    {"id": "https://openalex.org/W...", "doi": "https://doi.org/...", "display_name": "...",
     "publication_date": "...", "authorships": [{"author": {"display_name": "..."}}],
     "abstract_inverted_index": {...}, "primary_location": {"source": {...}}}            <- OpenAlex
    {"id": "0704.0001", "title": "...", "authors": "C. Bal\\'azs, E. L. Berger",
     "abstract": "...", "categories": "hep-ph", "versions": [{"created": "..."}]}        <- arXiv metadata (Kaggle)
    {"key": "...", "data": {"itemType": "...", "title": "...", "creators": [...]}}       <- Zotero web API

A record is an object with a title (``title``, ``display_name``) and at least
one other paper field (a link, DOI, arXiv id, abstract, authors, date or
venue). Field names are compared without case, ``_`` or ``-``. What is read:

- title; abstract from ``abstract``, ``summary``, ``abstractNote``, or
  rebuilt from OpenAlex's ``abstract_inverted_index`` (word -> positions);
  LaTeX in titles and abstracts as arXiv writes it becomes Unicode
  (:func:`~store.importers.latex.markup_to_text`, in ``build_paper``);
- authors from ``authors``, ``author``, ``creators`` or ``authorships``: a list
  of names, or of objects with ``name``/``display_name``/``full_name``,
  ``given``+``family``, ``firstName``+``lastName`` or an ``author`` object; a
  string of names separated by commas or ``and``;
- DOI from ``doi``, ``DOI`` or ``externalIds.DOI`` (a doi.org URL is fine);
  arXiv id from ``arxiv``/``arxiv_id``/``eprint``, ``externalIds.ArXiv``, an
  ``id`` that is an arXiv id in arXiv metadata (it has ``categories`` or
  ``versions``), or an arxiv.org link;
- link from ``url``, ``link``, ``html_url``, ``url_abs``, ``paper_url``,
  ``pdf_url``, ``landing_page_url`` ...;
- date from ``publication_date``/``publicationDate``/``published``/``published_date``/``date``,
  else ``year``/``publication_year``, else the first arXiv version's
  ``created`` day (``YYYY-MM-DD``);
- venue from ``venue``, ``journal`` (text or ``{"name"}``), ``journal-ref``,
  ``booktitle``, ``conference``, ``proceeding``, ``publicationTitle``, or
  OpenAlex's ``primary_location.source.display_name``;
- keywords from ``keywords`` or ``tags`` (text, a list of text, or of
  ``{"tag"}``/``{"name"}`` objects); they become the paper's keywords
  (never the reader's tags);
- citation key from ``citation_key``/``citationKey``, else an ``id`` that looks
  like one (``tissue2024``).

Other fields (counts, flags, notes of the list's own) are not kept. A field
of an unexpected type is left out with a warning; a record whose title is not
text is rejected and named by its index.
"""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime
from typing import Any

from readlist.store.identity import normalise_arxiv_id
from readlist.store.importers import json_records
from readlist.store.importers.latex import arxiv_latex_to_text

FORMAT = "json-papers"

#: Normalised field names (lower case, no ``_`` or ``-``) of each paper field, first found wins.
TITLE = ("title", "displayname")
ABSTRACT = ("abstract", "summary", "abstractnote")
AUTHORS = ("authors", "author", "creators", "authorships")
DOI = ("doi",)
ARXIV = ("arxiv", "arxivid", "eprint")
URL = ("url", "link", "htmlurl", "urlabs", "absurl", "paperurl", "landingpageurl", "pdfurl", "urlpdf", "pdf", "href")
DATE = ("publicationdate", "published", "publishedat", "publisheddate", "date", "publishdate", "releasedate")
YEAR = ("year", "publicationyear")
VENUE = ("venue", "journal", "journalref", "booktitle", "conference", "proceeding", "publicationtitle",
         "containertitle", "proceedingstitle", "conferencename", "repository")
KEYWORDS = ("keywords", "tags", "keyword")
CITATION_KEY = ("citationkey", "citekey", "bibtexkey")
#: Fields that say a titled object is a paper.
EVIDENCE = frozenset((*ABSTRACT, *AUTHORS, *DOI, *ARXIV, *URL, *DATE, *YEAR, *VENUE, "externalids",
                      "abstractinvertedindex", "primarylocation"))

_MARKERS = re.compile(r'"(?:title|display_name)"\s*:')
_NON_ALNUM = re.compile(r"[^a-z0-9]")
_CITATION_KEY = re.compile(r"^[A-Za-z][\w:.+-]*\d[\w:.+-]*$")
#: Not from inside a run of spaces (a long run would take quadratic time): from its start.
_NAME_SEPARATORS = re.compile(r"(?<!\s)\s*,\s*(?:and\s+)?|(?<!\s)\s+and\s+")
_DAY = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")


def _fields(record: dict[str, Any]) -> dict[str, Any]:
    """The record's fields by normalised name (a Zotero web API item: its ``data``)."""
    data = record.get("data")
    if isinstance(data, dict) and "itemType" in data:
        record = data
    fields: dict[str, Any] = {}
    for key, value in record.items():
        fields.setdefault(_NON_ALNUM.sub("", str(key).lower()), value)
    return fields


def _is_record(record: dict[str, Any]) -> bool:
    """True for an object with a text title and another paper field."""
    fields = _fields(record)
    title = _first(fields, TITLE)
    return isinstance(title, str) and bool(title.strip()) and not EVIDENCE.isdisjoint(
        key for key, value in fields.items() if value not in (None, "", [], {})
    )


def _first(fields: dict[str, Any], names: tuple[str, ...]) -> Any:
    """The first of ``names`` that the record has with a value, else ``None``."""
    for name in names:
        value = fields.get(name)
        if value not in (None, "", [], {}):
            return value
    return None


def _read_record(record: dict[str, Any]) -> dict[str, Any]:
    """The :func:`build_paper` fields of one record.

    Raises:
        ValueError: the title is not text, or there is no title, DOI or arXiv id.
    """
    fields = _fields(record)
    warnings: list[str] = []

    def lenient(value: Any, name: str) -> str:
        try:
            return json_records.text_field(value, name).strip()
        except ValueError as error:
            warnings.append(f"{error}: left out")
            return ""

    def text(names: tuple[str, ...]) -> str:
        value = _first(fields, names)
        if isinstance(value, dict):  # {"name": "Nature"}, {"display_name": ...}
            value = value.get("name") or value.get("display_name") or value.get("displayName")
        return lenient(value, names[0])

    title = json_records.text_field(_first(fields, TITLE), "title")
    ids = fields.get("externalids") if isinstance(fields.get("externalids"), dict) else {}
    doi = text(DOI) or json_records.text_field(ids.get("DOI"), "externalIds.DOI")
    url = text(URL)
    arxiv_id = _arxiv_id(fields, text(ARXIV) or lenient(ids.get("ArXiv"), "externalIds.ArXiv"), url, doi)
    if not (title.strip() or doi or arxiv_id):
        raise ValueError("no title, DOI or arXiv id")
    authors = _lenient(warnings, _authors, fields, [])
    return {
        "title": title,
        "abstract": text(ABSTRACT) or _inverted_abstract(fields.get("abstractinvertedindex")),
        "markup": "text",
        "authors": authors,
        "doi": doi,
        "arxiv_id": arxiv_id,
        "url": url,
        "date": _date(fields, text),
        "venue": text(VENUE) or _openalex_venue(fields.get("primarylocation")),
        "keywords": _lenient(warnings, _keywords, fields, []),
        "citation_key": text(CITATION_KEY) or _citation_key(fields.get("id")),
        "warnings": warnings,
    }


#: Scores 45 for a JSON file whose records (at least half) are titled papers, 20 when some are, 10
#: for broken JSON with a ``"title"`` key: half the scores of the fixed-shape JSON formats, so
#: that they win their files (:meth:`~store.importers.json_records.JsonRecordsImporter.sniff`).
IMPORTER = json_records.JsonRecordsImporter(
    FORMAT, "JSON list of papers", is_record=_is_record, markers=_MARKERS, read_record=_read_record,
    score_divisor=2,
)


def _lenient(warnings: list[str], read, fields: dict[str, Any], default: Any) -> Any:
    """``read(fields)``, or ``default`` with a warning when a field has the wrong type."""
    try:
        return read(fields)
    except ValueError as error:
        warnings.append(f"{error}: left out")
        return default


def _arxiv_id(fields: dict[str, Any], given: str, url: str, doi: str) -> str:
    """The arXiv id: given, else the ``id`` of an arXiv metadata record, else in an
    arxiv.org link or an arXiv DOI (``10.48550/arXiv.…``)."""
    if given:
        return normalise_arxiv_id(given)
    record_id = fields.get("id")
    arxiv_record = "categories" in fields or "versions" in fields
    if arxiv_record and isinstance(record_id, str) and (found := normalise_arxiv_id(record_id)):
        return found
    for link in (url, doi):
        if "arxiv" in link.lower() and (found := normalise_arxiv_id(link)):
            return found
    return ""


def _authors(fields: dict[str, Any]) -> list[str]:
    """Author names, from any of the shapes in the module docstring.

    Raises:
        ValueError: the value is neither text nor a list.
    """
    value = _text_or_list(fields, AUTHORS, "'authors' is {}, not a list of names")
    if isinstance(value, str):
        return [arxiv_latex_to_text(name) for name in _NAME_SEPARATORS.split(value.strip()) if name]
    return [name for item in value if (name := _author_name(item))]


def _text_or_list(fields: dict[str, Any], names: tuple[str, ...], wrong_type: str) -> str | list[Any]:
    """The first of ``names``: text or a list (``[]`` when there is none).

    Raises:
        ValueError: ``wrong_type`` with the kind of value the field holds.
    """
    value = _first(fields, names)
    if value is None:
        return []
    if not isinstance(value, str | list):
        raise ValueError(wrong_type.format(json_records.kind(value)))
    return value


def _author_name(item: Any) -> str:
    """One author: text, or an object naming them (OpenAlex nests it under ``author``)."""
    if isinstance(item, str):
        return item.strip()
    if not isinstance(item, dict):
        return ""
    if isinstance(item.get("author"), dict):
        item = item["author"]
    for key in ("name", "display_name", "displayName", "full_name", "fullname", "literal"):
        if isinstance(item.get(key), str) and item[key].strip():
            return item[key].strip()
    parts = [item.get(key) for key in ("given", "firstName", "first_name", "first", "family", "lastName",
                                       "last_name", "last")]
    return " ".join(part.strip() for part in parts if isinstance(part, str) and part.strip())


def _inverted_abstract(index: Any) -> str:
    """OpenAlex's ``abstract_inverted_index`` ({word: [positions]}) back to text."""
    if not isinstance(index, dict):
        return ""
    words: dict[int, str] = {}
    for word, positions in index.items():
        if isinstance(positions, list):
            words.update((position, word) for position in positions if isinstance(position, int))
    return " ".join(words[position] for position in sorted(words))


def _date(fields: dict[str, Any], text) -> str:
    """The publication date as given, else the year, else the first arXiv version's day."""
    if date := text(DATE):
        return match.group() if (match := _DAY.match(date)) else date
    if year := text(YEAR):
        return year
    versions = fields.get("versions")
    if isinstance(versions, list) and versions and isinstance(versions[0], dict) \
            and isinstance(created := versions[0].get("created"), str):
        try:
            return parsedate_to_datetime(created).date().isoformat()
        except (TypeError, ValueError, OverflowError):  # OverflowError: a 20-digit hour, say
            return ""
    return ""


def _openalex_venue(location: Any) -> str:
    """``primary_location.source.display_name`` of an OpenAlex work, else ``""``."""
    source = location.get("source") if isinstance(location, dict) else None
    name = source.get("display_name") if isinstance(source, dict) else None
    return name.strip() if isinstance(name, str) else ""


def _keywords(fields: dict[str, Any]) -> list[str]:
    """Keywords: text split on commas and semicolons, a list of text, or of ``{"tag"}``/``{"name"}``.

    Raises:
        ValueError: the value is neither text nor a list.
    """
    value = _text_or_list(fields, KEYWORDS, "'keywords' is {}, not a list")
    if isinstance(value, str):
        return [word.strip() for word in re.split(r"[,;]", value) if word.strip()]
    words = [item.get("tag") or item.get("name") if isinstance(item, dict) else item for item in value]
    return [word.strip() for word in words if isinstance(word, str) and word.strip()]


def _citation_key(value: Any) -> str:
    """An ``id`` that looks like a citation key (letters, then a year or number: ``tissue2024``)."""
    if isinstance(value, str) and _CITATION_KEY.match(value) and not normalise_arxiv_id(value):
        return value
    return ""

"""Papers by DOI, through DOI content negotiation.

``GET https://doi.org/<DOI>`` with ``Accept: application/vnd.citationstyles.csl+json``
is redirected to the registration agency (Crossref, DataCite, mEDRA ...),
which answers with the work's metadata as one CSL-JSON item
(https://citation.crosscite.org/docs.html). :mod:`store.importers.csl_json`
reads it, as it reads a CSL-JSON file. An unknown DOI is answered 404.
"""

from __future__ import annotations

from urllib.parse import quote

import orjson

from readlist.store import services
from readlist.store.errors import InputError, ServiceError
from readlist.store.importers import csl_json
from readlist.store.importers.base import ParseResult
from readlist.store.services.http import ServiceClient

CSL_JSON = "application/vnd.citationstyles.csl+json"


def client(base_url: str, **options) -> ServiceClient:
    """A :class:`ServiceClient` for the DOI resolver at ``base_url``."""
    return ServiceClient(services.NAMES[services.DOI], base_url, **options)


def work(http: ServiceClient, doi: str) -> ParseResult:
    """The metadata of the work with DOI ``doi`` (``10.1038/...``, normalised).

    Raises:
        ServiceError: the resolver or agency cannot be reached or fails; 404 for
            a DOI nobody registered; an answer that is not one CSL-JSON item.
    """
    document = http.get_json("/" + quote(doi, safe="/:;()._-"), accept=CSL_JSON)
    if isinstance(document, list) and len(document) == 1:
        document = document[0]
    if not isinstance(document, dict):
        raise ServiceError(http.service, f"sent no CSL-JSON item for {doi}")
    try:
        result = csl_json.IMPORTER.parse(orjson.dumps([document]).decode(), f"{http.base_url}/{doi}")
    except InputError as error:
        raise ServiceError(http.service, f"sent metadata for {doi} that cannot be read ({error.reason})") from None
    if not result.papers:
        reason = result.rejected[0].reason if result.rejected else "no paper in it"
        raise ServiceError(http.service, f"sent metadata for {doi} that cannot be read ({reason})")
    return result

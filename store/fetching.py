"""Papers from the web into the library: fetch the followed sources, add by id.

:class:`Fetcher` asks the services of :mod:`store.services` and merges what
they answer exactly as an import merges a file (:meth:`Library.add_papers
<readlist.store.library.Library.add_papers>`): new papers arrive as ``new``,
known ones get missing fields filled and their Hugging Face votes updated, the
reader's state is never touched. Every step reports added / updated / skipped
in a :class:`FetchReport`.

- :meth:`Fetcher.daily` — Hugging Face Daily Papers of a day, week or month;
  without one, every day since the last fetch (at most :data:`FIRST_DAYS` days
  on the first run), each day stored before the next is asked for, so an
  interrupted fetch keeps what it merged and the next one resumes there.
- :meth:`Fetcher.arxiv` — the newest submissions to arXiv categories since
  their last fetch, newest first, page by page, 3 s apart.
- :meth:`Fetcher.followed` — both, for the sources ``[follow]`` names.
- :meth:`Fetcher.add` — papers by arXiv id, DOI or URL (:mod:`store.identifiers`).

When each source was last fetched is a setting (:meth:`Settings.last_fetched
<readlist.store.settings.Settings.last_fetched>`). ``readlist enrich`` is
:mod:`store.enriching`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from readlist.store.errors import InputError, ReadlistError, ServiceError
from readlist.store.identifiers import ARXIV, HUGGINGFACE, Identifier, parse_identifier
from readlist.store.models import Paper
from readlist.store.services import ARXIV as ARXIV_SERVICE
from readlist.store.services import DOI as DOI_SERVICE
from readlist.store.services import HUGGINGFACE as HF_SERVICE
from readlist.store.services import ServiceConfig, arxiv, doi, huggingface
from readlist.store.services.http import ServiceClient
from readlist.store.settings import Settings

if TYPE_CHECKING:
    from readlist.store.library import Library
    from readlist.store.merge import MergePlan

#: Days the first Daily Papers fetch goes back (today included).
FIRST_DAYS = 7
#: How far back the first fetch of an arXiv category goes.
FIRST_ARXIV_SPAN = timedelta(days=7)
#: At most this many arXiv entries in one fetch (a first fetch of a busy category stops here).
MAX_ARXIV_ENTRIES = 2000
#: Fields a fetch refreshes on known papers: counts that change over time.
REFRESHED = ("votes",)
#: The setting names of the sources (:meth:`Settings.last_fetched`).
HF_SOURCE = "huggingface"
ARXIV_SOURCE = "arxiv:"

#: ``Paper.source`` of fetched papers, by service.
SOURCE_NAMES = {HF_SERVICE: "huggingface.co", ARXIV_SERVICE: "arxiv.org", DOI_SERVICE: "doi.org"}

#: Reports progress: ``(what is being done, done, in all)``.
Progress = Callable[[str, int, int], None]


@dataclass
class FetchReport:
    """What one fetch (one source) did.

    Attributes:
        source: what was fetched, e.g. ``"Hugging Face Daily Papers 2025-01-08"``.
        added: ids of papers new to the library.
        updated: ids of known papers that got fields filled or votes updated.
        skipped: ids of known papers that brought nothing new.
        rejected: records of the answers that could not be read.
        error: why the fetch failed or stopped, or ``None``.
        note: what an interrupted fetch kept, and where the next one resumes.
    """

    source: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rejected: list[InputError] = field(default_factory=list)
    error: ReadlistError | None = None
    note: str = ""

    @property
    def changed(self) -> bool:
        """Whether anything was stored."""
        return bool(self.added or self.updated)

    def summary(self) -> str:
        """One line, e.g. ``"arXiv cs.CV: 12 added, 3 updated, 0 skipped"``; a failure
        names the service and says what was kept."""
        counts = f"{len(self.added)} added, {len(self.updated)} updated, {len(self.skipped)} skipped"
        if self.rejected:
            counts += f", {len(self.rejected)} rejected"
        if self.error is None:
            return f"{self.source}: {counts}" + (f"; {self.note}" if self.note else "")
        if not self.changed:
            return f"{self.error}; the library is unchanged"
        return f"{self.error}; {self.source}: {counts} kept" + (f"; {self.note}" if self.note else "")

    def merge(self, plan: MergePlan) -> None:
        """Count a :class:`~store.merge.MergePlan` that was applied."""
        self.added += plan.added
        self.updated += [i for i in plan.merged if i not in self.added]
        self.skipped += plan.skipped


@dataclass
class AddResult:
    """What ``readlist add`` did with one identifier.

    Attributes:
        text: what the reader typed.
        paper_id: the paper's id in the library, or ``""`` when it failed.
        outcome: ``"added"``, ``"updated"`` or ``"already there"``; ``""`` on failure.
        title: the paper's title.
        error: why it failed, or ``None``.
    """

    text: str
    paper_id: str = ""
    outcome: str = ""
    title: str = ""
    error: ReadlistError | None = None

    def summary(self) -> str:
        """One line, e.g. ``"2501.12345: added 3f2a…  Title"`` or the error."""
        if self.error is not None:
            return str(self.error)
        return f"{self.text}: {self.outcome} {self.paper_id}  {self.title}"


class Fetcher:
    """Fetches papers into one library from the services of one config.

    Args:
        library: where the papers go.
        config: the services' URLs and the followed sources.
        progress: told what is being done (``("arXiv cs.CV page 2", 200, 731)``).
        clock: monotonic seconds, for pacing (tests pass a fake).
        sleep: waits seconds (tests pass one that advances their clock).
        now: the current UTC time (tests fix it).
        client_options: more :class:`ServiceClient` options (``retries``, ``timeout`` ...).
    """

    def __init__(
        self, library: Library, config: ServiceConfig, *, progress: Progress | None = None,
        clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], datetime] = lambda: datetime.now(UTC), **client_options,
    ) -> None:
        self.library = library
        self.config = config
        self.settings = Settings(library)
        self.progress = progress
        self.now = now
        self._options = {"clock": clock, "sleep": sleep, **client_options}
        self._clients: dict[str, ServiceClient] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close every connection opened."""
        for http in self._clients.values():
            http.close()
        self._clients.clear()

    def client(self, service: str) -> ServiceClient:
        """The client of ``service`` (``"huggingface"``, ``"arxiv"``, ``"doi"``), made on first use."""
        if service not in self._clients:
            make = {HF_SERVICE: huggingface.client, ARXIV_SERVICE: arxiv.client, DOI_SERVICE: doi.client}[service]
            self._clients[service] = make(self.config.url(service), **self._options)
        return self._clients[service]

    def tell(self, what: str, done: int, total: int) -> None:
        """Pass progress on to the ``progress`` callback, if any."""
        if self.progress:
            self.progress(what, done, total)

    def _store(self, report: FetchReport, papers: list[Paper], service: str) -> None:
        """Merge fetched papers as an import does, votes refreshed (StorageError stops the fetch)."""
        if papers:
            # the service gave the identifiers: a record is the paper its id names, whatever its title
            report.merge(self.library.add_papers(_from(papers, service), refresh=REFRESHED, settle=False))

    # -- Hugging Face Daily Papers ---------------------------------------------------

    def daily(self, *, day: str = "", week: str = "", month: str = "") -> FetchReport:
        """Fetch the Daily Papers of ``day`` (``YYYY-MM-DD``), ``week`` (``YYYY-Www``) or
        ``month`` (``YYYY-MM``); with none, of every day since the last fetch.

        Returns:
            The report; a failure is in its ``error`` (never raised), with what was kept.
        """
        if day or week or month:
            when = day or week or month
            report = FetchReport(f"Hugging Face Daily Papers {when}")
            self.tell(report.source, 0, 1)
            try:
                result = huggingface.daily_papers(self.client(HF_SERVICE), date=day, week=week, month=month)
                report.rejected += result.rejected
                self._store(report, result.papers, HF_SERVICE)
            except ReadlistError as error:
                report.error = error
            self.tell(report.source, 1, 1)
            return report
        days = self.days_to_fetch()
        report = FetchReport(f"Hugging Face Daily Papers {days[0]}" + (f" to {days[-1]}" if len(days) > 1 else ""))
        for done, each in enumerate(days):
            self.tell(f"Hugging Face Daily Papers {each}", done, len(days))
            try:
                result = huggingface.daily_papers(self.client(HF_SERVICE), date=each)
                report.rejected += result.rejected
                self._store(report, result.papers, HF_SERVICE)
                self.settings.set_fetched({HF_SOURCE: each})
            except ReadlistError as error:
                report.error = error
                if done:
                    report.note = f"stopped at {each}; the next fetch resumes there"
                break
        self.tell(report.source, len(days), len(days))
        return report

    def days_to_fetch(self) -> list[str]:
        """The days (``YYYY-MM-DD``, UTC) a Daily Papers fetch without a date asks for:
        from the last day fetched (again: papers are added to a day all day long)
        to today, at most :data:`FIRST_DAYS` of them."""
        today = self.now().date()
        first = today - timedelta(days=FIRST_DAYS - 1)
        last = self.settings.last_fetched(HF_SOURCE)
        try:
            start = max(first, date.fromisoformat(last)) if last else first
        except ValueError:
            start = first
        start = min(start, today)
        return [(start + timedelta(days=n)).isoformat() for n in range((today - start).days + 1)]

    # -- arXiv -----------------------------------------------------------------------

    def arxiv(self, categories: Iterable[str]) -> FetchReport:
        """Fetch the submissions to ``categories`` (``cs.CV`` ...) since their last fetch
        (:data:`FIRST_ARXIV_SPAN` the first time), newest first, at most
        :data:`MAX_ARXIV_ENTRIES`; each page is stored as it comes.

        The API is asked for that span (``submittedDate:[FROM TO]``, the arXiv API
        manual's date filter), and every entry it answers is taken.

        Returns:
            The report; a failure is in its ``error`` (never raised).
        """
        categories = list(dict.fromkeys(categories))
        report = FetchReport(f"arXiv {' '.join(categories)}")
        started = self.now()
        since = min(self._arxiv_since(c, started) for c in categories)
        search = f"({arxiv.category_query(categories)}) AND {arxiv.submitted_between(since, started)}"
        http = self.client(ARXIV_SERVICE)
        start, total = 0, None
        try:
            while start < MAX_ARXIV_ENTRIES:
                self.tell(f"{report.source} from {start + 1}", start, total or 0)
                feed = arxiv.query(http, search_query=search, start=start, max_results=arxiv.PAGE_SIZE,
                                   newest_first=True)
                total = feed.total if feed.total is not None else total
                read = len(feed.papers) + len(feed.rejected)
                if not read:
                    if not total or start >= total:
                        break  # nothing (more) since the last fetch
                    raise ServiceError(http.service, f"sent an empty page at entry {start + 1} of {total}; "
                                                     "try again later")
                report.rejected += feed.rejected
                self._store(report, feed.papers, ARXIV_SERVICE)
                start += read
                if total is None or start >= total:
                    break
            self.settings.set_fetched({ARXIV_SOURCE + c: started.astimezone(UTC).isoformat() for c in categories})
        except ReadlistError as error:
            report.error = error
            if report.changed:
                report.note = "the next fetch asks again from the last complete one"
        self.tell(report.source, 1, 1)
        return report

    def _arxiv_since(self, category: str, now: datetime) -> datetime:
        """The time after which submissions to ``category`` are new."""
        earliest = now - FIRST_ARXIV_SPAN
        try:
            last = datetime.fromisoformat(self.settings.last_fetched(ARXIV_SOURCE + category) or "")
        except ValueError:
            return earliest
        last = last if last.tzinfo else last.replace(tzinfo=UTC)
        return max(last, earliest)

    # -- everything followed ----------------------------------------------------------

    def followed(self) -> list[FetchReport]:
        """Fetch every source ``[follow]`` names (none: an empty list)."""
        reports = []
        if self.config.follow_huggingface:
            reports.append(self.daily())
        if self.config.follow_arxiv:
            reports.append(self.arxiv(self.config.follow_arxiv))
        return reports

    # -- by identifier -----------------------------------------------------------------

    def add(self, texts: Iterable[str]) -> list[AddResult]:
        """Add papers named by arXiv id, DOI or URL, one result per text, in order.

        arXiv ids are asked for in one request; DOIs and Hugging Face pages one by one.
        A failure of one service fails only its identifiers.
        """
        results = [AddResult(text) for text in texts]
        named: list[tuple[AddResult, Identifier]] = []
        for result in results:
            try:
                named.append((result, parse_identifier(result.text)))
            except InputError as error:
                result.error = error
        by_arxiv = [(r, i) for r, i in named if i.kind == ARXIV]
        if by_arxiv:
            self._add_from_arxiv(by_arxiv)
        for result, identifier in named:
            if identifier.kind == ARXIV:
                continue
            service = HF_SERVICE if identifier.kind == HUGGINGFACE else DOI_SERVICE
            http = self.client(service)
            try:
                parsed = (huggingface.paper if service == HF_SERVICE else doi.work)(http, identifier.value)
                if not parsed.papers:
                    raise ServiceError(http.service, f"sent nothing readable for {identifier.value}")
                self._store_added([(result, parsed.papers[0])], service)
            except ReadlistError as error:
                result.error = error
        return results

    def _add_from_arxiv(self, named: list[tuple[AddResult, Identifier]]) -> None:
        http = self.client(ARXIV_SERVICE)
        ids = list(dict.fromkeys(identifier.value for _, identifier in named))
        found: dict[str, Paper] = {}
        try:
            for start in range(0, len(ids), arxiv.PAGE_SIZE):
                chunk = ids[start:start + arxiv.PAGE_SIZE]
                feed = arxiv.query(http, id_list=chunk, max_results=len(chunk))
                found.update((p.arxiv_id.lower(), p) for p in feed.papers)
        except ReadlistError as error:
            for result, _ in named:
                result.error = error
            return
        pairs = []
        for result, identifier in named:
            paper = found.get(identifier.value.lower())
            if paper is None:
                result.error = ServiceError(http.service, f"no paper {identifier.value} (not in the answer)")
            else:
                pairs.append((result, paper))
        try:
            self._store_added(pairs, ARXIV_SERVICE)
        except ReadlistError as error:
            for result, _ in pairs:
                result.error = error

    def _store_added(self, pairs: list[tuple[AddResult, Paper]], service: str) -> None:
        if not pairs:
            return
        plan = self.library.add_papers(_from([paper for _, paper in pairs], service), refresh=REFRESHED, settle=False)
        for result, paper in pairs:
            result.paper_id = plan.ids.get(paper.id, paper.id)
            result.outcome = ("added" if result.paper_id in plan.added else
                              "updated" if result.paper_id in plan.merged else "already there")
            result.title = self.library.title_of(result.paper_id)


def _from(papers: list[Paper], service: str) -> list[Paper]:
    """The papers with ``source`` naming the service they came from (``source:arxiv`` finds them)."""
    return [replace(p, source=SOURCE_NAMES[service]) for p in papers]

"""The web services papers come from, and the reader's choice of them.

One module per service reads its answers into :class:`~store.models.Paper`
objects: :mod:`.huggingface` (Daily Papers, paper pages, paper search),
:mod:`.arxiv` (the arXiv API's Atom feeds) and :mod:`.doi` (DOI content
negotiation). All of them ask through :class:`.http.ServiceClient`.
:mod:`store.fetching` puts their papers into the library.

``config.toml`` (:func:`store.paths.config_path`) may change each service's
base URL, for a mirror or a test server, and name the sources
``readlist fetch`` follows::

    [services]
    huggingface = "https://huggingface.co"
    arxiv = "https://export.arxiv.org"
    doi = "https://doi.org"

    [follow]
    huggingface = true
    arxiv = ["cs.CV", "cs.CL"]
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from readlist.store.errors import InputError
from readlist.store.paths import config_path
from readlist.store.reading import MissingFileError, read_config_text

HUGGINGFACE = "huggingface"
ARXIV = "arxiv"
DOI = "doi"
#: Each service's base URL when config.toml does not change it.
DEFAULT_URLS = {
    HUGGINGFACE: "https://huggingface.co",
    ARXIV: "https://export.arxiv.org",
    DOI: "https://doi.org",
}
#: The names readers know the services by, for messages.
NAMES = {HUGGINGFACE: "Hugging Face", ARXIV: "arXiv", DOI: "doi.org"}
#: An arXiv category: ``cs.CV``, ``math.AG``, ``hep-th``, ``astro-ph.CO`` (https://arxiv.org/category_taxonomy).
CATEGORY = re.compile(r"^[a-z][a-z-]*(?:\.[A-Za-z]{2,})?$")


@dataclass
class ServiceConfig:
    """Where the services are, and which sources the reader follows.

    Attributes:
        urls: service (:data:`HUGGINGFACE`, :data:`ARXIV`, :data:`DOI`) -> base URL, no trailing slash.
        follow_huggingface: ``readlist fetch`` fetches the Daily Papers.
        follow_arxiv: arXiv categories ``readlist fetch`` fetches, e.g. ``("cs.CV", "cs.CL")``.
        problems: one line per setting that was ignored, naming the file.
    """

    urls: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_URLS))
    follow_huggingface: bool = False
    follow_arxiv: tuple[str, ...] = ()
    problems: list[str] = field(default_factory=list)

    def url(self, service: str) -> str:
        """The base URL of ``service`` (a key of :data:`DEFAULT_URLS`)."""
        return self.urls.get(service, DEFAULT_URLS[service])

    @property
    def follows_anything(self) -> bool:
        """Whether ``[follow]`` names any source."""
        return self.follow_huggingface or bool(self.follow_arxiv)


def load_service_config(path: Path | None = None) -> ServiceConfig:
    """Read ``[services]`` and ``[follow]`` of config.toml; a missing file is the defaults.

    A base URL that is not ``http://`` or ``https://``, an unknown service, or
    a category that is not one is reported in :attr:`ServiceConfig.problems`
    and ignored, and so is a file that cannot be read (a FIFO or a device, over
    :data:`~store.reading.MAX_CONFIG_BYTES`, not UTF-8). Never raises.
    """
    path = path or config_path()
    config = ServiceConfig()
    try:
        data = tomllib.loads(read_config_text(path))
    except MissingFileError:
        return config
    except InputError as error:  # not a regular file, too large, not UTF-8 (see store.reading)
        config.problems.append(f"{error}; using the default services")
        return config
    except tomllib.TOMLDecodeError as error:
        config.problems.append(f"{path}: cannot be read ({error}); using the default services")
        return config
    services = data.get("services", {})
    if not isinstance(services, dict):
        config.problems.append(f"{path}: [services] must be a table of service = \"URL\"")
        services = {}
    for name, url in services.items():
        if name not in DEFAULT_URLS:
            config.problems.append(f"{path}: services.{name}: unknown service (known: {', '.join(DEFAULT_URLS)})")
        elif not isinstance(url, str) or not re.match(r"^https?://[^\s/]+", url.strip()):
            config.problems.append(f"{path}: services.{name}: expected an http:// or https:// URL, got {url!r}")
        else:
            config.urls[name] = url.strip().rstrip("/")
    follow = data.get("follow", {})
    if not isinstance(follow, dict):
        config.problems.append(f"{path}: [follow] must be a table (huggingface = true, arxiv = [\"cs.CV\"])")
        follow = {}
    for name, value in follow.items():
        if name == HUGGINGFACE:
            if isinstance(value, bool):
                config.follow_huggingface = value
            else:
                config.problems.append(f"{path}: follow.huggingface: expected true or false, got {value!r}")
        elif name == ARXIV:
            categories = [value] if isinstance(value, str) else value
            if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
                config.problems.append(f"{path}: follow.arxiv: expected a list such as [\"cs.CV\"], got {value!r}")
                continue
            good = [c.strip() for c in categories if CATEGORY.match(c.strip())]
            for bad in (c for c in categories if not CATEGORY.match(c.strip())):
                config.problems.append(f"{path}: follow.arxiv: {bad!r} is not an arXiv category such as cs.CV")
            config.follow_arxiv = tuple(dict.fromkeys(good))
        else:
            config.problems.append(f"{path}: follow.{name}: unknown source (known: huggingface, arxiv)")
    return config

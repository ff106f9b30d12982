"""A library written by v0.1 opens in this version with nothing lost."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import orjson

from readlist.store import backups
from readlist.store.exporting import make_export
from readlist.store.library import ABSTRACTS_FILE, CATALOGUE_FILE, STATE_FILE, Library
from readlist.store.migrations import CURRENT
from readlist.store.models import BLANK_STATE, Status
from readlist.store.state_file import JOURNAL_FILE
from readlist.store.tags import normalise_tags
from tests.conftest import TEST_DATA
from tests.unit.faults import Faults

V01 = TEST_DATA / "library-v0.1"


def test_v01_library_upgrades_with_nothing_lost(home: Path) -> None:
    shutil.copytree(V01, home)
    old_catalogue = orjson.loads((V01 / CATALOGUE_FILE).read_bytes())["papers"]
    old_state = orjson.loads((V01 / STATE_FILE).read_bytes())["state"]

    library = Library.open(home)
    assert any("Upgraded catalogue.json from schema 1 to 3" in n for n in library.notices)

    # every paper, with every field, and every bit of reader state
    assert library.ids() == list(old_catalogue)
    for paper_id, doc in old_catalogue.items():
        paper = library.paper(paper_id)
        for name, value in doc.items():
            got = getattr(paper, name)
            assert (list(got) if isinstance(got, tuple) else got) == value, (paper_id, name)
        assert paper.keys  # the new field is filled
    for paper_id, doc in old_state.items():
        state = library.state(paper_id)
        assert (state.read, list(state.tags), state.note, state.title) == (
            doc["read"], doc["tags"], doc["note"], doc["title"],
        )
    wombat = library.entry(library.ids()[-1])
    assert wombat.note == "imported by the reader"

    # abstracts now live in their own file, and the catalogue holds none
    stored = orjson.loads((home / CATALOGUE_FILE).read_bytes())
    assert set(stored) == {"_meta", "papers"}
    assert not any("abstract" in doc for doc in stored["papers"].values())
    assert stored["_meta"]["schema"]["schema"] == CURRENT["catalogue"]
    lines = (home / ABSTRACTS_FILE).read_bytes().splitlines()
    assert len(lines) == 1 + len(old_catalogue)  # the schema record, then one per paper

    # the old files are kept for good in the backups, and re-importing still dedupes
    for name in (CATALOGUE_FILE, STATE_FILE):
        [original] = backups.originals_of(home, name)
        assert original.read_bytes() == (V01 / name).read_bytes()
    assert library.add_bundled().added == []
    assert len(Library.open(home)) == 98


def test_v01_state_upgrades_to_the_current_schema_keeping_every_tag(home: Path) -> None:
    """v0.1 papers have no keywords: every tag there is the reader's and stays."""
    shutil.copytree(V01, home)
    old_state = orjson.loads((V01 / STATE_FILE).read_bytes())["state"]

    library = Library.open(home)
    assert any(f"Upgraded state.json from schema 1 to {CURRENT['state']}" in n for n in library.notices)
    assert {pid: list(library.state(pid).tags) for pid in old_state} == {
        pid: doc["tags"] for pid, doc in old_state.items()}
    stored = orjson.loads((home / STATE_FILE).read_bytes())
    assert stored["_meta"]["schema"]["schema"] == CURRENT["state"] == 4


# -- keywords are no longer tags (state schema 2 to 3) -------------------------------

KEYWORDED_BIB = """\
@article{untouched, title = {Untouched Paper About Flows}, author = {Ann Able},
  keywords = {Computer Science - Machine Learning, Statistics - Machine Learning}, year = {2024}}
@article{noted, title = {Noted Paper About Diffusion}, author = {Bob Baker},
  keywords = {Computer Science - Machine Learning}, year = {2024}}
@article{retagged, title = {Retagged Paper About Transformers}, author = {Cy Cole},
  keywords = {Computer Science - Computation and Language, Deep Learning}, year = {2024}}
@article{pruned, title = {Pruned Paper About Agents}, author = {Di Dow},
  keywords = {Reinforcement Learning, Agents}, year = {2024}}
@article{queued, title = {Queued Paper About Reward Models}, author = {Ed Eve},
  keywords = {Reinforcement Learning}, year = {2024}}
@article{later, title = {Later Paper About Retrieval}, author = {Fay Fox},
  keywords = {Information Retrieval}, year = {2024}}
@article{plain, title = {Plain Paper Without Keywords}, author = {Gus Gray}, year = {2024}}
"""


def _library_as_readlist_0_2_left_it(home: Path, tmp_path: Path) -> tuple[Library, dict[str, str]]:
    """A library whose BibTeX import gave keywords as tags (state schema 2), then used by a reader."""
    bib = tmp_path / "refs.bib"
    bib.write_text(KEYWORDED_BIB)
    library = Library.open(home, bundled=False)
    [report] = library.import_files([bib])
    assert report.added == 7
    ids = {library.paper(pid).citation_key: pid for pid in library.ids()}
    with library._writing():  # what add_papers wrote for new papers up to state schema 2
        library._store_states({pid: BLANK_STATE.changed_now(tags=normalise_tags(library.paper(pid).keywords))
                               for pid in library.ids() if library.paper(pid).keywords})
    library.set_note(ids["noted"], "My own note.")
    library.edit_tags(ids["retagged"], "+mine")
    library.edit_tags(ids["pruned"], "-agents")
    library.set_status(ids["queued"], Status.TO_READ)
    library.set_tags(ids["plain"], ["reader-tag"])
    library.compact_state()  # every change in state.json, as schema 2 kept it (it had no journal)
    (home / JOURNAL_FILE).unlink()
    data = orjson.loads((home / STATE_FILE).read_bytes())
    assert data["_meta"]["schema"]["schema"] == CURRENT["state"]
    data["_meta"]["schema"]["schema"] = 2
    del data["_meta"]["journal"]
    # a reader's tag edit long after the import that left the keywords' tags as they were
    later = data["state"][ids["later"]]
    assert later["tags"] == ["information-retrieval"]
    later["changed"] = "2030-01-01T00:00:00.000Z"
    (home / STATE_FILE).write_bytes(orjson.dumps(data))
    return library, ids


def test_tags_only_an_import_gave_become_keywords_and_the_readers_stay(home: Path, tmp_path: Path) -> None:
    _, ids = _library_as_readlist_0_2_left_it(home, tmp_path)
    old = (home / STATE_FILE).read_bytes()

    library = Library.open(home, bundled=False)
    upgraded = f"Upgraded state.json from schema 2 to {CURRENT['state']} (the old file is kept in backups/)."
    assert upgraded in library.notices
    tags = {key: library.state(pid).tags for key, pid in ids.items()}
    assert tags == {
        "untouched": (),  # only the import gave them: gone from the tags
        "noted": ("computer-science-machine-learning",),  # the reader wrote a note: kept
        "retagged": ("computer-science-computation-and-language", "deep-learning", "mine"),  # edited: kept
        "pruned": ("reinforcement-learning",),  # the reader kept this one
        "queued": ("reinforcement-learning",),  # triaged: kept
        "later": ("information-retrieval",),  # changed long after the import: kept
        "plain": ("reader-tag",),
    }
    # the keywords stay the papers' keywords, nothing else of the state changes
    assert library.paper(ids["untouched"]).keywords == (
        "Computer Science - Machine Learning", "Statistics - Machine Learning")
    old_docs = orjson.loads(old)["state"]
    new_docs = orjson.loads((home / STATE_FILE).read_bytes())["state"]
    assert new_docs[ids["untouched"]] == {**old_docs[ids["untouched"]], "tags": []}
    assert {pid: doc for pid, doc in new_docs.items() if pid != ids["untouched"]} == {
        pid: doc for pid, doc in old_docs.items() if pid != ids["untouched"]}
    [original] = backups.originals_of(home, STATE_FILE)
    assert original.read_bytes() == old
    # the "notes and tags" export holds only what the reader tagged or noted
    export = make_export(library, list(library.entries()), "markdown")
    assert export.summary == "6 papers"
    assert b"Untouched Paper" not in export.payload and b"Noted Paper" in export.payload
    # and opening again changes nothing more
    again = Library.open(home, bundled=False)
    assert not any("Upgraded" in n for n in again.notices)
    assert again.state(ids["noted"]).tags == ("computer-science-machine-learning",)


def test_the_upgrade_to_keywords_is_all_or_nothing_when_it_cannot_be_written(home: Path, tmp_path: Path) -> None:
    _, ids = _library_as_readlist_0_2_left_it(home, tmp_path)
    old = (home / STATE_FILE).read_bytes()
    with Faults(errno.ENOSPC, at=1, only="write"):
        library = Library.open(home, bundled=False)
    assert library.read_only == "disk full"
    assert library.state(ids["untouched"]).tags == ()  # shown upgraded, in memory only
    assert library.state(ids["noted"]).tags == ("computer-science-machine-learning",)
    assert (home / STATE_FILE).read_bytes() == old
    again = Library.open(home, bundled=False)  # space freed: the upgrade goes through
    assert again.read_only is None and again.state(ids["untouched"]).tags == ()
    assert orjson.loads((home / STATE_FILE).read_bytes())["_meta"]["schema"]["schema"] == CURRENT["state"]

"""Full backups: store.exporters.backup out, store.importers.backup back in."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import orjson
import pytest

from readlist.store.errors import InputError
from readlist.store.exporters.backup import export_backup
from readlist.store.importers import backup
from readlist.store.importers.base import build_paper
from readlist.store.library import Library
from readlist.store.models import Paper, Status


@pytest.fixture
def used_library(library: Library) -> Library:
    """The bundled library plus an odd paper, with reader state and settings."""
    odd = build_paper(
        source="t.txt", source_format="test", title="Über “quotes” & {braces} \\ $x$ — ünïcödé 😀",
        abstract="An abstract\u00a0with odd spaces and ß.", authors=["Jürgen Müller", "Zoë O'Brien"],
        authors_count=5, org="ETH Zürich", date="Dec 9, 2024", votes=7, arxiv_id="2412.01234",
        doi="10.1000/ABC", url="https://example.org/ü?a=1", venue="NeurIPS", entry_type="inproceedings",
        citation_key="muller2024uber", keywords=["Deep Learning", "vision"],
    )
    library.add_papers([odd])
    ids = library.ids()
    library.set_status(ids[0], Status.READ)
    library.set_status(ids[0], Status.READING)
    library.set_priority(ids[1], 1)
    library.edit_tags([ids[1], odd.id], "+rl +video-gen")
    library.set_note(odd.id, "A note\n\n- with a list\n- and “quotes”\n")
    library.set_title(ids[2], "My own title")
    library.set_status(ids[3], Status.SKIPPED)
    library.set_setting("saved_searches", [{"name": "priorities", "query": "priority:1"}, {"name": "b", "query": "x"}])
    library.set_setting("sort", "date")
    library.set_setting("triage", None)
    return library


def settings_of(library: Library) -> dict:
    return {name: library.setting(name) for name in ("saved_searches", "sort", "triage")}


def test_round_trip_is_exact(used_library: Library) -> None:
    data = export_backup(used_library)
    result = backup.parse(data.decode(), "backup.json")
    assert result.format == "readlist-backup"
    assert result.rejected == []
    assert result.papers == [entry.paper for entry in used_library.entries()]  # every field, ids included
    assert len(result.papers) == 98
    assert result.states == dict(used_library.touched())
    assert len(result.states) == 5
    assert result.settings == settings_of(used_library)


def test_restored_papers_keep_their_ids(used_library: Library, tmp_path: Path) -> None:
    result = backup.parse(export_backup(used_library).decode(), "backup.json")
    other = Library.open(tmp_path / "other", bundled=False)
    report = other.add_papers(result.papers)
    assert report.added == used_library.ids()
    assert [e.paper for e in other.entries()] == [e.paper for e in used_library.entries()]


def test_two_backups_differ_only_in_their_time(used_library: Library) -> None:
    first, second = export_backup(used_library), export_backup(used_library)
    lines_first, lines_second = first.splitlines(), second.splitlines()
    assert lines_first[3].startswith(b'  "exported": "')
    assert lines_first[:3] + lines_first[4:] == lines_second[:3] + lines_second[4:]
    assert first.endswith(b"\n")


def test_layout(used_library: Library) -> None:
    data = export_backup(used_library)
    assert data.startswith(b'{\n  "format": "readlist-backup",\n  "version": 1,\n  "exported": "')
    doc = orjson.loads(data)
    assert list(doc) == ["format", "version", "exported", "settings", "states", "papers"]
    assert list(doc["states"]) == sorted(doc["states"])
    assert list(doc["settings"]) == ["saved_searches", "sort", "triage"]
    assert [p["id"] for p in doc["papers"]] == used_library.ids()
    # every field but where an import read a record (never stored)
    assert list(doc["papers"][0]) == [f.name for f in dataclasses.fields(Paper) if f.name != "line"]


def test_sniff(used_library: Library, seed_paths) -> None:
    assert backup.sniff(export_backup(used_library).decode()) == 100
    assert backup.sniff(' {"format" : "readlist-backup", "version": 1}') == 100
    assert backup.sniff('{"format": "other"}') == 0
    assert backup.sniff('{"papers": [{"format": "readlist-backup"}]}') == 0
    assert backup.sniff("[]") == 0
    for path in seed_paths:
        assert backup.sniff(path.read_text(encoding="utf-8")) == 0


def test_sniff_reads_only_the_beginning() -> None:
    late = '{"papers": [], ' + " " * 10_000 + '"format": "readlist-backup"}'
    assert backup.sniff(late) == 0


def test_newer_version_is_refused(used_library: Library) -> None:
    doc = orjson.loads(export_backup(used_library))
    doc["version"] = 2
    with pytest.raises(InputError) as caught:
        backup.parse(orjson.dumps(doc).decode(), "backup.json")
    assert str(caught.value) == "backup.json: a backup from a newer readlist (version 2)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{\n  "format": "readlist-backup",\n  "version": 1,\n  "papers": [,]\n}',
         "backup.json:4: not valid JSON (unexpected character, expected a JSON value, column 14)"),
        ('{"format": "readlist-backup", "version": 1', "backup.json:1: not valid JSON"),
        ('{"format": "csl-json"}', 'backup.json: not a readlist backup (no "format": "readlist-backup")'),
        ("[1, 2]", 'backup.json: not a readlist backup (no "format": "readlist-backup")'),
        ('{"format": "readlist-backup", "version": "1"}', "backup.json: a readlist backup with an invalid version"),
        ('{"format": "readlist-backup"}', "backup.json: a readlist backup with an invalid version (None)"),
        ('{"format": "readlist-backup", "version": 1, "papers": {}}',
         'backup.json: a damaged readlist backup ("papers" is not a list)'),
        ('{"format": "readlist-backup", "version": 1, "settings": []}',
         'backup.json: a damaged readlist backup ("settings" is not an object)'),
    ],
)
def test_broken_files_give_one_clear_line(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        backup.parse(text, "backup.json")
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_a_version_nested_1000_deep_is_shown_short() -> None:
    # repr() of it raised RecursionError
    with pytest.raises(InputError) as caught:
        backup.parse('{"format": "readlist-backup", "version": ' + "[" * 1_000 + "]" * 1_000 + "}", "backup.json")
    assert str(caught.value) == "backup.json: a readlist backup with an invalid version ([[[[[[[...]]]]]]])"


def test_bad_records_are_rejected_with_their_place(used_library: Library) -> None:
    doc = orjson.loads(export_backup(used_library))
    papers = doc["papers"]
    kept = papers[0]
    doc["papers"] = [
        kept, {**papers[1], "id": ""}, {k: v for k, v in papers[2].items() if k != "title"}, "text",
        {**papers[4], "authors": "Müller"}, {**papers[5], "votes": "many"}, {**papers[6], "future_field": 1},
    ]
    doc["states"] = {"a": {"status": "read", "tags": 5}, "b": [], "c": {"status": "no such", "priority": 9}}
    result = backup.parse(orjson.dumps(doc).decode(), "backup.json")
    assert [p.id for p in result.papers] == [kept["id"], papers[6]["id"]]  # unknown fields are ignored
    assert [str(e) for e in result.rejected] == [
        "backup.json: papers[1]: no id, not imported",
        "backup.json: papers[2]: no title, not imported",
        "backup.json: papers[3]: not an object, not imported",
        "backup.json: papers[4]: wrong type of authors, not imported",
        "backup.json: papers[5]: wrong type of votes, not imported",
        "backup.json: states['a']: wrong type of tags, not imported",
        "backup.json: states['b']: not an object, not imported",
    ]
    assert result.states["c"].status == Status.NEW and result.states["c"].priority == 0


def test_missing_parts_are_empty() -> None:
    result = backup.parse('{"format": "readlist-backup", "version": 1}', "backup.json")
    assert (result.papers, result.states, result.settings, result.rejected) == ([], {}, {}, [])


def test_states_and_settings_of_the_wrong_type_are_rejected_not_stored(empty_library: Library, tmp_path: Path) -> None:
    # they were stored as they were: a value nested 300 deep made saving the library fail
    # (StorageError), a list as a saved search's name raised TypeError, and a note, title or
    # history of the wrong type would have broken the library later
    deep = "[" * 300 + "]" * 300
    text = ('{"format": "readlist-backup", "version": 1, "papers": [{"id": "p1", "title": "A title"}],\n'
            ' "states": {"p1": {"status": "read", "note": ' + deep + ', "title": [1]},'
            ' "p2": {"history": [["read"]]}},\n'
            ' "settings": {"sort": ' + deep + ', "saved_searches": [{"name": [1], "query": "x"}], "query_history": 3,'
            ' "triage": {"ids": [], "decisions": []}, "theme": "dark"}}')
    result = backup.parse(text, "backup.json")
    assert [str(e) for e in result.rejected] == [
        "backup.json: states['p1']: wrong type of note, title, not imported",
        "backup.json: states['p2']: wrong type of history, not imported",
        "backup.json: settings['sort']: wrong type, not imported",
        "backup.json: settings['saved_searches']: wrong type, not imported",
        "backup.json: settings['query_history']: wrong type, not imported",
        "backup.json: settings['triage']: wrong type, not imported",
    ]
    assert result.settings == {"theme": "dark"}
    path = tmp_path / "backup.json"
    path.write_text(text)
    [report] = empty_library.import_files([path])
    assert (report.error, report.added, report.restored) == (None, 1, 0)
    assert empty_library.settings() == {"theme": "dark"}  # only the one of the right shape

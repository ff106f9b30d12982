"""A JSON backup imported into a new library gives the same library (the move to a new machine)."""

from __future__ import annotations

from pathlib import Path

from readlist.store.exporters.backup import export_backup
from readlist.store.importers import build_paper
from readlist.store.library import Library
from readlist.store.models import Status


def test_backup_round_trip_restores_everything(library: Library, tmp_path: Path) -> None:
    ids = library.ids()
    library.add_papers([build_paper(source="mine.bib", source_format="bibtex", title="Über Wömbats",
                                    authors=["Zoë Ångström"], doi="10.1234/w", keywords=["animals"])])
    library.decide(ids[0], Status.TO_READ, priority=2)
    library.set_note(ids[1], "# a note\n\nwith *Markdown*")
    library.set_title(ids[2], "My title")
    library.edit_tags(ids[:5], "+batch")
    library.set_status(ids[6], Status.SKIPPED)
    library.set_setting("saved_searches", [{"name": "batch", "query": "tag:batch"}])
    library.set_setting("sort", "date")

    backup = tmp_path / "backup.json"
    backup.write_bytes(export_backup(library))
    fresh = Library.open(tmp_path / "new", bundled=False)
    [report] = fresh.import_files([backup])
    assert report.format == "readlist-backup" and report.added == 98 and report.rejected == []

    assert fresh.ids() == library.ids()
    for paper_id in library.ids():
        assert fresh.paper(paper_id) == library.paper(paper_id)  # every field, abstract, arrival time, source
    assert dict(fresh.touched()) == dict(library.touched())  # statuses with history, priorities, tags, notes, titles
    assert fresh.settings() == library.settings()

    # and into the original library: nothing changes (all present, nothing newer)
    [again] = library.import_files([backup])
    assert (again.added, again.merged, again.restored) == (0, 0, 0)

"""readlist's core: papers, the reader's state, storage, import, export, search.

This package never imports Textual; it can be used from scripts::

    from readlist.store.library import Library
    library = Library.open()            # the reader's library (or $READLIST_HOME)
    for entry in library.entries():
        print(entry.title, entry.tags)
"""

if __name__ != "readlist.store":  # the repository's top-level folder imported by mistake
    raise ImportError(f"readlist's store/ is imported as readlist.store (after `pip install -e .`), not as {__name__}")

__version__ = "0.1.0"

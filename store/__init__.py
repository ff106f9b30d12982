"""readlist's core: papers, the reader's state, storage, import, export, search.

This package never imports Textual; it can be used from scripts::

    from store.library import Library
    library = Library.open()            # the reader's library (or $READLIST_HOME)
    for entry in library.entries():
        print(entry.title, entry.tags)
"""

__version__ = "0.1.0"

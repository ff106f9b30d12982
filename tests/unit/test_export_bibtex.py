"""BibTeX export (store.exporters.bibtex), read back with bibtexparser 2."""

from __future__ import annotations

import dataclasses

import bibtexparser
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from readlist.store.exporters.bibtex import bibtex_name, citation_keys, export_bibtex, generated_key, latex
from readlist.store.importers.base import build_paper
from readlist.store.library import Library
from readlist.store.models import Entry, Paper


def _latex_to_text() -> LatexNodes2Text:
    """pylatexenc as bibtexparser configures it, plus standard LaTeX2e text commands it lacks."""
    context = get_default_latex_context_db()
    context.add_context_category("latex2e-text-commands", prepend=True, macros=[
        MacroTextSpec(name, simplify_repl=text) for name, text in [
            ("textbraceleft", "{"), ("textbraceright", "}"), ("textless", "<"), ("textgreater", ">"),
            ("textbar", "|"), ("textasciicircum", "^"),
        ]
    ])
    return LatexNodes2Text(latex_context=context, math_mode="verbatim")


LATEX_TO_TEXT = _latex_to_text()


def parse(text: str, *, decode: bool = True) -> dict[str, bibtexparser.model.Entry]:
    """The entries of ``text`` by key, checking that nothing failed to parse."""
    middlewares = [LatexDecodingMiddleware(decoder=LATEX_TO_TEXT)] if decode else []
    library = bibtexparser.parse_string(text, append_middleware=middlewares)
    assert library.failed_blocks == []
    assert len({e.key for e in library.entries}) == len(library.entries)
    return {e.key: e for e in library.entries}


def paper(title: str, **fields) -> Paper:
    return build_paper(source="t.bib", source_format="test", title=title, **fields)


def fields_of(entry: bibtexparser.model.Entry) -> dict[str, str]:
    return {f.key: f.value for f in entry.fields}


ODD = [
    paper("Attention Is All You Need", authors=["Ashish Vaswani", "Noam Shazeer", "Łukasz Kaiser"],
          date="2017-06-12", venue="Advances in Neural Information Processing Systems",
          entry_type="inproceedings", doi="10.5555/3295222.3295349", arxiv_id="1706.03762",
          url="https://papers.nips.cc/paper/7181-attention-is-all-you-need.pdf?a=1&b=%20"),
    paper("Über Café-Strukturen: façade & 100% {Braces} in $x_1$ #tags ~ ^ <> | \\ back",
          authors=["Jürgen Müller", "François Ça Ğüneş", "Ludwig van Beethoven", "Martin Luther King Jr.",
                   "Núñez, José", "Tom and Jerry"],
          date="Dec 9, 2024", arxiv_id="2412.01234", abstract="Straße, æsthetics, ø, Ångström, Đ, “quoted” – …"),
    paper("A lone } brace and a lone { one", date="Oct 13", venue="Journal of Odd Things"),
    paper("深度学习 and Ελληνικά", authors=["王小明"], venue="arXiv"),
]


def test_escaping() -> None:
    assert latex("é ü ç ß") == r"{\'e} {\"u} {\c{c}} {\ss}"
    assert latex("& % $ # _ \\") == r"\& \% \$ \# \_ \textbackslash{}"
    assert latex("{x}") == r"\{x\}"
    assert latex("a } b {") == r"a \textbraceright{} b \textbraceleft{}"
    assert latex("í ǐ ệ Å") == r"{\'\i} {\v{\i}} {\^{\d{e}}} {\AA}"
    assert latex("漢字 α") == "漢字 α"  # no LaTeX spelling here: kept as UTF-8
    assert latex("two\n  lines\t\x00end") == "two lines end"
    assert latex("a -- b --- c ``q'' ?`") == "a -{}- b -{}-{}- c `{}`q'{}' ?{}`"  # no ligatures
    assert bibtex_name("Jürgen Müller") == r"M{\"u}ller, J{\"u}rgen"
    assert bibtex_name("Ludwig van Beethoven") == "van Beethoven, Ludwig"
    assert bibtex_name("Martin Luther King Jr.") == "King, Jr., Martin Luther"
    assert bibtex_name("Núñez, José") == r"N{\'u}{\~n}ez, Jos{\'e}"
    assert bibtex_name("Plato") == "Plato"
    assert bibtex_name("Tom and Jerry") == "Jerry, Tom {and}"


def test_odd_papers_round_trip_through_bibtexparser(empty_library: Library) -> None:
    empty_library.add_papers(ODD)
    ids = empty_library.ids()
    empty_library.edit_tags(ids[0], "+nlp +my_tag")
    text = export_bibtex(empty_library.entries())
    assert text.isascii() is False  # the CJK and Greek title stays UTF-8
    assert text.replace("深度学习", "").replace("Ελληνικά", "").replace("王小明", "").isascii()
    decoded, raw = parse(text), parse(text, decode=False)
    assert list(decoded) == ["vaswani2017attention", "muller2024uber", "lone", f"paper{ids[3]}"]
    by_id = dict(zip(ids, decoded.values(), strict=True))
    raw_by_id = dict(zip(ids, raw.values(), strict=True))
    for paper_id, entry in by_id.items():
        original = empty_library.entry(paper_id).paper
        values = fields_of(entry)
        assert values["title"] == original.title
        if original.authors:
            expected = [bibtex_name(a) for a in original.authors]
            assert values["author"] == " and ".join(parse_name(n) for n in expected)
        for field, value in [("doi", original.doi), ("eprint", original.arxiv_id), ("url", original.url)]:
            assert fields_of(raw_by_id[paper_id]).get(field, "") == value
        if original.abstract:
            assert values["abstract"] == original.abstract

    vaswani = fields_of(by_id[ids[0]])
    assert by_id[ids[0]].entry_type == "inproceedings"
    assert vaswani["booktitle"] == "Advances in Neural Information Processing Systems"
    assert (vaswani["year"], vaswani["month"]) == ("2017", "jun")
    assert vaswani["archivePrefix"] == "arXiv"
    assert vaswani["keywords"] == "my_tag, nlp"
    assert vaswani["author"] == "Vaswani, Ashish and Shazeer, Noam and Kaiser, Łukasz"

    muller = fields_of(by_id[ids[1]])
    assert by_id[ids[1]].entry_type == "misc"  # an arXiv preprint
    assert muller["author"].split(" and ") == [
        "Müller, Jürgen", "Ğüneş, François Ça", "van Beethoven, Ludwig", "King, Jr., Martin Luther",
        "Núñez, José", "Jerry, Tom and",
    ]
    assert (muller["year"], muller["month"]) == ("2024", "dec")

    lone = fields_of(by_id[ids[2]])
    assert by_id[ids[2]].entry_type == "article" and lone["journal"] == "Journal of Odd Things"
    assert "year" not in lone and "month" not in lone  # "Oct 13" has no year: none is invented

    cjk = by_id[ids[3]]
    assert cjk.entry_type == "misc" and fields_of(cjk)["howpublished"] == "arXiv"


def parse_name(name: str) -> str:
    """A name as written by bibtex_name, LaTeX-decoded."""
    return LATEX_TO_TEXT.latex_to_text(name)


def test_every_bundled_paper_round_trips(library: Library) -> None:
    library.set_note(library.ids()[0], "A note with 50% & $math$\n\nand a second paragraph.")
    library.edit_tags(library.ids()[:3], "+video_gen +rl")
    # a title to escape: the reader's own, as the bundled titles are plain text now (issue 15)
    library.set_title(library.ids()[10], r"Uni$\textbf{F}^2$ace: 50% & {braces}")
    text = export_bibtex(library.entries(), notes=True)
    entries = parse(text)
    assert len(entries) == 97
    by_id = dict(zip(library.ids(), entries.values(), strict=True))
    tricky = library.entry(library.ids()[10])
    assert "$" in tricky.title and "\\textbf" in tricky.title
    for entry in library.entries():
        values = fields_of(by_id[entry.id])
        assert values["title"] == entry.title
        assert values["abstract"] == " ".join(entry.paper.abstract.split())
        assert values.get("keywords", "") == ", ".join(entry.tags)
        assert values.get("note", "") == " ".join(entry.note.split())
        assert "year" not in values or entry.paper.date.endswith(values["year"])
    assert fields_of(by_id[library.ids()[0]])["note"] == "A note with 50% & $math$ and a second paragraph."


def test_keys_are_stable_and_unique(library: Library) -> None:
    first = export_bibtex(library.entries())
    second = export_bibtex(library.entries())
    assert first == second
    assert list(parse(first, decode=False)) == list(parse(second, decode=False))
    assert export_bibtex([]) == ""


def test_notes_only_on_request(library: Library) -> None:
    paper_id = library.ids()[0]
    library.set_note(paper_id, "secret")
    assert "note = " not in export_bibtex(library.entries([paper_id]))
    assert "note = {secret}," in export_bibtex(library.entries([paper_id]), notes=True)


def test_generated_keys() -> None:
    assert generated_key(ODD[0]) == "vaswani2017attention"
    assert generated_key(ODD[1]) == "muller2024uber"  # accents folded, surname without particles
    assert generated_key(ODD[2]) == "lone"  # no author, no year (and none invented)
    assert generated_key(paper("On the 3 Ways of Doing", authors=["Ludwig van Beethoven"])) == "beethovenways"
    assert generated_key(ODD[3]) == f"paper{ODD[3].id}"


def test_colliding_keys_get_letters_in_order_of_addition() -> None:
    a, b, c = (
        dataclasses.replace(paper(title, authors=["Ashish Vaswani"], date="2017"), added=added)
        for title, added in [("Attention Is All You Need", "2020-01-02"), ("Attention Again", "2020-01-01"),
                             ("Attention, Once More", "2020-01-03")]
    )
    given = dataclasses.replace(paper("Something Else"), citation_key="vaswani2017attention")
    bad = dataclasses.replace(paper("Bad Key"), citation_key="has space, and comma")
    expected = {b.id: "vaswani2017attentiona", a.id: "vaswani2017attentionb", c.id: "vaswani2017attentionc",
                given.id: "vaswani2017attention", bad.id: "bad"}
    assert citation_keys([a, b, c, given, bad]) == expected
    assert citation_keys([bad, given, c, b, a]) == expected
    text = export_bibtex([Entry(p) for p in (a, b, c, given, bad)])
    assert set(parse(text)) == set(expected.values())


@pytest.mark.parametrize(("kind", "field"), [("techreport", "institution"), ("phdthesis", "school"),
                                             ("book", "publisher"), ("unpublished", "howpublished")])
def test_venue_field_follows_the_entry_type(kind: str, field: str) -> None:
    text = export_bibtex([Entry(paper("T", venue="Somewhere", entry_type=kind))])
    (entry,) = parse(text).values()
    assert entry.entry_type == kind and fields_of(entry)[field] == "Somewhere"


def test_unknown_entry_type_falls_back() -> None:
    text = export_bibtex([Entry(paper("T", venue="Nature", entry_type="dataset")),
                          Entry(paper("U", entry_type="software"))])
    assert [e.entry_type for e in parse(text).values()] == ["article", "misc"]


def test_keywords_are_the_papers_keywords_then_the_readers_other_tags(empty_library: Library) -> None:
    empty_library.add_papers([
        paper("Keyworded", keywords=["Computer Science - Machine Learning", "Graph Neural Networks"]),
        paper("Plain one"),
    ])
    keyworded, plain = empty_library.ids()
    assert "keywords" not in export_bibtex(empty_library.entries([plain]))
    first = fields_of(next(iter(parse(export_bibtex(empty_library.entries([keyworded]))).values())))
    assert first["keywords"] == "Computer Science - Machine Learning, Graph Neural Networks"
    empty_library.edit_tags([keyworded, plain], "+graph-neural-networks +to-cite")
    by_title = {fields_of(e)["title"]: fields_of(e) for e in parse(export_bibtex(empty_library.entries())).values()}
    assert by_title["Keyworded"]["keywords"] == "Computer Science - Machine Learning, Graph Neural Networks, to-cite"
    assert by_title["Plain one"]["keywords"] == "graph-neural-networks, to-cite"

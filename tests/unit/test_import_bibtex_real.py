r"""The BibTeX importer on patterns from real bibliographies: undefined
``@string`` macros, ``crossref`` inheritance, LaTeX in titles (math with
grouped superscripts, TeX logos, unknown macros), months with days.

The fixtures in ``tests/data/bibtex/real/`` are small files written after
real ones (a group's shared database with its macros kept elsewhere, DBLP,
cryptobib, Google Scholar, JabRef).
"""

from __future__ import annotations

import random
import time

import pytest

from readlist.store.importers import bibtex, latex, latex_decoder
from readlist.store.importers.base import ParseResult
from readlist.store.importers.latex import latex_to_text
from readlist.store.models import Paper
from readlist.store.text import one_line, read_text
from tests.conftest import TEST_DATA

REAL = TEST_DATA / "bibtex" / "real"


def parse_fixture(name: str) -> ParseResult:
    return bibtex.parse(read_text(REAL / name), name)


def parse(text: str) -> ParseResult:
    return bibtex.parse(text, "inline.bib")


def by_key(result: ParseResult) -> dict[str, Paper]:
    return {paper.citation_key: paper for paper in result.papers}


def messages(result: ParseResult) -> list[str]:
    return [str(warning) for warning in result.warnings]


# -- LaTeX to text ----------------------------------------------------------


@pytest.mark.parametrize(("source", "text"), [
    # accents and special letters
    (r"{\"u}ber \"{u}ber", "über über"),
    (r"\'{e}t\'{e} {\'e}t{\'e}", "été été"),
    (r"{\c{c}}a \c{C}a", "ça Ça"),
    (r"\v{C}ech Dvo\v{r}\'{a}k", "Čech Dvořák"),
    (r"Stra\ss{}e {\O}stergaard Na\"{\i}ve", "Straße Østergaard Naïve"),
    # escapes, ligatures, spaces
    (r"R\&D {\_}x 50\% \$5 \#1", "R&D _x 50% $5 #1"),
    ("pages 1--10, a---b", "pages 1–10, a—b"),
    ("Results~on CIFAR", "Results on CIFAR"),
    (r"Jean{-}Marc", "Jean-Marc"),
    # text formatting keeps its text
    (r"\emph{Deep} \textbf{Nets} \textit{for} \textsc{All} \texttt{code} {\em you} {\bf me}",
     "Deep Nets for All code you me"),
    (r"5\textsuperscript{th} edition", "5th edition"),
    # links
    (r"\url{https://example.org/a_b}", "https://example.org/a_b"),
    (r"see \href{https://example.org}{the project page}", "see the project page"),
    # nested braces
    (r"{{Nested {Braces} {{Deep}}}}", "Nested Braces Deep"),
    (r"{BERT}: {P}re-training", "BERT: Pre-training"),
    # TeX logos
    (r"Journal of \LaTeX{} Studies", "Journal of LaTeX Studies"),
    (r"\TeX, \LaTeXe{} and \BibTeX\ tools", "TeX, LaTeX2ε and BibTeX tools"),
    # unknown macros keep their argument
    (r"\unknownmacro{kept text} here", "kept text here"),
    (r"\mbox{-2} and \hbox{box}", "-2 and box"),
    # math: Greek, symbols, alphabets
    (r"$\alpha$-divergence and {$\beta$}-VAE", "α-divergence and β-VAE"),
    (r"$\Gamma$ and $x \leq \infty$", "Γ and x ≤ ∞"),  # an operator is set off by spaces
    (r"\ensuremath{\alpha} test", "α test"),
    (r"$\mathcal{O}(n \log n)$ time", "𝒪(n log n) time"),
    (r"$\mathbf{x}$ and $\boldsymbol{\theta}$", "x and θ"),
    (r"$\mathbb{R}^n$", "ℝⁿ"),
    (r"$\frac{1}{2}$", "1/2"),
    (r"$\|x\|_2$", "‖x‖₂"),
    # superscripts and subscripts keep their grouping
    (r"$x^2$ and $\ell_1$", "x² and ℓ₁"),
    (r"$x^{2}$", "x²"),
    (r"$x^{10}$ $x^{-2}$ $x_{10}$", "x¹⁰ x⁻² x₁₀"),
    (r"$x_{ij}$ and $2^{n/2}$", "xᵢⱼ and 2ⁿᐟ²"),
    (r"$O(n^{1.5})$", "O(n^(1.5))"),
    (r"$x^\alpha$", "xᵅ"),
    (r"$45^{\circ}$ and $90^\circ$", "45° and 90°"),
    (r"$f^{\prime}$", "f′"),
    (r"lambda\({}^{\mbox{-2}}\)", "lambda⁻²"),
    (r"{$T=O(2^{n/2}), S=O(2^{n/4})$}", "T=O(2ⁿᐟ²), S=O(2ⁿᐟ⁴)"),
    (r"{AI}-$45^{\circ}$ Law", "AI-45° Law"),
    # nothing to do
    ("Plain title, nothing to do", "Plain title, nothing to do"),
    ("It's a cross-entropy loss", "It's a cross-entropy loss"),
])
def test_latex_becomes_text(source: str, text: str) -> None:
    assert one_line(latex_to_text(source)) == text  # one_line as build_paper does (~ is a no-break space)


@pytest.mark.parametrize(("title", "text"), [
    (r"Normalization by Evaluation for lambda\({}^{\mbox{-2}}\)", "Normalization by Evaluation for lambda⁻²"),
    (r"A {$T=O(2^{n/2}), S=O(2^{n/4})$} Algorithm for Certain {NP}-Complete Problems",
     "A T=O(2ⁿᐟ²), S=O(2ⁿᐟ⁴) Algorithm for Certain NP-Complete Problems"),
    (r"Towards {AI}-$45^{\circ}$ Law: A Roadmap to Trustworthy {AGI}",
     "Towards AI-45° Law: A Roadmap to Trustworthy AGI"),
])
def test_titles_from_real_files_keep_their_math(title: str, text: str) -> None:
    [paper] = parse(f"@article{{k, title = {{{title}}}}}").papers
    assert paper.title == text


def test_odd_latex_never_raises() -> None:
    """Broken LaTeX of every kind gives text, never an exception (it fails by raising).

    Some of it still leaves a backslash (``\\sqrt[3]$\\[`` gives ``\\[3]``): pylatexenc keeps
    what it cannot parse, and so does readlist rather than guess."""
    pieces = ["\\", "{", "}", "$", "^", "_", "~", "--", "%", "&", "#", "\\(", "\\)", "\\[", "\\begin{x}",
              "\\end{y}", "\\frac", "\\href", "\\url", "\\'", '\\"', "\\c", "\\mbox", "a", "b c", "{\\em",
              "\\verb|", "\\\\", "\\item", "\\sqrt[3]", "\\left(", "\\right", "x^{", "_{"]
    rng = random.Random(7)
    for _ in range(1500):
        value = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        text = latex_to_text(value)
        assert isinstance(text, str)


def test_when_pylatexenc_fails_only_macro_names_braces_and_dollars_go(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def latex_to_text(self, *args: object, **kwargs: object) -> str:
            raise ValueError("boom")

    latex.decode_latex.cache_clear()
    monkeypatch.setattr(latex_decoder, "_converter", lambda: Broken())
    try:
        assert latex_to_text(r"A \emph{word} with \& and $x^{2}$") == "A word with & and x^2"
    finally:
        latex.decode_latex.cache_clear()


# -- name lists -------------------------------------------------------------


@pytest.mark.parametrize(("authors", "names"), [
    ("Knuth, Donald E. and Lamport, Leslie", ("Donald E. Knuth", "Leslie Lamport")),
    ("A. Smith AND B. Jones And C. Wu", ("A. Smith", "B. Jones", "C. Wu")),
    ("{Simon and Schuster} and Doe, J.", ("Simon and Schuster", "J. Doe")),
    ("Jean{-}Marc Andr{\\'e} and \\'{E}mile Zola", ("Jean-Marc André", "Émile Zola")),  # the escape stays
    ("Sand, Anna and Anderson, Bo", ("Anna Sand", "Bo Anderson")),
    ("Tom~and~Jerry", ("Tom and Jerry",)),  # a tie is not a space: one name
    ("Doe, J. and", ("J. Doe",)),  # what an undefined macro at the end leaves
    ("and and", ()),
])
def test_author_lists_are_split_at_and(authors: str, names: tuple[str, ...]) -> None:
    [paper] = parse(f"@article{{k, title = {{T}}, author = {{{authors}}}}}").papers
    assert paper.authors == names


# -- @string macros -----------------------------------------------------------


def test_undefined_macros_are_empty_and_warned_once_per_name() -> None:
    result = parse_fixture("macros_iridia_style.bib")
    papers = by_key(result)
    assert result.rejected == [] and len(result.papers) == 5  # every entry is kept
    assert papers["AhoHopUll83"].authors == ("A. V. Aho", "J. D. Ullman")  # not "AhoandHopcroftandUllman"
    assert papers["DorStu2005ejor"].authors == ("Marco Dorigo", "Thomas Stützle")
    assert papers["DorStu2005ejor"].venue == "European Journal of Operational Research"
    assert papers["Ach2009mpc"].venue == ""  # not "mpc"
    assert papers["Unknown2010"].authors == ("Marco Dorigo",)
    assert papers["Unknown2010"].venue == ""
    assert messages(result) == [
        "macros_iridia_style.bib:18: undefined @string 'Hopcroft' (entry 'AhoHopUll83', field author)",
        "macros_iridia_style.bib:37: undefined @string 'mpc' (entry 'Ach2009mpc', field journal); used 2 times",
        "macros_iridia_style.bib:47: undefined @string 'elsevier' (entry 'Stu2006or', field publisher)",
        "macros_iridia_style.bib:52: undefined @string 'Ghost' (entry 'Unknown2010', field author)",
    ]


def test_month_macros_are_predefined() -> None:
    text = """@string{Jan = "Januar"}
@article{a, title = {A}, year = 2024, month = feb}
@article{b, title = "Issue of " # DEC, year = 2024, month = Dec}
"""
    result = parse(text)
    a, b = result.papers
    assert (a.date, b.date, b.title) == ("2024-02", "2024-12", "Issue of December")
    assert result.warnings == []


def test_macros_in_macros_have_their_value_at_that_point() -> None:
    text = """@string{v = "base"}
@string{v = v # " more"}
@string{early = late # "!"}
@string{late = "Late"}
@article{a, title = {A}, journal = v, publisher = late}
@article{b, title = {B}, journal = early}
@article{c, title = {C}, journal = "Vol. " # 12 # " of " # v}
"""
    result = parse(text)
    a, b, c = result.papers
    assert a.venue == "base more"
    assert b.venue == "!"  # 'late' was not defined yet, as in BibTeX
    assert c.venue == "Vol. 12 of base more"
    assert messages(result) == ["inline.bib:3: undefined @string 'late' (@string 'early')"]


def test_an_undefined_macro_in_every_field_keeps_the_entry() -> None:
    text = "@article{k, title = T1, author = A1 # and # A2, journal = J, year = Y, doi = {10.1000/x}}"
    result = parse(text)
    [paper] = result.papers
    assert (paper.title, paper.authors, paper.venue, paper.date) == ("doi:10.1000/x", (), "", "")
    assert len(result.warnings) == 6 and all(w.line == 1 for w in result.warnings)


# -- crossref -----------------------------------------------------------------


def test_crossref_children_inherit_from_their_parent() -> None:
    result = parse_fixture("crossref.bib")
    papers = by_key(result)
    assert result.rejected == []
    # the containers that are cross-referenced are not papers; the book nobody cross-references is
    assert list(papers) == [
        "child2021crossref", "second2021", "grandchild2009", "chapter1968", "inperiodical2020",
        "orphan2019", "orphan2019b", "standalone2018", "uncited2017",
    ]
    child = papers["child2021crossref"]
    assert child.venue == "Proceedings of the 38th International Conference on Machine Learning (ICML)"
    assert (child.date, child.doi, child.url) == ("2021-07", "", "")  # the parent's DOI and URL are its own
    second = papers["second2021"]  # key matched ignoring case; its own year and DOI win
    assert (second.venue, second.date, second.doi) == (child.venue, "2020", "10.5555/second.2021")
    grandchild = papers["grandchild2009"]  # parent title becomes the booktitle; date through the parent
    assert (grandchild.venue, grandchild.date) == ("Learning and Intelligent Optimization, Third International "
                                                   "Conference, LION 3", "2009-01-14")
    chapter = papers["chapter1968"]
    assert (chapter.authors, chapter.venue, chapter.date) == (("Donald E. Knuth",), "The Art of Computer "
                                                              "Programming", "1968")
    assert (papers["inperiodical2020"].venue, papers["inperiodical2020"].date) == ("Journal of Examples", "2020-03")
    assert (papers["orphan2019"].venue, papers["orphan2019"].date) == ("", "")
    assert messages(result) == [
        "crossref.bib:77: entry 'orphan2019': crossref 'CEC2019' is not an entry of this file, "
        "nothing inherited; named by 2 entries",
    ]


def test_a_parent_that_is_a_paper_is_kept_and_gives_only_what_is_missing() -> None:
    text = """@inproceedings{workshop, title = {Workshop Paper}, booktitle = {Workshop W}, year = 2019,
  month = may, doi = {10.1000/w}}
@inproceedings{extended, title = {Extended Paper}, crossref = {workshop}, booktitle = {}}
"""
    result = parse(text)
    workshop, extended = result.papers
    assert (workshop.title, workshop.doi) == ("Workshop Paper", "10.1000/w")
    assert (extended.venue, extended.date, extended.doi) == ("Workshop W", "2019-05", "")


def test_crossref_loops_and_odd_keys_end() -> None:
    text = """@inproceedings{a, title = {A}, crossref = {b}}
@inproceedings{b, title = {B}, crossref = {a}, year = 2020}
@inproceedings{c, title = {C}, crossref = {c}}
@inproceedings{d, title = {D}, crossref = {}}
@inproceedings{e, title = {E}, crossref = undefinedkey}
"""
    result = parse(text)
    assert [p.citation_key for p in result.papers] == ["a", "b", "c", "d", "e"]
    assert messages(result) == ["inline.bib:5: undefined @string 'undefinedkey' (entry 'e', field crossref)"]


# -- months and days ----------------------------------------------------------


@pytest.mark.parametrize(("date_fields", "date"), [
    ('year = 2022, month = jan # "~15"', "2022-01-15"),
    ('year = 2022, month = "15~" # jan', "2022-01-15"),
    ("year = 2022, month = {March 3}", "2022-03-03"),
    ("year = 2022, month = {Sept.}", "2022-09"),
    ("year = 2022, month = {SEPTEMBER}", "2022-09"),
    ('year = 2022, month = jan # "--" # feb', "2022-01"),
    ("year = 2022, month = {7}", "2022-07"),
    ("year = 2022, month = {1--2}", "2022"),
    ("year = 2023, month = feb # { 30}", "2023-02"),  # no such day
    ("year = 2024, month = feb # { 29}", "2024-02-29"),
    ("year = 2022, month = jan # {~15}, day = {20}", "2022-01-20"),  # the day field wins
    ("year = 2022, month = {Winter}", "2022"),
])
def test_months_with_days(date_fields: str, date: str) -> None:
    [paper] = parse(f"@misc{{k, title = {{T}}, {date_fields}}}").papers
    assert paper.date == date


# -- the fixtures as a whole ----------------------------------------------------


def test_real_titles_keep_their_text() -> None:
    papers = by_key(parse_fixture("latex_titles.bib"))
    assert {key: paper.title for key, paper in papers.items()} == {
        "AltenkirchU04": "Normalization by Evaluation for lambda⁻²",
        "schroeppel1981t": "A T=O(2ⁿᐟ²), S=O(2ⁿᐟ⁴) Algorithm for Certain NP-Complete Problems",
        "yang2024ai45law": "Towards AI-45° Law: A Roadmap to Trustworthy AGI",
        "latexmarkup2018": "On Emphasis, Italics and Bold in Titles & Abstracts: the ℓ₁ case",
        "logos2020": "TeX, LaTeX2ε and BibTeX for 𝒪(n) readers",
        "dayfirst2021": "A ‖x‖₂ bound for x⁻¹ and ℝⁿ",
        "unknownmacro2022": "Keep GraphX and [opt]argument text",
    }
    assert papers["latexmarkup2018"].venue == "Journal of LaTeX Studies"
    assert papers["AltenkirchU04"].doi == "10.1007/978-3-540-24754-8_19"
    assert papers["logos2020"].authors == ("Jean-Marc André", "Lise Østergaard", "Émile Zola")
    assert (papers["logos2020"].date, papers["dayfirst2021"].date) == ("2020-01-15", "2021-02-03")
    assert papers["dayfirst2021"].keywords == ("Straße", "Naïve Bayes", "Çelik")
    assert papers["unknownmacro2022"].date == "2022-09"


@pytest.mark.parametrize("name", sorted(path.name for path in REAL.glob("*.bib")))
def test_no_latex_left_in_the_fixtures(name: str) -> None:
    result = parse_fixture(name)
    assert result.papers and result.rejected == []
    for paper in result.papers:
        for text in (paper.title, paper.venue, paper.abstract, *paper.authors, *paper.keywords):
            assert "\\" not in text and "$" not in text, (paper.citation_key, text)
            if "^{" not in text and "_{" not in text:  # grouped scripts are meant
                assert "{" not in text and "}" not in text, (paper.citation_key, text)
            assert "  " not in text and text == text.strip()
    assert all(warning.line is not None and warning.source == name for warning in result.warnings)


def test_a_chain_of_a_thousand_crossrefs_is_resolved_without_recursion() -> None:
    # each link was a recursive call: RecursionError after some 500 links
    chain = "".join(f"@inproceedings{{k{n}, title={{Paper {n}}}, crossref={{k{n + 1}}}}}\n" for n in range(1_000))
    result = parse(chain + "@inproceedings{k1000, title={Last}, booktitle={The Venue}, year=2024}\n")
    assert len(result.papers) == 1_001
    assert {(paper.venue, paper.date) for paper in result.papers} == {("The Venue", "2024")}


def test_a_long_run_of_spaces_in_latex_takes_linear_time() -> None:
    # pylatexenc gathers a run of spaces in quadratic time: 600,000 took some 8 s
    started = time.perf_counter()
    assert latex_to_text("$x" + " " * 600_000 + "y$") == "x y"
    assert time.perf_counter() - started < 2

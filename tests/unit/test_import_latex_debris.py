r"""Titles and abstracts come out as text in every format (issue 15): no LaTeX debris.

Each format's fixture holds the same defects as that format has them: math
(``$n^{5/2}$``, ``$O(n^2)$``, ``$x_i$``, ``$\mathcal{V}$``, ``UniCode$^2$``),
BibTeX's ``$\{$USENIX$\}$``, TeX quotes, Better BibTeX's escaping of literal
LaTeX, doubled spaces, and plain text that must stay as written (``$5 and $6``,
``C#``, ``{braces}`` outside BibTeX). The Better BibTeX files in
``tests/data/bibtex/zotero_bbt/`` are real exports, copied byte for byte (see
``tests/data/SOURCES.md``).

The property tests build titles from words and markup pieces, so "text outside
markup" is known exactly: the words. A word never holds ``\``, ``{``, ``}`` or
``$``, so no output may hold one; and a title of words alone comes out as it
went in, spaces aside.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readlist.store.importers import bibtex, csl_json, daily_papers, hf_json, markdown_list, paper_json, ris
from readlist.store.importers.base import build_paper
from readlist.store.importers.latex import latex_to_text, markup_to_text
from readlist.store.text import one_line, read_text
from tests.conftest import TEST_DATA

#: The titles of the plain-text fixtures (RIS, CSL-JSON, JSON, Daily Papers), in file order.
PLAIN_TITLES = [
    "An n⁵ᐟ² Algorithm for O(n²) Sorting of xᵢ",
    "USENIX Security and 𝒱-learning over ℝⁿ",
    "‘Factual’ or “Counterfactual” Explanations",
    "UniCode²: Cascaded Unicode α ≤ β Models",
    "Pay $5 and $6 for C# {braces} ~10x -- really",  # plain text: kept as written
]
PLAIN_ABSTRACTS = [
    "We train on 𝒟 with k × k kernels, “fast” and cheap; it costs $5 and $6 per {run}, which is what the "
    "tables show.",
    "A plain abstract about C# and {braces} that is long enough to be read as an abstract line here, and "
    "longer still than that.",
    "Errors fall as O(n⁻¹ᐟ²) when n → ∞, with no tuning at all in any of the runs that this abstract reports.",
    "Another plain abstract, with nothing to decode at all, long enough to be an abstract line of the listing "
    "that holds it.",
    "Prices stay as written: $5 and $6, and so does ~10x -- that is the rule for this plain abstract, which "
    "says nothing else.",
]


def parse(importer, relative: str):
    path = TEST_DATA / relative
    result = importer.IMPORTER.parse(read_text(path), path.name)
    assert result.rejected == [] and result.warnings == []
    return result.papers


@pytest.mark.parametrize(("importer", "relative"), [
    (ris, "ris/latex_debris.ris"),
    (csl_json, "csl/latex_debris.json"),
    (paper_json, "json/latex_debris.json"),
    (hf_json, "hf/latex_debris_daily_papers.json"),
    (daily_papers, "hf/latex_debris_daily_papers.txt"),
])
def test_plain_text_formats_make_math_and_quotes_text(importer, relative: str) -> None:
    papers = parse(importer, relative)
    assert [paper.title for paper in papers] == PLAIN_TITLES
    assert [paper.abstract for paper in papers] == PLAIN_ABSTRACTS


def test_markdown_titles_make_math_text() -> None:
    papers = parse(markdown_list, "markdown/latex-debris.md")
    assert [paper.title for paper in papers] == [
        "An n⁵ᐟ² Algorithm for xᵢ and O(n²) Sorting",
        "Learning 𝒱 over ℝⁿ with α ≤ β",
        "UniCode²: Cascaded Unicode Models",
        "USENIX Security Papers",  # Markdown unescapes \{ (and cuts the leading $): ${$ and $}$ are left
        "Pay $5 and $6 for C# {braces} ~10x -- really",
    ]


def test_bibtex_undoes_better_bibtex_and_makes_math_text() -> None:
    papers = {paper.citation_key: paper for paper in parse(bibtex, "bibtex/debris/latex_debris.bib")}
    assert {key: paper.title for key, paper in papers.items()} == {
        "bbt_mathcal": "𝒱-Learning for Games",
        "math": "An n⁵ᐟ² Algorithm for O(n²) Sorting of xᵢ",
        "usenix": "USENIX Security and ‘Factual’ or “Counterfactual” Explanations",
        "plain": "Pay $5 and $6 for C# Braces and Spaces",
    }
    assert papers["bbt_mathcal"].abstract == "We study the specialized model on WSe₂ and O(n²) data."
    assert papers["math"].abstract == "Errors fall as O(n⁻¹ᐟ²) when n → ∞, at x ≤ ∞ and k × k."
    assert papers["usenix"].venue == "USENIX Security Symposium"


ZOTERO_BBT = sorted((TEST_DATA / "bibtex" / "zotero_bbt").glob("*.bib"))


def test_there_are_real_better_bibtex_exports() -> None:
    assert [path.name for path in ZOTERO_BBT] == [
        "bbt_math_in_title_1218.bib", "bbt_unbalanced_braces_1043.bib", "bbt_vphantom_1043.bib",
    ]


@pytest.mark.parametrize("path", ZOTERO_BBT, ids=lambda path: path.name)
def test_real_better_bibtex_titles_come_out_clean(path: Path) -> None:
    result = bibtex.parse(read_text(path), path.name)
    assert result.papers and result.rejected == []
    for paper in result.papers:
        for text in (paper.title, paper.abstract):
            assert not set(text) & set("\\{}$"), text
            assert "textbackslash" not in text and "vphantom" not in text and "  " not in text


def test_real_better_bibtex_titles_read_as_their_math() -> None:
    titles = {path.name: [p.title for p in bibtex.parse(read_text(path), path.name).papers] for path in ZOTERO_BBT}
    mies = "Molecular Theory of Atomic Collisions: Calculated Cross Sections for H⁺+F(²P)"
    # both spellings of the escaped math give what the unescaped second entry gives
    assert titles["bbt_vphantom_1043.bib"] == [mies, mies]
    assert titles["bbt_unbalanced_braces_1043.bib"] == [mies, mies]
    assert titles["bbt_math_in_title_1218.bib"] == [
        "Resolving Biomolecular Motion and Interactions by R₂ and R₁ᵨ Relaxation Dispersion NMR"
    ]


@pytest.mark.parametrize(("latex", "text"), [
    (r"\${\textbackslash}text\{\vphantom\}{{CFT}}\vphantom\{\}\_\{1\}\$ models", "CFT₁ models"),
    (r"The {{HEMEW}}{\textbackslash}textsuperscript\{\vphantom\}{{S}}\vphantom\{\}-{{3D}} Database",
     "The HEMEWS-3D Database"),  # \textsuperscript stays plain, as "5\textsuperscript{th}" does
    (r"\$\textbackslash alpha\$-nets and \$x\_i\$", "α-nets and xᵢ"),
    (r"back\textbackslash{}slash", "back\\slash"),  # a literal backslash, not Better BibTeX's escaping
])
def test_better_bibtex_spellings(latex: str, text: str) -> None:
    assert one_line(latex_to_text(latex)) == text


@pytest.mark.parametrize(("latex", "text"), [
    (r"$x \leq \infty$ and $k \times k$", "x ≤ ∞ and k × k"),  # between operands: spaced
    (r"a sensitivity of {$\sim$}0.5\%, and $\pm$3 dB", "a sensitivity of ∼0.5%, and ±3 dB"),  # nothing before
    (r"\textbf{35}$\times$ faster, $2\times$ longer", "35× faster, 2× longer"),  # nothing after
    (r"$(\leq 5)$ and $n \to \infty$, then", "(≤5) and n → ∞, then"),
    (r"x $\approx$ y", "x ≈ y"),
])
def test_operators_are_spaced_between_operands_only(latex: str, text: str) -> None:
    assert one_line(latex_to_text(latex)) == text


def test_plain_text_is_let_through_untouched() -> None:
    # the fast path of a 100,000-paper import: no decoder, not even a copy
    value = "A plain abstract with {braces}, C#, ~10x and 50% -- nothing to decode"
    assert markup_to_text(value, "text") is value


@pytest.mark.parametrize(("value", "text"), [
    # titles of longxiang-ai/awesome-video-diffusions' data/papers_2026-05-13.json
    ("$h$-control: Training-Free Camera Control", "h-control: Training-Free Camera Control"),
    ("Surg$Σ$: A Spectrum of Large-Scale Multimodal Data", "SurgΣ: A Spectrum of Large-Scale Multimodal Data"),
    ("$k$-means and $\\alpha$-divergence", "k-means and α-divergence"),
    # prices are not math: a space inside, or a digit after the closing $
    ("costs $5 and $6", "costs $5 and $6"),
    ("from $5-$10 each", "from $5-$10 each"),
    ("Surpassing Wan-I2V with $500 Training Cost", "Surpassing Wan-I2V with $500 Training Cost"),
])
def test_a_one_symbol_math_span_is_math_in_plain_text(value: str, text: str) -> None:
    assert markup_to_text(value, "text") == text


def test_an_unknown_markup_is_a_bug() -> None:
    with pytest.raises(ValueError, match="unknown markup 'html'"):
        markup_to_text("x", "html")


def test_a_backup_keeps_its_titles_as_they_are() -> None:
    title = r"Kept $x^2$ \emph{as} {is}"
    paper = build_paper(source="backup.json", source_format="backup", title=title)
    assert paper.title == title


# -- properties -------------------------------------------------------------------

#: Words of text: letters, digits and the punctuation titles have, never ``\ { } $`` and
#: nothing LaTeX reads specially (``~ % & # _ ^`` and quotes), so each stays as it is.
WORDS = st.text(alphabet="abcXYZ019.,:;!?()-+=/é", min_size=1, max_size=8).filter(
    lambda word: "--" not in word
)
#: Markup of BibTeX titles: math, groups, macros, accents, quotes, Better BibTeX's escapes.
BIBTEX_MARKUP = st.sampled_from([
    r"$\alpha$", r"$x^{2}$", r"$n^{5/2}$", r"$O(n^2)$", r"$x_i$", r"$\mathcal{V}$", r"$\mathbb{R}^n$",
    r"$a \leq b$", r"$\{$", r"$\}$", r"$\frac{1}{2}$", r"$\sqrt{n}$", r"$x^{\alpha}$", r"$\ell_1$",
    r"$k \times k \to \infty$", r"$\{$USENIX$\}$", r"{BERT}", r"{{V}}", r"{\em x}", r"\emph{Deep}",
    r"\textbf{S}cale", r'{\"u}ber', r"\'{e}t\'{e}", r"R\&D", r"50\%", r"\LaTeX{}", r"\unknown{word}",
    r"``quoted''", r"`single'", r"\$\textbackslash alpha\$",
    r"\$\textbackslash mathcal\{\vphantom\}{{V}}\vphantom\{\}\$", r"\{\textbackslash em specialized\}",
    r"\${\textbackslash}text\{\vphantom\}{{CFT}}\vphantom\{\}\_\{1\}\$", r"\$O(n\textasciicircum 2)\$",
])
#: Markup of plain-text titles (RIS, CSL-JSON, JSON, Markdown): math and macros only, since
#: braces outside math are text there.
TEXT_MARKUP = st.sampled_from([
    r"$\alpha$", r"$x^{2}$", r"$n^{5/2}$", r"$O(n^2)$", r"$x_i$", r"$\mathcal{V}$", r"$\mathbb{R}^n$",
    r"$a \leq b$", r"$\{$USENIX$\}$", r"$\frac{1}{2}$", r"$x^{\alpha}$", r"$\pi_0$", r"\textbf{S}cale",
    r"Fr\'echet", r"UniCode$^2$", r"``quoted''", r"`single'", r"$k \times k \to \infty$",
])
SEPARATORS = st.sampled_from([" ", "  ", " - ", ": ", ", "])


def titles(markup: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Titles of words and markup pieces, each two apart by a separator."""
    pieces = st.lists(st.one_of(WORDS, markup), min_size=1, max_size=8)
    return st.tuples(pieces, st.lists(SEPARATORS, min_size=8, max_size=8)).map(
        lambda drawn: "".join(piece + separator for piece, separator in zip(*drawn, strict=False)).strip()
    )


def plain_titles() -> st.SearchStrategy[str]:
    return st.tuples(st.lists(WORDS, min_size=1, max_size=8), st.lists(SEPARATORS, min_size=8, max_size=8)).map(
        lambda drawn: "".join(word + separator for word, separator in zip(*drawn, strict=False))
    )


def clean_title(title: str, markup: str) -> str:
    return build_paper(source="t", source_format="t", title=title, doi="10.1000/x", markup=markup).title


@settings(max_examples=300, deadline=None)
@given(titles(BIBTEX_MARKUP))
def test_bibtex_titles_keep_no_markup_characters(title: str) -> None:
    text = clean_title(title, "latex")
    assert not set(text) & set("\\{}$"), (title, text)
    assert "  " not in text


@settings(max_examples=300, deadline=None)
@given(titles(TEXT_MARKUP))
def test_plain_text_titles_keep_no_markup_characters(title: str) -> None:
    text = clean_title(title, "text")
    assert not set(text) & set("\\{}$`"), (title, text)
    assert "  " not in text


#: Characters and pieces of markup, to make values of any shape (unbalanced, cut, nested).
SHARDS = st.sampled_from([*"\\{}$^_`'~-%&#ab xX12/()", r"\textbackslash ", r"\vphantom\{\}", r"\mathcal", r"\frac",
                          r"\$", r"\{", "``", "''"])


@settings(max_examples=300, deadline=None)
@given(st.lists(SHARDS, max_size=30).map("".join), st.sampled_from(["latex", "text"]))
def test_any_value_gives_one_line_of_text(value: str, markup: str) -> None:
    text = markup_to_text(one_line(value), markup)
    assert "  " not in text and text == text.strip()


@settings(max_examples=200, deadline=None)
@given(plain_titles(), st.sampled_from(["latex", "text"]))
def test_titles_without_markup_stay_as_written(title: str, markup: str) -> None:
    assert clean_title(title, markup) == one_line(title)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["$5", "$6", "C#", "{braces}", "~10x", "--", "and", "100%", "A&B"]),
                min_size=1, max_size=8).map(" ".join))
def test_plain_text_dollars_braces_and_signs_stay_as_written(title: str) -> None:
    assert clean_title(title, "text") == title


# -- a library from before: titles stored with their TeX ------------------------------


def test_a_title_stored_with_its_tex_is_the_same_paper_as_the_title_as_text(tmp_path: Path) -> None:
    from readlist.store.library import Library

    abstract = "Unified multimodal models have emerged as a powerful paradigm for face understanding and generation."
    raw = r"Uni$\textbf{F}^2$ace: Fine-grained Face Understanding"
    library = Library.open(tmp_path / "library", bundled=False)
    # as an older readlist stored it (no markup decoded), then the same listing imported again
    library.add_papers([build_paper(source="old.txt", source_format="daily-papers", title=raw, abstract=abstract)])
    again = build_paper(source="new.txt", source_format="daily-papers", title=raw, abstract=abstract, markup="text")
    assert again.title == "UniF²ace: Fine-grained Face Understanding"
    library.add_papers([again])
    assert len(library.ids()) == 1
    # a different title with the same abstract is still a different paper
    other = build_paper(source="new.txt", source_format="daily-papers", title="Another Title", abstract=abstract)
    library.add_papers([other])
    assert len(library.ids()) == 2

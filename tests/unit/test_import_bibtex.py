"""The BibTeX/biblatex importer on exports of Zotero, Google Scholar, arXiv,
Semantic Scholar and DBLP, on a messy hand-written file, and on each quirk alone."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from readlist.store.importers import bibtex
from readlist.store.importers.base import ParseResult
from readlist.store.library import Library
from readlist.store.models import Paper
from readlist.store.text import read_text
from tests.conftest import ROOT, TEST_DATA

BIB = TEST_DATA / "bibtex"
FIXTURES = sorted(BIB.glob("*.bib"))


def parse_fixture(name: str) -> ParseResult:
    path = BIB / name
    return bibtex.parse(read_text(path), str(path))


def parse(text: str) -> ParseResult:
    return bibtex.parse(text, "inline.bib")


def only_paper(text: str) -> Paper:
    result = parse(text)
    assert result.rejected == [], [str(error) for error in result.rejected]
    [paper] = result.papers
    return paper


def by_key(papers: list[Paper]) -> dict[str, Paper]:
    return {paper.citation_key: paper for paper in papers}


def fields(paper: Paper) -> dict:
    """The fields of a paper that an importer decides (not id, keys, added time)."""
    return {
        "title": paper.title, "authors": list(paper.authors), "date": paper.date,
        "arxiv_id": paper.arxiv_id, "doi": paper.doi, "url": paper.url, "venue": paper.venue,
        "entry_type": paper.entry_type, "keywords": list(paper.keywords),
    }


# -- the fixtures, value by value --------------------------------------------


def test_zotero_export() -> None:
    result = parse_fixture("zotero.bib")
    assert result.format == "bibtex" and result.rejected == []
    papers = by_key(result.papers)
    assert list(papers) == [
        "vaswani_attention_2017", "muller_kernel_2021", "touvron_llama_2023",
        "dupont_apprentissage_2019", "oconnor_robust_2022",
    ]
    assert fields(papers["vaswani_attention_2017"]) == {
        "title": "Attention Is All You Need",
        "authors": ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit", "Llion Jones",
                    "Aidan N. Gomez", "Łukasz Kaiser", "Illia Polosukhin"],
        "date": "2017-12", "arxiv_id": "", "doi": "",
        "url": "https://proceedings.neurips.cc/paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html",
        "venue": "Advances in Neural Information Processing Systems", "entry_type": "inproceedings",
        "keywords": ["Computer Science - Computation and Language", "Computer Science - Machine Learning"],
    }
    assert papers["vaswani_attention_2017"].abstract.endswith("28.4 BLEU on the WMT 2014 English-to-German task.")
    assert papers["vaswani_attention_2017"].authors_count == 8
    assert fields(papers["muller_kernel_2021"]) == {
        "title": "Kernel Mean Embeddings for Schrödinger-type Operators: A Review",
        "authors": ["Jörg Müller", "Bernhard Schölkopf", "María José García"],
        "date": "2021-07", "arxiv_id": "", "doi": "10.5555/3546258.3546300",
        "url": "https://doi.org/10.5555/3546258.3546300", "venue": "Journal of Machine Learning Research",
        "entry_type": "article", "keywords": ["kernel methods", "operator theory", "physics"],
    }
    assert papers["muller_kernel_2021"].abstract == (
        "Kernel mean embeddings map probability distributions into a reproducing kernel Hilbert space. "
        "We review how they apply to Schrödinger-type operators and show that fewer than <1% of the "
        "samples suffice in practice."
    )
    llama = papers["touvron_llama_2023"]
    assert fields(llama) == {
        "title": "LLaMA: Open and Efficient Foundation Language Models",
        "authors": ["Hugo Touvron", "Thibaut Lavril", "Gautier Izacard", "Xavier Martinet", "Marie-Anne Lachaux",
                    "Timothée Lacroix", "Baptiste Rozière", "Naman Goyal", "Eric Hambro", "Faisal Azhar",
                    "Aurelien Rodriguez", "Armand Joulin", "Edouard Grave", "Guillaume Lample"],
        "date": "2023-02", "arxiv_id": "2302.13971", "doi": "10.48550/arxiv.2302.13971",
        "url": "http://arxiv.org/abs/2302.13971", "venue": "arXiv", "entry_type": "misc",
        "keywords": ["Computer Science - Computation and Language"],
    }
    assert fields(papers["dupont_apprentissage_2019"]) == {
        "title": "Apprentissage automatique : théorie et pratique",
        "authors": ["François Dupont", "Søren Østergaard", "Matthias Nießner"],
        "date": "2019", "arxiv_id": "", "doi": "", "url": "", "venue": "Dunod", "entry_type": "book",
        "keywords": ["apprentissage automatique", "statistiques"],
    }
    thesis = papers["oconnor_robust_2022"]
    assert fields(thesis) == {
        "title": "Robust Optimisation – Theory & Practice for Large Models",
        "authors": ["Siobhán O’Connor"], "date": "2022-05", "arxiv_id": "", "doi": "",
        "url": "https://dspace.mit.edu/handle/1721.1/144567", "venue": "Massachusetts Institute of Technology",
        "entry_type": "phdthesis", "keywords": [],
    }
    assert thesis.abstract == (
        "This thesis studies robust optimisation for over-parameterised models, "
        "with an adversary that perturbs 5% of the inputs."
    )
    assert all(p.source == "zotero.bib" and p.source_format == "bibtex" for p in result.papers)


def test_google_scholar_arxiv_and_semantic_scholar_exports() -> None:
    result = parse_fixture("scholar_arxiv.bib")
    assert result.rejected == []
    papers = by_key(result.papers)
    assert fields(papers["kingma2014adam"]) == {
        "title": "Adam: A method for stochastic optimization", "authors": ["Diederik P Kingma", "Jimmy Ba"],
        "date": "2014", "arxiv_id": "1412.6980", "doi": "", "url": "",
        "venue": "arXiv preprint arXiv:1412.6980", "entry_type": "article", "keywords": [],
    }
    assert fields(papers["he2016deep"])["venue"] == (
        "Proceedings of the IEEE conference on computer vision and pattern recognition"
    )
    assert papers["he2016deep"].authors == ("Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun")
    brown = papers["brown2020language"]
    assert brown.authors == ("Tom Brown", "Benjamin Mann", "Nick Ryder", "Melanie Subbiah", "Jared D Kaplan",
                             "Prafulla Dhariwal")  # "and others" dropped
    assert brown.authors_count == 6
    assert fields(papers["rombach2022highresolution"]) == {
        "title": "High-Resolution Image Synthesis with Latent Diffusion Models",
        "authors": ["Robin Rombach", "Andreas Blattmann", "Dominik Lorenz", "Patrick Esser", "Björn Ommer"],
        "date": "2022", "arxiv_id": "2112.10752", "doi": "", "url": "https://arxiv.org/abs/2112.10752",
        "venue": "", "entry_type": "misc", "keywords": [],
    }
    assert papers["maldacena1998large"].arxiv_id == "hep-th/9711200"
    assert papers["maldacena1998large"].authors == ("Juan M. Maldacena",)
    assert fields(papers["Devlin2019BERTPO"]) == {
        "title": "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
        "authors": ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"],
        "date": "2019", "arxiv_id": "", "doi": "", "url": "",
        "venue": "North American Chapter of the Association for Computational Linguistics",
        "entry_type": "article", "keywords": [],
    }
    ho = papers["Ho2020DenoisingDP"]
    assert (ho.arxiv_id, ho.venue, ho.authors) == ("2006.11239", "ArXiv", ("Jonathan Ho", "Ajay Jain", "P. Abbeel"))
    assert fields(papers["deepseekai2025r1"]) == {
        "title": "DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning",
        "authors": ["DeepSeek-AI"], "date": "2025", "arxiv_id": "2501.12948", "doi": "",
        "url": "https://arxiv.org/pdf/2501.12948v1", "venue": "", "entry_type": "misc", "keywords": [],
    }


def test_dblp_export() -> None:
    result = parse_fixture("dblp.bib")
    assert result.rejected == []
    papers = by_key(result.papers)
    assert fields(papers["DBLP:journals/corr/abs-2307-09288"]) == {
        "title": "Llama 2: Open Foundation and Fine-Tuned Chat Models",
        "authors": ["Hugo Touvron", "Louis Martin", "Kevin Stone", "Peter Albert", "Amjad Almahairi",
                    "Thomas Scialom"],
        "date": "2023", "arxiv_id": "2307.09288", "doi": "10.48550/arxiv.2307.09288",
        "url": "https://doi.org/10.48550/arXiv.2307.09288", "venue": "CoRR", "entry_type": "article",
        "keywords": [],
    }
    adam = papers["DBLP:journals/corr/KingmaB14"]
    assert (adam.title, adam.arxiv_id, adam.url) == (
        "Adam: A Method for Stochastic Optimization", "1412.6980", "http://arxiv.org/abs/1412.6980"
    )
    vaswani = papers["DBLP:conf/nips/VaswaniSPUJGKP17"]
    assert vaswani.venue == (
        "Advances in Neural Information Processing Systems 30: Annual Conference on Neural Information "
        "Processing Systems 2017, December 4-9, 2017, Long Beach, CA, USA"
    )
    assert vaswani.authors[-2:] == ("Lukasz Kaiser", "Illia Polosukhin")  # editors are not authors
    assert len(vaswani.authors) == 8
    lstm = papers["DBLP:journals/neco/HochreiterS97"]
    assert fields(lstm) == {
        "title": "Long Short-Term Memory", "authors": ["Sepp Hochreiter", "Jürgen Schmidhuber"],
        "date": "1997", "arxiv_id": "", "doi": "10.1162/neco.1997.9.8.1735",
        "url": "https://doi.org/10.1162/neco.1997.9.8.1735", "venue": "Neural Comput.", "entry_type": "article",
        "keywords": [],
    }
    mixtral = papers["DBLP:journals/corr/abs-2401-04088"]
    assert mixtral.authors[3:] == ("Lélio Renard Lavaud", "Théophile Gervet", "René Vidal")
    assert mixtral.arxiv_id == "2401.04088"


def test_messy_hand_written_file_with_crlf_line_endings() -> None:
    assert b"\r\n" in (BIB / "messy_crlf.bib").read_bytes()
    result = parse_fixture("messy_crlf.bib")
    assert [(p.citation_key, p.entry_type) for p in result.papers] == [
        ("smith2020", "article"), ("lee2021", "inproceedings"), ("doe_notes", "online"),
        ("good_after", "article"), ("smith2020", "techreport"), ("repeated", "misc"), ("last_one", "book"),
    ]  # the commented-out entry, @string, @preamble, @comment and free text are not papers
    assert [(error.line, error.reason) for error in result.rejected] == [
        (42, "entry 'broken2022' is not valid BibTeX: Unexpected block start: `@Article`. "
             "Was still looking for field-value closing `}`"),
        (69, "entry 'nothing_usable' has no title, DOI or arXiv id"),
        (75, "entry 'missingcomma' is not valid BibTeX: Expected comma after entry key, but found ="),
    ]
    assert str(result.rejected[1]).endswith("messy_crlf.bib:69: entry 'nothing_usable' has no title, DOI or arXiv id")
    smith, lee, notes, after, report, repeated, knuth = result.papers
    assert fields(smith) == {
        "title": "Deep Learning of the Schrödinger Equation – a Survey",
        "authors": ["John Smith", "Jörg Müller", "María García", "The LIGO Collaboration"],
        "date": "2020-09", "arxiv_id": "", "doi": "10.5555/smith.2020.42", "url": "",
        "venue": "Journal of Machine Learning Research (Special Issue)", "entry_type": "article",
        "keywords": ["physics", "deep learning", "PDEs"],
    }
    assert fields(lee) == {
        "title": "Fast α-Divergence Minimisation with 99% Less Memory",
        "authors": ["Min-Jun Lee", "François Dupont"], "date": "2021-07-14", "arxiv_id": "", "doi": "",
        "url": "https://example.org/~lee/paper_2021.pdf",
        "venue": "Proceedings of the International Conference on Machine Learning", "entry_type": "inproceedings",
        "keywords": [],
    }
    assert fields(notes) == {
        "title": "Straßen, Øresund & Co.: Notes on _private Names", "authors": ["Jane Doe"],
        "date": "2024-03-15", "arxiv_id": "2403.01234", "doi": "", "url": "https://example.org/notes",
        "venue": "", "entry_type": "online", "keywords": [],
    }
    assert notes.abstract == "Short notes on naming, written in a hurry. Costs rise by 50% and O(n log n) bounds hold."
    assert fields(after) == {
        "title": "Résumé of an Été in Bordeaux: Results on CIFAR-10", "authors": ["René Descartes", "Zoë Saldaña"],
        "date": "2023-11", "arxiv_id": "", "doi": "10.5555/tmlr.2023.7", "url": "",
        "venue": "Transactions on Machine Learning Research", "entry_type": "article", "keywords": [],
    }
    assert (report.title, report.venue, report.date) == (
        "A Technical Report Sharing a Citation Key", "Google Research", "2019"
    )
    assert (repeated.title, repeated.venue, repeated.date) == ("First Title Wins", "Blog post", "2018")
    assert fields(knuth) == {
        "title": "The Art of Computer Programming, Vol. 1", "authors": ["Donald E. Knuth"], "date": "1968",
        "arxiv_id": "", "doi": "", "url": "", "venue": "Addison–Wesley", "entry_type": "book", "keywords": [],
    }


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.name)
def test_no_latex_debris_in_any_fixture(path: Path) -> None:
    result = bibtex.parse(read_text(path), str(path))
    assert result.papers
    for paper in result.papers:
        for text in (paper.title, paper.venue, paper.abstract, *paper.authors, *paper.keywords):
            assert not any(char in text for char in "{}\\"), (paper.citation_key, text)
            assert "  " not in text and text == text.strip()


def test_the_fixtures_share_papers_that_the_library_recognises(tmp_path: Path) -> None:
    papers = [paper for path in FIXTURES for paper in bibtex.parse(read_text(path), str(path)).papers]
    assert len(papers) == 25
    # Adam (by arXiv id) and "Attention Is All You Need" (by title) are in two exports each.
    assert len({paper.id for paper in papers}) == 23
    library = Library.open(tmp_path / "library", bundled=False)
    library.add_papers(papers)
    assert len(library.ids()) == 23


# -- sniffing --------------------------------------------------------------


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.name)
def test_sniff_recognises_every_fixture(path: Path) -> None:
    assert bibtex.sniff(read_text(path)) == 95


@pytest.mark.parametrize(("text", "score"), [
    ("@InProceedings {key,\n  title = {X}\n}\n", 95),
    ("  @ARTICLE(key, title = \"X\")", 95),
    ("@dataset{key,\n title = {X}}", 95),
    ("@customtype{key,\n title = {X}}", 85),
    ("@string{jmlr = {Journal of Machine Learning Research}}\n", 60),
    ("% nothing but a comment\n@comment{jabref-meta: databaseType:bibtex;}\n", 60),
    ("Write to me@example.org {about} the paper.", 0),
    ("@dataclass(frozen=True)\nclass Paper:\n    pass\n", 0),
    ("@media screen {\n  body { color: red }\n}\n", 0),
    ("", 0),
])
def test_sniff_scores(text: str, score: int) -> None:
    assert bibtex.sniff(text) == score


def test_sniff_is_zero_for_the_seed_files_and_json(seed_paths: list[Path]) -> None:
    assert len(seed_paths) == 5
    for path in seed_paths:
        assert bibtex.sniff(read_text(path)) == 0, path.name
    assert bibtex.sniff(read_text(ROOT / "data" / "catalogue.json")) == 0
    bibtex_inside_json = json.dumps({"papers": [{"bibtex": "@article{key,\n title = {X}\n}"}]}, indent=2)
    assert bibtex.sniff(bibtex_inside_json) == 0


# -- one quirk at a time ---------------------------------------------------


@pytest.mark.parametrize(("latex", "text"), [
    ("{{Attention}} Is All {You} Need", "Attention Is All You Need"),
    (r"{\"u}ber \"{u}ber \"uber", "über über über"),
    (r"\'{e}t\'{e} {\'e}t{\'e} \`{a} la \^{o}te", "été été à la ôte"),
    (r"{\c{c}}a \c{C}a {\c c}a", "ça Ça ça"),
    (r"Stra\ss{}e {\ss} \o{} \O \aa{} {\AE} \l{}\L{}", "Straße ß ø Ø å Æ łŁ"),
    (r"\v{C}ech {\v S}koda Dvo\v{r}\'{a}k", "Čech Škoda Dvořák"),
    (r"R\&D {\_}x\_y 50\% \$5 \#1", "R&D _x_y 50% $5 #1"),
    ("50% of A & B #1", "50% of A & B #1"),
    ("Pages 1--10 and 2---3", "Pages 1–10 and 2—3"),
    ("Results~on CIFAR-10", "Results on CIFAR-10"),
    (r"$\alpha$-net, $O(n \log n)$ and $\ell_1$ in {$\beta$}-VAE", "α-net, O(n log n) and ℓ₁ in β-VAE"),
    (r"\emph{Deep} \textbf{Nets} \textit{for} \textsc{All} {\em you}", "Deep Nets for All you"),
    (r"``Quoted'' words", "“Quoted” words"),
    (r"{\textless}1\% {\textgreater} a{\textbar}b", "<1% > a|b"),
    (r"\textbraceleft{}x\textbraceright{} \{y\} back\textbackslash{}slash", "{x} {y} back\\slash"),
    ("Plain title, nothing to do", "Plain title, nothing to do"),
    ("Costs $5 and more", "Costs 5 and more"),  # an unclosed $ opens math up to the end
    # Zotero's Better BibTeX escaping of literal LaTeX, and math that reads as text
    (r"\$\textbackslash mathcal\{\vphantom\}{{V}}\vphantom\{\}\$-learning", "𝒱-learning"),
    (r"the \{\textbackslash em specialized\} model", "the specialized model"),
    (r"An $n^{5/2}$ algorithm in $x^2$ time", "An n⁵ᐟ² algorithm in x² time"),
    (r"$\{$USENIX$\}$ Security", "USENIX Security"),
    (r"$\pi_0$ and $\mathbb{R}^n$", "π₀ and ℝⁿ"),
    (r"`Factual' or ``Counterfactual'' don't", "‘Factual’ or “Counterfactual” don't"),
])
def test_latex_in_titles_becomes_unicode(latex: str, text: str) -> None:
    assert only_paper(f"@article{{k, title = {{{latex}}}}}").title == text


@pytest.mark.parametrize(("authors", "names"), [
    ("Last, First and First Last and {Corporate Name} and others",
     ("First Last", "First Last", "Corporate Name")),
    ("van der Berg, Jr., Pieter and Ludwig van Beethoven", ("Pieter van der Berg Jr.", "Ludwig van Beethoven")),
    (r"M{\"u}ller, J{\"o}rg and Garc{\'\i}a~M{\'a}rquez, Gabriel", ("Jörg Müller", "Gabriel García Márquez")),
    ("{Barnes and Noble} and Smith, J.", ("Barnes and Noble", "J. Smith")),
    ("Smith, J., Jr., Extra", ("Jr. Extra Smith J.",)),  # too many commas: still read
    ("Doe,\n    Jane and\n    Roe, Richard", ("Jane Doe", "Richard Roe")),
    ("others", ()),
])
def test_author_lists_become_display_names(authors: str, names: tuple[str, ...]) -> None:
    paper = only_paper(f"@article{{k, title = {{T}}, author = {{{authors}}}}}")
    assert paper.authors == names
    assert paper.authors_count == (len(names) or None)


@pytest.mark.parametrize(("date_fields", "date"), [
    ("year = 2024", "2024"),
    ("year = {2024}, month = mar", "2024-03"),
    ("year = {2024}, month = {3}", "2024-03"),
    ("year = {2024}, month = {March}", "2024-03"),
    ("year = {2024}, month = {03}, day = {15}", "2024-03-15"),
    ("year = {2024}, day = {15}", "2024"),
    ("year = {2024}, month = {13}", "2024"),
    ("year = {2024}, month = {Spring}", "2024"),
    ("date = {2024-03-15}", "2024-03-15"),
    ("date = {2024-03}", "2024-03"),
    ("date = {2024-03-15/2024-03-17}", "2024-03-15"),
    ("date = {2023}, year = {2024}", "2024"),
    ("year = {in press}", ""),
    ("month = jan", ""),
    ("", ""),
])
def test_dates_are_what_the_entry_says(date_fields: str, date: str) -> None:
    assert only_paper(f"@article{{k, title = {{T}}, {date_fields}}}").date == date


@pytest.mark.parametrize(("id_fields", "arxiv_id"), [
    ("eprint = {2501.01234}, archivePrefix = {arXiv}", "2501.01234"),
    ("eprint = {2501.01234v3}, eprinttype = {arxiv}", "2501.01234"),
    ("eprint = {arXiv:2501.01234}", "2501.01234"),
    ("eprint = {12345678}, eprinttype = {pubmed}", ""),
    ("eprint = {2501.01234}, eprinttype = {hdl}", ""),
    ("journal = {arXiv preprint arXiv:2501.01234}", "2501.01234"),
    ("journal = {CoRR}, volume = {abs/2501.01234}", "2501.01234"),
    ("volume = {12}, number = {2501.01234}", ""),
    ("url = {https://arxiv.org/abs/2501.01234v2}", "2501.01234"),
    ("url = {https://arxiv.org/pdf/2501.01234}", "2501.01234"),
    ("url = {https://example.org/2501.01234}", ""),
    ("howpublished = {\\url{https://arxiv.org/abs/2501.01234}}", "2501.01234"),
    ("doi = {10.48550/arXiv.2501.01234}", "2501.01234"),
    ("eprint = {hep-th/9711200}, archiveprefix = {arXiv}", "hep-th/9711200"),
])
def test_arxiv_ids_come_from_any_field_that_has_one(id_fields: str, arxiv_id: str) -> None:
    assert only_paper(f"@misc{{k, title = {{T}}, {id_fields}}}").arxiv_id == arxiv_id


@pytest.mark.parametrize(("link_fields", "doi", "url"), [
    ("doi = {10.1000/ABC.1}", "10.1000/abc.1", ""),
    ("doi = {https://doi.org/10.1000/abc.1}", "10.1000/abc.1", ""),
    ("doi = {doi:10.1000/abc.1}", "10.1000/abc.1", ""),
    ("url = {https://doi.org/10.1000/abc.1}", "10.1000/abc.1", "https://doi.org/10.1000/abc.1"),
    (r"url = {https://example.org/a\_b\%20c}", "", "https://example.org/a_b%20c"),
    ("url = {https://example.org/~user/page}", "", "https://example.org/~user/page"),
    (r"howpublished = {\url{https://example.org/x}}", "", "https://example.org/x"),
])
def test_dois_and_urls_are_not_latex(link_fields: str, doi: str, url: str) -> None:
    paper = only_paper(f"@misc{{k, title = {{T}}, {link_fields}}}")
    assert (paper.doi, paper.url, paper.venue) == (doi, url, "")


@pytest.mark.parametrize(("venue_fields", "venue"), [
    ("journal = {J}, booktitle = {B}, publisher = {P}", "J"),
    ("journaltitle = {JT}, booktitle = {B}", "JT"),
    ("booktitle = {B}, publisher = {P}, howpublished = {H}", "B"),
    ("publisher = {P}, howpublished = {H}", "P"),
    ("howpublished = {Blog post}, institution = {I}", "Blog post"),
    (r"howpublished = {\url{https://x.org}}, institution = {I}", "I"),
    ("school = {S}", "S"),
    (r"journal = {Trans. on {AI} \& Society}", "Trans. on AI & Society"),
])
def test_venue_is_the_first_venue_field(venue_fields: str, venue: str) -> None:
    assert only_paper(f"@article{{k, title = {{T}}, {venue_fields}}}").venue == venue


@pytest.mark.parametrize(("keywords", "words"), [
    ("a, b; c", ("a", "b", "c")),
    ("  deep learning ,, ; ", ("deep learning",)),
    (r"R\&D, {GAN}s", ("R&D", "GANs")),
])
def test_keywords_are_split_at_commas_and_semicolons(keywords: str, words: tuple[str, ...]) -> None:
    assert only_paper(f"@article{{k, title = {{T}}, keywords = {{{keywords}}}}}").keywords == words


def test_string_macros_concatenation_and_case() -> None:
    text = """
@STRING{ JMLR = "Journal of Machine Learning Research" }
@string(vol = {Vol. } # "12")
@string{jmlrvol = jmlr # ", " # Vol}
@string{loop = loop # "x"}
@article{a, title = "A " # {Concatenated} # " Title", journal = jmlrvol, year = "20" # "24"}
@article{b, title = {B}, journal = Jmlr, publisher = undefinedmacro}
@article{c, title = {C}, journal = loop}
"""
    result = parse(text)
    a, b, c = result.papers
    assert (a.title, a.date) == ("A Concatenated Title", "2024")
    assert a.venue == "Journal of Machine Learning Research, Vol. 12"
    assert b.venue == "Journal of Machine Learning Research"
    # As in BibTeX, a macro is undefined inside its own first definition, and an undefined macro is empty.
    assert c.venue == "x"
    assert [str(w) for w in result.warnings] == [
        "inline.bib:5: undefined @string 'loop' (@string 'loop')",
        "inline.bib:7: undefined @string 'undefinedmacro' (entry 'b', field publisher)",
    ]


def test_a_macro_defined_twice_has_its_last_value() -> None:
    text = '@string{v = "First"}\n@string{v = "Second"}\n@article{a, title = {A}, journal = v}\n'
    assert only_paper(text).venue == "Second"


def test_entry_types_in_any_case_are_lower_cased() -> None:
    types = ["ARTICLE", "Article", "InProceedings", "inproceedings", "online", "MISC", "TechReport",
             "phdthesis", "Book", "unknownType"]
    text = "\n".join(f"@{kind}{{k{n}, title = {{Title {n}}}}}" for n, kind in enumerate(types))
    assert [p.entry_type for p in parse(text).papers] == [kind.lower() for kind in types]


def test_parentheses_quotes_and_bare_numbers() -> None:
    paper = only_paper('@Article(key2024,\n  Title = "A {Quoted} Title",\n  YEAR = 2024,\n  Month = 7\n)')
    assert (paper.title, paper.date, paper.citation_key) == ("A Quoted Title", "2024-07", "key2024")


def test_duplicate_citation_keys_and_repeated_fields_are_read() -> None:
    text = """@article{same, title = {One}, year = {2020}}
@article{same, title = {Two}, Title = {Ignored}, year = {2021}}
@article{same, title = {Three}}"""
    result = parse(text)
    assert result.rejected == []
    assert [(p.citation_key, p.title) for p in result.papers] == [("same", "One"), ("same", "Two"), ("same", "Three")]


def test_xdata_set_preamble_comments_and_commented_out_entries_are_not_papers() -> None:
    text = """Some notes before the entries.
% @article{old, title = {Commented Out}}
   % @misc{older,
   %   title = {Also Commented Out},
   % }
@preamble{"\\newcommand{\\x}{y}"}
@comment{@article{in_comment, title = {In A Comment}}}
@xdata{shared, publisher = {Springer}}
@set{both, entryset = {a, b}}
@article{real, title = {The Only Paper}}
"""
    result = parse(text)
    assert [p.citation_key for p in result.papers] == ["real"]
    assert result.rejected == []


def test_unusable_entries_are_rejected_with_their_line_and_key() -> None:
    text = "\n".join([
        "@article{ok, title = {Fine}}",
        "@article{empty_title, title = {{}}, year = {2020}}",
        "@article{no_title, author = {Doe, J.}, abstract = {Short.}}",
        "@article{just_marks, title = {!!!}}",
        "@article{doi_only, doi = {10.1000/xyz}}",
        "@article{arxiv_only, eprint = {2501.01234}}",
        "@article{unclosed, title = {Never closed}",
        "@article{after, title = {After}}",
    ])
    result = parse(text)
    assert [p.citation_key for p in result.papers] == ["ok", "doi_only", "arxiv_only", "after"]
    assert [p.title for p in result.papers] == ["Fine", "doi:10.1000/xyz", "arXiv:2501.01234", "After"]
    assert [(error.line, error.reason) for error in result.rejected] == [
        (2, "entry 'empty_title' has no title, DOI or arXiv id"),
        (3, "entry 'no_title' has no title, DOI or arXiv id"),
        (4, "entry 'just_marks': too little to identify the paper "
            "(no title, DOI, arXiv id, and the abstract is too short)"),
        (7, "entry 'unclosed' is not valid BibTeX: Unexpected block start: `@article`. "
            "Was still looking for field-value closing `,` or `}`"),
    ]
    assert all(error.source == "inline.bib" for error in result.rejected)


def test_a_file_of_only_unusable_entries_gives_no_papers() -> None:
    text = "@string{x = {y}}\n@article{a, author = {Doe, J.}}\n@misc{b title = {No comma}}\n@book{c, year = 2000}\n"
    result = parse(text)
    assert result.papers == []
    assert [error.line for error in result.rejected] == [2, 3, 4]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_numbers_whatever_the_line_endings(newline: str) -> None:
    text = newline.join(["% header", "", "@article{a,", "  title = {A}", "}", "", "@article{b,", "  year = 1", "}"])
    [error] = parse(text).rejected
    assert error.line == 7


def test_bibtexparser_warnings_do_not_reach_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    parse("@article{broken, title = {x}\n@article{ok, title = {OK}}\n")
    assert capfd.readouterr().err == ""


def test_day_and_month_numbers_that_int_refuses_are_no_date_parts() -> None:
    # a superscript passed isdigit() and 5,000 digits are too many for int(): ValueError escaped
    digits = "1" * 5_000
    result = parse("@article{a, title={A}, year=2020, month=jan, day={²}}\n"
                   f"@article{{b, title={{B}}, year=2020, month=jan, day={{{digits}}}}}\n"
                   f"@article{{c, title={{C}}, year=2020, month={{jan {digits}}}}}\n"
                   f"@article{{d, title={{D}}, year=2020, month={{{digits}}}}}\n"
                   "@article{e, title={E}, year=2020, month=jan, day={0003}}\n")
    assert [p.date for p in result.papers] == ["2020-01", "2020-01", "2020-01", "2020", "2020-01-03"]


def test_long_runs_of_blank_lines_and_of_spaces_between_names_take_linear_time() -> None:
    # ^\s* (sniffing) tried every line of 30,000 blank ones to its end, and the ``and`` patterns
    # every place of a run of 30,000 spaces: some 10 s each
    started = time.perf_counter()
    assert bibtex.sniff("@article{a, title={A}}\n" + "\n" * 30_000 + "@article{b, title={B}}\n") == 95
    result = parse("@article{k, title={A title}, author={Aho" + " " * 30_000 + "x and Ullman}}\n")
    assert result.papers[0].authors == ("Aho x", "Ullman")
    assert time.perf_counter() - started < 2

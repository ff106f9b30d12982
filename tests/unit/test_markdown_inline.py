"""Inline Markdown read from markdown-it-py's tokens (store.importers.markdown_inline)."""

from __future__ import annotations

import random
from pathlib import Path

from readlist.store.importers import markdown_list
from readlist.store.importers.markdown_inline import (
    Link,
    Span,
    bolds,
    code_spans,
    italics,
    leading_bold,
    links,
    opening_spans,
    plain,
    trim,
)


def test_links_of_every_kind_in_order() -> None:
    markdown = (
        '[A *Title*](https://arxiv.org/abs/2401.00001 "Quoted") <https://example.org/auto> '
        "<a class=x href='https://example.org/anchor'>An <b>Anchor</b></a> "
        "[![arXiv](https://img.shields.io/badge/arXiv.svg)](https://arxiv.org/abs/2401.00002) "
        "see https://example.org/bare."
    )
    assert links(markdown) == [
        Link("A Title", "https://arxiv.org/abs/2401.00001", "Quoted"),
        Link("", "https://example.org/auto"),
        Link("An Anchor", "https://example.org/anchor"),
        Link("", "https://arxiv.org/abs/2401.00002"),
        Link("", "https://example.org/bare."),
    ]


def test_a_link_url_keeps_parentheses_and_decodes_entities() -> None:
    assert links("[x](https://doi.org/10.1016/S0140-6736(20)30183-5)")[0].url == (
        "https://doi.org/10.1016/S0140-6736(20)30183-5"
    )
    assert links('<a href="https://x.org/?a=1&amp;b=2">x</a>')[0].url == "https://x.org/?a=1&b=2"


def test_an_anchor_without_its_closing_tag_is_text() -> None:
    assert links('<a href="https://example.org/x">Open') == []
    assert plain('<a href="https://example.org/x">Open') == "Open"


def test_plain_text_is_what_a_reader_sees() -> None:
    markdown = (
        "**Bold** and _italic_ `code` [paper](https://arxiv.org/abs/1) [Named](https://x.org) "
        "<sup>1</sup><img src='x.png'> ![badge](b.svg) &amp; \\* []<br>second line"
    )
    assert plain(markdown) == "Bold and italic code Named & *\nsecond line"


def test_bold_italic_and_code_spans() -> None:
    markdown = "🔥 **Label:** **The Title** *CVPR 2024* <i>Other</i> `ACL 2023` <strong>Last</strong>"
    assert bolds(markdown) == ["Label:", "The Title", "Last"]
    assert list(italics(markdown)) == ["CVPR 2024", "Other"]
    assert list(code_spans(markdown)) == ["ACL 2023"]
    assert leading_bold(markdown) == "Label:"
    assert leading_bold("Text then **bold**") is None


def test_opening_spans_skip_leading_symbols_only() -> None:
    spans = list(opening_spans(":fire: 🔥 [Title](https://x.org/1) and text"))
    assert spans == [Span("link", "Title", "https://x.org/1"), Span("text", " and text")]


def test_tex_reaches_the_cleaner_as_written() -> None:
    assert plain("$\\{x\\}$ and \\{y\\}") == "$\\{x\\}$ and {y}"  # braces escaped inside math only
    assert plain("``Quoted'' and ``Other'' Words") == "``Quoted'' and ``Other'' Words"
    assert plain("`code` and ``more``") == "code and more"
    assert trim("— Sampling with $x_i$ —") == "Sampling with $x_i$"
    assert trim("$x$ Attention.") == "$x$ Attention"
    assert trim("``Quoted'' Learning") == "``Quoted'' Learning"
    assert trim("$5 off!") == "5 off!"  # one "$" is no math


def test_a_run_of_brackets_is_read_quickly_and_keeps_its_last_link() -> None:
    markdown = "[" * 100_000 + "A paper](https://arxiv.org/abs/2401.00001)"
    assert links(markdown) == [Link("A paper", "https://arxiv.org/abs/2401.00001")]


def test_markdown_titles_keep_their_tex_for_the_cleaner() -> None:
    text = (
        "# Papers\n\n"
        "- [Sampling with $x_i$](https://arxiv.org/abs/2401.00001)\n"
        "- [``Quoted'' and ``Other'' Robots](https://arxiv.org/abs/2401.00002)\n"
        "- <a href=\"https://arxiv.org/abs/2401.00003\">HTML <b>Anchor</b> Paper</a> <sup>1</sup>\n"
    )
    titles = [paper.title for paper in markdown_list.parse(text, "inline.md").papers]
    assert titles == ["Sampling with xᵢ", "“Quoted” and “Other” Robots", "HTML Anchor Paper"]


def test_the_fast_link_destination_reads_as_markdown_it_does() -> None:
    from markdown_it.helpers import parseLinkDestination

    from readlist.store.importers.markdown_inline import _destination

    generator = random.Random(15)
    alphabet = "ab(()))\\\\ \n\t<>x\x7f\x01/.:%"
    for _ in range(20_000):
        text = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 40)))
        start = generator.randint(0, len(text))
        end = generator.randint(start, len(text))
        ours, theirs = _destination(text, start, end), parseLinkDestination(text, start, end)
        assert (ours.ok, ours.pos, ours.str) == (theirs.ok, theirs.pos, theirs.str), (text, start, end)
    nested = "(" * 40 + ")" * 40
    assert _destination(nested, 0, len(nested)).ok is parseLinkDestination(nested, 0, len(nested)).ok is False


def test_the_quicker_parser_gives_markdown_its_own_tokens() -> None:
    from markdown_it import MarkdownIt

    from readlist.store.importers.markdown_blocks import read
    from readlist.store.importers.markdown_inline import _PARSER

    default = MarkdownIt("commonmark", {"maxNesting": 100}).disable(["text_join"])
    default.normalizeLink = default.normalizeLinkText = lambda url: url
    default.validateLink = lambda url: True

    def tokens(parser: MarkdownIt, text: str) -> list[tuple]:
        """The tokens, an image's only by where it is (its alt text and URL are not read)."""
        children = parser.parseInline(text)[0].children or []
        return [
            (t.type, t.level) if t.type == "image" else (t.type, t.content, t.markup, t.info, dict(t.attrs), t.level)
            for t in children
        ]

    data = Path(__file__).resolve().parent.parent / "data" / "markdown"
    texts = [block.text for path in sorted(data.glob("*.md")) for block in read(path.read_text()).blocks]
    texts += ["a: b - c = d + e ~f~ #g @h $i$ {j} ^k% \\: \\- x&y; &amp; [l](m:n-o=p) <q:r> **s:**_t-_"]
    assert len(texts) > 400
    for text in texts:
        assert tokens(_PARSER, text) == tokens(default, text), text

r"""LaTeX in titles and abstracts (and BibTeX fields) turned into plain Unicode text.

:func:`markup_to_text` is the one cleaner of titles and abstracts, which
:func:`store.importers.base.build_paper` applies once for every format:
:func:`latex_to_text` for BibTeX, :func:`arxiv_latex_to_text` for the formats
of plain text. The BibTeX importer also decodes names, venues and keywords
with :func:`latex_to_text`. What a BibTeX field may hold is the LaTeX that BibTeX styles pass
through to the document: see Oren Patashnik, *BibTeXing* (``btxdoc``, on
accents and special characters) and Nicolas Markey, *Tame the BeaST*, part 4
(https://ctan.org/pkg/tamethebeast). The conversion is pylatexenc's
``LatexNodes2Text`` (the decoder behind bibtexparser's
``LatexDecodingMiddleware``), with these changes:

- braces are dropped (``{{BERT}}`` is ``BERT``); accents and special letters
  are composed (``{\"u}``, ``\'{e}``, ``{\c{c}}``, ``\ss``, ``\o``); ``\&``,
  ``\%``, ``{\_}`` are unescaped; a bare ``%``, ``&`` or ``#`` is literal (as
  in BibTeX, where LaTeX would read a comment or a table column); ``~`` is a
  no-break space, ``--`` an en dash and ``---`` an em dash;
- a macro pylatexenc does not know loses its name but never its arguments
  (``\mbox{-2}`` is ``-2``, ``\unknown{word}`` is ``word``): pylatexenc drops
  the arguments of macros it can parse but not render;
- the TeX logos are spelled out: ``\TeX``, ``\LaTeX``, ``\LaTeXe`` (LaTeX2ε),
  ``\BibTeX``, ``\XeTeX``, ``\LuaTeX``, ``\AmS``;
- ``\url{u}`` is ``u`` and ``\href{u}{text}`` is ``text``;
- math becomes text where Unicode has the symbol (``$\alpha$`` is ``α``,
  ``\ensuremath{\beta}`` is ``β``, ``$\mathbb{R}$`` is ``ℝ``, ``\mathcal`` and
  ``\mathscr`` give script letters: ``$\mathcal{V}$`` is ``𝒱``, which search
  and matching read as ``V``, as they compare NFKC forms); ``\mathbf``,
  ``\mathit``, ``\mathsf``, ``\mathtt`` and ``\mathfrak`` keep their letters
  plain; operators and relations (``\times \leq \geq \to \cdot \pm \approx
  \sim \in`` ...) are set off by a space each side between operands
  (``x \leq \infty`` is ``x ≤ ∞``, where pylatexenc would write ``x ≤∞``) and
  by none where a side is empty (``{$\sim$}0.5`` is ``∼0.5``, ``35$\times$``
  is ``35×``);
- superscripts and subscripts become Unicode superscript or subscript
  characters when every character has one (``x^2`` is ``x²``, ``\ell_1`` is
  ``ℓ₁``, ``x^{-2}`` is ``x⁻²``, ``x_{ij}`` is ``xᵢⱼ``, ``n^{5/2}`` is
  ``n⁵ᐟ²`` with the raised slash ``ᐟ``, ``x^\alpha`` is ``xᵅ``), else they are
  written ``^(…)`` (``n^{1.5}`` is ``n^(1.5)``); ``^\circ`` is a degree sign
  (``45°``) and ``^\prime`` a prime (``f′``);
- literal braces in math (``$\{$USENIX$\}$``) are dropped; TeX's single
  quotes (`` `word' ``) become curly (‘word’), as ``` ``…'' ``` become “…”;
- Zotero's Better BibTeX escaping of literal LaTeX (``\textbackslash`` or
  ``{\textbackslash}``, ``\textasciicircum``, ``\textbraceleft``, ``\{``,
  ``\}``, ``\$``, ``\_`` and the ``\vphantom`` it balances braces with) is
  undone first (:func:`undo_better_bibtex`), in a value that shows it.

Titles and abstracts from arXiv (as the Hugging Face API passes them on) are
not BibTeX: their braces, ``~``, ``--`` and quotes are meant literally, and
only their macros (``\\textbf{S}cale``, ``Fr\\'echet``, ``\\url{…}``) and
``$…$`` math with markup in it (``Uni$\\textbf{F}^2$ace``, ``$\\pi_0$``) are
LaTeX: :func:`arxiv_latex_to_text` decodes those stretches alone. It reads the
titles and abstracts of RIS, CSL-JSON, JSON, Markdown and Daily Papers too.

Only the stretches of a value that hold LaTeX go through pylatexenc, which is
slow (:mod:`store.importers.latex_decoder` holds the changed converter, and
imports pylatexenc only when a stretch needs it); the rest is kept as it is. pylatexenc parses tolerantly; should it
still fail, the stretch loses only its macro names, braces and ``$``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from readlist.store.text import one_line

#: A TeX single quote: a backquote, then text without quotes, then an apostrophe.
_TEX_QUOTE = re.compile(r"`([^`'\n]{1,200})'")
_TEX_DOUBLE_QUOTE = re.compile(r"``([^`'\n]{1,300})''")
#: Literal braces in math (``$\\{$USENIX$\\}$``, BibTeX's way to keep a word's case): dropped.
_MATH_SPAN = re.compile(r"(?<!\\)\$[^$]{0,300}(?<!\\)\$")
_MATH_BRACE = re.compile(r"\\[{}]")
_LONE_BRACE = re.compile(r"\$\s*[{}]\s*\$")
#: Better BibTeX's escaping of literal LaTeX: ``\\textbackslash`` then a macro's name
#: (``\\textbackslash mathcal``, ``{\\textbackslash}mathrm``), its brace-balancing
#: ``\\vphantom``, or an escaped ``\\$…\\$`` span holding ``\\textasciicircum``, ``\\_`` or
#: ``\\textbraceleft``.
_BBT_SIGN = re.compile(
    r"\\textbackslash\}? ?[A-Za-z]|\\vphantom[\\{]|\\\$[^$]{0,300}?\\(?:textasciicircum|textbraceleft|_)"
)
#: Better BibTeX's escapes of literal LaTeX (:func:`undo_better_bibtex`): its
#: ``\\vphantom\\{\\}``, ``\\vphantom\\}``, ``\\vphantom{\\}\\}}`` that only balance braces ...
_VPHANTOM = re.compile(r"\\vphantom(?:\{(?:\\[{}])*\}|\\[{}])")
#: ... and its spellings of a backslash, caret and braces, each as a macro that may be
#: braced (``{\\textbackslash}``) or end with ``{}`` or a space.
_BBT_MACRO = re.compile(r"\{\\(textbackslash|textasciicircum|textbraceleft|textbraceright)\}"
                        r"|\\(textbackslash|textasciicircum|textbraceleft|textbraceright)(?![A-Za-z])(?:\{\}| )?")
_BBT_CHARACTER = {"textbackslash": "\\", "textasciicircum": "^", "textbraceleft": "{", "textbraceright": "}"}
_BBT_ESCAPE = re.compile(r"\\([{}$_])")
#: What makes a word need the LaTeX decoder; any other word is left as it is.
_LATEX = re.compile(r"[\\{}$~`'-](?:(?<=[\\{}$~])|(?<=-)-|(?<=`)`|(?<=')')")  # [\\{}$~]|--|``|'', 3x faster
#: What starts LaTeX in arXiv text: a macro or accent, or a ``$…$`` span (checked for
#: markup) that opens before and closes after a non-space, and is not followed by a digit
#: (Pandoc's rule for ``$`` math: in ``$5 {braces} $6`` the ``$`` are prices).
_ARXIV_LATEX = re.compile(r"\\[A-Za-z'\"`^~=.]|\$(?=\S)[^$]{0,300}(?<=\S)\$(?!\d)")
_MATH_MARKUP = re.compile(r"[\\^_{]")
_SPACE = re.compile(r"\s")
_WORD_END = re.compile(r"\S*")
_NEXT_WORD = re.compile(r"\s+\S+")
#: LaTeX that only the decoder can turn into text (without it a stretch is only braces).
_NEEDS_DECODER = re.compile(r"[\\$~^_]|--|``|''")
#: Characters that are literal in a BibTeX field but special in LaTeX.
_BARE_SPECIALS = re.compile(r"(?<!\\)([%&#])")
#: Runs of spaces, which pylatexenc reads in time quadratic in their length (a run of
#: 300,000 takes 3 s); the text loses them anyway (importers make every field one line).
_SPACE_RUN = re.compile(r"\s{2,}")
_GROUP_MARKS = re.compile(r"(?<!\\)[{}$]")
#: What is left of LaTeX when pylatexenc fails: macro names, braces, math shifts.
_MACRO_NAME = re.compile(r"\\([A-Za-z]+\*?|.)", re.DOTALL)
_BRACES_AND_MATH = str.maketrans("", "", "{}$")

def latex_to_text(value: str) -> str:
    """``value``, a BibTeX field, with its LaTeX turned into Unicode text (see the module docstring).

    Only the stretches that hold LaTeX go through the decoder: from a word with
    a backslash, brace, ``$``, ``~`` or ligature, to the end of the word where
    its braces and math close. A value without any is returned as it is.
    """
    value = _drop_math_braces(value)  # before Better BibTeX's \\{ are braces again
    if _BBT_SIGN.search(value):
        value = undo_better_bibtex(value)
    return tex_quotes(_decode_stretches(value, _LATEX.search))


def _drop_math_braces(value: str) -> str:
    """``value`` with the literal braces of its ``$…$`` spans dropped (:func:`_without_math_braces`)."""
    return _MATH_SPAN.sub(_without_math_braces, value) if "$" in value else value


def _without_math_braces(span: re.Match[str]) -> str:
    """A ``$…$`` span without its literal braces; nothing at all when only they were in
    it, escaped or not (``${$USENIX$}$`` is what Markdown leaves of ``$\\{$USENIX$\\}$``)."""
    math = _MATH_BRACE.sub("", span.group())
    return "" if math == "$$" or _LONE_BRACE.fullmatch(math) else math


def tex_quotes(text: str) -> str:
    """``text`` with TeX's quotes as curly ones: ``` ``word'' ``` is “word” and
    `` `word' `` is ‘word’; an apostrophe alone (``don't``) stays as it is."""
    if "`" not in text:
        return text
    if "``" in text:
        text = _TEX_DOUBLE_QUOTE.sub(r"“\1”", text)
    return _TEX_QUOTE.sub(r"‘\1’", text)


def undo_better_bibtex(value: str) -> str:
    """``value`` without the escaping Zotero's Better BibTeX puts on LaTeX it was
    given as literal text: ``\\textbackslash`` (or ``{\\textbackslash}``) is a
    backslash again, ``\\textasciicircum`` a caret, ``\\textbraceleft`` and
    ``\\textbraceright`` braces, ``\\{`` ``\\}`` ``\\$`` ``\\_`` braces, a dollar
    and an underscore again, and the ``\\vphantom\\{\\}`` it adds to balance
    braces is dropped, so ``\\$\\textbackslash mathcal\\{\\vphantom\\}{{V}}\\vphantom\\{\\}\\$``
    decodes as the math it was (``$\\mathcal{{V}}$``, that is ``𝒱``).

    Only for a value that shows Better BibTeX's escaping (:func:`latex_to_text`
    checks): elsewhere ``\\$`` and ``\\textbraceleft`` are meant literally.
    """
    value = _VPHANTOM.sub("", value)
    value = _BBT_MACRO.sub(lambda match: _BBT_CHARACTER[match.group(1) or match.group(2)], value)
    return _BBT_ESCAPE.sub(r"\1", value)


def arxiv_latex_to_text(value: str) -> str:
    """``value``, an arXiv title or abstract, with its LaTeX macros and math turned into Unicode.

    Unlike :func:`latex_to_text`, a stretch is decoded only from a macro
    (``\\textbf``, an accent such as ``\\'e``) or a ``$…$`` span of at most
    300 characters holding a backslash, ``^``, ``_`` or a brace, or one symbol or
    word without spaces (``$h$-control``, ``Surg$Σ$``), so that
    ``$5 and $6``, ``~10x`` and ``{braces}`` stay as written. Literal braces in
    math (``$\\{$USENIX$\\}$``) are dropped, as :func:`latex_to_text` drops them,
    and TeX quotes (``` ``word'' ``` and `` `word' ``) become curly. The formats
    of plain text (RIS, CSL-JSON, JSON, Markdown) read their titles and
    abstracts this way too (:func:`markup_to_text`).
    """
    value = _drop_math_braces(value)
    return tex_quotes(_decode_stretches(value, _arxiv_latex))


#: The ways a format's titles and abstracts may hold markup (see :func:`markup_to_text`).
MARKUPS = ("", "latex", "text")


def markup_to_text(value: str, markup: str) -> str:
    """A title or abstract (one line) with its markup made Unicode text: the one
    cleaner of titles and abstracts, that :func:`store.importers.base.build_paper`
    applies to every format.

    Args:
        value: the title or abstract as the file has it, on one line
            (:func:`~store.text.one_line`, as ``build_paper`` gives it).
        markup: ``"latex"`` for BibTeX, whose fields are LaTeX
            (:func:`latex_to_text`); ``"text"`` for a plain-text format (RIS,
            CSL-JSON, JSON, Markdown, Daily Papers) whose values may hold TeX
            math and macros (:func:`arxiv_latex_to_text`: only math that looks
            like math, ``$5 and $6`` stays); ``""`` to keep ``value`` as it is
            (a readlist backup).

    Returns:
        The text, on one line without runs of spaces or spaces at its ends (the
        decoder's output is made one line again). A plain-text value without
        a backslash, ``$`` or backquote is returned as it is, without a look at
        the rest (a 100,000-paper import is not slowed down).

    Raises:
        ValueError: ``markup`` is not one of :data:`MARKUPS`.
    """
    if markup == "text":
        if "\\" not in value and "$" not in value and "`" not in value:  # 20 times faster than a regex
            return value
        text = arxiv_latex_to_text(value)
    elif markup == "latex":
        text = latex_to_text(value)
    elif markup == "":
        return value
    else:
        raise ValueError(f"unknown markup {markup!r}: not one of {', '.join(map(repr, MARKUPS))}")
    return text if text is value else one_line(text)


def _arxiv_latex(value: str, position: int) -> re.Match[str] | None:
    """The next macro or ``$…$`` span in ``value`` from ``position`` that is math:
    with markup inside, or one symbol or word without spaces (``$h$-control``, ``Surg$Σ$``)."""
    while (match := _ARXIV_LATEX.search(value, position)) and match.group()[0] == "$":
        span = match.group()
        if _MATH_MARKUP.search(span) or (len(span) > 2 and not _SPACE.search(span)):
            break
        position = match.start() + 1  # the closing "$" may open the math that counts
    return match


def _decode_stretches(value: str, find: Callable[[str, int], re.Match[str] | None]) -> str:
    """``value`` with each stretch that ``find`` locates (from a match to the end of
    its word, or further until its braces and math close) decoded."""
    match = find(value, 0)
    if match is None:
        return value
    out, position = [], 0
    while match:
        start, end = match.start(), _WORD_END.match(value, match.start()).end()
        while start > position and not value[start - 1].isspace():
            start -= 1
        depth, in_math = _open_groups(value[start:end], 0, False)
        while (depth > 0 or in_math) and (word := _NEXT_WORD.match(value, end)):
            depth, in_math = _open_groups(word.group(), depth, in_math)
            end = word.end()
        out += (value[position:start], decode_latex(value[start:end]))
        position = end
        match = find(value, position)
    out.append(value[position:])
    return "".join(out)


def _open_groups(text: str, depth: int, in_math: bool) -> tuple[int, bool]:
    """The brace depth and math mode after ``text``, from ``depth`` and ``in_math`` before it."""
    for mark in _GROUP_MARKS.findall(text):
        if mark == "$":
            in_math = not in_math
        else:
            depth += 1 if mark == "{" else -1
    return depth, in_math


@lru_cache(maxsize=16384)
def decode_latex(latex: str) -> str:
    """pylatexenc's text for a stretch of LaTeX (a word or a few), as described
    in the module docstring.

    A stretch with only braces (``{BERT}:``, the commonest) is done here, ten
    times faster, with the same result.
    """
    if not _NEEDS_DECODER.search(latex):
        return latex.replace("{", "").replace("}", "")
    latex = _SPACE_RUN.sub(" ", _BARE_SPECIALS.sub(r"\\\1", latex))
    from readlist.store.importers.latex_decoder import decode  # pylatexenc, imported on first use

    try:
        return decode(latex)
    except Exception:  # pylatexenc is tolerant, but a bad value must never stop an import
        return _strip_latex(latex)


def _strip_latex(latex: str) -> str:
    """``latex`` without macro names, braces and ``$`` (``\\&`` is ``&``): the
    text when pylatexenc fails."""
    text = _MACRO_NAME.sub(lambda match: "" if match.group(1)[0].isalpha() else match.group(1), latex)
    return text.translate(_BRACES_AND_MATH)

r"""LaTeX in BibTeX fields turned into plain Unicode text.

Used by the BibTeX importer for titles, names, venues, abstracts and
keywords. What a BibTeX field may hold is the LaTeX that BibTeX styles pass
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
  ``\ensuremath{\beta}`` is ``β``, ``$\mathbb{R}$`` is ``ℝ``); the alphabet
  macros ``\mathcal``, ``\mathbf``, ``\mathit``, ``\mathsf``, ``\mathtt``,
  ``\mathscr`` and ``\mathfrak`` keep their letters plain (``$\mathcal{O}(n)$``
  is ``O(n)``, which is also what a reader types to find it);
- superscripts and subscripts keep their grouping: one character is written
  after ``^`` or ``_`` (``x^2``, ``\ell_1``); several are written with Unicode
  superscript or subscript characters when every one has such a character
  (``x^{-2}`` is ``x⁻²``, ``x_{10}`` is ``x₁₀``), else kept in braces
  (``2^{n/2}`` is ``2^{n/2}``); ``^\circ`` is a degree sign (``45°``) and
  ``^\prime`` a prime (``f′``).

Titles and abstracts from arXiv (as the Hugging Face API passes them on) are
not BibTeX: their braces, ``~``, ``--`` and quotes are meant literally, and
only their macros (``\\textbf{S}cale``, ``Fr\\'echet``, ``\\url{…}``) and
``$…$`` math with markup in it (``Uni$\\textbf{F}^2$ace``, ``$\\pi_0$``) are
LaTeX: :func:`arxiv_latex_to_text` decodes those stretches alone.

Only the stretches of a value that hold LaTeX go through pylatexenc, which is
slow (:mod:`store.importers.latex_decoder` holds the changed converter, and
imports pylatexenc only when a stretch needs it); the rest is kept as it is. pylatexenc parses tolerantly; should it
still fail, the stretch loses only its macro names, braces and ``$``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

#: What makes a word need the LaTeX decoder; any other word is left as it is.
_LATEX = re.compile(r"[\\{}$~`'-](?:(?<=[\\{}$~])|(?<=-)-|(?<=`)`|(?<=')')")  # [\\{}$~]|--|``|'', 3x faster
#: What starts LaTeX in arXiv text: a macro or accent, or a ``$…$`` span (checked for markup).
_ARXIV_LATEX = re.compile(r"\\[A-Za-z'\"`^~=.]|\$[^$]{1,300}\$")
_MATH_MARKUP = re.compile(r"[\\^_{]")
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
    return _decode_stretches(value, _LATEX.search)


def arxiv_latex_to_text(value: str) -> str:
    """``value``, an arXiv title or abstract, with its LaTeX macros and math turned into Unicode.

    Unlike :func:`latex_to_text`, a stretch is decoded only from a macro
    (``\\textbf``, an accent such as ``\\'e``) or a ``$…$`` span of at most
    300 characters holding a backslash, ``^``, ``_`` or a brace, so that
    ``$5 and $6``, ``~10x`` and ``{braces}`` stay as written.
    """
    return _decode_stretches(value, _arxiv_latex)


def _arxiv_latex(value: str, position: int) -> re.Match[str] | None:
    """The next macro or marked-up ``$…$`` span in ``value`` from ``position``."""
    while (match := _ARXIV_LATEX.search(value, position)) and match.group()[0] == "$":
        if _MATH_MARKUP.search(match.group()):
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

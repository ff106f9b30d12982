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
slow; the rest is kept as it is. pylatexenc parses tolerantly; should it
still fail, the stretch loses only its macro names, braces and ``$``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import cache, lru_cache

from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import get_default_latex_context_db as get_default_parsing_context
from pylatexenc.macrospec import LatexContextDb, MacroSpec

# pylatexenc logs what it finds odd (an unclosed group ...) as warnings; with no
# logging set up, Python would print them on stderr, over the terminal UI.
logging.getLogger("pylatexenc").addHandler(logging.NullHandler())

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

#: Text macros that pylatexenc does not know (it drops them) or renders oddly,
#: as Zotero, DBLP and readlist's own export write them.
_MORE_MACROS = {
    "textless": "<", "textgreater": ">", "textbar": "|", "textunderscore": "_",
    "textasciicircum": "^", "textperiodcentered": "·", "textbraceleft": "{", "textbraceright": "}",
    "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2ε", "BibTeX": "BibTeX", "XeTeX": "XeTeX",
    "LuaTeX": "LuaTeX", "AmS": "AMS", "url": "%s", "href": "%(2)s", "|": "‖",
    "mathcal": "%s", "mathscr": "%s", "mathfrak": "%s", "mathbf": "%s", "mathit": "%s", "mathsf": "%s",
    "mathtt": "%s", "mathrm": "%s", "boldsymbol": "%s", "bm": "%s",
}
#: Macros whose arguments pylatexenc would not read (so they would stay behind as braces).
_MORE_ARGUMENTS = {"href": "{{", "boldsymbol": "{", "bm": "{", "textsuperscript": "{", "textsubscript": "{"}

_SUPERSCRIPTS = str.maketrans("0123456789+-−=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ")
_SUBSCRIPTS = str.maketrans("0123456789+-−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎")
_HAS_SUPERSCRIPT = frozenset("0123456789+-−=()ni")
_HAS_SUBSCRIPT = frozenset("0123456789+-−=()")
#: Superscripts written without a caret.
_DEGREE = frozenset({"∘", "°"})
_PRIMES = frozenset("'′")


class _BibTeXText(LatexNodes2Text):
    """pylatexenc's converter with the changes listed in the module docstring."""

    def macro_node_to_text(self, node: latexwalker.LatexMacroNode) -> str:
        """A macro's text; an unknown macro gives the text of its arguments."""
        if self.latex_context.get_macro_spec(node.macroname) is None:
            arguments = node.nodeargd.argnlist if node.nodeargd and node.nodeargd.argnlist else []
            return "".join(self._groupnodecontents_to_text(argument) for argument in arguments)
        return super().macro_node_to_text(node)

    def nodelist_to_text(self, nodelist: list) -> str:
        """The text of ``nodelist``, with ``^`` and ``_`` followed by a group or
        macro joined to it first (pylatexenc would drop the group's braces)."""
        if not any(_ends_with_script_mark(node) for node in nodelist):
            return super().nodelist_to_text(nodelist)
        joined, nodes = [], iter(nodelist)
        for node in nodes:
            if _ends_with_script_mark(node):
                following = next(nodes, None)
                script = _script(node.chars[-1], self.node_to_text(following)) if following is not None else ""
                chars = node.chars[:-1] + script if following is not None else node.chars
                node = latexwalker.LatexCharsNode(chars=chars, parsing_state=node.parsing_state,
                                                  pos=node.pos, len=node.len)
            joined.append(node)
        return super().nodelist_to_text(joined)


def _ends_with_script_mark(node: object) -> bool:
    """True for a run of characters that ends with ``^`` or ``_``."""
    return isinstance(node, latexwalker.LatexCharsNode) and node.chars[-1:] in ("^", "_")


def _script(mark: str, text: str) -> str:
    """A superscript (``mark`` is ``^``) or subscript of ``text`` as plain text
    (see the module docstring)."""
    text = text.strip()
    if not text:
        return ""
    if mark == "^" and text in _DEGREE:
        return "°"
    if mark == "^" and _PRIMES.issuperset(text):
        return "′" * len(text)
    if len(text) == 1:
        return mark + text
    if mark == "^" and _HAS_SUPERSCRIPT.issuperset(text):
        return text.translate(_SUPERSCRIPTS)
    if mark == "_" and _HAS_SUBSCRIPT.issuperset(text):
        return text.translate(_SUBSCRIPTS)
    return f"{mark}{{{text}}}"


@cache
def _converter() -> _BibTeXText:
    """The converter, made on first use (building pylatexenc's tables takes a while)."""
    context = get_default_latex_context_db()
    macros = [MacroTextSpec(name, simplify_repl=text) for name, text in _MORE_MACROS.items()]
    context.add_context_category("bibtex", prepend=True, macros=macros)
    return _BibTeXText(latex_context=context, keep_braced_groups=False, math_mode="text")


@cache
def _parsing_context() -> LatexContextDb:
    """pylatexenc's parsing context, made once (by default it is made per string, 0.4 ms),
    with the arguments of :data:`_MORE_ARGUMENTS`."""
    context = get_default_parsing_context()
    macros = [MacroSpec(name, arguments) for name, arguments in _MORE_ARGUMENTS.items()]
    context.add_context_category("bibtex", prepend=True, macros=macros)
    return context


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
    try:
        return _converter().latex_to_text(latex, latex_context=_parsing_context(), tolerant_parsing=True)
    except Exception:  # pylatexenc is tolerant, but a bad value must never stop an import
        return _strip_latex(latex)


def _strip_latex(latex: str) -> str:
    """``latex`` without macro names, braces and ``$`` (``\\&`` is ``&``): the
    text when pylatexenc fails."""
    text = _MACRO_NAME.sub(lambda match: "" if match.group(1)[0].isalpha() else match.group(1), latex)
    return text.translate(_BRACES_AND_MATH)

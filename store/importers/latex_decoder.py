"""pylatexenc's LaTeX-to-text converter with readlist's changes, for :mod:`store.importers.latex`.

The changes are listed in the docstring of :mod:`store.importers.latex`:
unknown macros keep their arguments, TeX logos, ``\\url`` and ``\\href``,
the math alphabets, operators set off by spaces, and superscripts and
subscripts that keep their grouping.
This module is imported on first use, when a value has LaTeX that only
pylatexenc can decode: pylatexenc takes a while to import, and a while more to
build its tables, which start-up and most files never need.
"""

from __future__ import annotations

import logging
import re
from functools import cache

from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import get_default_latex_context_db as get_default_parsing_context
from pylatexenc.macrospec import LatexContextDb, MacroSpec

# pylatexenc logs what it finds odd (an unclosed group ...) as warnings; with no
# logging set up, Python would print them on stderr, over the terminal UI.
logging.getLogger("pylatexenc").addHandler(logging.NullHandler())

#: Text macros that pylatexenc does not know (it drops them) or renders oddly,
#: as Zotero, DBLP and readlist's own export write them.
_MORE_MACROS = {
    "textless": "<", "textgreater": ">", "textbar": "|", "textunderscore": "_",
    "textasciicircum": "^", "textperiodcentered": "·", "textbraceleft": "{", "textbraceright": "}",
    "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2ε", "BibTeX": "BibTeX", "XeTeX": "XeTeX",
    "LuaTeX": "LuaTeX", "AmS": "AMS", "url": "%s", "href": "%(2)s", "|": "‖",
    "mathfrak": "%s", "mathbf": "%s", "mathit": "%s", "mathsf": "%s",
    "mathtt": "%s", "mathrm": "%s", "boldsymbol": "%s", "bm": "%s",
}
#: Binary operators and relations, which pylatexenc writes without the space that
#: follows the macro in the source (``x \\leq \\infty`` is ``x ≤∞``): set off by a
#: space on each side between operands (``x ≤ ∞``), none where one side has nothing
#: (``{$\\sim$}0.5`` is ``∼0.5``, ``35$\\times$`` is ``35×``, ``($\\leq$5)`` is ``(≤5)``).
#: ``\\mathcal`` and ``\\mathscr`` are left to pylatexenc, which writes script letters (``𝒱``).
_OPERATORS = {
    "times": "×", "cdot": "·", "pm": "±", "mp": "∓", "div": "÷", "leq": "≤", "le": "≤", "geq": "≥",
    "ge": "≥", "neq": "≠", "ne": "≠", "ll": "≪", "gg": "≫", "approx": "≈", "sim": "∼", "simeq": "≃",
    "equiv": "≡", "propto": "∝", "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪",
    "cap": "∩", "to": "→", "rightarrow": "→", "leftarrow": "←", "leftrightarrow": "↔", "Rightarrow": "⇒",
    "Leftrightarrow": "⇔", "mapsto": "↦",
}
#: Macros whose arguments pylatexenc would not read (so they would stay behind as braces).
_MORE_ARGUMENTS = {"href": "{{", "boldsymbol": "{", "bm": "{", "textsuperscript": "{", "textsubscript": "{"}

#: Unicode's superscript and subscript characters (digits, signs, and the letters that have one).
#: Greek letters have a few of each; ``/`` is written with the raised slash ``ᐟ`` (``n^{5/2}`` is ``n⁵ᐟ²``)
#: and ``*`` stays as it is (it is raised already: ``x^*`` is ``x*``).
_SUPERSCRIPT_OF = dict(zip("0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWαβγδεϵθιφϕχ/*",
                           "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵅᵝᵞᵟᵋᵋᶿᶥᵠᵠᵡᐟ*", strict=True))
_SUBSCRIPT_OF = dict(zip("0123456789+-−=()aehijklmnoprstuvxβγρφϕχ",
                         "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵩᵪ", strict=True))
_SUPERSCRIPTS = str.maketrans(_SUPERSCRIPT_OF)
_SUBSCRIPTS = str.maketrans(_SUBSCRIPT_OF)
_HAS_SUPERSCRIPT = frozenset(_SUPERSCRIPT_OF)
_HAS_SUBSCRIPT = frozenset(_SUBSCRIPT_OF)
#: A one-character script left in the text as ``x^2`` or ``\ell_1`` (outside braces).
_BARE_SCRIPT = re.compile(r"(?<=[^\s^_])([\^_])([^\s{}()^_\\])")
_SPACES = re.compile(" {2,}")
#: What an operator is padded with until it is known whether it stands between operands.
_PAD = "\x01"
#: An operator (padded) with nothing on one side: the start or end of the stretch, a bracket.
_LONE_OPERATOR = re.compile(r"(?:^|(?<=[(\[{]))\s*\x01(.)\x01\s*|\s*\x01(.)\x01\s*(?:$|(?=[)\]},.;:!?]))")
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
    if mark == "^" and _HAS_SUPERSCRIPT.issuperset(text):
        return text.translate(_SUPERSCRIPTS)
    if mark == "_" and _HAS_SUBSCRIPT.issuperset(text):
        return text.translate(_SUBSCRIPTS)
    return mark + text if len(text) == 1 else f"{mark}({text})"


def bare_scripts(text: str) -> str:
    """``text`` with one-character scripts (``x^2``, ``ℓ_1``) in Unicode where it has them (``x²``, ``ℓ₁``)."""
    def script(match: re.Match[str]) -> str:
        return _script(match.group(1), match.group(2))
    return _BARE_SCRIPT.sub(script, text) if ("^" in text or "_" in text) else text


@cache
def _converter() -> _BibTeXText:
    """The converter, made on first use (building pylatexenc's tables takes a while)."""
    context = get_default_latex_context_db()
    macros = [MacroTextSpec(name, simplify_repl=text) for name, text in _MORE_MACROS.items()]
    macros += [MacroTextSpec(name, simplify_repl=f"{_PAD}{symbol}{_PAD}") for name, symbol in _OPERATORS.items()]
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


def decode(latex: str) -> str:
    """The text of ``latex``, a stretch of LaTeX, as the changed converter gives it.

    Raises:
        Exception: whatever pylatexenc raises on a value it cannot read, even
            parsing tolerantly (:func:`store.importers.latex.decode_latex` catches it).
    """
    text = _converter().latex_to_text(latex, latex_context=_parsing_context(), tolerant_parsing=True)
    if _PAD in text:
        text = _LONE_OPERATOR.sub(lambda match: match.group(1) or match.group(2), text).replace(_PAD, " ")
        text = _SPACES.sub(" ", text)
    return bare_scripts(text)

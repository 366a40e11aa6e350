"""Text from data files inside generated Markdown and chart labels: always as text.

Names, sources, notes, reasons and descriptions come from files that anyone may edit. Wherever such a
string is put into markup it goes through one of these functions (HTML uses :func:`html.escape`, the CLI's
``rich`` tables :func:`rich.markup.escape`):

* :func:`md_text` for Markdown (``display(Markdown(...))`` in the notebooks): no HTML element, no link or
  image, no emphasis, no heading or list of its own; it reads exactly as written.
* :func:`md_code` for a Markdown code span (a file name).
* :func:`chart_text` for matplotlib titles, legends and tick labels (``$...$`` is mathematics there).
"""

from __future__ import annotations

import html
import re

#: Characters with a meaning inside a Markdown line; ``<``, ``>`` and ``&`` become HTML entities instead.
_MD_INLINE = str.maketrans({c: "\\" + c for c in "\\`*_[]|~$"})
#: What could start a block of its own at the beginning of a list item: a heading, a list, a rule, ``1.``.
_MD_BLOCK_START = re.compile(r"^([#=+-]|\d+[.)])")


def md_text(text) -> str:
    """A string from data as literal Markdown text (one line; every special character escaped).

    Example:
        >>> md_text("<img src=x onerror=alert(1)> [klik](javascript:x) *vet* & 12,5%")
        '&lt;img src=x onerror=alert(1)&gt; \\\\[klik\\\\](javascript:x) \\\\*vet\\\\* &amp; 12,5%'
        >>> md_text("1. eerste")
        '1\\\\. eerste'
    """
    line = " ".join(str(text).split())  # a line break could start a paragraph, a heading, raw HTML
    line = html.escape(line, quote=False).translate(_MD_INLINE).replace("://", "\\://")  # no bare http:// link
    match = _MD_BLOCK_START.match(line)
    if match:
        mark = match.group(1)
        line = mark[:-1] + "\\" + mark[-1] + line[len(mark):]
    return line


def md_code(text) -> str:
    """A string from data as a Markdown code span (fenced by more backticks than it contains).

    Example:
        >>> md_code("mijn`scenario.yml")
        '``mijn`scenario.yml``'
    """
    text = " ".join(str(text).split())
    runs = [len(r) for r in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def chart_text(text) -> str:
    """A string from data for a matplotlib label: a ``$`` is a dollar sign, not the start of mathematics.

    Example:
        >>> chart_text("kosten in $ en $")
        'kosten in \\\\$ en \\\\$'
    """
    return str(text).replace("$", r"\$")

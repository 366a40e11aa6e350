"""The printed handout for the panel meeting: ``outputs/<edition>/index071-<edition>.pdf``.

Every HTML report of the build, in reading order (the order of the build plan, as on the index page),
behind a cover (title, headline, key figures, provenance) and a table of contents with page numbers; A4,
numbered pages, the report's title at the top of each page and one PDF bookmark per report.

It is made offline from the same HTML files the build wrote: their bodies go into one HTML document,
with the reports' own (inlined) styles, the print style ``templates/print.css`` that every report also
carries, and ``templates/handout.css`` for the cover, the contents and the running header. WeasyPrint lays
that document out. WeasyPrint rather than headless Chromium: CSS paged media gives the table of contents
its page numbers (``target-counter``), the page numbers continue over all reports and the bookmarks come
from the headings, in one pass and without a browser process. Nothing is fetched: the reports embed
their images as ``data:`` URIs and the URL fetcher allows nothing else.
"""

from __future__ import annotations

import datetime as _dt
import html
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path

from index071lib.build.notebook import NO_ROOM, TEMPLATES, JobResult, describe_failure
from index071lib.build.site import context_for, key_figures_table
from index071lib.report.context import footer_html, provenance, series_headline
from index071lib.report.tables import banner_html, published_notes_html
from index071lib.text import nl

PRINT_CSS = TEMPLATES / "print.css"
HANDOUT_CSS = TEMPLATES / "handout.css"

_STYLE = re.compile(r"<style\b[^>]*>.*?</style>", re.S | re.I)
_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.I)
#: A folded section's opening tag (text from data in the reports is escaped: a ``<details`` is always a tag).
_DETAILS = re.compile(r"<details\b(?![^>]*\sopen\b)", re.I)
#: The reports' one script (``templates/print.js``, for a browser's print): nothing for paper.
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)


def unfold(body: str) -> str:
    """A report's body for paper: every folded section (``<details>``) open, no script.

    Example:
        >>> unfold('<details class="ingeklapt"><summary>T</summary>x</details><details open>y</details>'
        ...        '<script>addEventListener("beforeprint", f)</script>')
        '<details open class="ingeklapt"><summary>T</summary>x</details><details open>y</details>'
    """
    return _DETAILS.sub("<details open", _SCRIPT.sub("", body))


def handout_name(plan) -> str:
    """File name of the handout: ``index071-<edition>.pdf`` (in the build's target folder)."""
    return f"index071-{plan.edition.year}.pdf"


@dataclass(frozen=True)
class Chapter:
    """One report in the handout: its run name, Dutch title and HTML file."""

    name: str
    title: str
    path: Path


def section_id(chapter: Chapter) -> str:
    """Id of a report's section in the handout (the target of its entry in the contents).

    Example:
        >>> section_id(Chapter("basket-regiomarketing", "Mandje: Regiomarketing", Path("x.html")))
        'report-basket-regiomarketing'
    """
    return f"report-{chapter.name}"


def chapters(plan) -> list[Chapter]:
    """The reports present in the target folder, in the order of the full build plan.

    A partial build (``--only``) still gives every report that exists, as on the index page.
    """
    return [Chapter(run.name, run.title, plan.target / f"{run.name}.html") for run in (plan.all_runs or plan.runs)
            if (plan.target / f"{run.name}.html").is_file()]


def split_report(page: str) -> tuple[list[str], str]:
    """The ``<style>`` blocks of a report's ``<head>`` and the content of its ``<body>``.

    The reports are the build's own nbconvert pages: text from data files in them is escaped, so the
    first ``<body ...>`` tag and the last ``</body>`` delimit the content.

    Example:
        >>> split_report('<html><head><style>p {}</style></head><body class="x"><p>a &lt;/body&gt;</p></body></html>')
        (['<style>p {}</style>'], '<p>a &lt;/body&gt;</p>')
    """
    opening = _BODY_OPEN.search(page)
    end = page.rfind("</body>")
    if opening is None or end < opening.end():
        raise ValueError("not an HTML report (no <body>)")
    return _STYLE.findall(page[:opening.start()]), page[opening.end():end]


def cover_html(plan, items: list[Chapter], now: _dt.datetime | None = None) -> str:
    """Cover page and table of contents (Dutch; every name escaped)."""
    ctx = context_for(plan)
    names = {c.name for c in items}
    title = nl.index_page_title(ctx.edition.year, ctx.scenario.label if ctx.scenario else None)
    figures = key_figures_table(ctx, lambda name: f"#report-{name}" if name in names else None)
    contents = "".join(f'<li><a href="#{section_id(c)}">{html.escape(c.title)}</a></li>' for c in items)
    return f"""<section class="cover">
<p class="series-line">{html.escape(nl.HANDOUT_SERIES)}</p>
<h1 class="handout-title">{html.escape(title)}</h1>
<p class="subtitle">{html.escape(nl.HANDOUT_SUBTITLE)}</p>
{banner_html(ctx.scenario, style=False)}<p class="kop">{html.escape(series_headline(ctx, ctx.edition.total_id))}</p>
<h2>{html.escape(nl.heading_key_figures(ctx.year))}</h2>
{figures}
{published_notes_html(ctx, [ctx.edition.total_id, *ctx.edition.basket_ids])}
{footer_html(provenance(ctx, now))}
</section>
<nav class="contents"><h1>{html.escape(nl.HANDOUT_CONTENTS)}</h1><ol>{contents}</ol></nav>
"""


def handout_html(plan, now: _dt.datetime | None = None) -> str:
    """The whole handout as one HTML document: cover, contents, then every report.

    Args:
        plan: The build plan (edition, scenario, target folder with the reports).
        now: Time stamp on the cover (default: now, UTC).

    Raises:
        ValueError: If no report exists in the target folder.
    """
    items = chapters(plan)
    if not items:
        raise ValueError(f"no HTML report in {plan.target}")
    styles, sections = [], []
    for chapter in items:
        head_styles, body = split_report(chapter.path.read_text(encoding="utf-8"))
        body = unfold(body)
        styles += [s for s in head_styles if s not in styles]  # the same lab styles in every report: once
        # The reports' own ids stay as they are: their inline table styles select cells by id. Headings of
        # the same name in several reports give duplicate ids, which only the (hidden) heading anchors use.
        sections.append(f'<section class="report" id="{section_id(chapter)}" data-title="{html.escape(chapter.title)}">'
                        f"{body}</section>")
    # Our styles come last, in the document: WeasyPrint ranks stylesheets passed to it as the user's, below
    # the document's own (a report's print style would otherwise number the cover).
    styles += [f"<style>{css.read_text(encoding='utf-8')}</style>" for css in (PRINT_CSS, HANDOUT_CSS)]
    title = html.escape(nl.index_page_title(plan.edition.year, plan.scenario.label if plan.scenario else None))
    return (f'<!DOCTYPE html>\n<html lang="nl">\n<head><meta charset="utf-8"><title>{title}</title>'
            f'{"".join(styles)}</head>\n<body class="jp-Notebook handout">\n{cover_html(plan, items, now)}'
            + "\n".join(sections) + "\n</body></html>\n")


def render_pdf(document: str, target: Path) -> int:
    """Lay out an HTML document (print media) and write it as PDF.

    Returns:
        The number of pages.
    """
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # CSS it does not support (lab styles): not news
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})  # offline: embedded images only
    rendered = weasyprint.HTML(string=document, url_fetcher=fetcher).render()
    rendered.write_pdf(target)
    return len(rendered.pages)


def write_handout(plan, staging: Path) -> JobResult:
    """Write the handout into ``staging`` and move it into the target folder; never raises.

    The earlier handout is replaced only by a complete new one: a failure leaves it in place.

    Args:
        plan: A plan whose reports are already in ``plan.target``.
        staging: The build's staging folder (same file system as the target).

    Returns:
        A :class:`JobResult` named ``pdf`` (``html`` holds the PDF's path, ``error`` what went wrong).
    """
    import os

    start, started = time.perf_counter(), time.time()
    result = JobResult(name="pdf", ok=False, seconds=0.0, started=started)
    staged = staging / handout_name(plan)
    try:
        pages = render_pdf(handout_html(plan), staged)
        os.replace(staged, plan.target / handout_name(plan))
        result.ok, result.html, result.pages = True, str(plan.target / handout_name(plan)), pages
    except OSError as err:  # e.g. a full disk: said in words, and reported as such by the build
        result.error, result.no_room = f"PDF: {describe_failure(err)}", err.errno in NO_ROOM
    except Exception as err:  # noqa: BLE001 - any failure keeps the earlier handout and is reported
        result.error = f"PDF: {type(err).__name__}: {err}"
    result.seconds = time.perf_counter() - start
    return result

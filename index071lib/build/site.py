"""``outputs/<edition>/index.html``: the entry page linking every report, with the headline numbers.

The page is self-contained (inline style, nothing from the network; the only script is the inline
``templates/print.js`` every report carries: folded sections open when printing) and Dutch. It is written
after the swap, from what is actually present in the output folder, so a report that failed in this build
but exists from an earlier build is still linked (and marked as such).
"""

from __future__ import annotations

import datetime as _dt
import html
import os
from collections.abc import Callable
from pathlib import Path

from index071lib.build.notebook import TEMPLATES, JobResult
from index071lib.report.context import (
    ReportContext,
    build_context,
    displayed,
    footer_html,
    provenance,
    provenance_info,
    series_headline,
)
from index071lib.report.dashboard import dashboard_html, series_report
from index071lib.report.tables import (
    STYLE,
    banner_html,
    folded,
    published_notes_html,
    scrolling,
    shown_change,
    shown_level,
)
from index071lib.text import nl
from index071lib.text.fmt import nl_datetime

#: Results of a build that are not notebook runs (the Excel workbook, the PDF handout).
EXTRA_RESULTS = ("excel", "pdf")

PAGE_STYLE = """<style>
body {font-family: system-ui, "Segoe UI", Arial, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em;
      color: #222}
a {color: #1f5f99}
.mislukt {color: #c62828; font-weight: bold}
</style>"""


NAV_STYLE = """<style>
nav.index071-nav {font-family: system-ui, "Segoe UI", Arial, sans-serif; font-size: .95em; background: #eef4fa;
  border-bottom: 2px solid #1f5f99; padding: .45em 1em; line-height: 1.9}
nav.index071-nav a {color: #1f5f99; margin-right: .9em; white-space: nowrap}
nav.index071-nav a[aria-current="page"] {font-weight: bold; color: #222; text-decoration: none}
nav.index071-nav .groep {color: #555; margin-right: .4em}
footer.herkomst {color: #555; font-size: .9em; border-top: 1px solid #ccc; margin: 2em 0 1em; padding: 0 1em}
@media (max-width: 700px) {
  nav.index071-nav {white-space: nowrap; overflow-x: auto; line-height: 1.6; padding: .4em .6em;
    background:
      linear-gradient(to right, #eef4fa 30%, rgba(238, 244, 250, 0)) left center,
      linear-gradient(to left, #eef4fa 30%, rgba(238, 244, 250, 0)) right center,
      radial-gradient(farthest-side at 0 50%, rgba(0, 0, 0, .25), rgba(0, 0, 0, 0)) left center,
      radial-gradient(farthest-side at 100% 50%, rgba(0, 0, 0, .25), rgba(0, 0, 0, 0)) right center, #eef4fa;
    background-repeat: no-repeat; background-size: 40px 100%, 40px 100%, 14px 100%, 14px 100%, auto;
    background-attachment: local, local, scroll, scroll, scroll}
  body {margin: 1em auto; padding: 0 .6em}}
</style>"""


def nav_html(plan, current: str) -> str:
    """The navigation bar of every page: start page, overview, baskets, themes, audit, what-if, sensitivity.

    Links every report of the plan that this build writes or that already exists in the target folder.

    Args:
        plan: The build plan.
        current: Run name of the page (``index`` for the start page); marked ``aria-current="page"``.

    Returns:
        A ``<nav>`` block with its style (labels escaped).
    """
    def link(name: str, label: str) -> str:
        here = ' aria-current="page"' if name == current else ""
        return f'<a href="{name}.html"{here}>{html.escape(label)}</a>'

    building = {r.name for r in plan.runs}
    names = {**plan.edition.basket_names, **plan.edition.theme_names}
    parts, groups = [link("index", nl.NAV_HOME)], {}
    for run in plan.all_runs or plan.runs:
        if run.name not in building and not (plan.target / f"{run.name}.html").is_file():
            continue
        prefix = run.job.prefix
        if prefix in nl.NAV_GROUPS:
            own = next(iter(v for k, v in run.parameters.items() if k == prefix))
            groups.setdefault(prefix, []).append(link(run.name, names.get(own, own)))
            if len(groups[prefix]) == 1:
                parts.append(prefix)  # placeholder: the group goes where its first report is
        else:
            parts.append(link(run.name, nl.NAV_REPORTS.get(prefix, run.title)))
    items = [f'<span class="groep">{html.escape(nl.NAV_GROUPS[p])}:</span> ' + " ".join(groups[p])
             if p in groups else p for p in parts]
    return (f'{NAV_STYLE}<nav class="index071-nav" aria-label="{html.escape(nl.NAV_LABEL)}">'
            f'{" ".join(items)}</nav>')


def page_footer_html(plan) -> str:
    """The provenance footer of the build (edition, data checksum, version, run date, scenario)."""
    return footer_html(provenance_info(plan.edition, plan.scenario))


def context_for(plan) -> ReportContext:
    """The report context of a build plan (its edition and scenario), as every report computes it."""
    return build_context(plan.edition, plan.scenario)


def screen_style() -> str:
    """The screen style every report carries (``templates/page.css``), as a ``<style>`` block."""
    return f"<style>\n{(TEMPLATES / 'page.css').read_text(encoding='utf-8')}</style>"


def print_style() -> str:
    """The print style and script every report carries (``templates/print.css``: A4, folded sections open;
    ``templates/print.js``: opens them before a browser prints), as inline ``<style>`` and ``<script>``."""
    return (f"<style media=\"print\">\n{(TEMPLATES / 'print.css').read_text(encoding='utf-8')}</style>"
            f"<script>\n{(TEMPLATES / 'print.js').read_text(encoding='utf-8')}</script>")


def key_figures_table(ctx: ReportContext, href: Callable[[str], str | None]) -> str:
    """The key figures as an HTML table: per series the index of the last year and its change in points.

    Args:
        ctx: Report context (edition, result, years).
        href: Report run name (``overview``, ``basket-<id>``) → link target, or ``None`` for no link.

    Returns:
        A ``<table class="index071-tabel">`` (names escaped).
    """
    year, prev = ctx.year, ctx.previous
    shown = displayed(ctx)
    rows = []
    for sid in ctx.result.series.index:
        label = html.escape(ctx.name(sid))
        target = href(series_report(ctx, sid))
        if target:
            label = f'<a href="{html.escape(target)}">{label}</a>'
        rows.append(f"<tr><td>{label}</td><td>{shown_level(shown, sid, year)}</td>"
                    f"<td>{shown_change(shown, sid, year, prev)}</td></tr>")
    headers = "".join(f"<th>{html.escape(h)}</th>"
                      for h in (nl.COL["series"], nl.col_index(year), nl.col_change_since(prev)))
    return scrolling(f'<table class="index071-tabel"><thead><tr>{headers}</tr></thead>'
                     f'<tbody>{"".join(rows)}</tbody></table>')


def index_html(plan, results: list[JobResult], now: _dt.datetime | None = None) -> str:
    """The index page of a build as HTML text.

    Args:
        plan: The :class:`~index071lib.build.runner.BuildPlan` (edition, scenario, runs, target).
        results: Results of this build.
        now: Time stamp to show (default: now, UTC).

    Returns:
        The page.
    """
    ctx = context_for(plan)
    results = [r for r in results if r.name not in EXTRA_RESULTS]
    status = {r.name: r for r in results}
    year = ctx.year
    every_run = plan.all_runs or plan.runs  # a partial build (--only) still links every report that exists
    links = {r.name for r in every_run if (plan.target / f"{r.name}.html").is_file()}

    def href(name: str) -> str | None:
        return f"{name}.html" if name in links else None

    figures = key_figures_table(ctx, href)
    items = []
    for run in every_run:
        text = html.escape(run.title)
        present = (plan.target / f"{run.name}.html").is_file()
        result = status.get(run.name)
        failed = result is not None and not result.ok
        entry = f'<a href="{run.name}.html">{text}</a>' if present else text
        if failed:
            entry += f' <span class="mislukt">{html.escape(nl.failed_marker(present))}</span>'
        items.append(f"<li>{entry}</li>")
    workbook = f"index071-{ctx.edition.year}.xlsx"
    if (plan.target / workbook).is_file():
        items.append(f'<li><a href="{workbook}">{html.escape(nl.workbook_link(workbook))}</a></li>')
    handout = f"index071-{ctx.edition.year}.pdf"
    if (plan.target / handout).is_file():
        items.append(f'<li><a href="{handout}">{html.escape(nl.handout_link(handout))}</a></li>')
    now = now or _dt.datetime.now(_dt.timezone.utc)
    info = provenance(ctx, now)
    info[nl.PROVENANCE["build"]] = nl.build_counts(sum(r.ok for r in results), sum(not r.ok for r in results))
    title = html.escape(nl.index_page_title(ctx.edition.year, ctx.scenario.label if ctx.scenario else None))
    headline = html.escape(series_headline(ctx, ctx.edition.total_id))
    return f"""<!DOCTYPE html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — {html.escape(nl.PAGE_REPORTS)}</title>{PAGE_STYLE}{STYLE}{screen_style()}{print_style()}</head>
<body>{nav_html(plan, "index")}<main class="index071">
<h1>{title}</h1>
<p class="meta">{html.escape(nl.dashboard_line(ctx.edition.year, nl_datetime(now)))}</p>
{banner_html(ctx.scenario, style=False)}<p class="kop" id="kop">{headline}</p>
<h2>{html.escape(nl.heading_key_figures(year))}</h2>
{dashboard_html(ctx, href)}
{published_notes_html(ctx, [ctx.edition.total_id, *ctx.edition.basket_ids])}
{folded(nl.FOLD_KEY_FIGURES, figures)}
<h2>{html.escape(nl.HEADING_REPORTS)}</h2>
<ul>{"".join(items)}</ul>
{footer_html(info)}
</main></body></html>
"""


def write_index(plan, results: list[JobResult], staging: Path) -> Path:
    """Write ``index.html`` into the target folder (via the staging folder, replaced atomically).

    Returns:
        The path of the page.
    """
    page = staging / "index.html"
    page.write_text(index_html(plan, results), encoding="utf-8")
    target = plan.target / "index.html"
    os.replace(page, target)
    return target

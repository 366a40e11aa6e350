"""The index page, from a plan and results (no notebook is executed here)."""

import datetime as dt

from index071lib.build.notebook import JobResult
from index071lib.build.runner import plan_build
from index071lib.build.site import index_html, write_index


def test_index_links_what_exists_and_marks_failures(tmp_path):
    plan = plan_build(2017, output_dir=tmp_path)
    plan.target.mkdir(parents=True)
    for run in plan.runs:
        if run.name != "theme-afval":
            (plan.target / f"{run.name}.html").write_text("x")
    (plan.target / "index071-2017.xlsx").write_text("x")
    results = [JobResult(r.name, r.name not in ("audit", "theme-afval"), 1.0) for r in plan.runs]
    page = index_html(plan, results, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    assert '<p class="kop" id="kop">De Index071 stijgt met 3 punten' in page
    assert '<a href="basket-regiomarketing.html">Mandje: Regiomarketing</a>' in page
    assert "bijwerken mislukt; dit is de vorige versie" in page  # audit: failed, old report exists
    assert "Trendthema: Circulaire economie: huishoudelijk restafval <span" in page  # failed, no report
    assert "bijwerken mislukt; geen rapport" in page
    assert 'href="index071-2017.xlsx"' in page
    # one script, inline: folded sections open when the page is printed (nothing loaded from anywhere)
    assert page.count("<script") == 1 and "<script>" in page and "beforeprint" in page and "src=" not in page
    assert '<style media="print">' in page and "details::details-content" in page
    # the footer: the alignment in words, no internal id
    footer = page[page.index('<footer class="herkomst">'):]
    assert "Uitlijning van de cijfers:</strong> meest recente cijfer telt mee in het laatste jaar" in footer
    assert "lag<" not in footer
    assert f"{len(plan.runs) - 2} gelukt, 2 mislukt" in page and "1 januari 2026 om 00:00 UTC" in page
    # key figures: Dutch whole points, signed change (the dashboard, and the table folded under it)
    assert "<td>113</td><td>+3</td>" in page
    assert '<p class="meta">Editie 2017 · gemaakt op 1 januari 2026 om 00:00 UTC</p>' in page
    assert page.count('<article class="card') == 6 and page.count("<svg") == 6
    assert '<details class="ingeklapt"><summary>Tabel: kerncijfers</summary>' in page
    assert '<a href="basket-regiomarketing.html">Regiomarketing</a></h3>' in page


def test_write_index_replaces_atomically(tmp_path):
    plan = plan_build(2017, output_dir=tmp_path, only=["overview"])
    plan.target.mkdir(parents=True)
    staging = tmp_path / "staging"
    staging.mkdir()
    path = write_index(plan, [JobResult("overview", True, 1.0)], staging)
    assert path == plan.target / "index.html" and not (staging / "index.html").exists()


def test_partial_build_index_links_every_existing_report(tmp_path):
    """After ``--only overview`` the index still lists (and links) the reports of earlier full builds."""
    full = plan_build(2017, output_dir=tmp_path)
    full.target.mkdir(parents=True)
    for run in full.runs:
        (full.target / f"{run.name}.html").write_text("x")
    partial = plan_build(2017, output_dir=tmp_path, only=["overview"])
    assert [r.name for r in partial.runs] == ["overview"]
    page = index_html(partial, [JobResult("overview", True, 1.0)], dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    for run in full.runs:
        assert f'href="{run.name}.html"' in page
    assert "1 gelukt, 0 mislukt" in page


def test_navigation_links_every_report_and_marks_the_current_page(tmp_path):
    from index071lib.build.site import nav_html

    plan = plan_build(2017, output_dir=tmp_path)
    nav = nav_html(plan, "basket-regiomarketing")
    for run in plan.runs:
        assert f'href="{run.name}.html"' in nav
    assert '<a href="index.html">Start</a>' in nav
    assert '<a href="basket-regiomarketing.html" aria-current="page">Regiomarketing</a>' in nav
    assert "Mandjes:</span> " in nav and "Thema&#x27;s:</span> " in nav
    assert nav.split("<nav")[1].count('aria-current="page"') == 1 and "<script" not in nav
    # a partial build links only the reports it writes or that already exist
    partial = plan_build(2017, output_dir=tmp_path, only=["overview"])
    nav = nav_html(partial, "overview")
    assert 'href="overview.html"' in nav and 'href="audit.html"' not in nav
    (partial.target).mkdir(parents=True, exist_ok=True)
    (partial.target / "audit.html").write_text("x")
    assert 'href="audit.html"' in nav_html(partial, "overview")


def test_scenario_index_page_names_the_scenario_by_its_title(tmp_path):
    """A scenario build: its title in the page title, heading, banner and footer; never its slug or file."""
    plan = plan_build(2017, scenario="life_sciences_20", output_dir=tmp_path)
    plan.target.mkdir(parents=True)
    page = index_html(plan, [JobResult(r.name, True, 1.0) for r in plan.runs],
                      dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    title = "Index071 2017 — scenario ‘Life Sciences &amp; Health 20%’ (niet officieel)"
    assert f"<title>{title} — rapporten</title>" in page and f"<h1>{title}</h1>" in page
    assert ("Let op: dit is het scenario ‘Life Sciences &amp; Health 20%’, niet de officiële Index071."
            in page)
    assert ("<strong>Scenario:</strong> ‘Life Sciences &amp; Health 20%’ (andere wegingen dan de officiële "
            "Index071)" in page)
    body = page[page.index("<main"):]
    assert "life_sciences_20" not in body and ".yml" not in body

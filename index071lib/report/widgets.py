"""JupyterLab sliders for what-if weightings (ipywidgets): what a weighting does, at a glance.

:class:`WhatIfPanel` shows, beside one slider per basket weight (and per basket, one per parameter
weight), the last year's total and baskets under the official weights and under the sliders with the
difference (changed cells highlighted), and a chart of the difference over the years. Below that, the
sliders can be saved as a scenario by a free-text name, a saved or shipped scenario can be loaded into
the sliders, and several scenarios compared side by side.

Speed: a slider move recomputes with :class:`~index071lib.core.fastindex.WeightModel` (a fraction of a
millisecond) and updates the status line and the table first; only then the optional band and the chart
(one figure, made once, whose lines get new data). Executed without a frontend (papermill) the panel is
displayed once; nothing waits for input. :meth:`WhatIfPanel.show_static` shows the start state without
widgets (batch reports).
"""

from __future__ import annotations

import html
import math
import time
from pathlib import Path

import ipywidgets as widgets
import numpy as np
import pandas as pd

from index071lib.analysis.sensitivity import DEFAULT_SEED, band
from index071lib.analysis.whatif import load_scenarios, scenario_from_weights
from index071lib.core.fastindex import WeightModel
from index071lib.data.edition import Edition
from index071lib.data.scenarios import (
    Scenario,
    available_scenarios,
    resolve_scenario_path,
    saved_scenarios_dir,
    scenario_aggregation,
    scenario_slug,
    scenario_weights,
)
from index071lib.errors import Index071Error
from index071lib.report.whatif_charts import DifferenceChart
from index071lib.report.whatif_view import (
    basket_weight_note,
    comparison_frame,
    comparison_html,
    last_year_frame,
    results_html,
    status_html,
)
from index071lib.text import nl
from index071lib.text.fmt import nl_number, nl_percent

#: Slider step (weights); one PageUp/PageDown moves five steps.
STEP = 0.5
#: Largest value of a basket and of a parameter slider (a larger start value extends it).
BASKET_MAX, PARAMETER_MAX = 60.0, 50.0
LABEL_WIDTH, SLIDER_WIDTH = "170px", "200px"
#: Lines of wrapped text in a widget row at the text's own height (JupyterLab sets 28 px per line).
TIGHT = 'style="line-height: 1.3; padding: 2px 0"'


def weight_label(value: float) -> str:
    """A weight as the slider shows it (Dutch, one decimal, more only when needed).

    Example:
        >>> weight_label(30), weight_label(2.25), weight_label(100 / 7)
        ('30,0', '2,25', '14,286')
    """
    for decimals in (1, 2, 3):
        if abs(round(value, decimals) - value) < 1e-9:
            return nl_number(value, decimals)
    return nl_number(value, 3)


def slider_options(value: float, maximum: float) -> list[tuple[str, float]]:
    """The positions of a weight slider: ``0, 0.5, ..., maximum`` and ``value`` (labels in Dutch).

    Example:
        >>> slider_options(2.25, 1.5)  # a start value beyond the maximum extends the slider
        [('0,0', 0.0), ('0,5', 0.5), ('1,0', 1.0), ('1,5', 1.5), ('2,0', 2.0), ('2,25', 2.25)]
    """
    steps = math.floor(max(maximum, value) / STEP + 1e-9)
    grid = {round(i * STEP, 6) for i in range(steps + 1)}
    return [(weight_label(v), v) for v in sorted(grid | {round(float(value), 6)})]


def _row(label: str, slider: widgets.Widget, *extra: widgets.Widget, ident: str, kind: str,
         label_width: str = LABEL_WIDTH) -> widgets.HBox:
    name = widgets.HTML(f'<div {TIGHT} title="{html.escape(label)}">{html.escape(label)}</div>',
                        layout=widgets.Layout(width=label_width))
    row = widgets.HBox([name, slider, *extra], layout=widgets.Layout(align_items="center", flex_flow="row wrap"))
    row.add_class(f"index071-{kind}")
    row.add_class(f"index071-w-{ident}")
    return row


class WhatIfPanel:
    """Sliders, the effect of the sliders (table, status line, chart) and scenario tools for one edition.

    Args:
        edition: The edition.
        alignment: Alignment method.
        start: Scenario whose weights the sliders start from (default: the annex weights).
        aggregation: Aggregation method (``"arithmetic"`` or ``"geometric"``; default: the start scenario's
            own, else arithmetic). A saved scenario names it when it is not the publication's arithmetic mean.
        save_dir: Folder the save button writes ``<name>.yml`` into (default:
            :func:`~index071lib.data.scenarios.saved_scenarios_dir` of the edition's data folder, where
            scenario names are looked up too).
        band_draws: Draws of the band around the sliders in the chart (0 = no band).
        seed: Seed of the band.
        draw: Draw the chart on every move (switch off in tests to save time).

    Attributes:
        basket_sliders: Slider per basket id.
        parameter_sliders: Slider per parameter id.
        last: The most recent computation: ``series`` (DataFrame), ``frame``
            (:func:`~index071lib.report.whatif_view.last_year_frame`), ``band`` (or ``None``), ``compute_ms``;
            empty while nothing can be computed.
    """

    def __init__(self, edition: Edition, *, alignment: str = "lag", start: Scenario | None = None,
                 save_dir: str | Path | None = None, band_draws: int = 0, seed: int = DEFAULT_SEED,
                 draw: bool = True, aggregation: str | None = None):
        self.edition, self.alignment, self.band_draws, self.seed, self.draw = edition, alignment, band_draws, seed, draw
        self.data_dir = edition.path.resolve().parents[1]  # <data>/editions/<year>
        self.save_dir = Path(save_dir) if save_dir else saved_scenarios_dir(self.data_dir)
        self.model = WeightModel.from_edition(edition, alignment=alignment,
                                              aggregation=aggregation or scenario_aggregation(start))
        self.official = self.model.frame()
        self.year = int(self.model.years[-1])
        self.last: dict = {}
        self._hold = False
        weights, baskets = scenario_weights(edition, start)
        self.basket_sliders = {b: self._slider(baskets[b], BASKET_MAX) for b in edition.basket_ids}
        self.parameter_sliders = {p: self._slider(weights[p], PARAMETER_MAX) for p in edition.parameters.index}
        self.shares = {b: widgets.HTML(layout=widgets.Layout(width="60px")) for b in edition.basket_ids}
        self.weight_note, self.status, self.notes, self.table = (widgets.HTML() for _ in range(4))
        self.chart = widgets.Image(format="png", layout=widgets.Layout(width="480px", max_width="100%"))
        self.chart.add_class("index071-chart")
        self.chart_figure = DifferenceChart(self.model.years, edition.basket_names, edition.total_id,
                                            list(self.model.baskets), width=4.8, height=2.8) if draw else None
        self.results = widgets.VBox([self.table, self.chart])
        self.reset_button = widgets.Button(description=nl.RESET_BUTTON, icon="undo",
                                           layout=widgets.Layout(width="auto"))
        self.reset_button.on_click(lambda _b: self.reset())
        self._scenario_tools(start)
        for slider in [*self.basket_sliders.values(), *self.parameter_sliders.values()]:
            slider.observe(lambda _change: self.update(), names="value")
        self.update()

    # --- sliders ---------------------------------------------------------------------------------------

    @staticmethod
    def _slider(value: float, maximum: float) -> widgets.SelectionSlider:
        # A selection slider over the weights 0, 0.5, ...: its readout is the option's label, in Dutch
        # ("30,0"; a FloatSlider's readout format has no decimal comma), and its value is exact (a
        # FloatSlider in the browser sends 25.000000000000004 after two PageDown presses).
        return widgets.SelectionSlider(options=slider_options(float(value), maximum), value=round(float(value), 6),
                                       continuous_update=False, layout=widgets.Layout(width=SLIDER_WIDTH))

    def weights(self) -> tuple[np.ndarray, np.ndarray]:
        """Current slider weights: ``(parameter weights (P,), basket weights (K,))`` in model order."""
        w = np.array([self.parameter_sliders[p].value for p in self.model.parameters], dtype=float)
        b = np.array([self.basket_sliders[k].value for k in self.model.baskets], dtype=float)
        return w, b

    def set_weights(self, weights, basket_weights) -> None:
        """Put weights (by id: parameter and basket weights) into the sliders, then recompute once."""
        self._hold = True
        try:
            for sliders, values, maximum in ((self.parameter_sliders, weights, PARAMETER_MAX),
                                             (self.basket_sliders, basket_weights, BASKET_MAX)):
                for ident, slider in sliders.items():
                    value = round(float(values[ident]), 6)
                    if value not in [v for _label, v in slider.options]:
                        slider.options = slider_options(value, maximum)
                    slider.value = value
        finally:
            self._hold = False
        self.update()

    def reset(self) -> None:
        """Back to the official (annex) weights."""
        self.set_weights(self.edition.weights, self.edition.basket_weights)
        self.feedback.value = ""

    # --- computing and showing -------------------------------------------------------------------------

    def compute(self) -> dict:
        """Recompute total and baskets (and the band, when drawn) for the current sliders.

        Returns:
            :attr:`last` (empty when nothing can be computed: every basket at 0 or without weighted parameters).
        """
        w, b = self.weights()
        started = time.perf_counter()
        with np.errstate(invalid="ignore", divide="ignore"):  # nothing weighted: NaN, reported below
            series = self.model.frame(w, b)
        compute_ms = (time.perf_counter() - started) * 1000.0
        if not np.isfinite(series.loc[self.edition.total_id].to_numpy(dtype=float)).all():
            self.last = {}
            return self.last
        self.last = {"series": series, "frame": last_year_frame(self.model, w, b), "band": None,
                     "compute_ms": compute_ms}
        return self.last

    def update(self) -> None:
        """Recompute and show (called on every slider move): status line and table first, then the chart."""
        if self._hold:
            return
        w, b = self.weights()
        self.weight_note.value = f"<div {TIGHT}><small>{html.escape(basket_weight_note(b))}</small></div>"
        for i, basket in enumerate(self.model.baskets):
            share = b[i] / b.sum() * 100.0 if b.sum() > 0 else 0.0
            self.shares[basket].value = nl.share_html(nl_percent(share, 1))
        last = self.compute()
        if not last:
            self.status.value = nl.NOTHING_TO_COMPUTE_HTML
            self.notes.value = ""
            self.results.layout.display = "none"  # no stale results that look current
            self.comparison.value, self._compared = "", None
            return
        self.results.layout.display = None
        self.status.value = status_html(last["frame"], self.edition.total_id, self.year)
        empty = [self.edition.basket_names[k] for i, k in enumerate(self.model.baskets)
                 if b[i] > 0 and w[self.model.basket_index == i].sum() <= 0]
        notes = [self._method_note()] if self._method_note() else []
        if empty:
            notes.append(nl.empty_baskets_html(empty))
        self.notes.value = "<br>".join(notes)
        self.table.value = results_html(last["frame"], self.edition.basket_names, self.year)
        if self.draw:
            self.chart.value = self.chart_png()
        if self._compared is not None:  # the comparison's sliders column follows the sliders too
            self._show_comparison()

    def _method_note(self) -> str:
        """Say so when "officieel" means the annex weights under another computation than the publication's."""
        alignment = None if self.alignment == "lag" else self.alignment
        aggregation = None if self.model.aggregation == "arithmetic" else self.model.aggregation
        return nl.other_method_html(alignment, aggregation) if alignment or aggregation else ""

    def chart_png(self, title: str = nl.CHART_DIFFERENCE) -> bytes:
        """The difference chart for :attr:`last` (with the band around the sliders if ``band_draws``)."""
        w, b = self.weights()
        diff = self.last["series"] - self.official
        summary = None
        if self.band_draws:
            summary = band(self.model, w, b, n=self.band_draws, seed=self.seed)
            self.last["band"] = summary
            rows = summary[summary["series"] == self.edition.total_id].set_index("year")
            official = self.official.loc[self.edition.total_id]
            summary = pd.DataFrame({"p05": rows["p05"] - official, "p95": rows["p95"] - official}).reindex(
                self.model.years)
        figure = self.chart_figure or DifferenceChart(self.model.years, self.edition.basket_names,
                                                      self.edition.total_id, list(self.model.baskets))
        figure.update(diff, summary)
        figure.ax.set_title(title, fontsize=10)
        return figure.png()

    def show_static(self) -> None:
        """Display the start state as plain HTML and a PNG (static reports: no widgets, no scripts).

        The difference chart is left out when the start state is the official weighting (a flat line at 0).
        """
        from IPython.display import HTML, Image, display

        if not self.compute():
            display(HTML(nl.NOTHING_TO_COMPUTE_STATIC_HTML))
            return
        # a static report shows a scenario's weights, not sliders: the columns and the chart say "scenario"
        display(HTML(status_html(self.last["frame"], self.edition.total_id, self.year)
                     + results_html(self.last["frame"], self.edition.basket_names, self.year, nl.SCENARIO_TABLE)))
        if (self.last["series"] - self.official).abs().to_numpy().max() >= 0.005:  # not a flat line at 0
            display(Image(self.chart_png(nl.CHART_DIFFERENCE_SCENARIO)))

    # --- scenarios -------------------------------------------------------------------------------------

    def _scenario_tools(self, start: Scenario | None) -> None:
        self.name = widgets.Text(value=start.name if start else "", placeholder=nl.NAME_PLACEHOLDER,
                                 description=nl.FIELD_NAME, continuous_update=False,
                                 style={"description_width": "initial"}, layout=widgets.Layout(width="260px"))
        # continuous_update=False: the text reaches the kernel once, when the box loses focus (a click on the
        # button does that first); per keystroke, a click right after typing reached the kernel before the
        # name (seen in JupyterLab).
        self.description = widgets.Text(value=start.description if start else "", description=nl.FIELD_DESCRIPTION,
                                        continuous_update=False, style={"description_width": "initial"},
                                        layout=widgets.Layout(width="340px"))
        self.save_button = widgets.Button(description=nl.SAVE_BUTTON, icon="save",
                                          layout=widgets.Layout(width="auto"))
        self.save_button.on_click(lambda _b: self.save())
        self.feedback = widgets.HTML()
        self.feedback.add_class("index071-feedback")
        self.name_hint = widgets.HTML()
        self.name.observe(lambda _c: self._show_name_hint(), names="value")
        self._show_name_hint()
        self.load_choice = widgets.Dropdown(description=nl.FIELD_SCENARIO, style={"description_width": "initial"},
                                            layout=widgets.Layout(width="340px"))
        self.load_button = widgets.Button(description=nl.LOAD_BUTTON, icon="upload",
                                          layout=widgets.Layout(width="auto"))
        self.load_button.on_click(lambda _b: self.load(self.load_choice.value))
        self.compare_choice = widgets.SelectMultiple(description=nl.FIELD_SCENARIOS, rows=4,
                                                     style={"description_width": "initial"},
                                                     layout=widgets.Layout(width="340px"))
        self.compare_button = widgets.Button(description=nl.COMPARE_BUTTON, icon="table",
                                             layout=widgets.Layout(width="auto"))
        self.compare_button.on_click(lambda _b: self.compare(list(self.compare_choice.value)))
        self.load_feedback, self.comparison = widgets.HTML(), widgets.HTML()
        self._compared: pd.DataFrame | None = None  # the scenarios of the comparison shown (without the sliders)
        self.load_feedback.add_class("index071-load-feedback")
        self.refresh_scenarios()

    def refresh_scenarios(self) -> None:
        """List the scenarios that can be named (shipped and saved) in the load and compare choices."""
        names = list(available_scenarios(self.data_dir))
        keep = [n for n in self.compare_choice.value if n in names]
        self.load_choice.options = names
        self.compare_choice.options = names
        self.compare_choice.value = tuple(keep)

    def _target(self) -> tuple[str, Path]:
        slug = scenario_slug(self.name.value)
        return slug, self.save_dir / f"{slug}.yml"

    def _usage(self, slug: str, path: Path) -> str:
        """How to name a saved scenario: by name when the name finds it, else by file."""
        found = resolve_scenario_path(slug, self.data_dir) if slug else None
        return slug if found is not None and found.resolve() == path.resolve() else str(path)

    def _show_name_hint(self) -> None:
        slug, path = self._target()
        self.name_hint.value = nl.name_hint_html(str(self.save_dir), slug, str(path))

    def scenario(self) -> Scenario:
        """The current sliders as a validated scenario named by the name field (only weights that differ).

        Raises:
            ScenarioError: If the sliders do not form a valid scenario (e.g. a basket without weights).
        """
        w, b = self.weights()
        slug = scenario_slug(self.name.value)
        description = self.description.value.strip() or self.name.value.strip()
        aggregation = None if self.model.aggregation == "arithmetic" else self.model.aggregation
        typed = " ".join(self.name.value.split())
        return scenario_from_weights(self.edition, slug, description, dict(zip(self.model.parameters, w)),
                                     dict(zip(self.model.baskets, b)), aggregation=aggregation,
                                     title=typed if typed != slug else "")

    def _refuse(self, reason: str) -> None:
        self.feedback.value = nl.not_saved_html(reason)

    def save(self) -> Path | None:
        """Write the current sliders to ``<save_dir>/<name>.yml`` (never overwrites; names stay unique).

        Returns:
            The path written, or ``None`` (the reason is shown next to the button, in Dutch).
        """
        slug, path = self._target()
        if not slug:
            self._refuse(nl.NO_NAME_HTML)
            return None
        taken = resolve_scenario_path(slug, self.data_dir)
        if path.exists() or taken.is_file():
            existing = path if path.exists() else taken
            self._refuse(nl.name_taken_html(slug, str(existing)))
            return None
        w, b = self.weights()
        empty = [self.edition.basket_names[k] for i, k in enumerate(self.model.baskets)
                 if w[self.model.basket_index == i].sum() <= 0]
        if b.sum() <= 0 or empty:
            self._refuse(nl.ALL_BASKETS_ZERO_HTML if b.sum() <= 0 else nl.empty_in_html(empty))
            return None
        try:
            scenario = self.scenario()
        except Index071Error as err:  # any remaining check of the scenario format
            self._refuse(nl.invalid_sliders_html(str(err)))
            return None
        self.save_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(scenario.to_yaml(), encoding="utf-8")
        self.feedback.value = nl.saved_html(slug, str(path), self._usage(slug, path))
        self.refresh_scenarios()
        return path

    def load(self, spec: str | None) -> Scenario | None:
        """Put a saved or shipped scenario (name or file) into the sliders.

        Returns:
            The scenario, or ``None`` (the reason is shown next to the button).
        """
        if not spec:
            self.load_feedback.value = nl.CHOOSE_SCENARIO_FIRST
            return None
        try:
            scenario = load_scenarios([spec], self.edition, self.data_dir)[0]
        except Index071Error as err:
            self.load_feedback.value = nl.not_loaded_html(str(err))
            return None
        weights, baskets = scenario_weights(self.edition, scenario)
        self.set_weights(weights, baskets)
        self.load_feedback.value = nl.loaded_html(scenario.label, scenario.description)
        own = scenario_aggregation(scenario, self.model.aggregation)
        if own != self.model.aggregation:
            self.load_feedback.value += nl.other_aggregation_html(own, self.model.aggregation)
        return scenario

    def compare(self, names: list[str]) -> pd.DataFrame | None:
        """Show the chosen scenarios side by side with the official weights and the sliders (last year).

        Returns:
            The :func:`~index071lib.report.whatif_view.comparison_frame`, or ``None`` if nothing was chosen.
        """
        try:
            scenarios = load_scenarios(names, self.edition, self.data_dir)
        except Index071Error as err:
            self.comparison.value = f'<span style="color:#c62828">{html.escape(str(err))}</span>'
            return None
        self._compared = comparison_frame(self.edition, scenarios, alignment=self.alignment,
                                          aggregation=self.model.aggregation)
        return self._show_comparison()

    def _show_comparison(self) -> pd.DataFrame:
        frame = self._compared.copy()
        if self.last:
            frame["sliders"] = self.last["series"][self.year].reindex(frame.index)
        self.comparison.value = comparison_html(frame, self.edition.basket_names, self.year)
        return frame

    # --- layout ----------------------------------------------------------------------------------------

    @property
    def widget(self) -> widgets.Widget:
        """The whole panel, for ``display``: sliders left, their effect right, scenario tools below."""
        names = self.edition.basket_names
        basket_rows = [_row(names[b], self.basket_sliders[b], self.shares[b], ident=b, kind="basket")
                       for b in self.model.baskets]
        per_basket = []
        for basket in self.model.baskets:
            members = [p for p in self.model.parameters if self.edition.basket_of[p] == basket]
            per_basket.append(widgets.VBox([
                _row(str(self.edition.parameters.loc[p, "name"]), self.parameter_sliders[p], ident=p,
                     kind="parameter", label_width="190px") for p in members]))
        accordion = widgets.Accordion(children=per_basket, titles=tuple(names[b] for b in self.model.baskets))
        left = widgets.VBox([widgets.HTML(nl.BASKET_WEIGHTS_HTML), self.weight_note, *basket_rows,
                             widgets.HTML(nl.PARAMETER_WEIGHTS_HTML), accordion,
                             self.reset_button], layout=widgets.Layout(flex="0 1 440px", min_width="0",
                                                                       margin="0 12px 0 0"))
        right = widgets.VBox([self.status, self.notes, self.results],
                             layout=widgets.Layout(flex="0 1 490px", min_width="0", overflow="auto"))
        tools = widgets.VBox([
            widgets.HTML(nl.scenarios_intro_html(str(self.save_dir))),
            widgets.HBox([self.name, self.description, self.save_button], layout=widgets.Layout(flex_flow="row wrap")),
            self.name_hint, self.feedback,
            widgets.HBox([self.load_choice, self.load_button, self.load_feedback],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="center")),
            widgets.HBox([self.compare_choice, self.compare_button], layout=widgets.Layout(align_items="flex-start")),
            self.comparison,
        ])
        return widgets.VBox([widgets.HBox([left, right], layout=widgets.Layout(flex_flow="row wrap")),
                             widgets.HTML("<hr>"), tools])

"""JupyterLab sliders for what-if weightings (ipywidgets).

:class:`WhatIfPanel` holds one slider per basket weight and, per basket, one per parameter weight. A
slider move recomputes the total and the baskets with :class:`~index071lib.core.fastindex.WeightModel`
(a fraction of a millisecond) and, optionally, a 5–95% band of alternative weightings around the
slider position (:func:`~index071lib.analysis.sensitivity.band`). The save button writes the current sliders
as a scenario YAML that ``index071 whatif --scenario`` accepts. Executed without a frontend
(papermill) the panel is simply displayed once; nothing waits for input.
"""

from __future__ import annotations

import html
import time
from pathlib import Path

import ipywidgets as widgets
import numpy as np
import pandas as pd

from index071lib.analysis.sensitivity import DEFAULT_SEED, band
from index071lib.analysis.whatif import scenario_from_weights
from index071lib.core.aggregate import contributions
from index071lib.core.fastindex import WeightModel
from index071lib.data.edition import Edition
from index071lib.data.scenarios import Scenario, scenario_aggregation, scenario_weights
from index071lib.errors import Index071Error
from index071lib.report.tables import STYLE
from index071lib.text import nl
from index071lib.text.fmt import nl_number, nl_percent

#: Decimals kept of a slider value (more is floating-point noise from the browser).
WEIGHT_DECIMALS = 6


def default_save_dir(edition: Edition) -> Path:
    """Where the save button writes by default: ``outputs/scenarios/`` next to the edition's data folder.

    In the repository that is the git-ignored ``outputs/scenarios/``; with ``--data-dir`` or
    ``$INDEX071_DATA`` it lies beside that folder (never inside an installed package).

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> default_save_dir(load_edition(2017)).relative_to(Path.cwd().resolve()).as_posix()
        'outputs/scenarios'
    """
    data_dir = edition.path.resolve().parents[1]  # <data>/editions/<year>
    return data_dir.parent / "outputs" / "scenarios"


def contribution_frame(model: WeightModel, weights, basket_weights) -> pd.DataFrame:
    """Per basket: weight share and contribution to the latest change of the total, baseline vs sliders.

    Args:
        model: The model (its reference weights are the baseline).
        weights: Slider parameter weights ``(P,)``.
        basket_weights: Slider basket weights ``(K,)``.

    Returns:
        One row per basket: ``share_baseline, contribution_baseline, share, contribution`` (shares in
        percent, contributions in index points; contributions add up to the change of the total).

    Example:
        >>> from index071lib.data.edition import load_edition
        >>> m = WeightModel.from_edition(load_edition(2017))
        >>> t = contribution_frame(m, m.weights, m.basket_weights)
        >>> bool(np.allclose(t["contribution"], t["contribution_baseline"]))
        True
    """
    year, previous = model.years[-1], model.years[-2]

    def parts(w, b):
        baskets = pd.DataFrame(model.series(w, b)[0, :-1, :], index=list(model.baskets), columns=list(model.years))
        table = contributions(baskets, pd.Series(np.asarray(b, dtype=float), index=baskets.index), year, previous,
                              aggregation=model.aggregation)
        return table["share"] * 100.0, table["contribution"]

    share0, contrib0 = parts(model.weights, model.basket_weights)
    share1, contrib1 = parts(weights, basket_weights)
    return pd.DataFrame({"share_baseline": share0, "contribution_baseline": contrib0, "share": share1,
                         "contribution": contrib1})


class WhatIfPanel:
    """Sliders, live chart, contribution table and a save button for one edition.

    Args:
        edition: The edition.
        alignment: Alignment method.
        aggregation: Aggregation method (``"arithmetic"`` or ``"geometric"``; default: the start scenario's
            own, else arithmetic). A saved scenario names it when it is not the publication's arithmetic mean.
        start: Scenario whose weights the sliders start from (default: the annex weights).
        save_dir: Folder the save button writes ``<name>.yml`` into (default: :func:`default_save_dir`).
        band_draws: Draws of the live band (0 = no band).
        seed: Seed of the band.
        draw: Render the chart on every move (switch off in tests to save time).

    Attributes:
        basket_sliders: Slider per basket id.
        parameter_sliders: Slider per parameter id.
        last: The most recent computation: ``series`` (DataFrame), ``band`` (or ``None``),
            ``compute_ms``, ``band_ms``.
    """

    def __init__(self, edition: Edition, *, alignment: str = "lag", start: Scenario | None = None,
                 save_dir: str | Path | None = None, band_draws: int = 10_000, seed: int = DEFAULT_SEED,
                 draw: bool = True, aggregation: str | None = None):
        self.edition, self.band_draws, self.seed, self.draw = edition, band_draws, seed, draw
        self.save_dir = Path(save_dir) if save_dir else default_save_dir(edition)
        self.model = WeightModel.from_edition(edition, alignment=alignment,
                                              aggregation=aggregation or scenario_aggregation(start))
        self.baseline = self.model.frame()
        weights, baskets = scenario_weights(edition, start)
        names = edition.basket_names
        self.basket_sliders = {b: self._slider(names[b], baskets[b], 60) for b in edition.basket_ids}
        self.parameter_sliders = {p: self._slider(edition.parameters.loc[p, "name"], weights[p], 50)
                                  for p in edition.parameters.index}
        self.chart, self.table, self.notes, self.status = (widgets.Output(), widgets.HTML(), widgets.HTML(),
                                                           widgets.HTML())
        # continuous_update=False: the text reaches the kernel once, when the box loses focus (a click on the
        # button does that first). Per keystroke, the browser holds back every update after the first until
        # the kernel is idle, while a click is sent at once: a click right after typing (the kernel still busy
        # redrawing after a slider move) reached the kernel before the name and saved under the old one (seen
        # in JupyterLab). Label and button as wide as their text: the defaults cut off "Omschrijv…" and
        # "Bewaar als sce…".
        self.name = widgets.Text(value=start.name if start else nl.DEFAULT_SCENARIO_NAME, description=nl.FIELD_NAME,
                                 continuous_update=False, style={"description_width": "initial"})
        self.description = widgets.Text(value=start.description if start else "", description=nl.FIELD_DESCRIPTION,
                                        continuous_update=False, style={"description_width": "initial"})
        self.save_button = widgets.Button(description=nl.SAVE_BUTTON, icon="save",
                                          layout=widgets.Layout(width="auto"))
        self.save_button.on_click(lambda _button: self.save())
        for slider in [*self.basket_sliders.values(), *self.parameter_sliders.values()]:
            slider.observe(lambda _change: self.update(), names="value")
        self.last: dict = {}
        self.update()

    @staticmethod
    def _slider(label: str, value: float, maximum: float) -> widgets.FloatSlider:
        # The whole name as label and tooltip: the browser cuts a long label off at the label width (with
        # "…") and shows the full name on hover. Cut off here at 40 characters, two parameters of
        # Onderwijs – Arbeidsmarkt both read "Aantal gediplomeerden (hbo en mbo) met e", without a tooltip
        # to tell them apart (seen in JupyterLab).
        return widgets.FloatSlider(value=float(value), min=0.0, max=float(max(maximum, value)), step=0.5,
                                   description=label, tooltip=label, continuous_update=False, readout_format=".1f",
                                   style={"description_width": "min(320px, 45vw)"},
                                   layout=widgets.Layout(width="640px", max_width="100%"))

    def weights(self) -> tuple[np.ndarray, np.ndarray]:
        """Current slider weights, rounded to 6 decimals.

        The browser's sliders compute their values through percentages of the track, so keyboard steps
        or a drag send e.g. 25.000000000000004 for 25; rounding keeps that noise out of the saved scenario.

        Returns:
            ``(parameter weights (P,), basket weights (K,))`` in model order.
        """
        w = np.array([self.parameter_sliders[p].value for p in self.model.parameters], dtype=float)
        b = np.array([self.basket_sliders[k].value for k in self.model.baskets], dtype=float)
        return np.round(w, WEIGHT_DECIMALS), np.round(b, WEIGHT_DECIMALS)

    def compute(self) -> dict:
        """Recompute baskets, total (and the band) for the current sliders.

        Returns:
            ``{"series": DataFrame, "band": summary or None, "compute_ms": float, "band_ms": float or None,
            "contributions": DataFrame}`` (also kept in :attr:`last`).
        """
        w, b = self.weights()
        started = time.perf_counter()
        series = self.model.frame(w, b)
        compute_ms = (time.perf_counter() - started) * 1000.0
        summary, band_ms = None, None
        if self.band_draws and b.sum() > 0:
            started = time.perf_counter()
            summary = band(self.model, w, b, n=self.band_draws, seed=self.seed)
            band_ms = (time.perf_counter() - started) * 1000.0
        self.last = {"series": series, "band": summary, "compute_ms": compute_ms, "band_ms": band_ms,
                     "contributions": contribution_frame(self.model, w, b) if b.sum() > 0 else None}
        return self.last

    def update(self) -> None:
        """Recompute and redraw (called on every slider move)."""
        w, b = self.weights()
        if b.sum() <= 0:
            self.status.value = nl.ALL_ZERO_HTML
            return
        last = self.compute()
        self.status.value = html.escape(nl.recomputed(last["compute_ms"], self.band_draws, last["band_ms"]))
        empty = [self.edition.basket_names[k] for k, i in zip(self.model.baskets, range(len(b)))
                 if b[i] > 0 and w[self.model.basket_index == i].sum() <= 0]
        self.notes.value = nl.empty_baskets_html(empty) if empty else ""
        self.table.value = self._table_html(last["contributions"])
        if self.draw:
            import matplotlib.pyplot as plt
            from IPython.display import display

            from index071lib.report.whatif_charts import live_chart

            with self.chart:
                self.chart.clear_output(wait=True)
                fig = live_chart(self.baseline, last["series"], self.edition.basket_names, last["band"])
                display(fig)
                plt.close(fig)

    def show_static(self) -> None:
        """Display the start state as a plain figure and table (for static reports: no widgets).

        A rendered report (HTML of the batch) cannot run sliders, and widget output would need
        scripts from the network; this shows what the sliders start from instead.
        """
        import matplotlib.pyplot as plt
        from IPython.display import HTML, display

        from index071lib.report.whatif_charts import live_chart

        last = self.compute()
        fig = live_chart(self.baseline, last["series"], self.edition.basket_names, last["band"])
        display(fig)
        plt.close(fig)
        display(HTML(self._table_html(last["contributions"])))

    def _table_html(self, frame: pd.DataFrame) -> str:
        names = self.edition.basket_names
        shown = pd.DataFrame({
            nl.COL["basket"]: [names[k] for k in frame.index],
            nl.COL["weight_base"]: [nl_percent(v, 1) for v in frame["share_baseline"]],
            nl.COL["contribution_base"]: [nl_number(v, 2, sign=True) for v in frame["contribution_baseline"]],
            nl.COL["weight_sliders"]: [nl_percent(v, 1) for v in frame["share"]],
            nl.COL["contribution_sliders"]: [nl_number(v, 2, sign=True) for v in frame["contribution"]],
        })
        years = self.model.years
        # The reports' table style and a horizontal scroll bar: outside JupyterLab (Voilà, the meeting panel)
        # a widget's HTML gets no table style, and on a phone the five columns are wider than the screen.
        return (nl.slider_table_caption_html(years[-2], years[-1]) + f'{STYLE}<div style="overflow-x: auto">'
                + shown.to_html(index=False, border=0, classes="index071-tabel") + "</div>")

    def scenario(self) -> Scenario:
        """The current sliders as a validated scenario (only the weights that differ from the annex).

        Raises:
            ScenarioError: If the sliders do not form a valid scenario (e.g. a basket without weights).
        """
        w, b = self.weights()
        aggregation = None if self.model.aggregation == "arithmetic" else self.model.aggregation
        return scenario_from_weights(self.edition, self.name.value.strip(), self.description.value.strip(),
                                     dict(zip(self.model.parameters, w)), dict(zip(self.model.baskets, b)),
                                     aggregation=aggregation)

    def save(self) -> Path | None:
        """Write the current sliders to ``<save_dir>/<name>.yml`` (never overwrites a file).

        Returns:
            The path written, or ``None`` (the reason is shown in the status line).
        """
        try:
            scenario = self.scenario()
        except Index071Error as err:  # the status is HTML: the message names e.g. "<scenario x>"
            self.status.value = nl.not_saved_html(str(err))
            return None
        path = self.save_dir / f"{scenario.name}.yml"
        if path.exists():
            self.status.value = nl.exists_html(str(path))
            return None
        self.save_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(scenario.to_yaml(), encoding="utf-8")
        self.status.value = nl.saved_html(str(path))
        return path

    @property
    def widget(self) -> widgets.Widget:
        """The whole panel, for ``display``."""
        names = self.edition.basket_names
        per_basket = []
        for basket in self.model.baskets:
            members = [p for p in self.model.parameters if self.edition.basket_of[p] == basket]
            per_basket.append(widgets.VBox([self.parameter_sliders[p] for p in members]))
        accordion = widgets.Accordion(children=per_basket, titles=tuple(names[b] for b in self.model.baskets))
        return widgets.VBox([
            widgets.HTML(nl.BASKET_WEIGHTS_HTML), *self.basket_sliders.values(),
            widgets.HTML(nl.PARAMETER_WEIGHTS_HTML), accordion,
            self.status, self.notes, self.chart, self.table,
            widgets.HBox([self.name, self.description, self.save_button]),
        ])

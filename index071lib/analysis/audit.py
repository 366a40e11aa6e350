"""Audit of a publication: recompute what it prints and list where it differs.

Findings are results, not errors. Each has a ``kind``, a ``subject``, an English ``message`` (CLI),
a Dutch ``message_nl`` (panel report) and structured ``details``.

Kinds:
    ``theme_index_mismatch`` — a printed chapter 7 index differs from the fixed-base recomputation.
    ``theme_method`` — a printed series follows another method (e.g. year-on-year chaining).
    ``base_year_fallback`` — a raw series has no value in the base year; the first available is used.
    ``weight_sum`` — weights of a basket, or of the baskets, do not sum to 100.
    ``chapter_weight`` — a weight in a chapter text differs from the annex.
    ``reproduction_residual`` — a computed basket/total cell differs from the published one by > 0.5.
    ``text_claim`` — a statement in the text that the data contradicts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

from index071lib.core.indices import match_printed
from index071lib.core.pipeline import compute_index, reproduction
from index071lib.core.themes import theme_table
from index071lib.data.edition import Edition
from index071lib.text import nl
from index071lib.text.fmt import round_half_up

RESIDUAL_LIMIT = 0.5


@dataclass
class Finding:
    """One result of the audit."""

    kind: str
    subject: str
    message: str
    message_nl: str
    details: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def audit_themes(edition: Edition) -> list[Finding]:
    """Recompute every chapter 7 index from its raw values and compare with the printed index.

    Args:
        edition: A loaded edition.

    Returns:
        Findings of kinds ``base_year_fallback``, ``theme_index_mismatch`` and ``theme_method``.
    """
    findings: list[Finding] = []
    for theme in edition.theme_ids:
        table = theme_table(edition, theme)
        for series_id, rows in table.groupby("series", sort=False):
            name, polarity = rows["name"].iloc[0], rows["polarity"].iloc[0]
            raw = rows.set_index("year")["value"]
            printed = rows.set_index("year")["printed_index"]
            base_used = int(rows["base_used"].iloc[0])
            labels = dict(zip(rows["year"], rows["label"]))
            if base_used != edition.base_year:
                missing = [labels[y] for y in raw.index[raw.isna()]]
                findings.append(Finding(
                    "base_year_fallback", series_id,
                    f"{name}: no value for base period {labels.get(edition.base_year, edition.base_year)}; "
                    f"index based on the first available period {labels[base_used]}"
                    + (f" (the publication prints 100 for the missing period {', '.join(missing)})"
                       if any(printed.get(y) == 100 for y in raw.index[raw.isna()]) else ""),
                    nl.audit_base_year_fallback(name, labels.get(edition.base_year, edition.base_year),
                                                labels[base_used]),
                    {"theme": theme, "base_year": edition.base_year, "base_used": base_used},
                ))
            if printed.dropna().empty:
                continue
            match = match_printed(raw, printed, edition.base_year, polarity)
            fixed = match.loc["fixed_base"]
            if fixed["matches"] == fixed["compared"]:
                continue
            index = rows.set_index("year")["index"]
            for year in fixed["mismatched_years"]:
                findings.append(Finding(
                    "theme_index_mismatch", f"{series_id}/{labels[year]}",
                    f"{name} {labels[year]}: printed index {printed[year]:g}, fixed-base recomputation "
                    f"{index[year]:.2f} (rounds to {round_half_up(index[year]):g})",
                    nl.audit_theme_index(name, labels[year], printed[year], index[year]),
                    {"theme": theme, "year": int(year), "printed": float(printed[year]), "recomputed": float(index[year])},
                ))
            full = match[match["matches"] == match["compared"]]
            best = full.index[0] if len(full) else match["matches"].idxmax()
            method_matches = best != "fixed_base" and len(full) > 0
            findings.append(Finding(
                "theme_method", series_id,
                (f"{name}: printed index matches the {best} method in all {int(match.loc[best, 'compared'])} years, "
                 f"not the fixed base ({int(fixed['matches'])}/{int(fixed['compared'])} years)")
                if method_matches else
                (f"{name}: printed index matches no known method; closest is {best} "
                 f"({int(match.loc[best, 'matches'])}/{int(match.loc[best, 'compared'])} years)"),
                nl.audit_theme_method(name, best if method_matches else None, int(fixed["matches"]),
                                      int(fixed["compared"])),
                {"theme": theme, "method": best, "matches": {m: int(r["matches"]) for m, r in match.iterrows()},
                 "compared": int(fixed["compared"])},
            ))
    return findings


def audit_weights(edition: Edition) -> list[Finding]:
    """Weights per basket and across baskets that do not sum to 100; chapter-text weights that differ.

    Args:
        edition: A loaded edition.

    Returns:
        Findings of kinds ``weight_sum`` and ``chapter_weight``.
    """
    findings: list[Finding] = []
    names = edition.basket_names
    sums = edition.weights.groupby(edition.basket_of).sum()
    for basket in edition.basket_ids:
        total = float(sums.get(basket, 0.0))
        if abs(total - 100) > 1e-9:
            findings.append(Finding(
                "weight_sum", basket,
                f"annex weights of basket {basket} sum to {total:g}, not 100 (normalised in the computation)",
                nl.audit_basket_weight_sum(names[basket], total),
                {"sum": total, "level": "parameters"},
            ))
    total = float(edition.basket_weights.sum())
    if abs(total - 100) > 1e-9:
        findings.append(Finding(
            "weight_sum", edition.total_id,
            f"basket weights sum to {total:g}, not 100 (normalised in the computation)",
            nl.audit_baskets_weight_sum(len(edition.basket_ids), total),
            {"sum": total, "level": "baskets"},
        ))
    if not edition.chapter_weights.empty:
        chapter = edition.chapter_weights.reindex(edition.parameters.index)
        for pid, text_weight in chapter.dropna().items():
            annex = float(edition.weights[pid])
            if abs(text_weight - annex) > 1e-9:
                basket = edition.basket_of[pid]
                name = edition.parameters.loc[pid, "name"]
                findings.append(Finding(
                    "chapter_weight", pid,
                    f"{pid} ({basket}): chapter text prints weight {text_weight:g}%, annex {annex:g}%",
                    nl.audit_chapter_weight(name, text_weight, annex),
                    {"basket": basket, "chapter": float(text_weight), "annex": annex},
                ))
        for basket in edition.basket_ids:
            members = edition.parameters.index[edition.basket_of == basket]
            text_sum = float(chapter.reindex(members).sum())
            if chapter.reindex(members).notna().all() and abs(text_sum - 100) > 1e-9:
                findings.append(Finding(
                    "weight_sum", f"{basket} (chapter text)",
                    f"chapter-text weights of basket {basket} sum to {text_sum:g}, not 100",
                    nl.audit_chapter_weight_sum(names[basket], text_sum),
                    {"sum": text_sum, "level": "chapter_text"},
                ))
    return findings


def audit_reproduction(edition: Edition, limit: float = RESIDUAL_LIMIT) -> list[Finding]:
    """Cells where the computed basket/total series differs from the published one by more than ``limit``.

    Args:
        edition: A loaded edition.
        limit: Threshold in index points.

    Returns:
        Findings of kind ``reproduction_residual``.
    """
    table = reproduction(edition, compute_index(edition, warn=False))
    names = edition.basket_names
    findings = []
    for row in table[table["diff"].abs() > limit].itertuples():
        findings.append(Finding(
            "reproduction_residual", f"{row.series}/{row.year}",
            f"{row.series} {row.year}: computed {row.computed:.2f}, published {row.published:g} "
            f"(difference {row.diff:+.2f})",
            nl.audit_residual(names.get(row.series, row.series), row.year, row.computed, row.published, row.diff),
            {"computed": float(row.computed), "published": float(row.published), "diff": float(row.diff)},
        ))
    return findings


def audit_text_claims(edition: Edition) -> list[Finding]:
    """Check the statements listed under ``text_claims`` in ``edition.yml`` against the data.

    Args:
        edition: A loaded edition.

    Returns:
        Findings of kind ``text_claim`` for claims the data contradicts.
    """
    findings = []
    for claim in edition.meta.get("text_claims", []) or []:
        if claim.get("kind") == "same_weight":
            ids = claim["parameters"]
            w = edition.weights.reindex(ids)
            if w.nunique() > 1:
                listing = ", ".join(f"{p} {w[p]:g}%" for p in ids)
                findings.append(Finding(
                    "text_claim", " = ".join(ids),
                    f"text says these have the same weight, annex has {listing}",
                    nl.audit_same_weight(claim["quote"], [(edition.parameters.loc[p, "name"], w[p]) for p in ids]),
                    {"quote": claim["quote"], "weights": {p: float(w[p]) for p in ids}},
                ))
        elif claim.get("kind") == "parameter_count":
            n = len(edition.parameters)
            if n != int(claim["count"]):
                findings.append(Finding(
                    "text_claim", "parameter_count",
                    f"text says {claim['count']} parameters, the annex lists {n}",
                    nl.audit_parameter_count(claim["count"], n),
                    {"quote": claim["quote"], "claimed": int(claim["count"]), "counted": n},
                ))
    return findings


def run_audit(edition: Edition) -> list[Finding]:
    """All audit checks, in report order.

    Args:
        edition: A loaded edition.

    Returns:
        The list of findings (empty when the publication is consistent).
    """
    return (audit_themes(edition) + audit_weights(edition) + audit_reproduction(edition)
            + audit_text_claims(edition))


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    """Findings as a table (kind, subject, message, message_nl)."""
    return pd.DataFrame([{k: v for k, v in f.to_dict().items() if k != "details"} for f in findings],
                        columns=["kind", "subject", "message", "message_nl"])

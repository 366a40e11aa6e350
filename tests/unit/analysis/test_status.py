"""index071lib.analysis.status: how far an edition is filled in."""

import csv

from index071lib.analysis.status import edition_status


def test_status_2017(edition):
    """Checked against values.csv read independently with the csv module."""
    status = edition_status(edition).set_index("id")
    with open(edition.path / "values.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    filled = {}
    for r in rows:
        if r["value"] not in ("", "-"):
            filled.setdefault(r["parameter"], []).append(int(r["year"]))
    assert len(status) == 38
    for pid, years in filled.items():
        assert status.loc[pid, "last_year"] == max(years)
        assert status.loc[pid, "lag"] == 2016 - max(years)
        missing = [y for y in range(2012, 2017) if y not in years]
        assert status.loc[pid, "missing_years"] == " ".join(map(str, missing))
        assert status.loc[pid, "status"] == ("complete" if max(years) == 2016 else "lagged")
    assert (status["status"] == "complete").sum() == sum(max(y) == 2016 for y in filled.values())

"""``ResultsTable``: one row per searched configuration, printable as a ranked table and
convertible to a pandas DataFrame when pandas is installed."""

from __future__ import annotations

from typing import Any

__all__ = ["ResultsTable"]


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


class ResultsTable(list):
    """A list of dict rows: ``params`` (the configuration), ``mean_score``, ``std_score``,
    ``scores`` (one per fold), ``fit_time`` (mean seconds per fold) and ``rank`` (1 = best)."""

    def param_names(self) -> list[str]:
        """Every hyperparameter name appearing in some row, in first-seen order."""
        names: dict[str, None] = {}
        for row in self:
            names.update(dict.fromkeys(row["params"]))
        return list(names)

    def flat_rows(self) -> list[dict[str, Any]]:
        """The rows with each hyperparameter as its own ``param_<name>`` column."""
        names = self.param_names()
        return [
            {
                "rank": r["rank"],
                **{f"param_{n}": r["params"].get(n) for n in names},
                "mean_score": r["mean_score"],
                "std_score": r["std_score"],
                "fit_time": r["fit_time"],
            }
            for r in self
        ]

    def to_pandas(self) -> Any:
        """The flat rows as a ``pandas.DataFrame`` (pandas is optional: imported here)."""
        try:
            import pandas as pd
        except ImportError as err:
            raise ImportError("ResultsTable.to_pandas needs pandas: pip install pandas") from err
        return pd.DataFrame(self.flat_rows())

    def __str__(self) -> str:
        rows = sorted(self.flat_rows(), key=lambda r: r["rank"])
        if not rows:
            return "ResultsTable([])"
        cols = list(rows[0])
        cells = [[c.removeprefix("param_") for c in cols]]
        cells += [[_fmt(r[c]) for c in cols] for r in rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(cols))]
        return "\n".join("  ".join(v.rjust(w) for v, w in zip(row, widths)) for row in cells)

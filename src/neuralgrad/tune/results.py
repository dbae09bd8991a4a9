"""``ResultsTable``: one row per searched configuration, best first, printable as a ranked
table and convertible to a pandas DataFrame."""

from __future__ import annotations

from typing import Any

from ..train.callbacks.progress import format_value

__all__ = ["ResultsTable"]


class ResultsTable(list):
    """A list of dict rows, ranked (row 0 is the best): ``rank``, ``params`` (the
    configuration), ``index`` (its place in the search's order), ``mean_score``,
    ``std_score``, ``scores`` (one per fold) and ``fit_time`` (mean seconds per fold)."""

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
        """The flat rows, ranked, as a ``pandas.DataFrame`` (pandas imported here)."""
        try:
            import pandas as pd
        except ImportError as err:
            raise ImportError("ResultsTable.to_pandas needs pandas: pip install pandas") from err
        return pd.DataFrame(self.flat_rows())

    def __str__(self) -> str:
        rows = self.flat_rows()
        if not rows:
            return "ResultsTable([])"
        cols = list(rows[0])
        cells = [[c.removeprefix("param_") for c in cols]]
        cells += [[format_value(r[c]) for c in cols] for r in rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(cols))]
        return "\n".join("  ".join(v.rjust(w) for v, w in zip(row, widths)) for row in cells)

    __repr__ = __str__

"""What a health check found: one ``Finding`` per problem (in the course's words, with a hint),
one ``LayerStats`` row per layer, and the ``Report`` that holds and prints them."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from .._html import html_table

__all__ = ["Finding", "LayerStats", "Report"]


@dataclass
class Finding:
    """One problem: ``kind`` (``dead_relu``, ``saturated``, ``exploding``, ``vanishing``,
    ``nonfinite``, ``update_ratio``), the layer's dotted name, what was seen and what to try."""

    kind: str
    layer: str
    message: str
    hint: str
    value: float = float("nan")

    def __str__(self) -> str:
        return f"{self.message}: {self.hint}"


@dataclass
class LayerStats:
    """A layer's numbers on the checked batch (None: not measured for this layer).

    ``dead``: fraction of ReLU units that never fire; ``saturated``: fraction of sigmoid/tanh
    outputs next to an asymptote; ``grad_norm`` / ``weight_norm``: L2 norms over the layer's own
    parameters; ``update_ratio``: ||update|| / ||weights|| of the step (measured or ``lr * grad``).
    """

    name: str
    kind: str
    dead: float | None = None
    saturated: float | None = None
    grad_norm: float | None = None
    weight_norm: float | None = None
    update_ratio: float | None = None
    output: bool = False  # the model's own output (a saturated output layer is no problem)

    @property
    def grad_ratio(self) -> float | None:
        """||grad|| / ||weights|| (None without both, or with all-zero weights)."""
        if self.grad_norm is None or not self.weight_norm:
            return None
        return self.grad_norm / self.weight_norm


def layer_label(name: str, kind: str) -> str:
    """How a message names a layer: ``layer '2' (ReLU)``, ``the model``, ``the loss``."""
    if name == "":
        return f"the model ({kind})"
    if name == "<loss>":
        return f"the loss ({kind})"
    return f"layer '{name}' ({kind})"


@dataclass
class Report:
    """The findings (empty when healthy) and the per-layer table; ``print(report)`` shows both."""

    findings: list[Finding] = field(default_factory=list)
    layers: list[LayerStats] = field(default_factory=list)
    loss: float | None = None

    @property
    def ok(self) -> bool:
        """True when nothing was flagged."""
        return not self.findings

    @property
    def kinds(self) -> set[str]:
        return {f.kind for f in self.findings}

    def _rows(self) -> list[tuple[str, ...]]:
        return [
            (
                r.name or "<model>",
                r.kind,
                _pct(r.dead),
                _pct(r.saturated),
                _num(r.grad_norm),
                _num(r.weight_norm),
                _num(r.grad_ratio),
                _num(r.update_ratio),
            )
            for r in self.layers
        ]

    def table(self) -> str:
        """The per-layer numbers as fixed-width text."""
        rows = [_HEAD, *self._rows()]
        widths = [max(len(row[i]) for row in rows) for i in range(len(_HEAD))]
        return "\n".join(
            "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows
        )

    def _headline(self) -> str:
        loss = "" if self.loss is None else f" (loss {self.loss:.4g})"
        if self.ok:
            return f"Health check{loss}: no problems found."
        return f"Health check{loss}: {len(self.findings)} problem(s):"

    def __str__(self) -> str:
        head = "\n".join([self._headline(), *(f"  - {f}" for f in self.findings)])
        return f"{head}\n{self.table()}" if self.layers else head

    def _repr_html_(self) -> str:
        """Jupyter: the findings as a list with their hints, then the per-layer table."""
        items = "".join(
            f"<li><b>{escape(f.message)}</b>: {escape(f.hint)}</li>" for f in self.findings
        )
        table = html_table(_HEAD, self._rows()) if self.layers else ""
        return f"<div><p>{escape(self._headline())}</p><ul>{items}</ul>{table}</div>"


_HEAD = ("layer", "type", "dead", "saturated", "|grad|", "|w|", "grad/w", "update/w")


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.0f}%"


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.3g}"

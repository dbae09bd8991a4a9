"""What the page draws for a run, computed from its model: the decision boundary (or fitted
curve) over the input plane, every hidden unit's own output there (TensorFlow Playground's
neuron view), the weights, and the training-health report with per-layer gradient norms.
Pictures travel as base64 bytes (one byte a pixel), so a frame stays a few kilobytes."""

from __future__ import annotations

import base64
import math
from typing import Any

import numpy as np

from .. import nn
from ..autograd import no_grad
from ..health import check
from ..ops.creation import tensor
from .live import LiveRun

__all__ = ["BOUNDARY", "UNITS", "run_frame", "health_view", "feature_view", "pixels"]

#: Grid resolutions: the decision boundary, and each unit's (and input feature's) picture.
BOUNDARY, UNITS = 64, 24
_HEALTH_BATCH = 256


def pixels(values: np.ndarray, low: float, high: float) -> str:
    """``values`` mapped from [low, high] to bytes 0..255 (clipped; NaN as 0), base64."""
    v = np.nan_to_num(np.asarray(values, np.float64), nan=low, posinf=high, neginf=low)
    scaled = (v - low) / (high - low) if high > low else np.zeros_like(v)
    return base64.b64encode(np.clip(np.rint(scaled * 255), 0, 255).astype(np.uint8)).decode()


def _signed(values: np.ndarray) -> tuple[str, float]:
    """Values scaled by their largest magnitude into [-1, 1], as pixels, and that scale."""
    finite = values[np.isfinite(values)]
    scale = float(np.abs(finite).max()) if finite.size else 0.0
    return pixels(values / scale if scale else values, -1.0, 1.0), scale


def feature_view(run: LiveRun) -> list[str]:
    """Each input feature over the plane (or along x1), scaled as the network sees it."""
    inputs = run.prep.inputs(run.data.features_of(run.data.grid(UNITS)))
    return [_signed(inputs[:, k])[0] for k in range(inputs.shape[1])]


def _boundary(run: LiveRun) -> dict[str, Any]:
    """Classification: each class's probability (two classes: the second's only); a curve:
    predictions along x1 in the target's units; regression in the plane: the predictions."""
    data = run.data
    if data.dims == 1:
        grid = data.grid(BOUNDARY * 4)
        curve = run.prep.outputs(run.outputs(grid))[:, 0]
        return {"curve": [round(float(v), 5) if math.isfinite(v) else None for v in curve]}
    out = run.prep.outputs(run.outputs(data.grid(BOUNDARY)))
    if run.head.classification:
        probs = out[:, 1:] if out.shape[1] == 2 else out
        return {"probabilities": [pixels(probs[:, k], 0.0, 1.0) for k in range(probs.shape[1])]}
    y = data.y.reshape(-1)
    return {"values": pixels(out[:, 0], float(y.min()), float(y.max()))}


def _units(run: LiveRun) -> list[list[dict[str, Any]]]:
    """Per hidden layer, each unit's output over the input grid: pixels scaled by the
    unit's largest magnitude there."""
    model, grid = run.model, run.data.grid(UNITS)
    x = tensor(run.prep.inputs(run.data.features_of(grid)))
    layers, outs = list(model.net), []
    was_training = model.training
    model.eval()
    try:
        with no_grad():
            for i, layer in enumerate(layers[:-1]):
                x = layer(x)
                if isinstance(layers[i + 1], nn.Linear):  # the hidden layer's final output
                    outs.append(np.asarray(x.numpy(), np.float64))
    finally:
        model.train(was_training)
    return [
        [dict(zip(("pixels", "scale"), _signed(out[:, k]))) for k in range(out.shape[1])]
        for out in outs
    ]


def _weights(run: LiveRun) -> list[list[list[float]]]:
    """Each Linear layer's weight matrix (outputs × inputs), rounded for the wire."""
    return [
        np.round(layer.weight.detach().numpy().astype(np.float64), 4).tolist()
        for layer in run.model.linears()
    ]


def _number(v: float | None) -> float | None:
    return None if v is None or not math.isfinite(v) else float(v)


def health_view(run: LiveRun) -> dict[str, Any]:
    """The health check on a batch of training points: findings with their hints, and each
    layer's gradient norm, dead and saturated fractions."""
    X, y = run.train
    report = check(
        run.model,
        tensor(X[:_HEALTH_BATCH]),
        tensor(y[:_HEALTH_BATCH]),
        run.head.criterion(),
        lr=run.lr,
    )
    return {
        "findings": [
            {"kind": f.kind, "layer": f.layer, "message": f.message, "hint": f.hint}
            for f in report.findings
        ],
        "layers": [
            {
                "name": r.name,
                "kind": r.kind,
                "grad_norm": _number(r.grad_norm),
                "dead": _number(r.dead),
                "saturated": _number(r.saturated),
            }
            for r in report.layers
            if r.grad_norm is not None or r.dead is not None or r.saturated is not None
        ],
    }


def _finite(scores: dict[str, dict[str, float]]) -> dict[str, dict[str, float | None]]:
    return {part: {k: _number(v) for k, v in s.items()} for part, s in scores.items()}


def run_frame(run: LiveRun, health: bool) -> dict[str, Any]:
    """Everything the page shows of ``run`` now (the health check only when ``health``)."""
    scores = run.scores()
    frame = {
        "batches": run.batches,
        "epoch": run.epochs,
        "finished": run.finished,
        "lr": run.lr,
        **_finite(scores),
        "diverged": run.diverged or not math.isfinite(scores["train"]["loss"]),
        "boundary": _boundary(run),
        "units": _units(run),
        "weights": _weights(run),
    }
    if health:
        frame["health"] = health_view(run)
    return frame

"""``find_lr``: the learning-rate range test (L. N. Smith, "Cyclical Learning Rates for Training
Neural Networks", 2017): train for a few hundred minibatches while the learning rate grows
exponentially from tiny to huge, record the loss, and read a good learning rate off the curve
(the course's "typical trend of the training loss with learning rate": flat, then falling, then
exploding). Ours; fastai's ``lr_find`` and PyTorch Lightning's ``Tuner.lr_find`` do the same.

The test runs on deep copies of the model and optimizer and restores the global random
generator afterwards, so the caller's model, optimizer and the next ``fit`` are as before.
"""

from __future__ import annotations

import copy
import math
import os
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from ..random import fork_rng
from .curves import figure_png
from .inputs import make_loader

__all__ = ["find_lr", "LRFinderResult"]


class LRFinderResult:
    """What ``find_lr`` measured: ``lrs`` and the smoothed ``losses`` at each step (the raw
    minibatch losses in ``raw_losses``), ``suggestion`` (the learning rate where the smoothed
    loss falls fastest against log lr, before its minimum) and ``min_loss_lr`` (where it is
    lowest; a tenth of it is the other common rule of thumb)."""

    def __init__(self, lrs: list[float], raw: list[float], smoothed: list[float]) -> None:
        self.lrs, self.raw_losses, self.losses = lrs, raw, smoothed
        self.min_loss_lr, self.suggestion = _suggest(np.array(lrs), np.array(smoothed))

    def plot(self, path: str | os.PathLike | None = None) -> Any:
        """Loss against learning rate (log scale) with the suggestion marked; a matplotlib
        Figure, also written as a PNG to ``path`` when given."""
        from matplotlib.figure import Figure  # optional: pip install neuralgrad[plot]

        from .._notebook import display_figures_inline

        display_figures_inline()

        fig = Figure(figsize=(6, 3.8), dpi=100, layout="constrained")
        ax = fig.subplots()
        ax.plot(self.lrs, self.raw_losses, color="0.75", lw=1, label="minibatch loss")
        ax.plot(self.lrs, self.losses, color="C0", lw=2, label="smoothed loss")
        ax.axvline(self.suggestion, color="C3", ls="--", label=f"suggestion {self.suggestion:.2g}")
        ax.set_xscale("log")
        finite = [v for v in self.losses if math.isfinite(v)]
        if finite:  # the explosion at the end would squash the interesting part
            low, first = min(finite), finite[0]
            ax.set_ylim(low - 0.1 * (first - low + 1e-12), first + 0.5 * (first - low + 1e-12))
        ax.set_xlabel("learning rate")
        ax.set_ylabel("training loss")
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small")
        if path is not None:
            fig.savefig(os.fspath(path), dpi=fig.dpi)
        return fig

    def _repr_png_(self) -> bytes | None:
        """The plot, for Jupyter."""
        return figure_png(self.plot)

    def __repr__(self) -> str:
        return (
            f"LRFinderResult(steps={len(self.lrs)}, suggestion={self.suggestion:.3g}, "
            f"min_loss_lr={self.min_loss_lr:.3g})"
        )


def _suggest(lrs: np.ndarray, losses: np.ndarray) -> tuple[float, float]:
    """``(lr at the lowest loss, lr of the steepest descent before it)``."""
    finite = np.isfinite(losses)
    if finite.sum() < 3:
        raise RuntimeError("find_lr: the loss diverged within the first steps; lower start_lr")
    lowest = int(np.nanargmin(np.where(finite, losses, np.nan)))
    slope = np.gradient(losses[: lowest + 1], np.log10(lrs[: lowest + 1]))
    skip = min(len(slope) - 1, max(1, len(lrs) // 20))  # the first steps barely move
    steepest = skip + int(np.argmin(slope[skip:])) if lowest > skip else lowest
    return float(lrs[lowest]), float(lrs[steepest])


def _batches(loader: Any) -> Iterator[Any]:
    """Minibatches for ever: the loader again (reshuffled) when an epoch runs out."""
    while True:
        yield from loader


def find_lr(
    model: Any,
    train_data: Any,
    *,
    loss: Callable,
    optimizer: Any,
    start_lr: float = 1e-7,
    end_lr: float = 10.0,
    num_steps: int = 200,
    batch_size: int = 32,
    beta: float = 0.9,
    diverge: float = 4.0,
) -> LRFinderResult:
    """Run the range test: ``num_steps`` minibatch steps with lr = start·(end/start)^(k/(n−1)),
    on copies of ``model`` and ``optimizer`` (the originals are untouched); stop early once
    the smoothed loss exceeds ``diverge`` × its lowest value. ``beta`` is the smoothing of the
    loss (a bias-corrected moving average). Returns an ``LRFinderResult``
    (``.suggestion``, ``.plot()``)."""
    if not 0 < start_lr < end_lr:
        raise ValueError(f"find_lr: need 0 < start_lr < end_lr, got {start_lr} and {end_lr}")
    if isinstance(num_steps, bool) or not isinstance(num_steps, int) or num_steps < 5:
        raise ValueError(f"find_lr: num_steps must be an integer >= 5, got {num_steps!r}")
    if not 0 <= beta < 1:
        raise ValueError(f"find_lr: beta must lie in [0, 1), got {beta}")
    net, opt = copy.deepcopy((model, optimizer))  # one memo: opt steps net's parameters
    loader = make_loader(train_data, "train_data", batch_size, True)
    net.train()
    lrs, raw, smoothed, avg, best = [], [], [], 0.0, math.inf
    with fork_rng():  # the caller's random stream is where it was
        for k, batch in zip(range(num_steps), _batches(loader)):
            lr = start_lr * (end_lr / start_lr) ** (k / (num_steps - 1))
            for group in opt.param_groups:
                group["lr"] = lr
            *inputs, target = batch
            value = loss(net(*inputs), target)
            opt.zero_grad()
            value.backward()
            opt.step()
            v = value.item()
            avg = beta * avg + (1 - beta) * v
            s = avg / (1 - beta ** (k + 1))
            lrs.append(lr)
            raw.append(v)
            smoothed.append(s)
            best = min(best, s)
            if not math.isfinite(s) or s > diverge * best:
                break
    return LRFinderResult(lrs, raw, smoothed)

"""Fuzzing ``fit(resume_from=...)``: seeded byte edits of a resume checkpoint, edits of its
decoded contents written back without a new digest (damage), and such edits sealed again with
``write_checkpoint`` (edits on purpose). Damage must be refused with ``CheckpointError`` or,
where it left the contents as they were, resume into exactly the weights the intact file
gives; an edit on purpose must resume or be refused with the library's own error. A refusal
leaves the model's weights as they were."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.augment import GaussianNoise
from neuralgrad.errors import InputError
from neuralgrad.train import EarlyStopping, ModelCheckpoint, fit
from neuralgrad.train.resume import CheckpointError, write_checkpoint
from scale import trials

from .mutate import mutate_bytes, mutate_value

_X = np.random.default_rng(3).normal(size=(48, 4)).astype(np.float32)
_Y = (np.arange(48) % 3).astype(np.int64)


def _model() -> nn.Module:
    ng.manual_seed(0)
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))


def _fit(model: nn.Module, epochs: int, resume_from: Any = None, callbacks: tuple = ()) -> Any:
    return fit(
        model,
        (_X, _Y),
        loss=nn.CrossEntropyLoss(),
        optimizer=ng.optim.Adam(model.parameters(), lr=0.01),
        epochs=epochs,
        batch_size=16,
        validation_split=0.25,
        generator=ng.Generator().manual_seed(1),
        transform=GaussianNoise(0.1, image_shape=(2, 2), generator=ng.Generator().manual_seed(2)),
        callbacks=[EarlyStopping(patience=9), *callbacks],
        verbose=0,
        resume_from=resume_from,
    )


def _weights(model: nn.Module) -> list[np.ndarray]:
    return [v.numpy().copy() for v in model.state_dict().values()]


def _resume(path: Path) -> tuple[str, list[np.ndarray] | None]:
    """('resumed', weights) or ('refused', None); the weights are checked untouched on refusal."""
    model = _model()
    before = _weights(model)
    try:
        _fit(model, 4, resume_from=path)
    except InputError as e:
        assert str(e).startswith(str(path)), e
        assert all(np.array_equal(a, b) for a, b in zip(before, _weights(model)))
        return ("refused" if isinstance(e, CheckpointError) else "input error"), None
    return "resumed", _weights(model)


def run_fuzz(n: int, seed: int, folder: Path) -> dict[str, int]:
    good = folder / "good.ng"
    _fit(_model(), 2, callbacks=[ModelCheckpoint(good)])
    expected = _resume(good)[1]
    intact = good.read_bytes()
    contents = ng.load(good)
    r = np.random.default_rng(seed)
    counts = {"refused": 0, "input error": 0, "resumed": 0, "resumed as intact": 0}
    path = folder / "edited.ng"
    for case in range(n):
        kind = case % 3
        if kind == 0:
            path.write_bytes(mutate_bytes(intact, r))
        elif kind == 1:
            ng.save(mutate_value(contents, r), path)  # the old digest stays: damage
        else:  # sealed again: an edit on purpose
            edited = mutate_value(contents, r)
            write_checkpoint(path, edited) if isinstance(edited, dict) else ng.save(edited, path)
        try:
            outcome, weights = _resume(path)
        except Exception as e:
            raise AssertionError(f"case {case} (seed {seed}): {type(e).__name__}: {e}") from e
        if outcome == "resumed" and kind < 2:
            same = all(np.array_equal(a, b) for a, b in zip(weights, expected))
            assert same, f"case {case} (seed {seed}): a damaged checkpoint resumed"
            outcome = "resumed as intact"
        assert kind == 2 or outcome != "input error", f"case {case}: damage not a CheckpointError"
        counts[outcome] += 1
    return counts


def test_edited_checkpoints_are_refused_or_resume_exactly(tmp_path: Path) -> None:
    counts = run_fuzz(trials(60, 1_500), seed=14, folder=tmp_path)
    assert counts["refused"] > counts["resumed"]

"""train.checkpoint_checks: a damaged, edited or mismatched resume checkpoint is refused with a
CheckpointError naming the file and the part at fault, before any state is touched."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad import nn
from neuralgrad.errors import InputError
from neuralgrad.train import EarlyStopping, ModelCheckpoint, fit, load_checkpoint
from neuralgrad.train.resume import CheckpointError, write_checkpoint

from .helpers import blobs, mlp, weights


def _fit(model, epochs, resume_from=None, generator=None, hidden_callbacks=()):
    X, y = blobs(n=60)
    opt = ng.optim.Adam(model.parameters(), lr=0.01)
    return fit(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        optimizer=opt,
        epochs=epochs,
        batch_size=16,
        validation_split=0.25,
        generator=generator,
        callbacks=[EarlyStopping(patience=9), *hidden_callbacks],
        verbose=0,
        resume_from=resume_from,
    )


@pytest.fixture
def checkpoint(tmp_path):
    path = tmp_path / "c.ng"
    _fit(mlp(), 2, hidden_callbacks=[ModelCheckpoint(path)])
    return path


def _refused(path, match, model=None, **kw):
    """Resuming from ``path`` raises CheckpointError matching ``match`` and leaves the model's
    weights and the global random stream as they were."""
    model = model or mlp(seed=5)
    before, rng = weights(model), ng.get_rng_state()
    with pytest.raises(CheckpointError, match=match) as err:
        _fit(model, 4, resume_from=path, **kw)
    assert str(err.value).startswith(str(path))
    assert isinstance(err.value, InputError) and isinstance(err.value, ValueError)
    after = weights(model)
    assert all(np.array_equal(before[k], after[k]) for k in before)
    assert ng.get_rng_state() == rng


def test_an_edited_checkpoint_is_refused_by_its_digest(checkpoint):
    state = ng.load(checkpoint)
    state["epoch"] = 1  # well formed, and it would resume silently into other weights
    ng.save(state, checkpoint)
    _refused(checkpoint, "digest")


def test_edited_weights_are_refused_too(checkpoint):
    state = ng.load(checkpoint)
    state["model"]["0.weight"] = state["model"]["0.weight"] * 1.5
    ng.save(state, checkpoint)
    _refused(checkpoint, "damaged or was edited")


def test_a_checkpoint_edited_on_purpose_and_sealed_again_resumes(checkpoint):
    state = load_checkpoint(checkpoint)
    state["history"]["stop_reason"] = "a note"
    write_checkpoint(checkpoint, state)
    assert load_checkpoint(checkpoint)["history"]["stop_reason"] == "a note"


@pytest.mark.parametrize(
    "edit, match",
    [
        (lambda s: s.update(epoch=-1), "'epoch'"),
        (lambda s: s.update(version=7), "version 7"),
        (lambda s: s["optimizer"].update(param_groups="x"), "'optimizer'"),
        (lambda s: s["optimizer"]["state"].update({0: {"exp_avg": "x"}}), "parameter 0"),
        (lambda s: s["rng"].update({"global": {"seed": 1, "bit_generator": {}}}), "'global'"),
        (lambda s: s["rng"].update(data=[{"seed": 1}]), "'data' entry 0"),
        (lambda s: s["history"].update(epoch=["a"]), "'history'"),
        (lambda s: s["callbacks"].update(EarlyStopping=3), "'callbacks'"),
        (lambda s: s.update(stopped="no"), "'stopped'"),
        (lambda s: s.update(split_seed=1.5), "'split_seed'"),
        (lambda s: s["model"].update({"0.weight": 3}), "'model'"),
        (lambda s: s["model"]["0.bias"].fill_(float("nan")), "NaN or infinity"),
        (lambda s: s["optimizer"]["state"][0].update(step=ng.tensor(-2.0)), "step count"),
        (lambda s: s["optimizer"]["param_groups"][0].update(lr=float("inf")), "NaN or inf"),
        (lambda s: s["history"].pop("stopped_epoch"), "'history'"),
        (lambda s: s.pop("split_seed"), "'split_seed'"),
        (lambda s: s.update(split_seed=-1), "'split_seed'"),
    ],
)
def test_damaged_parts_are_named(checkpoint, edit, match):
    state = load_checkpoint(checkpoint)
    edit(state)
    write_checkpoint(checkpoint, state)  # sealed: only the structure checks can tell
    _refused(checkpoint, match)


@pytest.mark.parametrize(
    "edit, match",
    [
        (lambda s: s["model"].pop("0.bias"), "missing"),
        (lambda s: s["model"].update({"0.weight": ng.zeros(3, 3)}), "0.weight"),
        (lambda s: s["optimizer"]["param_groups"][0]["params"].pop(), "parameter groups"),
        (lambda s: s["optimizer"]["param_groups"][0].update(lr="fast"), "'lr'"),
        (lambda s: s["optimizer"]["state"][0].update(exp_avg=ng.zeros(2)), "another shape"),
        (lambda s: s["callbacks"]["EarlyStopping"].pop("wait"), "EarlyStopping"),
        (lambda s: s["callbacks"]["EarlyStopping"].update(wait="x"), "'wait'"),
        (lambda s: s["callbacks"]["EarlyStopping"].update(wait=float("nan")), "not a whole"),
        (lambda s: s["callbacks"]["EarlyStopping"].update(wait=None), "'wait' is missing"),
        (lambda s: s["optimizer"]["param_groups"][0].update(lr=-0.5), "learning rate"),
        (lambda s: s["optimizer"]["param_groups"][0].update(betas=(0.9,)), "'betas' has 1"),
        (lambda s: s["optimizer"]["state"][0].pop("exp_avg_sq"), "lacks"),
        (lambda s: s["optimizer"]["state"][0].update(exp_avg=3), "not a \\(16, 4\\) tensor"),
    ],
)
def test_a_checkpoint_that_does_not_fit_the_run_is_refused(checkpoint, edit, match):
    state = load_checkpoint(checkpoint)
    edit(state)
    write_checkpoint(checkpoint, state)
    _refused(checkpoint, match)


def test_a_checkpoint_without_a_validation_split_is_refused_by_a_run_with_one(tmp_path):
    path = tmp_path / "c.ng"
    model = mlp()
    fit(
        model,
        blobs(n=60),
        loss=nn.CrossEntropyLoss(),
        optimizer=ng.optim.Adam(model.parameters(), lr=0.01),
        epochs=1,
        callbacks=[EarlyStopping("loss", patience=9), ModelCheckpoint(path)],
        verbose=0,
    )
    _refused(path, "without a validation split")


def test_another_models_checkpoint_is_refused_before_anything_changes(checkpoint):
    ng.manual_seed(1)
    wider = nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, 3))
    _refused(checkpoint, "the model's 0.weight", model=wider)


def test_the_data_generators_must_match(checkpoint):
    _refused(checkpoint, "generator state", generator=ng.Generator().manual_seed(1))


def test_a_damaged_file_is_a_checkpoint_error_naming_it(checkpoint):
    data = bytearray(checkpoint.read_bytes())
    data[len(data) // 2] ^= 0xFF
    checkpoint.write_bytes(bytes(data))
    _refused(checkpoint, "digest|not valid|damaged")


def test_version_1_checkpoints_without_a_digest_still_resume(checkpoint, tmp_path):
    state = load_checkpoint(checkpoint)
    for key in ("digest", "stopped"):
        del state[key]
    state.update(version=1)
    state["rng"] = {"global": state["rng"]["global"], "loader": None}
    ng.save(state, checkpoint)
    h = _fit(mlp(seed=5), 3, resume_from=checkpoint)
    assert h.epoch == [0, 1, 2]

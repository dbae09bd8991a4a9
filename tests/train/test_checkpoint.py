"""ModelCheckpoint (best only vs every epoch), crash-safe writes, and bit-identical resume."""

import os

import numpy as np
import pytest

import neuralgrad as ng
import neuralgrad._files as _files
from neuralgrad import nn
from neuralgrad.augment import GaussianNoise
from neuralgrad.train import EarlyStopping, ModelCheckpoint, TerminateOnNaN, fit, load_checkpoint

from .helpers import ScriptedValue, blobs, mlp, weights


def _fit(model, epochs, callbacks, **kw):
    X, y = blobs(n=60)
    return fit(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        optimizer=kw.pop("optimizer", None) or ng.optim.SGD(model.parameters(), lr=0.05),
        epochs=epochs,
        batch_size=16,
        validation_data=(X[:20], y[:20]),
        callbacks=callbacks,
        verbose=0,
        **kw,
    )


def test_every_epoch_writes_one_file_per_epoch(tmp_path):
    ckpt = ModelCheckpoint(tmp_path / "w-{epoch:02d}-{val_loss:.2f}.ng", save_weights_only=True)
    model = mlp()
    h = _fit(model, 3, [ckpt])
    names = sorted(os.listdir(tmp_path))
    assert [n[:4] for n in names] == ["w-01", "w-02", "w-03"]
    assert names[2] == f"w-03-{h['val_loss'][2]:.2f}.ng"
    last = ng.load(tmp_path / names[2])
    for k, v in weights(model).items():
        np.testing.assert_array_equal(last[k].numpy(), v)


def test_best_only_writes_when_the_monitor_improves(tmp_path):
    curve = [1.0, 0.7, 0.8, 0.6, 0.9]
    ckpt = ModelCheckpoint(
        tmp_path / "best-{epoch}.ng", save_best_only=True, save_weights_only=True
    )
    _fit(mlp(), 5, [ScriptedValue(curve), ckpt])
    assert sorted(os.listdir(tmp_path)) == ["best-1.ng", "best-2.ng", "best-4.ng"]
    assert ckpt.watch.best == pytest.approx(0.6)


def test_checkpoint_survives_a_crash_mid_write(tmp_path, monkeypatch):
    path = tmp_path / "run.ng"
    real_write = _files.write_all

    class CrashOnSecondEpoch(ModelCheckpoint):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:

                def half_then_crash(fh, data):
                    real_write(fh, data[: len(data) // 2])
                    raise OSError("disk full (simulated)")

                monkeypatch.setattr(_files, "write_all", half_then_crash)
            super().on_epoch_end(epoch, logs)

    model = mlp()
    with pytest.raises(OSError, match="simulated"):
        _fit(model, 3, [CrashOnSecondEpoch(path)])
    monkeypatch.undo()
    assert os.listdir(tmp_path) == ["run.ng"]  # no temporary file left behind
    state = load_checkpoint(path)  # intact and loadable: the epoch-1 checkpoint
    assert state["epoch"] == 1
    assert len(state["history"]["epoch"]) == 1


def _straight_or_resumed(tmp_path, resume, generator_seed=None, augment_seed=None):
    """10 epochs in one go, or 5, a fresh process-like restart, and 5 more (with an
    augmentation drawing from a generator of its own when ``augment_seed`` is given)."""
    X, y = blobs(n=90)
    path = tmp_path / "resume.ng"

    def run(epochs, seed, resume_from=None):
        model = mlp(seed=seed, dropout=0.3)  # dropout: the RNG state matters
        opt = ng.optim.Adam(model.parameters(), lr=0.01)
        sched = ng.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
        gen = None if generator_seed is None else ng.Generator().manual_seed(generator_seed)
        stopper = EarlyStopping(patience=50, restore_best_weights=True)
        noise = None
        if augment_seed is not None:
            own = ng.Generator().manual_seed(augment_seed)
            noise = GaussianNoise(0.3, image_shape=(2, 2), generator=own)
        h = fit(
            model,
            (X, y),
            loss=nn.CrossEntropyLoss(),
            optimizer=opt,
            epochs=epochs,
            batch_size=16,
            validation_split=0.2,
            metrics=["accuracy"],
            scheduler=sched,
            generator=gen,
            transform=noise,
            callbacks=[stopper, ModelCheckpoint(path)],
            verbose=0,
            resume_from=resume_from,
        )
        return model, h, stopper

    if not resume:
        return run(10, seed=0)
    run(5, seed=0)
    ng.manual_seed(999)  # the restarted process is in another random state
    ng.randn(17)
    return run(10, seed=1, resume_from=path)


@pytest.mark.parametrize(
    "generator_seed, augment_seed", [(None, None), (7, None), (None, 3), (7, 7)]
)
def test_resume_is_bit_identical(tmp_path, generator_seed, augment_seed):
    """Also when an augmentation draws from a generator of its own (its state is in the
    checkpoint), or shares the loader's."""
    m1, h1, s1 = _straight_or_resumed(tmp_path / "a", False, generator_seed, augment_seed)
    m2, h2, s2 = _straight_or_resumed(tmp_path / "b", True, generator_seed, augment_seed)
    w1, w2 = weights(m1), weights(m2)
    assert all(np.array_equal(w1[k], w2[k]) for k in w1)
    assert h2.epoch == list(range(10))
    assert h1["loss"] == h2["loss"] and h1["val_loss"] == h2["val_loss"]
    assert h1["lr"] == h2["lr"]
    assert (s1.best, s1.best_epoch, s1.wait) == (s2.best, s2.best_epoch, s2.wait)


def test_resume_checkpoint_content(tmp_path):
    path = tmp_path / "c.ng"
    opt_model = mlp()
    _fit(opt_model, 2, [EarlyStopping(patience=3), ModelCheckpoint(path)])
    state = load_checkpoint(path)
    assert state["epoch"] == 2
    assert set(state) >= {"model", "optimizer", "callbacks", "rng", "history", "split_seed"}
    assert state["callbacks"]["EarlyStopping"]["wait"] in (0, 1, 2)
    assert state["rng"]["global"]["bit_generator"]["bit_generator"] == "PCG64"


def test_weights_only_file_is_refused_for_resume(tmp_path):
    path = tmp_path / "w.ng"
    _fit(mlp(), 1, [ModelCheckpoint(path, save_weights_only=True)])
    with pytest.raises(ValueError, match="not a resume checkpoint"):
        _fit(mlp(), 2, [], resume_from=path)


def _stopping_run(tmp_path, epochs, resume_from=None):
    X, y = blobs(n=60)
    model = mlp()
    stopper = EarlyStopping(monitor="val_loss", patience=1, restore_best_weights=True)
    curve = [1.0, 0.5, 0.7, 0.8, 0.9, 1.0, 1.0, 1.0]  # best at epoch 2, stops at epoch 3
    h = _fit(
        model,
        epochs,
        [ScriptedValue(curve), stopper, ModelCheckpoint(tmp_path / "c.ng")],
        resume_from=resume_from,
    )
    return model, h


def test_resuming_a_run_early_stopping_ended_trains_no_further(tmp_path):
    m1, h1 = _stopping_run(tmp_path / "a", 8)
    assert len(h1) == 3 and h1.stopped_epoch == 2 and h1.restored_epoch == 1
    m2, h2 = _stopping_run(tmp_path / "b", 8)
    m3, h3 = _stopping_run(tmp_path / "b", 8, resume_from=tmp_path / "b" / "c.ng")
    assert len(h3) == 3 and h3.stopped_epoch == 2 and h3.restored_epoch == 1
    w1, w3 = weights(m1), weights(m3)
    assert all(np.array_equal(w1[k], w3[k]) for k in w1)  # the best epoch's weights again


class Root(nn.Module):
    """|x|^0.5: finite forward, infinite derivative at 0."""

    def forward(self, x):
        return x.abs().sqrt()


def _root_model():
    ng.manual_seed(0)
    return nn.Sequential(nn.Linear(4, 8, bias=False), Root(), nn.Linear(8, 3))  # 0 rows: sqrt(0)


@pytest.mark.parametrize("capture", [False, True])
def test_a_nan_gradient_is_caught_before_the_step_and_its_op_named(tmp_path, capture):
    X, y = blobs(n=40)
    X[16:20] = 0  # in the second batch
    model = _root_model()
    path = tmp_path / "c.ng"
    stop = TerminateOnNaN(verbose=0)
    first = _root_model()
    with np.errstate(all="ignore"):  # the same first batch alone: the weights it leaves
        fit(
            first,
            (X[:16], y[:16]),
            loss=nn.CrossEntropyLoss(),
            optimizer=ng.optim.SGD(first.parameters(), lr=0.05),
            batch_size=16,
            shuffle=False,
            verbose=0,
        )
    log_after_batch1 = weights(first)
    with np.errstate(all="ignore"):
        h = fit(
            model,
            (X, y),
            loss=nn.CrossEntropyLoss(),
            optimizer=ng.optim.SGD(model.parameters(), lr=0.05),
            epochs=3,
            batch_size=16,
            shuffle=False,
            callbacks=[stop, ModelCheckpoint(path)],
            verbose=0,
            capture=capture,
        )
    assert "batch 2" in stop.message and "op SqrtBackward" in stop.message
    assert "the forward pass was finite" in stop.message and h.stop_reason == stop.message
    # the step was skipped: the weights are those after batch 1, all finite, and so is the file
    after = weights(model)
    assert all(np.array_equal(after[k], log_after_batch1[k]) for k in after)
    assert all(np.isfinite(v).all() for v in after.values())
    saved = load_checkpoint(path)["model"]
    assert all(np.array_equal(saved[k].numpy(), after[k]) for k in after)


def test_checkpoints_never_write_non_finite_weights_over_a_finite_file(tmp_path):
    path = tmp_path / "w.ng"
    model = mlp()
    _fit(model, 1, [ModelCheckpoint(path, save_weights_only=True)])
    good = path.read_bytes()

    class Poison(ng.train.Callback):
        def on_epoch_end(self, epoch, logs=None):
            with ng.no_grad():
                self.model[0].weight.fill_(float("nan"))

    with pytest.warns(RuntimeWarning, match="NaN or infinity"):
        _fit(model, 1, [Poison(), ModelCheckpoint(path, save_weights_only=True)])
    assert path.read_bytes() == good

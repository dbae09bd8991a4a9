"""``fit``, ``evaluate`` and ``predict``: the minibatch training loop of the course (epochs over
shuffled batches, a validation pass after each epoch), driven by callbacks.

The per-batch path is kept thin: forward, loss, zero_grad, backward, step, one ``item()``; the
batch-level callbacks are looked up once per epoch. Metrics are computed once per epoch on the
epoch's gathered outputs, so precision, F1 and R² are exact, not averages of per-batch values.
``fit_steps`` is the same loop as a generator that yields between steps (``Trainer.steps``),
for a caller that draws while it trains.
"""

from __future__ import annotations

import inspect
import os
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import Any, NamedTuple

import numpy as np

from .._tensor import Tensor
from ..autograd import no_grad
from ..metrics import as_numpy, get_metric
from ..random import rng
from ..utils.data import DataLoader, TensorDataset
from .callbacks.base import Callback, CallbackList, StopTraining
from .callbacks.lr_scheduler import LRScheduler
from .callbacks.progress import ProgressBar
from .history import History
from .inputs import as_dataset, make_loader, split_validation
from .resume import CheckpointError, load_checkpoint, restore_training_state
from .shapes import check_output_target

__all__ = ["fit", "fit_steps", "evaluate", "predict", "Trainer", "TrainingStep"]

Metric = tuple[str, Callable[[Any, Any], float]]


class TrainingStep(NamedTuple):
    """What a training generator yields: after batch ``batch`` of ``epoch`` (``logs``: that
    batch's loss and size), or at the epoch's end (``batch`` None; ``logs``: the epoch's)."""

    epoch: int
    batch: int | None
    logs: dict[str, float]


def _drain(steps: Generator[TrainingStep, None, dict[str, float]]) -> dict[str, float]:
    """Run a step generator to its end and return what it returns."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def _unpack(batch: Any, device: Any = None) -> tuple[tuple, Any]:
    """``(inputs, target)`` of a batch: the last element of a list/tuple is the target; tensors
    moved to ``device`` (the model's, when it is not the CPU)."""
    if isinstance(batch, (list, tuple)):
        inputs, target = (tuple(batch[:-1]), batch[-1]) if len(batch) > 1 else (tuple(batch), None)
    else:
        inputs, target = (batch,), None
    if device is None:
        return inputs, target
    return tuple(_to(x, device) for x in inputs), _to(target, device)


def _to(x: Any, device: Any) -> Any:
    return x.to(device) if isinstance(x, Tensor) else x


def _model_device(model: Any) -> Any:
    """The device of ``model``'s first parameter when it is not the CPU (batches go there),
    else None: ``fit`` on a GPU model moves each batch to the GPU, as a PyTorch loop would."""
    for p in getattr(model, "parameters", lambda: ())():
        return None if p.device.type == "cpu" else p.device
    return None


def _summary(
    total: float | None, count: int, outs: list, targets: list, metrics: list[Metric]
) -> dict[str, float]:
    """The epoch's mean loss (weighted by batch size) and each metric on all its outputs
    (``outs``/``targets``: the batches' arrays, NumPy or CuPy, or whatever a custom collate
    gave)."""
    logs = {"loss": total / count if count else float("nan")} if total is not None else {}
    if metrics and outs:
        out = np.concatenate([as_numpy(o) for o in outs])
        target = np.concatenate([as_numpy(t) for t in targets])
        logs.update((name, float(fn(out, target))) for name, fn in metrics)
    return logs


def _eval_pass(
    model: Any, loss: Any, loader: Any, metrics: list[Metric], callbacks: CallbackList
) -> dict[str, float]:
    """One pass over ``loader`` in evaluation mode without gradients (``on_test_*`` hooks)."""
    was_training, loader_was = model.training, getattr(loader, "training", True)
    model.eval()
    loader.training = False
    callbacks.call("on_test_begin", None)
    begin, end = callbacks.hooks("on_test_batch_begin"), callbacks.hooks("on_test_batch_end")
    total, count, outs, targets = (0.0 if loss is not None else None), 0, [], []
    device = _model_device(model)
    with no_grad():
        for i, batch in enumerate(loader):
            for fn in begin:
                fn(i, None)
            inputs, target = _unpack(batch, device)
            out = model(*inputs)
            if i == 0:
                check_output_target(out, target, loss, "evaluate")
            if loss is not None:
                n = len(target)
                total += loss(out, target).item() * n
                count += n
            if metrics:
                outs.append(getattr(out, "_data", out))
                targets.append(getattr(target, "_data", target))
            for fn in end:
                fn(i, None)
    logs = _summary(total, count, outs, targets, metrics)
    callbacks.call("on_test_end", logs)
    model.train(was_training)
    loader.training = loader_was
    return logs


class Trainer:
    """The state of one ``fit`` run, which callbacks reach as ``self.trainer``: ``model``,
    ``loss``, ``optimizer``, ``metrics``, ``history``, ``params`` (epochs, steps, batch_size),
    ``train_loader``, ``val_loader``, ``callbacks``, ``epoch`` and ``stop_training``."""

    def __init__(
        self,
        model: Any,
        loss: Any,
        optimizer: Any,
        metrics: list[Metric],
        train_loader: DataLoader,
        val_loader: DataLoader | None,
        split_seed: int | None,
        capture: bool = False,
    ) -> None:
        self.model, self.loss, self.optimizer, self.metrics = model, loss, optimizer, metrics
        self.backward = self.forward_backward
        if capture:
            from ..jit import capture as capture_step

            self.backward = capture_step(self.forward_backward)
        #: callables ``check(loss, target, inputs)`` run between backward and the optimizer step
        #: (a callback adds one, e.g. ``TerminateOnNaN``); raising ``StopTraining`` skips it
        self.gradient_checks: list[Callable[[Any, Any, tuple], None]] = []
        self.train_loader, self.val_loader, self.split_seed = train_loader, val_loader, split_seed
        self.history = History()
        self.params: dict[str, Any] = {}
        self.callbacks = CallbackList()
        self.epoch = 0
        self.stop_training = False
        self.resumed_from = "checkpoint"  # the checkpoint's name, for its errors
        self._shapes_checked = False

    def run(
        self, callbacks: Iterable[Callback], epochs: int, checkpoint: dict | None = None
    ) -> History:
        """Train from epoch 0, or from the checkpoint's epoch, up to ``epochs`` in all."""
        for _ in self.steps(callbacks, epochs, checkpoint):
            pass
        return self.history

    def steps(
        self, callbacks: Iterable[Callback], epochs: int, checkpoint: dict | None = None
    ) -> Iterator[TrainingStep]:
        """``run`` as a generator: it yields after every training batch and after every
        epoch's end, so a caller can pause, look at the model or stop between two steps (a live
        view) and get the numbers ``run`` gets. ``on_train_end`` runs when it is exhausted."""
        self.callbacks = CallbackList(callbacks, self)
        self.history.params = self.params
        start = restore_training_state(self, checkpoint, self.resumed_from) if checkpoint else 0
        self.callbacks.on_train_begin()
        if checkpoint:
            self.callbacks.load_state_dict(checkpoint["callbacks"])
        logs: dict[str, float] = {}
        for epoch in range(start, epochs):
            if self.stop_training:  # resumed from a run that had stopped: nothing more
                break
            self.epoch = epoch
            logs = yield from self.epoch_steps(epoch)
            yield TrainingStep(epoch, None, logs)
            if self.stop_training:
                break
        self.callbacks.on_train_end(logs)

    def run_epoch(self, epoch: int) -> dict[str, float]:
        """Train on every batch once, validate, log (loss, metrics, val_*, lr, time)."""
        return _drain(self.epoch_steps(epoch))

    def epoch_steps(self, epoch: int) -> Generator[TrainingStep, None, dict[str, float]]:
        """``run_epoch``, yielding after each batch; returns the epoch's logs."""
        self.callbacks.on_epoch_begin(epoch)
        start, lr = time.perf_counter(), float(self.optimizer.param_groups[0]["lr"])
        logs = yield from self.batch_steps()
        if self.val_loader is not None:
            val = _eval_pass(self.model, self.loss, self.val_loader, self.metrics, self.callbacks)
            logs.update((f"val_{k}", v) for k, v in val.items())
        logs["lr"], logs["time"] = lr, time.perf_counter() - start
        self.history.record(epoch, logs)
        self.callbacks.on_epoch_end(epoch, logs)
        return logs

    def train_step(self, target: Any, *inputs: Any) -> tuple[Any, Any]:
        """One minibatch step: forward, loss, zero_grad, backward, then the gradient checks and
        the optimizer step; returns the loss and the outputs, both without history."""
        value, out = self.backward(target, *inputs)
        for check in self.gradient_checks:
            check(value, target, inputs)
        self.optimizer.step()
        return value, out

    def forward_backward(self, target: Any, *inputs: Any) -> tuple[Any, Any]:
        """Forward, loss, zero_grad, backward (what ``capture`` records and replays; the
        optimizer step runs as Python in replays anyway)."""
        out = self.model(*inputs)
        if not self._shapes_checked:  # once: the first batch tells
            check_output_target(out, target, self.loss)
            self._shapes_checked = True
        value = self.loss(out, target)
        self.optimizer.zero_grad()
        value.backward()
        return value.detach(), out.detach()

    def train_epoch(self) -> dict[str, float]:
        """One pass of minibatch steps over the training loader."""
        return _drain(self.batch_steps())

    def batch_steps(self) -> Generator[TrainingStep, None, dict[str, float]]:
        """``train_epoch``, yielding after each batch; returns the epoch's training logs."""
        model, step, metrics = self.model, self.train_step, self.metrics
        model.train()
        self.train_loader.training = True
        begin = self.callbacks.hooks("on_train_batch_begin")
        end = self.callbacks.hooks("on_train_batch_end")
        total, count, outs, targets = 0.0, 0, [], []
        device = _model_device(model)
        for i, batch in enumerate(self.train_loader):
            try:
                for fn in begin:
                    fn(i, None)
                inputs, target = _unpack(batch, device)
                value, out = step(target, *inputs)
            except StopTraining as stop:
                self.stop_training, self.history.stop_reason = True, str(stop)
                break
            loss_value, n = value.item(), len(target)
            total += loss_value * n
            count += n
            if metrics:  # the arrays only: the graph is not kept alive
                outs.append(getattr(out, "_data", out))
                targets.append(getattr(target, "_data", target))
            logs = {"loss": loss_value, "size": n}
            for fn in end:
                fn(i, logs)
            yield TrainingStep(self.epoch, i, logs)
            if self.stop_training:
                break
        return _summary(total, count, outs, targets, metrics)


def _check_fit_args(
    model: Any,
    loss: Any,
    optimizer: Any,
    epochs: int,
    batch_size: int,
    validation_data: Any,
    validation_split: float,
) -> None:
    if not callable(model) or not hasattr(model, "train"):
        raise TypeError(f"model must be a neuralgrad.nn.Module, not {type(model).__name__}")
    if not callable(loss):
        raise TypeError(
            f"loss must be callable as loss(outputs, targets), e.g. "
            f"nn.CrossEntropyLoss(); got {type(loss).__name__}"
        )
    if not hasattr(optimizer, "step") or not hasattr(optimizer, "param_groups"):
        raise TypeError(
            f"optimizer must be a neuralgrad.optim optimizer, not {type(optimizer).__name__}"
        )
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"epochs must be a whole number >= 0, got {epochs!r}")
    if (
        isinstance(batch_size, bool)
        or not isinstance(batch_size, (int, np.integer))
        or batch_size < 1
    ):
        raise ValueError(f"batch_size must be a whole number >= 1, got {batch_size!r}")
    if validation_data is not None and validation_split:
        raise ValueError("give validation_data or validation_split, not both")


def _loaders(
    train_data: Any,
    validation_data: Any,
    validation_split: float,
    batch_size: int,
    shuffle: bool,
    generator: Any,
    transform: Any,
    checkpoint: dict | None,
) -> tuple[DataLoader, DataLoader | None, int | None]:
    """The training and validation loaders; a validation split is drawn with a seed taken from
    the generator (or the checkpoint when resuming, so the split is the same)."""
    split_seed = None
    _check_rows(train_data, "train_data")
    if validation_data is not None:
        _check_rows(validation_data, "validation_data")
    if validation_split:
        if isinstance(train_data, DataLoader):
            raise ValueError(
                "validation_split needs the data as (X, y) or a Dataset; with a "
                "DataLoader, pass validation_data"
            )
        split_seed = (
            checkpoint["split_seed"] if checkpoint else int(rng(generator).integers(2**63 - 1))
        )
        train_data, validation_data = split_validation(
            as_dataset(train_data, "train_data"), validation_split, split_seed
        )
    train = make_loader(train_data, "train_data", batch_size, shuffle, generator, transform)
    val = (
        None
        if validation_data is None
        else make_loader(validation_data, "validation_data", batch_size, False)
    )
    return train, val, split_seed


def _check_rows(data: Any, what: str) -> None:
    """Training or validating on no rows is an error (it would log a NaN loss and stop)."""
    dataset = data.dataset if isinstance(data, DataLoader) else as_dataset(data, what)
    if len(dataset) == 0:
        raise ValueError(f"{what} has no samples: there is nothing to train or validate on")


def _callbacks(
    callbacks: Iterable[Callback] | None,
    scheduler: Any,
    interval: str,
    has_val: bool,
    verbose: int | str,
) -> list[Callback]:
    cbs = list(callbacks or [])
    if scheduler is not None:
        cbs.append(LRScheduler(scheduler, interval, "val_loss" if has_val else "loss"))
    if verbose and not any(isinstance(cb, ProgressBar) for cb in cbs):
        cbs.insert(0, ProgressBar(bar=False if verbose == 2 else None))
    return cbs


def fit(
    model: Any,
    train_data: Any,
    *,
    loss: Callable,
    optimizer: Any,
    epochs: int = 1,
    batch_size: int = 32,
    validation_data: Any = None,
    validation_split: float = 0.0,
    shuffle: bool = True,
    metrics: Iterable[str | Callable] | None = None,
    callbacks: Iterable[Callback] | None = None,
    scheduler: Any = None,
    scheduler_interval: str = "epoch",
    transform: Callable | None = None,
    generator: Any = None,
    verbose: int | str = "auto",
    resume_from: str | None = None,
    capture: bool = False,
) -> History:
    """Train ``model`` on ``train_data`` (an ``(X, y)`` pair, a Dataset or a DataLoader) for
    ``epochs`` epochs of minibatches; return the ``History``. Ours, Keras's ``Model.fit`` in
    spirit.

    ``validation_data`` (same forms) or ``validation_split`` (a fraction held out after a
    shuffle, stratified for class labels) is evaluated after each epoch as ``val_*``.
    ``metrics``: names ('accuracy', 'top5_accuracy', 'f1', 'mse', 'r2'...) or
    ``fn(outputs, targets)``. ``scheduler`` is stepped per ``scheduler_interval`` ('epoch' or
    'batch'; ReduceLROnPlateau gets the validation loss). ``transform`` augments training
    inputs on the fly (never validation). ``generator`` orders the batches (the global one by
    default, so ``manual_seed`` reproduces a run). ``verbose``: 0 silent, 1/'auto' progress bar
    (one line per epoch when not on a terminal), 2 one line per epoch. ``resume_from``: a
    checkpoint written by ``ModelCheckpoint``; training continues from its epoch up to
    ``epochs`` in all. Bad input (X and y of different lengths, NaN or infinite values) raises
    before the first step; outputs of shape (N, 1) against targets of shape (N,) with an
    elementwise loss (MSE, L1, Huber, BCE), which PyTorch broadcasts to (N, N), raise at the
    first batch with the fix. ``capture=True`` records the training step once per batch shape
    and replays it (``neuralgrad.capture``): the same numbers, faster for small networks;
    Python inside the model (forward hooks, prints) then runs only when a step is recorded.
    """
    # NOTE: first statement: locals() holds exactly fit's arguments
    trainer, cbs, checkpoint = _prepare(**locals())
    return trainer.run(cbs, trainer.params["epochs"], checkpoint)


def fit_steps(
    model: Any, train_data: Any, **options: Any
) -> Generator[TrainingStep, None, History]:
    """``fit`` one step at a time, with ``fit``'s arguments and numbers: a generator that
    yields a ``TrainingStep`` after every batch and after every epoch's end, and returns the
    ``History`` when training ends. A caller can pause, draw the model or stop between two steps
    (a live view). Arguments are checked here, before the first step."""
    bound = inspect.signature(fit).bind(model, train_data, **options)
    bound.apply_defaults()
    trainer, cbs, checkpoint = _prepare(**bound.arguments)
    return _steps_then_history(trainer, cbs, checkpoint)


def _steps_then_history(
    trainer: Trainer, callbacks: list[Callback], checkpoint: dict | None
) -> Generator[TrainingStep, None, History]:
    yield from trainer.steps(callbacks, trainer.params["epochs"], checkpoint)
    return trainer.history


def _prepare(
    model: Any,
    train_data: Any,
    loss: Callable,
    optimizer: Any,
    epochs: int,
    batch_size: int,
    validation_data: Any,
    validation_split: float,
    shuffle: bool,
    metrics: Iterable[str | Callable] | None,
    callbacks: Iterable[Callback] | None,
    scheduler: Any,
    scheduler_interval: str,
    transform: Callable | None,
    generator: Any,
    verbose: int | str,
    resume_from: str | None,
    capture: bool,
) -> tuple[Trainer, list[Callback], dict | None]:
    """``fit``'s arguments checked and turned into a ``Trainer``, its callbacks and the
    checkpoint to resume from."""
    _check_fit_args(model, loss, optimizer, epochs, batch_size, validation_data, validation_split)
    metric_fns = [get_metric(m) for m in metrics or ()]
    checkpoint = load_checkpoint(resume_from) if resume_from is not None else None
    if checkpoint is not None and validation_split and checkpoint["split_seed"] is None:
        raise CheckpointError(
            f"{os.fspath(resume_from)}: written by a run without a validation split; this run "
            f"holds one out (validation_split={validation_split}), so its rows would differ"
        )
    train, val, seed = _loaders(
        train_data,
        validation_data,
        validation_split,
        batch_size,
        shuffle,
        generator,
        transform,
        checkpoint,
    )
    trainer = Trainer(model, loss, optimizer, metric_fns, train, val, seed, capture)
    if resume_from is not None:
        trainer.resumed_from = os.fspath(resume_from)
    trainer.params = {
        "epochs": int(epochs),
        "steps": len(train),
        "batch_size": batch_size,
        "samples": len(train.dataset),
    }
    cbs = _callbacks(callbacks, scheduler, scheduler_interval, val is not None, verbose)
    return trainer, cbs, checkpoint


def evaluate(
    model: Any,
    data: Any,
    *,
    loss: Callable | None = None,
    metrics: Iterable[str | Callable] | None = None,
    batch_size: int = 32,
    callbacks: Iterable[Callback] | None = None,
) -> dict[str, float]:
    """The mean loss (when ``loss`` is given) and the metrics of ``model`` on ``data`` (an
    ``(X, y)`` pair, a Dataset or a DataLoader), in evaluation mode and without gradients."""
    loader = make_loader(data, "data", batch_size, False)
    metric_fns = [get_metric(m) for m in metrics or ()]
    return _eval_pass(model, loss, loader, metric_fns, CallbackList(callbacks or ()))


def predict(
    model: Any, data: Any, *, batch_size: int = 32, callbacks: Iterable[Callback] | None = None
) -> np.ndarray:
    """The model's outputs on ``data`` (inputs ``X``, an ``(X, y)`` pair, a Dataset or a
    DataLoader) as one NumPy array, in evaluation mode and without gradients."""
    if not isinstance(data, (tuple, list, DataLoader)) and hasattr(data, "shape"):
        data = (data, np.zeros(data.shape[0], dtype=np.int64))  # inputs only: dummy targets
    loader = make_loader(data, "data", batch_size, False)
    cbs = CallbackList(callbacks or ())
    was_training, loader_was = model.training, getattr(loader, "training", True)
    model.eval()
    loader.training = False
    cbs.call("on_predict_begin", None)
    outs, device = [], _model_device(model)
    with no_grad():
        for i, batch in enumerate(loader):
            cbs.call("on_predict_batch_begin", i, None)
            outs.append(as_numpy(model(*_unpack(batch, device)[0])))
            cbs.call("on_predict_batch_end", i, None)
        if not outs:  # no rows: the model on an empty batch gives the outputs' shape (0, C)
            outs.append(_empty_outputs(model, loader.dataset))
    cbs.call("on_predict_end", None)
    model.train(was_training)
    loader.training = loader_was
    return np.concatenate(outs)


def _empty_outputs(model: Any, dataset: Any) -> np.ndarray:
    """The model's outputs for zero rows of ``dataset``'s inputs (shape (0, ...)); (0,) when
    the inputs' shape can't be known (a dataset that is not made of arrays)."""
    if isinstance(dataset, TensorDataset) and len(dataset.tensors) > 1:
        return as_numpy(model(*(t[:0] for t in dataset.tensors[:-1])))
    return np.zeros((0,))

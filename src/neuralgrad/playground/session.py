"""``Session``: one page's training, in a worker thread of its own. The server hands it the
page's checked messages; the worker builds the data and the runs, trains them (side by side in
comparison mode, a batch each in turn) at the chosen speed, and sends frames back at a bounded
rate. Bad input and failures become error messages for the page; the worker goes on."""

from __future__ import annotations

import queue
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import InputError
from .data import DataSpec, PlaygroundData, make_data
from .export import export_run
from .form import recipe_of
from .limits import FRAME_INTERVAL, HEALTH_INTERVAL, SPEEDS
from .live import LiveRun
from .upload import UploadedTable, read_upload
from .views import BOUNDARY, UNITS, feature_view, run_frame

__all__ = ["Session"]

_SLICE = 0.03  # seconds of training between two looks at the inbox


_CLOSE = object()


class Session:
    """One page's data, runs and controls; ``send`` takes each outgoing message (a dict) and
    must be safe to call from the worker thread."""

    def __init__(self, send: Callable[[dict[str, Any]], None]) -> None:
        self._send = send
        self._inbox: queue.Queue[Any] = queue.Queue()
        self.data: PlaygroundData | None = None
        self.upload: UploadedTable | None = None
        self.runs: list[LiveRun] = []
        self.running, self.speed = False, len(SPEEDS) - 1
        self._due = self._framed = self._checked = 0.0
        self._thread = threading.Thread(target=self._work, name="playground-session", daemon=True)
        self._thread.start()

    def submit(self, message: dict[str, Any]) -> None:
        """Queue a checked message for the worker (messages are handled in order)."""
        self._inbox.put(message)

    def close(self) -> None:
        """Stop the worker (after the slice it is in) and drop the session's models."""
        self._inbox.put(_CLOSE)

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the worker to end; True when it has."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _work(self) -> None:
        # NOTE: a diverging run overflows; the page's health panel says so, not the terminal
        with np.errstate(all="ignore"):
            self._serve()

    def _serve(self) -> None:
        while True:
            try:
                message = self._inbox.get(timeout=self._wait())
            except queue.Empty:
                message = None
            if message is _CLOSE:
                self.runs, self.data = [], None
                return
            self._guarded(self._handle if message is not None else self._train, message)

    def _wait(self) -> float | None:
        """How long the worker may sleep for a message: until the next step is due when
        playing, for ever when paused."""
        if not self.running:
            return None
        return max(0.0, self._due - time.perf_counter())

    def _guarded(self, action: Callable[[Any], None], message: Any) -> None:
        to = None if message is None else message["type"]
        try:
            action(message)
        except InputError as e:
            self.running = False
            self._send_error(str(e), to, e.field, getattr(e, "run", None))
        except Exception as e:  # the page hears of it; the session stays usable
            traceback.print_exc()
            self.running = False
            self._send_error(f"unexpected failure: {type(e).__name__}: {e}", to)

    def _send_error(
        self, text: str, to: str | None, field: str | None = None, run: int | None = None
    ) -> None:
        """An error for the page: ``to`` names the message it answers (None: training)."""
        message = " ".join(text.split())
        self._send({"type": "error", "message": message, "to": to, "field": field, "run": run})

    def _handle(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "configure":
            self._configure(message["data"], message["models"])
        elif kind == "upload":
            self._upload(message["name"], message["text"])
        elif kind == "speed":
            self.speed = message["value"] - 1
        else:
            self._control(kind, message)

    def _control(self, kind: str, message: dict[str, Any]) -> None:
        if not self.runs:
            raise InputError(f"{kind}: nothing to train yet: choose the data and the model")
        if kind == "export":
            if message["run"] >= len(self.runs):
                raise InputError(f"export: there is no run {message['run'] + 1}")
            run = self.runs[message["run"]]
            name = self.upload.name if run.data.spec.dataset == "csv" and self.upload else None
            self._send({"type": "export", "run": message["run"], **export_run(run, name)})
            return
        self.running = kind == "play" and not all(r.finished for r in self.runs)
        self._due = time.perf_counter()
        if kind == "reset":
            self.runs = [LiveRun(r.recipe, r.data) for r in self.runs]
        for run in self.runs:
            if kind == "step":
                run.step()
            elif kind == "epoch":
                run.epoch()
        self._frame(health=True)

    def _upload(self, name: str, text: str) -> None:
        table = read_upload(name, text)
        self.upload = table
        self._send(
            {
                "type": "uploaded",
                "name": table.name,
                "rows": int(len(table.y)),
                "task": table.task,
                "inputs": table.inputs,
                "target": table.target,
            }
        )

    def _configure(self, data_fields: dict[str, Any], models: list[Any]) -> None:
        spec = DataSpec.from_dict(data_fields)
        data = make_data(spec, self.upload)
        runs = []
        for i, fields in enumerate(models):
            try:
                runs.append(LiveRun(recipe_of(fields, spec), data))
            except InputError as e:
                e.run = i  # type: ignore[attr-defined]  # which panel to point at
                raise
        pictures = feature_view(runs[0])
        self.data, self.runs, self.running = data, runs, False
        self._send(
            {
                "type": "ready",
                "data": _data_view(data, pictures),
                "runs": _runs_view(runs),
                "grid": {"boundary": BOUNDARY, "units": UNITS},
            }
        )
        self._frame(health=True)

    def _train(self, _: Any = None) -> None:
        rate = SPEEDS[self.speed]
        end = time.perf_counter() + _SLICE
        while time.perf_counter() < end and self._due <= time.perf_counter():
            if not any([run.step() for run in self.runs]):
                break
            now = time.perf_counter()
            self._due = now if rate is None else max(self._due + 1.0 / rate, now - 0.2)
        now = time.perf_counter()
        over = all(r.finished for r in self.runs)
        self.running = not over
        if now - self._framed >= FRAME_INTERVAL or over:
            frame = self._frame(health=now - self._checked >= HEALTH_INTERVAL or over)
            self._after(frame, over)

    def _after(self, frame: dict[str, Any], over: bool) -> None:
        """Pause when a run diverged, and say so; say when training is over."""
        diverged = [i for i, r in enumerate(frame["runs"]) if r["diverged"]]
        if diverged and self.running:
            self.running = False
            self._send({"type": "state", "running": False})
        if diverged:
            names = " and ".join("ABCD"[i] for i in diverged)
            self._send(
                {
                    "type": "notice",
                    "message": f"run {names} diverged: its loss is no longer a number; the "
                    "health panel says where it broke. Lower the learning rate and reset.",
                }
            )
        elif over:
            self._send({"type": "notice", "message": "training finished: reset to start again"})

    def _frame(self, health: bool) -> dict[str, Any]:
        runs = [run_frame(run, health) for run in self.runs]
        now = time.perf_counter()
        self._framed = now
        self._checked = now if health else self._checked
        frame = {"type": "frame", "running": self.running, "runs": runs}
        self._send(frame)
        return frame


def _points(data: PlaygroundData, rows: Any) -> dict[str, list]:
    y = data.y[rows].reshape(-1)
    return {
        "x": [[round(float(v), 5) for v in r] for r in data.raw[rows]],
        "y": [int(v) for v in y] if data.labels is not None else [round(float(v), 5) for v in y],
    }


def _data_view(data: PlaygroundData, pictures: list[str]) -> dict[str, Any]:
    y = data.y.reshape(-1).astype(float)
    return {
        "dims": data.dims,
        "task": data.task,
        "classes": [] if data.labels is None else [str(c) for c in data.labels.classes],
        "range": [float(y.min()), float(y.max())] if data.labels is None else None,
        "bounds": data.bounds(),
        "features": list(data.spec.features),
        "pictures": pictures,
        "train": _points(data, data.train_rows),
        "test": _points(data, data.test_rows),
    }


def _runs_view(runs: list[LiveRun]) -> list[dict[str, Any]]:
    return [
        {
            "recipe": run.recipe.to_dict(),
            "layers": [run.data.X.shape[1], *run.recipe.hidden, run.head.out_features],
            "schedule": run.schedule(),
            "steps_per_epoch": run.steps_per_epoch,
            "loss": run.head.loss,
            "score": run.head.score_name,
        }
        for run in runs
    ]

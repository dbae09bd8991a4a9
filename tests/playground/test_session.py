"""playground.session: one page's worker: configure, play, pause, step, epoch, reset, speed,
export and comparison runs; bad input and failures come back as messages and the worker goes
on; sessions train side by side, each with its own numbers."""

import threading
import time

from neuralgrad.playground.session import Session

from .helpers import Inbox, configure


def _session():
    inbox = Inbox()
    return Session(inbox), inbox


def test_configure_then_step_epoch_reset():
    session, inbox = _session()
    try:
        session.submit(configure())
        ready = inbox.wait("ready")
        assert ready["runs"][0]["layers"] == [2, 4, 1] and ready["runs"][0]["steps_per_epoch"] == 5
        assert len(ready["data"]["train"]["x"]) == 40 and ready["data"]["classes"] == ["0", "1"]
        first = inbox.wait("frame")["runs"][0]
        assert (first["batches"], first["epoch"]) == (0, 0) and "health" in first
        session.submit({"type": "step"})
        assert inbox.wait("frame")["runs"][0]["batches"] == 1
        session.submit({"type": "epoch"})
        run = inbox.wait("frame")["runs"][0]
        assert (run["batches"], run["epoch"]) == (5, 1)
        session.submit({"type": "reset"})
        again = inbox.wait("frame")["runs"][0]
        assert (again["batches"], again["epoch"]) == (0, 0)
        assert again["weights"] == first["weights"]  # the same seed: the same start
    finally:
        session.close()
    assert session.join(5)


def test_play_runs_to_the_end_and_says_so():
    session, inbox = _session()
    try:
        session.submit(configure())
        inbox.wait("ready")
        session.submit({"type": "play"})
        assert inbox.wait("frame", until=lambda m: m["running"])["running"]
        last = inbox.wait("frame", until=lambda m: m["runs"][0]["finished"])
        assert last["runs"][0]["epoch"] == 5 and not last["running"]
        assert "finished" in inbox.wait("notice")["message"]
        session.submit({"type": "play"})  # nothing left to train: it stays paused
        assert not inbox.wait("frame")["running"]
    finally:
        session.close()


def test_pause_stops_training_and_speed_slows_it():
    session, inbox = _session()
    try:
        session.submit(configure(models=[{"hidden": [4], "epochs": 5000, "batch_size": 8}]))
        inbox.wait("ready")
        session.submit({"type": "speed", "value": 1})  # two batches a second
        session.submit({"type": "play"})
        inbox.wait("frame", until=lambda m: m["running"])
        time.sleep(1.2)
        session.submit({"type": "pause"})
        paused = inbox.wait("frame", until=lambda m: not m["running"])
        assert 1 <= paused["runs"][0]["batches"] <= 5
        time.sleep(0.5)
        session.submit({"type": "step"})
        assert inbox.wait("frame")["runs"][0]["batches"] == paused["runs"][0]["batches"] + 1
    finally:
        session.close()


def test_side_by_side_runs_step_together():
    session, inbox = _session()
    try:
        models = [
            {"hidden": [4], "optimizer": "sgd", "epochs": 5, "batch_size": 8},
            {"hidden": [4], "optimizer": "adam", "epochs": 5, "batch_size": 8},
        ]
        session.submit(configure(models=models))
        assert [r["recipe"]["optimizer"] for r in inbox.wait("ready")["runs"]] == ["sgd", "adam"]
        session.submit({"type": "epoch"})
        a, b = inbox.wait("frame", until=lambda m: m["runs"][0]["batches"])["runs"]
        assert a["batches"] == b["batches"] == 5 and a["weights"] != b["weights"]
        session.submit({"type": "export", "run": 1})
        assert "'optimizer': 'adam'" in inbox.wait("export")["script"]
    finally:
        session.close()


def test_bad_input_is_reported_and_the_session_goes_on():
    session, inbox = _session()
    try:
        session.submit({"type": "play"})
        assert "nothing to train" in inbox.wait("error")["message"]
        session.submit(configure(models=[{"hidden": [10_000]}]))
        error = inbox.wait("error")
        assert error["field"] == "hidden" and error["run"] == 0 and "10,000" in error["message"]
        session.submit(configure(models=[{}, {"lr": "NaN"}]))
        error = inbox.wait("error")
        assert (error["field"], error["run"]) == ("lr", 1)
        session.submit({"type": "upload", "name": "empty.csv", "text": ""})
        assert "empty.csv is empty" in inbox.wait("error")["message"]
        session.submit(configure())
        assert inbox.wait("ready")
    finally:
        session.close()


def test_a_diverging_run_pauses_with_a_notice():
    session, inbox = _session()
    try:
        models = [{"hidden": [8, 8], "optimizer": "sgd", "lr": 10, "epochs": 50}]
        session.submit(configure(models=models, dataset="curve", features=["x1"], points=120))
        inbox.wait("ready")
        session.submit({"type": "play"})
        assert "diverged" in inbox.wait("notice", timeout=60)["message"]
        session.submit({"type": "reset"})  # still usable
        assert inbox.wait("frame", until=lambda m: m["runs"][0]["batches"] == 0)
    finally:
        session.close()


def test_upload_then_train_on_it():
    session, inbox = _session()
    try:
        rows = "".join(f"{i / 10},{(i * 7) % 5 / 10},{'ab'[i % 2]}\n" for i in range(40))
        session.submit({"type": "upload", "name": "mine.csv", "text": "p,q,label\n" + rows})
        uploaded = inbox.wait("uploaded")
        assert (uploaded["rows"], uploaded["task"], uploaded["inputs"]) == (
            40,
            "classification",
            ["p", "q"],
        )
        session.submit(configure(dataset="csv"))
        assert inbox.wait("ready")["data"]["classes"] == ["a", "b"]
    finally:
        session.close()


def _trained_weights(models):
    """Configure a session with ``models``, train two whole epochs, return its runs' weights
    (the frame's numbers)."""
    session, inbox = _session()
    try:
        session.submit(configure(models=models))
        inbox.wait("ready")
        for _ in range(2):
            session.submit({"type": "epoch"})
            frame = inbox.wait("frame", until=lambda m: m["runs"][0]["batches"] > 0)
        while frame["runs"][0]["epoch"] < 2:
            frame = inbox.wait("frame")
        return [r["weights"] for r in frame["runs"]]
    finally:
        session.close()


def test_sessions_train_at_once_and_each_gets_its_lone_numbers():
    """Two pages' workers run side by side (grad mode and the random stream of a seeded run
    belong to each thread): each reaches the weights it reaches alone, dropout included."""
    models = [
        {"hidden": [6], "epochs": 5, "batch_size": 8, "dropout": 0.2, "seed": s} for s in (1, 2)
    ]
    alone = [_trained_weights([m]) for m in models]
    together: dict[int, list] = {}
    threads = [
        threading.Thread(target=lambda i=i: together.__setitem__(i, _trained_weights([models[i]])))
        for i in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert together == {0: alone[0], 1: alone[1]}
    assert alone[0] != alone[1]

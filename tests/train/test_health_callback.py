"""neuralgrad.health.HealthMonitor during fit: findings per checked epoch in reports, the
history and the logs; quiet on healthy training; the first NaN named when a step is cut short."""

import math

import neuralgrad as ng
from neuralgrad import nn, optim
from neuralgrad.health import HealthMonitor
from neuralgrad.train import CSVLogger, TerminateOnNaN, fit

from .helpers import blobs, mlp


def _fit(model, callbacks, epochs=3, lr=0.05, **kw):
    X, y = blobs()
    X = (X - X.mean(0)) / X.std(0)
    return fit(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        epochs=epochs,
        batch_size=32,
        optimizer=optim.SGD(model.parameters(), lr=lr),
        callbacks=callbacks,
        verbose=0,
        **kw,
    )


def test_records_dead_relus_during_fit(capsys):
    model = mlp()
    with ng.no_grad():
        model[0].bias.fill_(-100.0)
    monitor = HealthMonitor()
    history = _fit(model, [monitor])
    assert sorted(monitor.reports) == [0, 1, 2]
    assert all("dead_relu" in r.kinds for r in monitor.reports.values())
    assert history["health_findings"] == [len(monitor.reports[e].findings) for e in range(3)]
    assert history["health_findings"][0] >= 1
    out = capsys.readouterr().out
    assert out.count("HealthMonitor, epoch") == 3 and "dead neurons" in out


def test_quiet_on_healthy_training_and_measures_updates(capsys):
    monitor = HealthMonitor(every=2)
    history = _fit(mlp(), [monitor], epochs=4)
    assert sorted(monitor.reports) == [0, 2]
    assert all(r.ok for r in monitor.reports.values())
    h = history["health_findings"]
    assert h[0] == 0 and h[2] == 0 and math.isnan(h[1]) and math.isnan(h[3])
    rows = [r for r in monitor.reports[0].layers if r.kind == "Linear"]
    assert all(0 < r.update_ratio < 1e-1 for r in rows)  # measured from the real step
    assert capsys.readouterr().out == ""  # verbose=1 prints only problems


def test_too_high_learning_rate_flags_update_ratio():
    monitor = HealthMonitor(verbose=0)
    _fit(mlp(), [monitor], epochs=1, lr=50.0)
    assert "update_ratio" in monitor.reports[0].kinds
    assert "too high" in str(monitor.reports[0])


class Log(nn.Module):
    def forward(self, x):
        return ng.log(x) + 1.0


def test_first_nan_named_when_terminate_on_nan_stops_the_step():
    ng.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), Log(), nn.Linear(8, 3))
    monitor = HealthMonitor(verbose=0)
    history = _fit(model, [TerminateOnNaN(verbose=0), monitor])
    report = monitor.reports[0]
    assert report.findings[0].kind == "nonfinite" and "op LogBackward" in str(report)
    assert history["health_findings"] == [len(report.findings)]


def test_column_reaches_csv_logger(tmp_path):
    path = tmp_path / "log.csv"
    _fit(mlp(), [CSVLogger(str(path)), HealthMonitor(every=2, verbose=0)], epochs=2)
    head, first, second = path.read_text().splitlines()[:3]
    col = head.split(",").index("health_findings")
    assert float(first.split(",")[col]) == 0.0
    assert math.isnan(float(second.split(",")[col]))

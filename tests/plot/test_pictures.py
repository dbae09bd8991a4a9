"""Each picture: a PNG of the figure's size whose pixels depend on the model drawn."""

import numpy as np
import pytest

pytest.importorskip("matplotlib")
from matplotlib.image import imread  # noqa: E402

import neuralgrad as ng  # noqa: E402
from neuralgrad import nn, plot  # noqa: E402
from neuralgrad.optim import lr_scheduler  # noqa: E402
from neuralgrad.perceptron import Perceptron  # noqa: E402


def png(fig, path):
    """The saved image as an array, checked to be the figure's size and not blank."""
    image = imread(path)
    w, h = fig.get_size_inches() * fig.dpi
    assert image.shape[:2] == (round(h), round(w))
    assert image[..., :3].std() > 0.01  # something was drawn
    return image


def mlp(seed, d_in=2, hidden=8, d_out=2):
    ng.manual_seed(seed)
    return nn.Sequential(nn.Linear(d_in, hidden), nn.ReLU(), nn.Linear(hidden, d_out))


def points(n=60, seed=0):
    g = np.random.default_rng(seed)
    X = g.normal(size=(n, 2)).astype(np.float32)
    return X, (X[:, 0] * X[:, 1] > 0).astype(np.int64)


def test_decision_boundary_depends_on_the_model(tmp_path):
    X, y = points()
    a = png(
        plot.plot_decision_boundary(mlp(0), X, y, resolution=60, path=tmp_path / "a.png"),
        tmp_path / "a.png",
    )
    b = png(
        plot.plot_decision_boundary(mlp(1), X, y, resolution=60, path=tmp_path / "b.png"),
        tmp_path / "b.png",
    )
    assert a.shape == b.shape and np.abs(a - b).mean() > 1e-3


@pytest.mark.parametrize("kind", ["predict_proba", "predict", "callable", "heaviside"])
def test_decision_boundary_of_any_classifier(tmp_path, kind):
    X, y = points(seed=2)
    line = Perceptron(max_epochs=5)
    target = (X[:, 0] + X[:, 1] > 0).astype(np.int64)  # separable: the perceptron learns it
    line.fit(X, target)

    class Proba:
        def predict_proba(self, Z):
            return 1 / (1 + np.exp(-(Z[:, 0] - Z[:, 1])))

    model = {
        "predict_proba": Proba(),
        "predict": line,
        "heaviside": line.to_module(),
        "callable": lambda Z: np.stack([Z[:, 0], -Z[:, 0]], 1),
    }[kind]
    fig = plot.plot_decision_boundary(model, X, y, resolution=40, path=tmp_path / "p.png")
    png(fig, tmp_path / "p.png")
    P = plot.class_probabilities(model, X)
    assert P.shape == (len(X), 2) and np.allclose(P.sum(1), 1)


def test_class_probabilities_rules():
    X, _ = points(10)
    logits = mlp(0, d_out=3)
    with ng.no_grad():
        expected = ng.softmax(logits(ng.tensor(X)), 1).numpy()
    np.testing.assert_allclose(plot.class_probabilities(logits, X), expected, rtol=1e-5)
    line = Perceptron(max_epochs=3).fit(X, (X[:, 0] > 0).astype(int))
    np.testing.assert_array_equal(plot.class_probabilities(line, X)[:, 1], line.predict(X))
    with pytest.raises(ValueError, match="2-D inputs"):
        plot.plot_decision_boundary(logits, np.zeros((4, 3)))


def test_weight_tiles_for_digits(tmp_path):
    a = png(plot.plot_weights(mlp(0, 64, 16, 10), path=tmp_path / "a.png"), tmp_path / "a.png")
    b = png(plot.plot_weights(mlp(1, 64, 16, 10), path=tmp_path / "b.png"), tmp_path / "b.png")
    assert np.abs(a - b).mean() > 1e-3
    from neuralgrad.plot.weights import weight_tiles

    w = np.arange(12 * 6.0).reshape(12, 6)
    tiles = weight_tiles(w, (2, 3), max_tiles=5)
    assert tiles.shape == (5, 2, 3) and tiles[1, 1, 0] == w[1, 3]
    with pytest.raises(ValueError, match="square"):
        weight_tiles(w)


def test_activations_and_sparsity(tmp_path):
    X, _ = points(200)
    model = nn.Sequential(nn.Linear(2, 6), nn.ReLU(), nn.Linear(6, 5), nn.Tanh(), nn.Linear(5, 2))
    acts = plot.collect_activations(model, X)
    assert list(acts) == ["1", "3"] and acts["1"].shape == (200, 6)
    with ng.no_grad():
        hidden = ng.relu(model[0](ng.tensor(X))).numpy()
    np.testing.assert_allclose(acts["1"], hidden, rtol=1e-6)
    from neuralgrad.plot.activations import sparsity

    assert sparsity(acts["1"]) == pytest.approx(np.mean(hidden == 0))
    assert not model[1]._forward_hooks  # the hooks are gone
    a = png(plot.plot_activations(model, X, path=tmp_path / "a.png"), tmp_path / "a.png")
    other = nn.Sequential(mlp(3)[0], nn.ReLU(), nn.Linear(8, 5), nn.Tanh())
    b = png(plot.plot_activations(other, X, path=tmp_path / "b.png"), tmp_path / "b.png")
    assert a.shape == b.shape and np.abs(a - b).mean() > 1e-3


def test_confusion_matrix_picture(tmp_path):
    y = np.array([0, 0, 1, 1, 2, 2])
    good = png(plot.plot_confusion_matrix(y, y, path=tmp_path / "a.png"), tmp_path / "a.png")
    bad = png(
        plot.plot_confusion_matrix(np.roll(y, 1), y, path=tmp_path / "b.png"), tmp_path / "b.png"
    )
    assert np.abs(good - bad).mean() > 1e-3
    fig = plot.plot_confusion_matrix(np.eye(3)[y], y, classes=["a", "b", "c"])
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["a", "b", "c"]


def test_lr_schedule_picture_uses_preview(tmp_path):
    opt = ng.optim.SGD(mlp(0).parameters(), lr=0.1)
    fig = plot.plot_lr_schedule(
        {"step": lr_scheduler.StepLR(opt, 5, 0.5), "cos": lr_scheduler.CosineAnnealingLR(opt, 20)},
        20,
        path=tmp_path / "lr.png",
    )
    png(fig, tmp_path / "lr.png")
    step = fig.axes[0].lines[0].get_ydata()
    assert step[0] == pytest.approx(0.1) and step[5] == pytest.approx(0.05)
    assert opt.param_groups[0]["lr"] == pytest.approx(0.1)  # nothing real moved


def test_history_curves_mark_the_restored_epoch(tmp_path):
    from neuralgrad.train import EarlyStopping, fit

    X, y = points(80)
    model = mlp(0)
    h = fit(
        model,
        (X, y),
        loss=nn.CrossEntropyLoss(),
        epochs=6,
        verbose=0,
        optimizer=ng.optim.SGD(model.parameters(), lr=0.1),
        validation_split=0.25,
        metrics=["accuracy", "f1"],
        callbacks=[EarlyStopping(patience=100, restore_best_weights=True)],
    )
    fig = plot.plot_history(h, path=tmp_path / "h.png")
    png(fig, tmp_path / "h.png")
    assert [ax.get_ylabel() for ax in fig.axes] == ["loss", "accuracy", "f1"]
    labels = [line.get_label() for line in fig.axes[0].lines]
    assert labels == ["training loss", "validation loss", "restored (best) epoch"]
    assert fig.axes[0].lines[2].get_xdata()[0] == h.restored_epoch + 1


def test_import_is_light():
    import subprocess
    import sys

    code = (
        "import sys, neuralgrad.plot; import neuralgrad as ng; ng.plot; ng.Perceptron; "
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_history_curves_compare_runs(tmp_path):
    from neuralgrad.train import fit

    X, y = points(64)
    runs = {}
    for lr in (0.01, 0.5):
        model = mlp(0)
        runs[f"lr {lr}"] = fit(
            model,
            (X, y),
            loss=nn.CrossEntropyLoss(),
            epochs=4,
            verbose=0,
            optimizer=ng.optim.SGD(model.parameters(), lr=lr),
        )
    fig = plot.plot_history(runs, tmp_path / "runs.png", logy=True)
    png(fig, tmp_path / "runs.png")
    (ax,) = fig.axes
    assert [line.get_label() for line in ax.lines] == [
        "lr 0.01 training loss",
        "lr 0.5 training loss",
    ]
    assert ax.lines[0].get_color() != ax.lines[1].get_color() and ax.get_yscale() == "log"
    np.testing.assert_allclose(ax.lines[1].get_ydata(), runs["lr 0.5"]["loss"])

"""Each example runs as a script (``--quick``, into a temporary ``--out``), prints its course
result and writes non-blank pictures."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("matplotlib")
from matplotlib.image import imread  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

CASES = {
    "computational_graph": (
        ["graph.dot", "graph.svg"],
        ["dz/dx1 = +4.0", "dz/dx2 = +12.0", "dz/dx3 = -8.0", "z = y1 * y2 = 32.0"],
    ),
    "sigmoid_neuron": (["neuron.png"], ["y = g(z) = 0.0025", "z = w0 + x·W = -6"]),
    "perceptron": (
        ["perceptron_separable.png", "perceptron_xor.png"],
        ["separable: converged=True", "XOR: converged=False", "ConvergenceWarning"],
    ),
    "xor_mlp": (
        ["xor_mlp.png", "xor_curves.png", "frames/boundary.gif"],
        ["truth table 00 01 10 11 -> [0, 1, 1, 0]"],
    ),
    "spirals": (
        ["spirals.png", "activations_wd0.0.png", "activations_wd0.02.png"],
        ["tanh     weight decay 0.02"],
    ),
    "mnist_dropout": (
        [
            "curves.png",
            "weights_plain.png",
            "weights_dropout.png",
            "activations_plain.png",
            "activations_dropout.png",
            "confusion.png",
        ],
        ["no dropout: test accuracy", "dropout 0.5: test accuracy"],
    ),
    "learning_rate": (["learning_rates.png"], ["too large (8.0)"]),
    "optimizers": (["optimizers.png"], ["SGD momentum 0.9", "AdamW"]),
    "schedules": (["schedules.png"], ["OneCycleLR", "CosineAnnealingLR"]),
}


def run(name, out):
    # one BLAS thread: the test workers already use every core (threads would contend)
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MPLBACKEND": "Agg"}
    return subprocess.run(
        [sys.executable, str(EXAMPLES / f"{name}.py"), "--quick", "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_example_runs_and_draws(tmp_path, name):
    files, lines = CASES[name]
    result = run(name, tmp_path)
    assert result.returncode == 0, result.stderr
    for line in lines:
        assert line in result.stdout
    for f in files:
        path = tmp_path / f
        assert path.stat().st_size > 0, f
        if f.endswith(".png"):
            image = imread(path)
            assert min(image.shape[:2]) >= 200 and image[..., :3].std() > 0.02, f


def test_every_example_is_tested():
    scripts = {p.stem for p in EXAMPLES.glob("*.py") if not p.stem.startswith("_")}
    assert scripts == set(CASES)


def test_xor_animation_has_a_frame_per_png(tmp_path):
    Image = pytest.importorskip("PIL.Image")
    assert run("xor_mlp", tmp_path).returncode == 0
    pngs = sorted((tmp_path / "frames").glob("boundary_*.png"))
    with Image.open(tmp_path / "frames" / "boundary.gif") as gif:
        assert gif.n_frames == len(pngs) == 11
    first, last = (np.asarray(imread(p)) for p in (pngs[0], pngs[-1]))
    assert np.abs(first - last).mean() > 1e-3

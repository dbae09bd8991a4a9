"""The optional peers of the suite: scikit-learn's ``MLPClassifier.partial_fit`` and JAX jit.

Both take the same NumPy weights as the other systems (``_suite_nets.make_data``) and return a
zero-argument training step that gives the loss computed before its update. JAX is used only
when ``import jax`` works; nothing is installed.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from _suite_nets import BETAS, EPS, LR, Net


def one_core_if_single_threaded() -> int | None:
    """With ``OMP_NUM_THREADS=1`` (NumPy and torch single-threaded), pin the process to one
    CPU so JAX, whose CPU client ignores that variable and the XLA thread flags (measured: 2
    cores busy on a 2-core machine), runs single-threaded too. Returns the CPU, or None."""
    if os.environ.get("OMP_NUM_THREADS") != "1" or not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def jax_available() -> bool:
    """Whether ``import jax`` works in this environment."""
    try:
        import jax  # noqa: F401
    except ImportError:
        return False
    return True


def sklearn_applies(net: Net) -> bool:
    """scikit-learn's MLPClassifier covers classification (cross-entropy) with relu/tanh."""
    return net.loss == "ce" and net.act in ("relu", "tanh") and net.opt in ("sgd", "adam")


def sklearn_step(net: Net, d: dict[str, Any]) -> Callable[[], float]:
    """An MLPClassifier (no L2, constant lr, no momentum, no shuffling) holding ``d``'s weights;
    one step = one ``partial_fit`` on the batch."""
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(
        hidden_layer_sizes=net.sizes[1:-1],
        activation=net.act,
        solver=net.opt,
        alpha=0.0,
        batch_size=net.batch,
        learning_rate_init=LR[net.opt],
        momentum=0.0,
        nesterovs_momentum=False,
        beta_1=BETAS[0],
        beta_2=BETAS[1],
        epsilon=EPS,
        shuffle=False,
        random_state=0,
    )
    x, y = d["x"], d["y"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf.partial_fit(x, y, classes=np.arange(net.sizes[-1]))  # allocates, then overwritten
    clf.coefs_ = [w.T.copy() for w in d["w"]]
    clf.intercepts_ = [b.copy() for b in d["b"]]
    del clf._optimizer  # the next partial_fit starts a fresh optimizer on the copied weights

    def step() -> float:
        clf.partial_fit(x, y)
        return clf.loss_

    return step


def jax_step(net: Net, d: dict[str, Any]) -> Callable[[], Any]:
    """A jitted JAX step (value_and_grad + SGD/Adam written out) on ``d``'s weights; each call
    blocks until its loss is ready, so the timing covers the work."""
    import jax
    import jax.numpy as jnp

    params = [(jnp.asarray(w), jnp.asarray(b)) for w, b in zip(d["w"], d["b"])]
    x, y = jnp.asarray(d["x"]), jnp.asarray(d["y"])
    act = jax.nn.relu if net.act == "relu" else jnp.tanh

    def loss_fn(ps: list, x: Any, y: Any) -> Any:
        h = x
        for i, (w, b) in enumerate(ps):
            h = h @ w.T + b
            if i < len(ps) - 1:
                h = act(h)
        if net.loss == "mse":
            return jnp.mean((h - y) ** 2)
        logp = jax.nn.log_softmax(h, axis=1)
        return -jnp.mean(jnp.take_along_axis(logp, y[:, None], axis=1))

    tmap, lr, (b1, b2) = jax.tree_util.tree_map, LR[net.opt], BETAS

    @jax.jit
    def update(ps: list, m: list, v: list, t: Any) -> tuple:
        loss, g = jax.value_and_grad(loss_fn)(ps, x, y)
        if net.opt == "sgd":
            return tmap(lambda p, gi: p - lr * gi, ps, g), m, v, loss
        m = tmap(lambda mi, gi: b1 * mi + (1 - b1) * gi, m, g)
        v = tmap(lambda vi, gi: b2 * vi + (1 - b2) * gi * gi, v, g)
        bc1, bc2 = 1 - b1**t, 1 - b2**t
        ps = tmap(
            lambda p, mi, vi: p - (lr / bc1) * mi / (jnp.sqrt(vi) / jnp.sqrt(bc2) + EPS), ps, m, v
        )
        return ps, m, v, loss

    state = {
        "ps": params,
        "m": tmap(jnp.zeros_like, params),
        "v": tmap(jnp.zeros_like, params),
        "t": 0,
    }

    def step() -> Any:
        state["t"] += 1
        state["ps"], state["m"], state["v"], loss = update(
            state["ps"], state["m"], state["v"], jnp.float32(state["t"])
        )
        return loss.block_until_ready()

    return step

"""Shared by the optimizer tests: one small MLP built twice from the same NumPy arrays, in
neuralgrad and in PyTorch (from Parameters and tensor ops only, no layers), plus comparisons."""

from __future__ import annotations

from typing import Any

import numpy as np

import neuralgrad as ng

SIZES = [(8, 4), (8,), (3, 8), (3,)]  # W1, b1, W2, b2 of a 4-8-3 MLP


def arrays(seed: int = 0, dtype: Any = np.float32) -> dict[str, np.ndarray]:
    """Weights, inputs, class labels and regression targets for the MLP."""
    rng = np.random.default_rng(seed)
    out = {f"p{i}": (rng.standard_normal(s) * 0.5).astype(dtype) for i, s in enumerate(SIZES)}
    out["x"] = rng.standard_normal((16, 4)).astype(dtype)
    out["y"] = rng.integers(0, 3, size=16).astype(np.int64)
    out["t"] = rng.standard_normal((16, 3)).astype(dtype)
    return out


def ng_params(a: dict[str, np.ndarray], device: str = "cpu") -> list[ng.nn.Parameter]:
    return [ng.nn.Parameter(ng.tensor(a[f"p{i}"].copy(), device=device)) for i in range(len(SIZES))]


def torch_params(torch: Any, a: dict[str, np.ndarray], device: str = "cpu") -> list[Any]:
    return [
        torch.nn.Parameter(torch.tensor(a[f"p{i}"].copy(), device=device))
        for i in range(len(SIZES))
    ]


def mlp(x: Any, params: list[Any]) -> Any:
    """``relu(x W1ᵀ + b1) W2ᵀ + b2``: the same expression for either library's tensors."""
    w1, b1, w2, b2 = params
    return (x @ w1.T + b1).relu() @ w2.T + b2


def ng_loss(a: dict[str, np.ndarray], params: list[Any], kind: str = "nll") -> ng.Tensor:
    dev = params[0].device
    out = mlp(ng.tensor(a["x"], device=dev), params)
    if kind == "nll":
        y = ng.tensor(a["y"], device=dev).reshape(-1, 1)
        return -out.log_softmax(1).gather(1, y).mean()
    return ((out - ng.tensor(a["t"], device=dev)) ** 2).mean()


def torch_loss(torch: Any, a: dict[str, np.ndarray], params: list[Any], kind: str = "nll") -> Any:
    dev = params[0].device
    out = mlp(torch.tensor(a["x"], device=dev), params)
    if kind == "nll":
        y = torch.tensor(a["y"], device=dev).reshape(-1, 1)
        return -out.log_softmax(1).gather(1, y).mean()
    return ((out - torch.tensor(a["t"], device=dev)) ** 2).mean()


def tol(dtype: Any) -> dict[str, float]:
    """float32 rounding, or much tighter for float64."""
    return dict(rtol=1e-5, atol=1e-6) if dtype == np.float32 else dict(rtol=1e-10, atol=1e-12)


def as_np(v: Any) -> Any:
    """A state value as NumPy (tensors of either library) or as is."""
    if isinstance(v, ng.Tensor):
        return v.detach().numpy()
    if hasattr(v, "detach"):
        return v.detach().cpu().numpy()
    return v


def close_to_torch(ours: Any, theirs: Any, ref: Any, rtol: float, atol: float, what: str) -> None:
    """``ours`` equals PyTorch's ``theirs`` to ``rtol``/``atol``; where it does not, PyTorch's
    own float32 result is off the float64 reference ``ref`` by as much, and ours must be at
    least about as close to ``ref`` (ill-conditioned entries, e.g. √(v − m²) in centered
    RMSprop, amplify float32 rounding in both libraries). ``ref=None``: the plain check.
    A wrong update is off ``ref`` by far more than PyTorch's rounding, so it still fails."""
    ours, theirs = np.asarray(ours, dtype=np.float64), np.asarray(theirs, dtype=np.float64)
    bad = ~np.isclose(ours, theirs, rtol=rtol, atol=atol)
    if ref is None or not bad.any():
        np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol, err_msg=what)
        return
    ref = np.asarray(ref, dtype=np.float64)
    slack = atol + rtol * np.abs(ref)
    our_err, their_err = np.abs(ours - ref), np.abs(theirs - ref)
    assert (our_err[bad] <= their_err[bad] + slack[bad]).all(), f"{what}: less accurate"


def assert_state_dicts_match(
    ours: dict, theirs: dict, ref: dict | None = None, **tolerance: float
) -> None:
    """Same state entries (keys, values) and the same group options where both have them."""
    assert ours["state"].keys() == theirs["state"].keys()
    for idx, entry in theirs["state"].items():
        assert ours["state"][idx].keys() == entry.keys(), idx
        for key, value in entry.items():
            r = None if ref is None else as_np(ref["state"][idx][key])
            close_to_torch(
                as_np(ours["state"][idx][key]),
                as_np(value),
                r,
                what=f"state[{idx}][{key!r}]",
                **tolerance,
            )
    assert len(ours["param_groups"]) == len(theirs["param_groups"])
    for g, tg in zip(ours["param_groups"], theirs["param_groups"]):
        assert set(g) <= set(tg), set(g) - set(tg)
        for key in g:
            assert g[key] == tg[key] or np.allclose(g[key], tg[key], rtol=1e-12), key


def assert_params_match(
    params: list[Any], tparams: list[Any], ref: list[Any] | None = None, **tolerance: float
) -> None:
    for i, (p, tp) in enumerate(zip(params, tparams)):
        r = None if ref is None else as_np(ref[i])
        close_to_torch(as_np(p), as_np(tp), r, what=f"parameter {i}", **tolerance)

"""Checking a function's analytical gradients against central finite differences in float64."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from .._devices import to_numpy
from .._tensor import Tensor
from .functional import basis_seed

__all__ = ["gradcheck", "GradcheckError", "numerical_jacobian", "analytical_jacobian"]


class GradcheckError(RuntimeError):
    """Analytical and numerical Jacobians disagree."""


def _outputs(fn: Callable, inputs: tuple) -> tuple:
    out = fn(*inputs)
    return out if isinstance(out, tuple) else (out,)


def _host64(a: Any) -> np.ndarray:
    """An output's values as a flat float64 NumPy array (copied from a GPU)."""
    return to_numpy(a).astype(np.float64).ravel()


def numerical_jacobian(fn: Callable, inputs: tuple, eps: float = 1e-6) -> list:
    """``J[i][j]``: d output j / d input i by central differences, shape (in.numel, out.numel)."""
    outs = _outputs(fn, inputs)
    jac = []
    for x in inputs:
        if not (isinstance(x, Tensor) and x.requires_grad):
            jac.append(None)
            continue
        flat = x._data.reshape(-1)  # a view: perturbing it perturbs the input in place
        rows = [np.zeros((x._data.size, o._data.size)) for o in outs]
        for k in range(flat.size):
            orig = flat[k].item()
            # NOTE: grad mode stays on, so functions that differentiate inside (double backward
            # through autograd.grad(create_graph=True)) can be checked, as in PyTorch.
            flat[k] = orig + eps
            plus = [_host64(o._data) for o in _outputs(fn, inputs)]
            flat[k] = orig - eps
            minus = [_host64(o._data) for o in _outputs(fn, inputs)]
            flat[k] = orig
            for j in range(len(outs)):
                rows[j][k] = (plus[j] - minus[j]) / (2 * eps)
        jac.append(rows)
    return jac


def analytical_jacobian(fn: Callable, inputs: tuple) -> list:
    """``J[i][j]`` from backward passes, one per output element."""
    from .engine import grad

    outs = _outputs(fn, inputs)
    diff = [i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    jac: list = [
        None if i not in diff else [np.zeros((inputs[i]._data.size, o._data.size)) for o in outs]
        for i in range(len(inputs))
    ]
    for j, o in enumerate(outs):
        if not o.requires_grad:
            continue
        for m in range(o._data.size):
            gs = grad(
                [o],
                [inputs[i] for i in diff],
                [basis_seed(o, m)],
                retain_graph=True,
                allow_unused=True,
            )
            for i, gi in zip(diff, gs):
                if gi is not None:
                    jac[i][j][:, m] = _host64(gi._data)
    return jac


def gradcheck(
    func: Callable,
    inputs: Any,
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
) -> bool:
    """True when ``func``'s gradients match finite differences for every input that requires
    grad (float64 inputs are expected, as in PyTorch); otherwise raise (or return False)."""
    inputs = inputs if isinstance(inputs, tuple) else (inputs,)
    for i, x in enumerate(inputs):
        if isinstance(x, Tensor) and x.requires_grad and x._data.dtype != np.float64:
            warnings.warn(
                f"input #{i} requires grad and is not float64: finite differences "
                "in lower precision are unreliable",
                stacklevel=2,
            )
    num = numerical_jacobian(func, inputs, eps)
    ana = analytical_jacobian(func, inputs)
    for i, (n_i, a_i) in enumerate(zip(num, ana)):
        if n_i is None:
            continue
        for j, (n, a) in enumerate(zip(n_i, a_i)):
            if not np.allclose(a, n, rtol=rtol, atol=atol):
                msg = (
                    f"Jacobian mismatch for output {j} with respect to input {i},\n"
                    f"numerical:\n{n}\nanalytical:\n{a}"
                )
                if raise_exception:
                    raise GradcheckError(msg)
                return False
    return True

"""NumPy's BLAS threads (where matrix products run), steered with threadpoolctl, the library made
for it: ``set_num_threads``/``get_num_threads`` and the thread policy of every product.

Other NumPy work is single-threaded, so the BLAS pool is what PyTorch's intra-op pool maps to.

**The thread policy.** More threads make large products faster but small or thin ones slower:
waking the pool costs more than the work, and a product whose inner dimension is small (a
weight gradient at a small batch) runs up to 1.8x slower on two threads than on one (measured
in benchmarks/NOTES.md). So before each product ``fit_threads(m, k, n)`` gives the pool one
thread for an ``(m, k) @ (k, n)`` product with ``k < 32`` or fewer than 2**22 multiply-adds,
and the wanted count (``set_num_threads``, else the pool's size when neuralgrad first computed
a product) for the others, switching only when that changes. With one thread wanted there is
nothing to switch and the policy stays off. Only NumPy's BLAS is switched (another library's
pool in the process, e.g. PyTorch's, is left alone); code calling BLAS itself between
neuralgrad's products finds the count the last product left.
"""

from __future__ import annotations

import math
import os
from typing import Any

import numpy as np

__all__ = [
    "set_num_threads",
    "get_num_threads",
    "fit_threads",
    "product_dims",
    "POLICY",
    "SMALL_WORK",
    "THIN",
]

SMALL_WORK = 1 << 22  # multiply-adds below which a product runs on one thread
THIN = 32  # an inner dimension below which a product runs on one thread


def _controller() -> Any:
    """threadpoolctl's view of the libraries loaded now (made afresh: a library loaded later, such
    as another package's BLAS, is seen too; this takes well under a millisecond)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        raise ImportError(
            "set_num_threads/get_num_threads steer NumPy's BLAS threads through threadpoolctl, "
            "which is not installed: pip install 'neuralgrad[threads]' (or threadpoolctl)"
        ) from None
    return ThreadpoolController()


class _Policy:
    """The policy's state: ``active`` (False: nothing to switch), ``wanted`` threads (None: not
    read yet), the ``current`` count it set, and NumPy's BLAS controllers (``libs``)."""

    __slots__ = ("active", "wanted", "current", "libs")

    def __init__(self) -> None:
        self.active, self.wanted, self.current, self.libs = True, None, None, []


POLICY = _Policy()


def _numpy_blas() -> list:
    """threadpoolctl's controllers of the BLAS NumPy uses: the one shipped with NumPy's wheel
    (``numpy.libs``, ``numpy/.dylibs``), else the only BLAS loaded (none when that is
    ambiguous: SciPy's wheel ships its own)."""
    try:
        libs = _controller().select(user_api="blas").lib_controllers
    except ImportError:
        return []
    here = os.path.dirname(np.__file__)
    own = [c for c in libs if c.filepath.startswith((here + os.sep, here + ".libs" + os.sep))]
    return own or (libs if len(libs) == 1 else [])


def _start() -> None:
    """Read the wanted count once (first product); the policy runs only if it is above 1."""
    p = POLICY
    p.libs = _numpy_blas()
    if p.wanted is None:
        p.wanted = max((c.num_threads or 1 for c in p.libs), default=1)
    p.current = p.wanted
    p.active = p.wanted > 1 and bool(p.libs)


def fit_threads(m: int, k: int, n: int) -> None:
    """Give NumPy's BLAS the thread count the policy picks for an ``(m, k) @ (k, n)`` product
    (callers test ``POLICY.active`` first: this call is then skipped when there is nothing to
    switch)."""
    p = POLICY
    if p.current is None:  # the first product: read the wanted count
        _start()
        if not p.active:
            return
    want = p.wanted if k >= THIN and m * k * n >= SMALL_WORK else 1
    if want != p.current:
        for c in p.libs:
            c.set_num_threads(want)
        p.current = want


def product_dims(a_shape: tuple, b_shape: tuple) -> tuple[int, int, int]:
    """``(m, k, n)`` of ``a @ b`` for operands of any rank (1-D: a vector; batches add rows)."""
    k = a_shape[-1]
    return math.prod(a_shape[:-1]), k, math.prod(b_shape) // max(k, 1)


def set_num_threads(num: int) -> None:
    """Use up to ``num`` threads in NumPy's BLAS from now on (``torch.set_num_threads``): the
    large products use ``num``, the small ones one (see the thread policy above)."""
    if isinstance(num, bool) or not isinstance(num, int) or num < 1:
        raise RuntimeError(f"set_num_threads expects a positive integer, got {num!r}")
    _controller().limit(limits=num, user_api="blas")
    p = POLICY
    p.wanted, p.current = num, num
    p.libs = _numpy_blas()
    p.active = num > 1 and bool(p.libs)


def get_num_threads() -> int:
    """The number of threads NumPy's BLAS may use (1 when NumPy has no threaded BLAS)."""
    controller = _controller()
    if POLICY.wanted is not None:
        return POLICY.wanted
    pools = controller.select(user_api="blas").info()
    return max((int(p["num_threads"]) for p in pools), default=1)

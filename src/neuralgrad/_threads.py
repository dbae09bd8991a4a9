"""``set_num_threads``/``get_num_threads``: the size of NumPy's BLAS thread pool (where matmuls
run), steered with threadpoolctl, the library made for it (``pip install 'neuralgrad[threads]'``).

Other NumPy work is single-threaded, so the BLAS pool is what PyTorch's intra-op pool maps to.
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["set_num_threads", "get_num_threads"]


@functools.cache
def _controller() -> Any:
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        raise ImportError(
            "set_num_threads/get_num_threads steer NumPy's BLAS threads through threadpoolctl, "
            "which is not installed: pip install 'neuralgrad[threads]' (or threadpoolctl)"
        ) from None
    return ThreadpoolController()


def set_num_threads(num: int) -> None:
    """Use ``num`` threads in NumPy's BLAS from now on (``torch.set_num_threads``)."""
    if isinstance(num, bool) or not isinstance(num, int) or num < 1:
        raise RuntimeError(f"set_num_threads expects a positive integer, got {num!r}")
    _controller().limit(limits=num, user_api="blas")


def get_num_threads() -> int:
    """The number of threads NumPy's BLAS uses (1 when NumPy has no threaded BLAS)."""
    pools = _controller().select(user_api="blas").info()
    return max((int(p["num_threads"]) for p in pools), default=1)

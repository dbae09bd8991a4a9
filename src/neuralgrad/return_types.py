"""Named tuples that ops with several results return (``torch.return_types``): ``max(dim)``,
``sort``, ``topk``, ``histogram``... each printed as PyTorch prints it."""

from __future__ import annotations

from collections import namedtuple

from ._naming import qualified

__all__ = ["max", "min", "sort", "topk", "histogram"]


def _result_type(name: str, fields: tuple[str, ...]) -> type:
    """A named tuple ``name`` with ``fields``, shown as ``torch.return_types.name(...)`` is."""
    base = namedtuple(name, fields)

    def __repr__(self: tuple) -> str:
        body = ",\n".join(f"{f}={v!r}" for f, v in zip(self._fields, self))
        return f"{qualified('return_types.' + name)}(\n{body})"

    return type(name, (base,), {"__slots__": (), "__repr__": __repr__, "__module__": __name__})


max = _result_type("max", ("values", "indices"))  # noqa: A001
min = _result_type("min", ("values", "indices"))  # noqa: A001
sort = _result_type("sort", ("values", "indices"))
topk = _result_type("topk", ("values", "indices"))
histogram = _result_type("histogram", ("hist", "bin_edges"))

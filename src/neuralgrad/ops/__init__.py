"""Ops: one module per family, each op's forward next to its VJP (a ``Node`` subclass)."""

"""The same search on a (local, two-worker) Dask cluster through joblib's dask backend gives
the same results as a serial run: the documented path to a cluster, without code changes."""

import numpy as np
import pytest

pytest.importorskip("dask.distributed")
joblib = pytest.importorskip("joblib")
from dask.distributed import Client, LocalCluster  # noqa: E402

from neuralgrad.datasets import make_xor  # noqa: E402
from neuralgrad.tune import GridSearch  # noqa: E402

SPACE = {"hidden": [(8,)], "lr": [1e-4, 0.03], "epochs": [5]}


def test_grid_search_on_dask_cluster():
    X, y = (np.asarray(a) for a in make_xor(80, noise=0.1, seed=0))
    serial = GridSearch(SPACE, cv=2, seed=0, refit=False).fit(X, y)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        assert len(client.scheduler_info()["workers"]) == 2
        with joblib.parallel_backend("dask"):
            remote = GridSearch(SPACE, cv=2, seed=0).fit(X, y)
    assert [r["scores"] for r in remote.results_] == [r["scores"] for r in serial.results_]
    assert remote.best_params_ == serial.best_params_

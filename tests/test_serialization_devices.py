"""``save``/``load`` of GPU tensors (on the simulated GPU): the file holds host copies that name
their device; ``load`` puts them back there, or on ``map_location``, and without a GPU says to
pass ``map_location='cpu'``."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
from devices import DEVICES
from neuralgrad import cuda, nn


@pytest.mark.parametrize("device", DEVICES[1:], indirect=True)
def test_gpu_tensors_load_back_on_their_device_or_on_map_location(device, tmp_path):
    ng.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4)).to(device)
    opt = ng.optim.Adam(model.parameters())
    model(ng.randn(6, 3, device=device)).sum().backward()
    opt.step()
    cpu_side = ng.tensor([1, 2, 3])
    path = tmp_path / "ckpt.ng"
    ng.save({"model": model.state_dict(), "opt": opt.state_dict(), "cpu": cpu_side}, path)
    back = ng.load(path)
    assert back["cpu"].device == "cpu" and back["model"]["0.weight"].device == device
    assert back["opt"]["state"][0]["exp_avg"].device == device
    np.testing.assert_array_equal(
        back["model"]["0.weight"].numpy(), model[0].weight.detach().numpy()
    )
    on_cpu = ng.load(path, map_location="cpu")
    assert all(t.device == "cpu" for t in on_cpu["model"].values())
    restored = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4)).cuda()
    restored.load_state_dict(on_cpu["model"])  # copied onto the module's device
    assert restored[0].weight.device == device
    assert ng.load(path, map_location="cuda")["cpu"].device == device
    opt2 = ng.optim.Adam(restored.parameters())
    opt2.load_state_dict(on_cpu["opt"])  # host state copied to the parameters' device
    assert opt2.state[restored[0].weight]["exp_avg"].device == device


def test_loading_gpu_tensors_without_a_gpu_says_to_map_them_to_the_cpu(tmp_path, monkeypatch):
    from simulated_gpu import installed

    path = tmp_path / "w.ng"
    with installed():
        ng.save({"w": ng.ones(2, device="cuda", requires_grad=True)}, path)
    monkeypatch.setattr(cuda, "_probe", lambda: (None, 0, "CuPy is not installed"))
    with pytest.raises(cuda.GPUUnavailableError, match="saved from cuda:0.*map_location='cpu'"):
        ng.load(path)
    w = ng.load(path, map_location="cpu")["w"]
    assert w.device == "cpu" and w.requires_grad and w.is_leaf

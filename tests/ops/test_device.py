"""Tensors on a GPU (simulated on every machine, real where CuPy sees one): creation on the
device, moves and the gradients that flow back through them, PyTorch's error for operands on two
devices, cross-device ``copy_``, random draws from the device's generator, modules and
optimizers on the device."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
import neuralgrad.nn.functional as F
from devices import DEVICES
from neuralgrad import nn

GPUS = DEVICES[1:]
MIXED = (
    "Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!"
)


@pytest.mark.parametrize("device", GPUS, indirect=True)
@pytest.mark.parametrize(
    "make",
    [
        lambda d: ng.zeros(2, 3, device=d),
        lambda d: ng.ones(4, device=d, dtype=ng.float64),
        lambda d: ng.full((2,), 7, device=d),
        lambda d: ng.eye(3, device=d),
        lambda d: ng.arange(5, device=d),
        lambda d: ng.linspace(0, 1, 5, device=d),
        lambda d: ng.tensor([[1.0, 2.0]], device=d),
        lambda d: ng.as_tensor(np.arange(3.0), device=d),
        lambda d: ng.tensor(ng.arange(4.0, dtype=ng.float64, device=d)._data),  # a GPU array
    ],
)
def test_creation_on_the_device_holds_the_cpus_values(make, device):
    t = make(device)
    assert t.device == device and t.is_cuda and str(t.device) == "cuda:0"
    np.testing.assert_array_equal(t.numpy(), make("cpu").numpy())
    assert t.dtype == make("cpu").dtype


@pytest.mark.parametrize("device", GPUS, indirect=True)
def test_moves_keep_values_and_gradients_flow_back_to_the_source_device(device):
    x = ng.tensor([1.0, -2.0, 3.0], requires_grad=True)
    y = x.to(device)
    assert y.device == device and y.grad_fn is not None and x.cpu() is x
    (y.cuda() * y).sum().backward()
    assert x.grad.device == "cpu"
    np.testing.assert_allclose(x.grad.numpy(), 2 * x.detach().numpy())
    g = ng.randn(3, device=device, requires_grad=True)
    (gx,) = ng.autograd.grad((g.cpu() ** 3).sum(), g, create_graph=True)
    (gg,) = ng.autograd.grad(gx.sum(), g)  # second order through the move
    assert gx.device == device and gg.device == device
    np.testing.assert_allclose(gg.numpy(), 6 * g.detach().numpy(), rtol=1e-5)
    assert isinstance(g.detach().numpy(), np.ndarray) and g.tolist() == g.cpu().tolist()
    assert ng.zeros(2).to(y).device == device  # to(other): the other tensor's device


@pytest.mark.parametrize("device", GPUS, indirect=True)
@pytest.mark.parametrize(
    "mix",
    [
        lambda g, c: g + c,
        lambda g, c: c * g,
        lambda g, c: g @ c.T,
        lambda g, c: ng.maximum(g, c),
        lambda g, c: ng.where(g > 0, g, c),
        lambda g, c: g < c,
        lambda g, c: ng.cat([g, c]),
        lambda g, c: ng.stack([c, g]),
        lambda g, c: F.linear(g, c),
        lambda g, c: g.add_(c),
        lambda g, c: F.mse_loss(g, c),
        lambda g, c: F.cross_entropy(g, ng.tensor([0, 1, 2])),
        lambda g, c: F.binary_cross_entropy_with_logits(g, c.sigmoid()),
    ],
)
def test_operands_on_two_devices_raise_pytorchs_error(mix, device):
    g, c = ng.randn(3, 3, device=device), ng.randn(3, 3)
    with pytest.raises(RuntimeError) as e:
        mix(g, c)
    assert str(e.value) == MIXED


@pytest.mark.parametrize("device", GPUS, indirect=True)
def test_a_cpu_number_or_scalar_mixes_with_a_gpu_tensor(device):
    g = ng.ones(2, device=device)
    assert (g + 1.5).device == device and (g * ng.tensor(2.0).sum().item()).device == device


@pytest.mark.parametrize("device", GPUS, indirect=True)
def test_copy_moves_across_devices_as_in_pytorch(device):
    g, c = ng.zeros(3, device=device), ng.tensor([1.0, 2.0, 3.0])
    g.copy_(c)
    c.copy_(g * 2)
    assert g.device == device and c.device == "cpu"
    np.testing.assert_array_equal(c.numpy(), [2.0, 4.0, 6.0])


@pytest.mark.parametrize("device", GPUS, indirect=True)
def test_draws_for_gpu_tensors_come_from_the_gpus_generator(device):
    ng.manual_seed(3)
    first = ng.randn(5, device=device).numpy()
    cpu_first = ng.randn(5).numpy()  # GPU draws leave the CPU's stream alone
    ng.manual_seed(3)  # seeds the CPU's generator and the GPU's
    np.testing.assert_array_equal(ng.randn(5).numpy(), cpu_first)
    np.testing.assert_array_equal(ng.randn(5, device=device).numpy(), first)
    assert not np.array_equal(first, cpu_first)  # the GPU's own stream
    ng.manual_seed(3)
    ng.cuda.manual_seed(11)  # the current GPU's only
    a = ng.rand(4, device=device).numpy()
    np.testing.assert_array_equal(ng.randn(5).numpy(), cpu_first)
    ng.cuda.manual_seed_all(11)
    np.testing.assert_array_equal(ng.rand(4, device=device).numpy(), a)


@pytest.mark.parametrize("device", GPUS, indirect=True)
@pytest.mark.parametrize(
    "draw",
    [
        lambda x: ng.rand_like(x),
        lambda x: ng.randn_like(x),
        lambda x: ng.randint_like(x, 0, 5),
        lambda x: ng.randint(0, 5, (3,), device=x.device),
        lambda x: ng.randperm(6, device=x.device),
        lambda x: ng.normal(x, 1.0),
        lambda x: ng.normal(0.0, 1.0, (3,), device=x.device),
        lambda x: ng.bernoulli(x.sigmoid()),
        lambda x: x.clone().bernoulli_(0.5),
        lambda x: x.clone().uniform_(-1, 1),
        lambda x: x.clone().normal_(0, 2),
        lambda x: ng.multinomial(x.abs() + 0.1, 2),
        lambda x: F.dropout(x, 0.5),
        lambda x: nn.init.trunc_normal_(x.clone()),
    ],
)
def test_random_ops_on_gpu_tensors_stay_on_the_device_and_repeat_with_the_seed(draw, device):
    x = ng.randn(6, device=device)
    ng.manual_seed(5)
    a = draw(x)
    ng.manual_seed(5)
    b = draw(x)
    assert a.device == device
    np.testing.assert_array_equal(a.numpy(), b.numpy())


@pytest.mark.parametrize("device", GPUS, indirect=True)
def test_a_generator_of_another_device_is_refused(device):
    with pytest.raises(RuntimeError, match="Expected a 'cuda' device type for generator"):
        ng.randn(2, device=device, generator=ng.Generator())


@pytest.mark.parametrize("device", GPUS, indirect=True)
def test_modules_move_parameters_buffers_and_gradients(device):
    ng.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))
    model(ng.randn(5, 3)).sum().backward()
    weight = model[0].weight
    model.cuda()
    assert model[0].weight is weight  # parameters keep their identity (optimizers hold them)
    assert all(t.device == device for t in [*model.parameters(), *model.buffers()])
    assert all(p.grad.device == device for p in model.parameters())
    opt = ng.optim.Adam(model.parameters(), lr=0.1)
    out = model(ng.randn(5, 3, device=device))
    F.cross_entropy(out, ng.tensor([0, 1, 0, 1, 1], device=device)).backward()
    opt.step()
    assert all(v.device == device for s in opt.state.values() for v in s.values() if v.dim())
    model.cpu()
    assert all(t.device == "cpu" for t in [*model.parameters(), *model.buffers()])


@pytest.mark.parametrize("device", GPUS, indirect=True)
def test_gradcheck_jacobian_and_histograms_on_gpu_tensors(device):
    x = ng.tensor([0.3, -1.2, 2.0], dtype=ng.float64, device=device, requires_grad=True)
    assert ng.autograd.gradcheck(lambda t: (t.sin() * t).sum(), x)
    jac = ng.autograd.functional.jacobian(lambda t: t.exp(), x)
    assert jac.device == device
    np.testing.assert_allclose(jac.numpy(), np.diag(np.exp(x.detach().numpy())))
    assert ng.histc(x.detach(), 4).device == device
    assert ng.histogram(x.detach(), 3).hist.device == device


@pytest.mark.parametrize("device", GPUS, indirect=True)
def test_shape_errors_on_gpu_tensors_name_the_shapes(device):
    with pytest.raises(RuntimeError, match=r"shapes \(2,\) and \(3,\) do not broadcast"):
        ng.ones(2, device=device) + ng.ones(3, device=device)
    with pytest.raises(RuntimeError, match="view size"):
        ng.ones(2, 3, device=device).T.view(6)

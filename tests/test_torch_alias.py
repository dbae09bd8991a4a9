"""``install_as_torch``: ``import torch`` and its submodules resolve to neuralgrad's."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import neuralgrad as ng
from neuralgrad._torch_alias import TorchAliasError


@pytest.fixture
def aliased():
    """The hook installed, with any real PyTorch this process imported set aside meanwhile."""
    real = {n: m for n, m in sys.modules.items() if n == "torch" or n.startswith("torch.")}
    for n in real:
        del sys.modules[n]
    ng.install_as_torch()
    try:
        yield
    finally:
        ng.uninstall_as_torch()
        sys.modules.update(real)


def test_torch_and_its_submodules_are_neuralgrads(aliased):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    import torch.optim as optim
    from torch.optim import lr_scheduler
    from torch.utils.data import DataLoader, TensorDataset

    assert torch is ng and nn is ng.nn and F is ng.nn.functional and optim is ng.optim
    assert DataLoader is ng.utils.data.DataLoader and TensorDataset is ng.utils.data.TensorDataset
    assert lr_scheduler is ng.optim.lr_scheduler
    assert importlib.import_module("torch.nn.init") is ng.nn.init
    assert importlib.import_module("torch.backends.mps") is ng.backends.mps
    # the modules keep their own identity
    assert nn.__name__ == "neuralgrad.nn" and nn.__spec__.name == "neuralgrad.nn"


def test_printing_says_torch_while_installed(aliased):
    import torch

    assert repr(torch.float32) == "torch.float32" and str(torch.zeros(2, 3).shape) == (
        "torch.Size([2, 3])"
    )
    assert torch.zeros(1).type() == "torch.FloatTensor"
    assert repr(torch.tensor([1], dtype=torch.int32)) == "tensor([1], dtype=torch.int32)"


def test_missing_submodules_name_themselves_and_the_subset(aliased):
    for name in ("torch.distributions", "torch.utils.tensorboard", "torch.jit", "torch._C"):
        with pytest.raises(ModuleNotFoundError, match=rf"'{name}'.*docs/api.md") as e:
            importlib.import_module(name)
        assert e.value.name == name
    with pytest.raises(ImportError):
        from torch.nn import Transformer  # noqa: F401


def test_install_is_idempotent_and_uninstall_undoes_it(aliased):
    ng.install_as_torch()
    assert sum(type(f).__name__ == "_TorchFinder" for f in sys.meta_path) == 1
    import torch.nn  # noqa: F401

    ng.uninstall_as_torch()
    assert not any(n == "torch" or n.startswith("torch.") for n in sys.modules)
    assert not any(type(f).__name__ == "_TorchFinder" for f in sys.meta_path)
    assert repr(ng.float32) == "neuralgrad.float32"
    ng.install_as_torch()  # the fixture uninstalls again


def test_refuses_when_real_torch_is_imported():
    pytest.importorskip("torch")
    code = (
        "import torch, neuralgrad\n"
        "try:\n    neuralgrad.install_as_torch()\n"
        "except neuralgrad._torch_alias.TorchAliasError as e:\n    print('refused:', e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "refused: PyTorch itself is already imported" in out.stdout, out.stderr
    assert issubclass(TorchAliasError, RuntimeError)


def test_install_before_import_keeps_real_torch_out():
    code = (
        "import sys, neuralgrad\nneuralgrad.install_as_torch()\n"
        "import torch, torch.nn.functional\n"
        "print(torch.__name__, torch.nn.functional.__name__, "
        "any(getattr(m, '__file__', '') and 'site-packages/torch/' in m.__file__ "
        "for m in list(sys.modules.values())))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["neuralgrad", "neuralgrad.nn.functional", "False"], out.stderr

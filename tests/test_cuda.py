"""Device queries (``cuda``, ``accelerator``, ``backends``) and the error for a GPU that is not
there; the GPU backend itself (CuPy) is simulated where it is absent."""

from __future__ import annotations

import types

import pytest

import neuralgrad as ng
from neuralgrad import cuda


@pytest.fixture
def no_gpu(monkeypatch):
    """The backend as on a machine without CuPy."""
    monkeypatch.setattr(cuda, "_probe", lambda: (None, 0, "CuPy is not installed (pip install)"))


@pytest.fixture
def two_gpus(monkeypatch):
    """The backend as CuPy with two GPUs would report it."""
    runtime = types.SimpleNamespace(
        getDeviceCount=lambda: 2,
        getDevice=lambda: 1,
        getDeviceProperties=lambda i: {"name": b"Simulated GPU"},
    )
    fake = types.SimpleNamespace(cuda=types.SimpleNamespace(runtime=runtime))
    monkeypatch.setattr(cuda, "_probe", lambda: (fake, 2, ""))
    return fake


def test_queries_without_a_gpu_answer_as_pytorch_without_one(no_gpu):
    assert ng.cuda.is_available() is False and ng.cuda.device_count() == 0
    assert ng.accelerator.is_available() is False and ng.accelerator.device_count() == 0
    assert ng.accelerator.current_accelerator() is None
    assert ng.backends.mps.is_available() is False and ng.backends.mps.is_built() is False
    assert ng.backends.cudnn.is_available() is False
    ng.cuda.manual_seed(0)  # nothing to seed, no error: as PyTorch without a GPU
    ng.cuda.manual_seed_all(0)


def test_pytorch_without_a_gpu_gives_the_same_answers():
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available() or ng.cuda.is_available():
        pytest.skip("a GPU is present")
    assert ng.cuda.is_available() == torch.cuda.is_available()
    assert ng.cuda.device_count() == torch.cuda.device_count()
    assert ng.backends.mps.is_available() == torch.backends.mps.is_available()
    assert ng.accelerator.is_available() == torch.accelerator.is_available()


def test_queries_with_the_backend_present(two_gpus):
    assert ng.cuda.is_available() and ng.cuda.device_count() == 2
    assert ng.cuda.current_device() == 1 and ng.cuda.get_device_name() == "Simulated GPU"
    assert ng.accelerator.is_available() and ng.accelerator.current_accelerator() == "cuda"


@pytest.mark.parametrize(
    "ask",
    [
        lambda: ng.zeros(2).cuda(),
        lambda: ng.zeros(2).to("cuda"),
        lambda: ng.zeros(2, device="cuda"),
        lambda: ng.tensor([1.0], device=ng.device("cuda", 0)),
        lambda: ng.nn.Linear(2, 2).cuda(),
        lambda: ng.cuda.current_device(),
    ],
)
def test_asking_for_a_gpu_without_one_names_what_is_missing(no_gpu, ask):
    with pytest.raises(ng.cuda.GPUUnavailableError, match="CuPy is not installed") as e:
        ask()
    assert isinstance(e.value, RuntimeError) and "device='cpu'" in str(e.value)


def test_cpu_moves_are_free_and_cudnn_settings_are_kept():
    x = ng.zeros(2)
    assert x.cpu() is x and ng.nn.Linear(2, 2).cpu().weight.device.type == "cpu"
    ng.backends.cudnn.deterministic = True
    assert ng.backends.cudnn.deterministic is True
    ng.backends.cudnn.deterministic = False


# ---- the GPU backend at work (the simulated GPU on every machine) ---------------------------
def test_a_simulated_gpu_is_a_gpu_backend_like_cupy():
    from simulated_gpu import installed

    with installed():
        assert ng.cuda.is_available() and ng.cuda.device_count() == 1
        assert ng.cuda.current_device() == 0 and "Simulated" in ng.cuda.get_device_name()
        ng.cuda.synchronize()
        t = ng.ones(3, device="cuda")
        assert ng.accelerator.current_accelerator() == "cuda" and t.device == ng.device("cuda", 0)
        assert repr(t) == "tensor([1., 1., 1.], device='cuda:0')"
    assert not ng.cuda.is_available() or ng.cuda._probe()[0].__name__ == "cupy"


def test_the_simulated_gpu_refuses_numpy_as_cupy_does():
    """The point of the simulated GPU: a bare NumPy call on a GPU array fails on every machine
    (if this stopped failing, the op table on it would stop catching such calls)."""
    import numpy as np

    from simulated_gpu import installed

    with installed() as simulated:
        a = ng.randn(2, 2, device="cuda")._data
        for call in (
            lambda: np.exp(a),
            lambda: np.asarray(a),
            lambda: np.concatenate([a, a]),
            lambda: a + np.ones(2),
            lambda: np.ones(2) * a,
            lambda: a.sum(where=a > 0),  # CuPy's reductions take no where=
            lambda: simulated.indices((2, 2), sparse=True),  # nor its indices sparse=
        ):
            with pytest.raises(TypeError):
                call()
        assert type(a.sum()) is type(a)  # 0-d results stay arrays, as CuPy's


def test_the_simulated_namespace_lacks_what_cupy_lacks():
    """NOT_IN_CUPY (the NumPy names missing from the simulated namespace) against CuPy itself,
    where it is installed; the backend's own spellings avoid them (errstate is optional)."""
    import inspect

    from simulated_gpu import CUPY_LACKS_KEYWORDS, NOT_IN_CUPY, module

    for name in NOT_IN_CUPY:
        assert not hasattr(module, name)
    cupy = pytest.importorskip("cupy", reason="CuPy is not installed: nothing to compare with")
    assert not any(hasattr(cupy, name) for name in NOT_IN_CUPY)
    for fn in (cupy.sum, cupy.amax, cupy.indices):
        assert not CUPY_LACKS_KEYWORDS.intersection(inspect.signature(fn).parameters)


def test_no_namespace_call_in_the_library_uses_a_name_cupy_lacks():
    """Every ``xp.<name>`` in the package's source (paths the tests may not reach included)
    names something CuPy has, or a method ``ArrayOps`` spells for every library (errstate)."""
    import re
    from pathlib import Path

    from neuralgrad import _backend
    from simulated_gpu import NOT_IN_CUPY

    src = Path(ng.__file__).parent
    used = {
        (path.relative_to(src).as_posix(), name)
        for path in src.rglob("*.py")
        for name in re.findall(r"\bxp\.([A-Za-z_]\w*)", path.read_text())
    }
    assert len(used) > 50  # the scan sees the op bodies
    lacking = [u for u in used if u[1] in NOT_IN_CUPY and not hasattr(_backend.ArrayOps, u[1])]
    assert sorted(lacking) == []

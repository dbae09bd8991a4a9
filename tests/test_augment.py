"""Augmentation: every transform keeps shapes, kinds and labels, is reproducible from a seed,
and does what it says with real numbers (flip twice = identity, rotation by 0 = identity, by
90° = ``np.rot90``, scaling a ramp is exact, shifts are whole-pixel moves, noise has the asked
std); ``Compose`` chains them; the loader applies them in training only."""

from __future__ import annotations

import numpy as np
import pytest

import neuralgrad as ng
from neuralgrad.augment import (
    Compose,
    GaussianNoise,
    RandomCrop,
    RandomHorizontalFlip,
    RandomRotation,
    RandomScale,
    RandomShift,
)
from neuralgrad.datasets import load_digits
from neuralgrad.utils.data import DataLoader, TensorDataset


def _images(n: int = 16, h: int = 8, w: int = 8, c: int | None = None, seed: int = 0):
    shape = (n, h, w) if c is None else (n, c, h, w)
    return np.random.default_rng(seed).uniform(0, 16, size=shape).astype(np.float32)


ALL = [
    lambda **k: GaussianNoise(0.5, **k),
    lambda **k: RandomCrop(padding=2, **k),
    lambda **k: RandomShift(1, **k),
    lambda **k: RandomScale((0.8, 1.2), **k),
    lambda **k: RandomRotation(20, **k),
    lambda **k: RandomHorizontalFlip(**k),
    lambda **k: Compose([RandomRotation(10, **k), RandomShift(1, **k), GaussianNoise(0.2, **k)]),
]


@pytest.mark.parametrize("make", ALL)
def test_shapes_kinds_and_dtypes_are_kept(make):
    t = make()
    for x in (_images(), _images(c=3), _images(h=6, w=10)):
        out = t(x)
        assert out.shape == x.shape and out.dtype == x.dtype and isinstance(out, np.ndarray)
    x = _images(n=5)
    out = t(ng.tensor(x))
    assert isinstance(out, ng.Tensor) and out.shape == (5, 8, 8) and out.dtype == ng.float32
    flat = make(image_shape=(8, 8))
    out = flat(x.reshape(5, 64))
    assert out.shape == (5, 64)
    assert t(x.astype(np.float64)).dtype == np.float64
    assert t(x.astype(np.uint8)).dtype == np.float32


@pytest.mark.parametrize("make", ALL)
def test_reproducible_from_seed_and_generator(make):
    x = _images()
    ng.manual_seed(3)
    a = make()(x)
    ng.manual_seed(3)
    b = make()(x)
    np.testing.assert_array_equal(a, b)
    c = make(generator=ng.Generator().manual_seed(11))(x)
    d = make(generator=ng.Generator().manual_seed(11))(x)
    np.testing.assert_array_equal(c, d)
    assert not np.array_equal(a, x)  # it does change the images


def test_flip():
    x = _images()
    flip = RandomHorizontalFlip(p=1.0)
    np.testing.assert_array_equal(flip(x), x[..., ::-1])
    np.testing.assert_array_equal(flip(flip(x)), x)
    np.testing.assert_array_equal(RandomHorizontalFlip(p=0.0)(x), x)
    many = _images(n=2000)
    out = RandomHorizontalFlip(p=0.5)(many)
    flipped = (out == many[..., ::-1]).all(axis=(1, 2))
    kept = (out == many).all(axis=(1, 2))
    assert (flipped ^ kept).all()  # each image is one or the other
    assert 0.45 < flipped.mean() < 0.55


def test_rotation_by_zero_is_identity_and_by_90_is_rot90():
    x = _images(h=6, w=6)
    np.testing.assert_array_equal(RandomRotation((0, 0))(x), x)
    np.testing.assert_allclose(RandomRotation((90, 90))(x), np.rot90(x, 1, axes=(1, 2)), atol=1e-4)
    np.testing.assert_allclose(RandomRotation((180, 180))(x), x[:, ::-1, ::-1], atol=1e-4)
    x4 = RandomRotation((90, 90))
    np.testing.assert_allclose(x4(x4(x4(x4(x)))), x, atol=1e-4)


def test_rotation_moves_mass_and_fills_corners():
    x = np.ones((1, 9, 9), dtype=np.float32)
    out = RandomRotation((45, 45), fill=0.0)(x)[0]
    assert out[4, 4] == 1 and out[0, 0] == 0  # the corner came from outside the image
    angles = RandomRotation(30, generator=ng.Generator().manual_seed(0))
    outs = angles(np.repeat(_images(n=1), 8, axis=0))
    assert len({o.tobytes() for o in outs}) == 8  # a different angle per image


def test_scale_is_exact_on_a_ramp():
    """Bilinear sampling reproduces linear images exactly: zooming a ramp x − c by s gives
    (x − c)/s."""
    cols = np.arange(9, dtype=np.float32) - 4
    ramp = np.tile(cols, (2, 9, 1))
    np.testing.assert_allclose(RandomScale((2, 2))(ramp), ramp / 2, atol=1e-6)
    np.testing.assert_array_equal(RandomScale((1, 1))(ramp), ramp)
    shrunk = RandomScale((0.5, 0.5), fill=-100)(ramp)
    assert (shrunk[:, :, 0] == -100).all()  # reads from outside: the fill value


def _shifted(img: np.ndarray, dy: int, dx: int) -> np.ndarray:
    out = np.zeros_like(img)
    h, w = img.shape
    out[max(dy, 0) : h + min(dy, 0), max(dx, 0) : w + min(dx, 0)] = img[
        max(-dy, 0) : h - max(dy, 0), max(-dx, 0) : w - max(dx, 0)
    ]
    return out


def test_shift_moves_by_whole_pixels():
    x = _images(n=40)
    out = RandomShift(2)(x)
    moves = set()
    for img, res in zip(x, out):
        match = [
            (dy, dx)
            for dy in range(-2, 3)
            for dx in range(-2, 3)
            if np.array_equal(res, _shifted(img, dy, dx))
        ]
        assert match, "output is not a whole-pixel shift of its input"
        moves.add(match[0])
    assert len(moves) > 5


def test_crop_windows_and_padding():
    x = _images(n=10, h=6, w=6)
    out = RandomCrop(size=4)(x)
    assert out.shape == (10, 4, 4)
    for img, res in zip(x, out):
        assert any(
            np.array_equal(res, img[i : i + 4, j : j + 4]) for i in range(3) for j in range(3)
        )
    padded = RandomCrop(size=(8, 8), padding=1)(x)
    np.testing.assert_array_equal(padded[:, 1:-1, 1:-1], x)  # a padded 8x8 window of 8x8
    assert (padded[:, 0] == 0).all()
    with pytest.raises(ValueError, match="larger than the padded image"):
        RandomCrop(size=9, padding=1)(x)


def test_flat_crop_of_another_size_comes_back_flat():
    out = RandomCrop(size=6, image_shape=(8, 8))(_images(n=3).reshape(3, 64))
    assert out.shape == (3, 36)


def test_gaussian_noise_statistics():
    zeros = np.zeros((400, 1, 16, 16), dtype=np.float32)
    noisy = GaussianNoise(std=0.5)(zeros)
    assert abs(noisy.std() - 0.5) < 0.01 and abs(noisy.mean()) < 0.01
    shifted = GaussianNoise(std=0.1, mean=2.0)(zeros)
    assert abs(shifted.mean() - 2.0) < 0.01
    clipped = GaussianNoise(std=3.0, clip=(0.0, 1.0))(zeros)
    assert clipped.min() == 0.0 and clipped.max() == 1.0
    np.testing.assert_array_equal(GaussianNoise(std=0.0)(zeros), zeros)


def test_compose_applies_in_order_and_infers_image_shape():
    x = _images()
    twice = Compose([RandomHorizontalFlip(1.0), RandomHorizontalFlip(1.0)])
    np.testing.assert_array_equal(twice(x), x)
    flip_then_crop = Compose([RandomHorizontalFlip(1.0), RandomCrop(size=4)])
    g = ng.Generator().manual_seed(0)
    step = Compose([RandomHorizontalFlip(1.0), RandomCrop(size=4, generator=g)])
    ng.manual_seed(1)
    a = step(x)
    manual = RandomCrop(size=4, generator=ng.Generator().manual_seed(0))(x[..., ::-1])
    np.testing.assert_array_equal(a, manual)
    assert flip_then_crop(x).shape == (16, 4, 4)
    flat = Compose([RandomShift(1, image_shape=(8, 8)), GaussianNoise(0.1)])
    assert flat.image_shape == (8, 8) and flat(x.reshape(16, 64)).shape == (16, 64)
    assert "RandomHorizontalFlip" in repr(twice)
    with pytest.raises(TypeError, match="Compose takes"):
        Compose([lambda v: v])


def test_bad_inputs_and_arguments():
    with pytest.raises(ValueError, match="image_shape=\\(H, W\\)"):
        RandomRotation(10)(np.zeros((4, 64)))
    with pytest.raises(ValueError, match="doesn't hold images"):
        RandomRotation(10, image_shape=(8, 8))(np.zeros((4, 60)))
    with pytest.raises(ValueError, match="image_shape must be"):
        RandomShift(1, image_shape=(64,))
    with pytest.raises(ValueError, match="p must lie"):
        RandomHorizontalFlip(1.5)
    with pytest.raises(ValueError, match="std must be"):
        GaussianNoise(-1.0)
    with pytest.raises(ValueError, match="scale factors"):
        RandomScale((0.0, 1.0))
    with pytest.raises(ValueError, match="low <= high"):
        RandomRotation((10, -10))
    with pytest.raises(ValueError, match="padding"):
        RandomCrop(padding=-1)


def test_loader_augments_training_batches_only_and_keeps_labels():
    X, y = load_digits()
    X, y = X[:200], y[:200]
    aug = Compose(
        [RandomRotation(15), RandomScale(0.1), RandomShift(1), GaussianNoise(0.5)],
        image_shape=(8, 8),
    )
    loader = DataLoader(TensorDataset(X, y), batch_size=50, transform=aug)
    seen = [(xb.numpy(), yb.numpy()) for xb, yb in loader]
    np.testing.assert_array_equal(np.concatenate([s[1] for s in seen]), y)
    got = np.concatenate([s[0] for s in seen])
    assert got.shape == X.shape and not np.allclose(got, X)
    loader.training = False
    plain = np.concatenate([xb.numpy() for xb, _ in loader])
    np.testing.assert_array_equal(plain, X)

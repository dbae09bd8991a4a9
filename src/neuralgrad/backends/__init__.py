"""``torch.backends``: which hardware backends exist. neuralgrad's are NumPy (CPU) and CuPy
(``neuralgrad.cuda``); Apple's MPS and NVIDIA's cuDNN are not among them."""

from . import cudnn, mps

__all__ = ["cudnn", "mps"]

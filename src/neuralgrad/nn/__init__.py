"""Neural-network building blocks: modules, functional forms, initialisation, utilities."""

from . import functional, init, utils
from .modules import *  # noqa: F403
from .modules import __all__ as _modules_all
from .parameter import Parameter
from .summary import summary

__all__ = ["Parameter", "functional", "init", "utils", "summary", *_modules_all]

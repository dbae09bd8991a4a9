"""The recipe: one typed description of an MLP and its training, shared by every front end
(command line, scikit-learn estimators, search, the main job, a playground).

``Recipe`` holds the fields and their defaults; ``choices`` the one table of names (losses,
optimizers, schedules, beside the model's activations, norms and inits); ``Head`` what the
outputs mean for a task; ``Preprocessing`` the fitted encoders and scalers; ``build_model`` and
``fit_recipe`` build and train. ``Recipe.describe()`` lists it all as JSON.
"""

from .build import build_model, seeded
from .choices import LOSSES, OPTIMIZERS, SCHEDULES, TABLES
from .fitting import fit_recipe, fit_recipe_steps, outputs_of
from .head import TASKS, Head, sigmoid, softmax
from .pipeline import Preprocessing
from .spec import MONITORS, SCALERS, Recipe

__all__ = [
    "Recipe",
    "MONITORS",
    "SCALERS",
    "TABLES",
    "LOSSES",
    "OPTIMIZERS",
    "SCHEDULES",
    "Head",
    "TASKS",
    "softmax",
    "sigmoid",
    "Preprocessing",
    "build_model",
    "seeded",
    "fit_recipe",
    "fit_recipe_steps",
    "outputs_of",
]

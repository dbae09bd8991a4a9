""" "Export": a runnable Python script that reproduces a page's run (the same data, recipe and
seed, trained for the same batches, ending at the same losses) and the ``neuralgrad train``
command that trains the same recipe on the same rows to its end."""

from __future__ import annotations

import shlex
from typing import Any

from ..cli.flags import recipe_flags
from .data import DataSpec
from .live import LiveRun

__all__ = ["export_run", "cli_command"]

_SCRIPT = '''"""{title}

Exported from the neuralgrad playground. Running it rebuilds the page's data, builds the model
from the same recipe and seed and trains it for the same {batches} batches ({progress}); it
ends at the losses the page showed:

    python {filename}{data_arg}

The same recipe from the command line, trained to its end ({epochs} epochs), on the same rows
(this script writes them as CSV; the command line holds out the same test rows):

    python {filename}{data_arg} --csv {csv}
    {command}
"""

import argparse
from itertools import islice

from neuralgrad.playground.data import DataSpec, make_data
from neuralgrad.playground.upload import read_upload
from neuralgrad.recipe import Recipe, build_model, fit_recipe_steps, outputs_of

DATA = {data}
RECIPE = {recipe}
BATCHES = {batches}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default={upload!r}, help="the CSV file the page was given")
    parser.add_argument("--csv", help="write the rows (features and target) to this CSV file")
    args = parser.parse_args()
    spec = DataSpec.from_dict(DATA)
    upload = None
    if spec.dataset == "csv":
        with open(args.data, encoding="utf-8") as fh:
            upload = read_upload(args.data, fh.read())
    data = make_data(spec, upload)
    if args.csv:
        data.write_csv(args.csv)
        print(f"wrote {{len(data.y)}} rows to {{args.csv}}")
        return
    recipe = Recipe.from_dict(RECIPE)
    prep = data.preprocessing(recipe)  # scaling fitted on the training rows
    train, test = prep.pair(*data.train), prep.pair(*data.test)
    model = build_model(recipe, data.X.shape[1], prep.head)
    steps = fit_recipe_steps(recipe, model, prep.head, train)
    for _ in islice((s for s in steps if s.batch is not None), BATCHES):
        pass
    for name, (X, y) in (("train", train), ("test", test)):
        scores = prep.head.scores(outputs_of(model, X), y)
        print(name, " ".join(f"{{k}} {{v!r}}" for k, v in scores.items()))


if __name__ == "__main__":
    main()
'''


def cli_command(spec: DataSpec, run: LiveRun, csv: str) -> str:
    """``neuralgrad train`` on the rows written to ``csv``, with the run's recipe."""
    args = ["neuralgrad", "train", csv, "--target", run.data.target]
    args += ["--test", repr(1.0 - spec.train_ratio), *recipe_flags(run.recipe)]
    return shlex.join(args)


def _literal(value: dict[str, Any]) -> str:
    """A dict of JSON values as Python source, one key a line."""
    return "{\n" + "".join(f"    {k!r}: {v!r},\n" for k, v in value.items()) + "}"


def export_run(run: LiveRun, upload_name: str | None = None) -> dict[str, str]:
    """``{"filename", "script", "command"}`` for ``run`` as it stands."""
    spec = run.data.spec
    name = spec.dataset if spec.dataset != "csv" else "upload"
    filename, csv = f"playground_{name}.py", f"playground_{name}.csv"
    layers = ", ".join(map(str, run.recipe.hidden)) or "none"
    title = (
        f"A neuralgrad playground run: {spec.dataset}, hidden layers [{layers}], "
        f"{run.recipe.to_dict()['activation']}, trained for {run.batches} batches"
    )
    partial = run.batches - run.epochs * run.steps_per_epoch
    progress = f"{run.epochs} epochs" + (f" and {partial} batches" if partial else "")
    command = cli_command(spec, run, csv)
    script = _SCRIPT.format(
        title=title,
        filename=filename,
        data_arg=f" --data {shlex.quote(upload_name)}" if upload_name else "",
        csv=csv,
        command=command,
        batches=run.batches,
        progress=progress,
        epochs=run.recipe.epochs,
        data=_literal(spec.to_dict()),
        recipe=_literal(run.recipe.to_dict()),
        upload=upload_name,
    )
    return {"filename": filename, "script": script, "command": command}

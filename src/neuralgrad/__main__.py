"""``python -m neuralgrad``: the command line (``neuralgrad.cli``)."""

from neuralgrad.cli import main

raise SystemExit(main())

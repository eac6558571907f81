"""Command line: ``python -m explainer validate [DATA_DIR]`` and friends."""

from .cli import main

raise SystemExit(main())

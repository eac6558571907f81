"""Command line: ``python -m explainer validate [DATA_DIR]`` and friends."""

from explainer.cli import main

raise SystemExit(main())

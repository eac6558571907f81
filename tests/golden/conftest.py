"""Golden tests: what one article's package must show, kept apart from the tests of the code.

The tests in tests/ check what the code does for any package, on the data at hand. The tests
here pin the values of one article, the flagship in data/ (its 21 statements, the Hamas →
Press TV → Algemeiner chain, "nearly 2,000" prisoners): they fail if a change to the code or the
data changes what that article's site shows. Another article gets its own file here,
``test_<its name>.py``, run against its package.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The tests' shared helpers (chartspec) live one folder up.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

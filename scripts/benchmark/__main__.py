"""``python -m benchmark`` (what scripts/bench runs)."""

import sys

from benchmark.run import main

sys.exit(main())

# SPDX-License-Identifier: MIT
"""kzreforms benchmark suite: ``python -m benchmarks`` (``--quick`` for a smoke run)."""

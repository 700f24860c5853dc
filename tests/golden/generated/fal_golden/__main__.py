"""``python -m fal_golden``: the ``fal-golden`` command line (see :mod:`fal_golden._cli`)."""

from ._cli import run

if __name__ == "__main__":
    run()

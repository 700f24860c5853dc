"""``python -m fal_kling``: the ``fal-kling`` command line (see :mod:`fal_kling._cli`)."""

from ._cli import run

if __name__ == "__main__":
    run()

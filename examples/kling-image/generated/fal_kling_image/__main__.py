"""``python -m fal_kling_image``: the ``fal-kling-image`` command line (see :mod:`fal_kling_image._cli`)."""

from ._cli import run

if __name__ == "__main__":
    run()

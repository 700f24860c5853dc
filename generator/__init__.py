"""falgen: turns YAML specs of fal's Kling endpoints into the ``fal-kling`` package."""

__version__ = "0.1.0"

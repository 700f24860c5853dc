"""falgen's Jinja templates, installed as the package data of ``falgen.templates``."""

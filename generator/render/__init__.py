"""Renderers: each turns the resolved API into one kind of output file."""

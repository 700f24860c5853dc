"""Output targets: each turns the resolved API into one kind of files, behind one small
interface, :class:`Renderer`.  Caching, parallel work, formatting piece by piece and
writing the tree are the build's (:mod:`falgen.building`), the same for every target."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..ir import Api


class Renderer(Protocol):
    """One output target.  Instances are frozen and picklable: the build sends them to its
    workers with each endpoint to render."""

    @property
    def key(self) -> str:
        """All an endpoint's files depend on besides its scope (names, templates): part of
        the key they are cached under."""
        ...

    def endpoint_files(self, scope: Api) -> dict[str, str]:
        """The files of the one endpoint of ``scope`` (it and the types it uses), finished, by path."""
        ...

    def shared_files(self, api: Api, format_python: Callable[[str], str]) -> tuple[dict[str, str], frozenset[str]]:
        """The files every endpoint adds to, by path, and which of them are Python modules
        left for the build to format (it formats them piece by piece, and caches the
        pieces).  ``format_python`` is the build's own formatter, cached, for snippets."""
        ...

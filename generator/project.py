"""Where a project's specs, output and settings are, and the package its settings name."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import Cache
from .errors import FalgenError
from .files import MIB, UnreadableFile, read_text
from .render.templates import TEMPLATES, Templates
from .target import Target

if TYPE_CHECKING:
    from .ir import Api

DEFAULT_VERSION = "0.0.0"
PROJECT_FILE_BYTES = 4 * MIB


@dataclass(frozen=True)
class Project:
    root: Path
    specs: Path
    output: Path
    cache: Cache

    @classmethod
    def at(
        cls, root: Path, *, specs: Path | None = None, output: Path | None = None, use_cache: bool = True
    ) -> Project:
        return cls(
            root=root,
            specs=specs if specs is not None else root / "specs",
            output=output if output is not None else root / "generated",
            cache=Cache(root / ".falgen-cache" if use_cache else None),
        )

    @property
    def package_version(self) -> str:
        """The version the package is generated with."""
        return self._setting("package-version") or DEFAULT_VERSION

    @property
    def released_version(self) -> str | None:
        """The version last released (``falgen release`` records it), if one is recorded."""
        return self._setting("released")

    @property
    def target(self) -> Target:
        """The package the project generates: its names, from ``[tool.falgen]``."""
        return Target.from_settings(self._settings(), str(self.root / "pyproject.toml"))

    @property
    def declared_app(self) -> str | None:
        """The app ``[tool.falgen]`` names, if it names one: what sync and update start from
        while the specs hold no endpoint."""
        return self.target.app if self._setting("app") is not None else None

    @property
    def templates(self) -> Templates:
        """falgen's templates, with the project's own (``[tool.falgen] templates``) laid over them."""
        name = self._setting("templates")
        if name is None:
            return TEMPLATES
        overlay = self.root / name
        where = f"{self.root / 'pyproject.toml'}: [tool.falgen] templates = {name!r}"
        if not overlay.resolve().is_relative_to(self.root.resolve()) or Path(name).is_absolute():
            raise FalgenError(f"{where} must be a folder inside the project")
        if not overlay.is_dir():
            raise FalgenError(f"{where}: no such folder")
        return Templates(TEMPLATES.root, overlay)

    def _setting(self, name: str) -> str | None:
        value = self._settings().get(name)
        if value is not None and not isinstance(value, str):
            raise FalgenError(f"{self.root / 'pyproject.toml'}: [tool.falgen] {name} must be a string")
        return value

    def _settings(self) -> dict[str, object]:
        pyproject = self.root / "pyproject.toml"
        if not pyproject.is_file():
            return {}
        try:
            settings = tomllib.loads(read_text(pyproject, PROJECT_FILE_BYTES))
        except UnreadableFile as error:
            raise FalgenError(f"{pyproject}: {error}") from None
        except tomllib.TOMLDecodeError as error:
            raise FalgenError(f"{pyproject}: invalid TOML: {error}") from None
        table = settings.get("tool", {}).get("falgen", {})
        if not isinstance(table, dict):
            raise FalgenError(f"{pyproject}: [tool.falgen] must be a table")
        return table

    @property
    def changelog(self) -> Path:
        """The package's changelog, which ``falgen release`` extends; copied to ``generated/CHANGELOG.md``."""
        return self.root / self.target.changelog

    def read(self, path: Path) -> str:
        """A project file's text (settings, changelog), read safely."""
        try:
            return read_text(path, PROJECT_FILE_BYTES)
        except UnreadableFile as error:
            raise FalgenError(f"{path}: {error}") from None

    def api(self) -> Api:
        """Load and check the specs; raises :class:`SpecError` with every problem found."""
        from .api import load_api

        return load_api(self.specs, self.cache, app=self.target.app)

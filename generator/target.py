"""The package a project generates, as ``[tool.falgen]`` in its ``pyproject.toml`` names it.

Every name the generated package carries comes from here: its distribution and import
names, its client class, the prefix of its errors, the app whose endpoints it holds, its
release tag and its changelog.  A setting left out is derived from the app, so a project
for ``fal-ai/kling-image`` needs one line; a project that names no app is fal-kling.

The runtime modules are ordinary Python written for fal-kling, type-checked and linted as
such; :meth:`Target.rename` gives them another package's names as they are copied.  In
them, ``Kling`` is always the client class, ``kling`` an instance of it, ``Kling…Error``
an error, ``KlingModel`` the model base, ``fal_kling``/``fal-kling`` the package and
``FAL_KLING_`` its environment variables; prose about the models says "fal's endpoints".
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Any

from .errors import FalgenError

DEFAULT_APP = "fal-ai/kling-video"
_DISTRIBUTION = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_IMPORT = re.compile(r"[a-z][a-z0-9_]*")
_CLASS = re.compile(r"[A-Z][A-Za-z0-9]*")
_APP = re.compile(r"[a-z0-9][a-z0-9.-]*/[a-z0-9][a-z0-9.-]*")
_CHANGELOG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.md")


@dataclass(frozen=True)
class Target:
    """The names of one generated package."""

    app: str = DEFAULT_APP
    """The fal app whose endpoints the package holds: the ids' first two segments."""
    distribution: str = "fal-kling"
    import_name: str = "fal_kling"
    client: str = "Kling"
    """The blocking client class; the asynchronous one is ``Async`` + this."""
    error_prefix: str = "Kling"
    """What every error class's name starts with: ``KlingError``, ``KlingFileError``, …"""
    description: str = "fal's Kling video endpoints"
    """What the package calls, as its docstrings and README say it."""
    tag: str = "fal-kling-v{version}"
    """The git tag of a release; ``{version}`` is replaced by the version."""
    changelog: str = "fal-kling-changelog.md"
    """The project's changelog file, which ``falgen release`` extends."""

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], where: str) -> Target:
        """The target ``[tool.falgen]`` names; ``where`` names the file in errors."""
        given = {key: settings[key] for key in _KEYS if key in settings}
        for key, value in given.items():
            if not isinstance(value, str):
                raise FalgenError(f"{where}: [tool.falgen] {key} must be a string")
        app = given.get("app", DEFAULT_APP)
        values = {
            **(vars(cls()) if app == DEFAULT_APP else _derived(app)),
            **{_KEYS[key]: value for key, value in given.items()},
        }
        target = cls(**values)
        problem = target.problem()
        if problem is not None:
            raise FalgenError(f"{where}: [tool.falgen] {problem}")
        return target

    def problem(self) -> str | None:
        """What makes these names unusable, or None."""
        checks = (
            ("app", _APP, "an app id: two lowercase segments, like fal-ai/kling-video"),
            ("distribution", _DISTRIBUTION, "a distribution name: lowercase letters and digits joined by '-'"),
            ("import-name", _IMPORT, "a Python module name: lowercase letters, digits and '_'"),
            ("client", _CLASS, "a class name in PascalCase"),
            ("error-prefix", _CLASS, "a class-name prefix in PascalCase"),
            ("changelog", _CHANGELOG, "a Markdown file name in the project's root, like fal-kling-changelog.md"),
        )
        for key, pattern, wanted in checks:
            value = getattr(self, _KEYS[key])
            if not pattern.fullmatch(value):
                return f"{key} = {value!r} is not {wanted}"
        if keyword.iskeyword(self.import_name):
            return f"import-name = {self.import_name!r} is a Python keyword"
        if (
            self.tag.count("{version}") != 1
            or re.fullmatch(r"[A-Za-z0-9._/-]*", self.tag.replace("{version}", "")) is None
        ):
            return (
                f"tag = {self.tag!r} must hold '{{version}}' once, with letters, digits, '.', '_', '-' or '/' around it"
            )
        if not self.description.strip() or "\n" in self.description:
            return "description must be one line of text"
        return None

    def tag_of(self, version: str) -> str:
        return self.tag.replace("{version}", version)

    @property
    def instance(self) -> str:
        """What the docs call a client: ``kling = Kling()``."""
        return re.sub(r"(?<!^)(?=[A-Z])", "_", self.client).lower()

    @property
    def env_prefix(self) -> str:
        """What the package's environment variables start with: ``FAL_KLING_``."""
        return self.import_name.upper() + "_"

    @cached_property
    def _renames(self) -> tuple[tuple[re.Pattern[str], str], ...]:
        default = Target()
        pairs = (
            (rf"\b{default.env_prefix}", self.env_prefix),
            (rf"(?<![\w-]){default.distribution}(?![\w])", self.distribution),
            (rf"\b{default.import_name}\b", self.import_name),
            (rf"\bAsync{default.client}\b", f"Async{self.client}"),
            (rf"\b{default.error_prefix}(?=\w*Error\b)", self.error_prefix),
            (rf"\b{default.client}Model\b", f"{self.client}Model"),
            (rf"\b{default.client}\b", self.client),
            (rf"(?<![\w/-]){default.instance}(?![\w-])", self.instance),
        )
        return tuple((re.compile(pattern), replacement) for pattern, replacement in pairs)

    def rename(self, text: str) -> str:
        """A runtime module written for fal-kling, with this package's names."""
        default = Target()
        if all(getattr(self, name) == getattr(default, name) for name in _RENAMED):
            return text
        for pattern, replacement in self._renames:
            text = pattern.sub(replacement, text)
        return text

    def key(self) -> str:
        """The names, as one line for cache keys and the inputs digest."""
        return "\0".join(f"{f.name}={getattr(self, f.name)}" for f in fields(self))


_RENAMED = ("distribution", "import_name", "client", "error_prefix")
"""The names :meth:`Target.rename` gives the runtime modules."""

_KEYS = {
    "app": "app",
    "distribution": "distribution",
    "import-name": "import_name",
    "client": "client",
    "error-prefix": "error_prefix",
    "description": "description",
    "tag": "tag",
    "changelog": "changelog",
}
"""The ``[tool.falgen]`` keys that name the package, and the attributes they set."""


def _derived(app: str) -> dict[str, str]:
    """The names an app's package gets unless the settings say otherwise:
    ``fal-ai/kling-image`` → ``fal-kling-image``, ``fal_kling_image``, ``KlingImage``."""
    name = app.rsplit("/", 1)[-1]
    words = [word for word in re.split(r"[^a-z0-9]+", name) if word]
    client = "".join(word.capitalize() for word in words)
    distribution = "fal-" + "-".join(words)
    return {
        "app": app,
        "distribution": distribution,
        "import_name": distribution.replace("-", "_"),
        "client": client if client[:1].isalpha() else "Fal" + client,
        "error_prefix": client if client[:1].isalpha() else "Fal" + client,
        "description": f"fal's {name} endpoints",
        "tag": distribution + "-v{version}",
        "changelog": distribution + "-changelog.md",
    }

"""Build a synthetic falgen project of N endpoints, for benchmarks at fal-catalogue scale.

The endpoints are the real specs, then copies of them under new version segments
(``fal-ai/kling-video/v3/pro/text-to-video`` → ``fal-ai/kling-video/v101/v3/pro/text-to-video``),
in a fixed order, so the project is the same on every run; the shared types are the
real ones.  Usage: ``python scripts/synthetic.py DEST [--endpoints N]`` (default 1000).
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FAMILY = "fal-ai/kling-video"
PROJECT_FILES = ("pyproject.toml", "fal-kling-changelog.md")


def build(dest: Path, endpoints: int) -> Path:
    """Write a project with ``endpoints`` endpoint specs at ``dest`` (which must not exist)."""
    specs = ROOT / "specs"
    real = sorted((specs / FAMILY).rglob("*.yaml"))
    if endpoints < 1:
        raise ValueError("a project needs at least one endpoint")
    dest.mkdir(parents=True)
    for name in PROJECT_FILES:
        shutil.copy(ROOT / name, dest / name)
    shutil.copytree(ROOT / "project-templates", dest / "project-templates")
    for index in range(endpoints):
        copy, source = divmod(index, len(real))
        relative = real[source].relative_to(specs / FAMILY)
        if copy == 0:
            target, text = relative, real[source].read_text(encoding="utf-8")
        else:
            segment = f"v{100 + copy}"
            target = Path(segment) / relative
            text = real[source].read_text(encoding="utf-8")
            old_id = f"{FAMILY}/{relative.with_suffix('').as_posix()}"
            text = text.replace(f"endpoint: {old_id}\n", f"endpoint: {FAMILY}/{segment}/{relative.with_suffix('').as_posix()}\n", 1)
        path = dest / "specs" / FAMILY / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _copy_types_used(specs / "types", dest / "specs")
    return dest


def _copy_types_used(types: Path, specs: Path) -> None:
    """Copy the shared types the endpoints use, directly or through other types (an unused one is an error)."""
    available = {path.stem: path.read_text(encoding="utf-8") for path in types.glob("*.yaml")}
    texts = [path.read_text(encoding="utf-8") for path in specs.rglob("*.yaml")]
    used: set[str] = set()
    while texts:
        named = {name for text in texts for line in re.findall(r"^\s*type:\s*(.+)$", text, re.M) for name in re.findall(r"\w+", line)}
        new = (named & available.keys()) - used
        used |= new
        texts = [available[name] for name in new]
    (specs / "types").mkdir(exist_ok=True)
    for name in sorted(used):
        (specs / "types" / f"{name}.yaml").write_text(available[name], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="the new project's directory (must not exist)")
    parser.add_argument("--endpoints", type=int, default=1000, help="how many endpoints (default: %(default)s)")
    args = parser.parse_args()
    if args.dest.exists():
        parser.error(f"{args.dest} exists; give a new directory")
    build(args.dest, args.endpoints)
    print(f"{args.dest}: {args.endpoints} endpoints")


if __name__ == "__main__":
    main()

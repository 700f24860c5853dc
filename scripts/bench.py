"""Benchmarks for the performance budgets (run with `make bench`; results go in the README).

Each figure that has a peer is measured beside it in the same run, and reported as a ratio
too: the machine is shared and noisy.

- validating each endpoint's example payload (`model_validate`), per call
- `import fal_kling` in a fresh interpreter, less the interpreter's own start-up, beside
  importing pydantic and defining one model
- generating the package for every endpoint as a fresh `falgen` process: cold (no cache),
  beside datamodel-code-generator (which runs black) making models alone from the same
  JSON Schemas in one fresh process; a no-op rerun; and a rerun after one spec changed
- `falgen sync` of every source in catalogue.sources over a copy of the specs (a no-op),
  and re-creating every spec from them (all but ai-avatar, whose published example is
  invalid), as fresh `falgen` processes
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import timeit
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FALGEN = [sys.executable, "-m", "falgen.cli", "--project", str(ROOT)]


def _best(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return min(times)


def _validation() -> None:
    from fal_kling import ENDPOINTS
    from falgen.project import Project

    api = Project.at(ROOT, use_cache=False).api()
    worst = 0.0
    for endpoint in api.endpoints:
        model = ENDPOINTS[endpoint.id].input_model
        payload = endpoint.example_input
        runs = 20000
        call = partial(model.model_validate, payload)
        per_call = min(timeit.repeat(call, number=runs, repeat=7)) / runs
        worst = max(worst, per_call)
        print(f"validate example {endpoint.id:48} : {per_call * 1e6:5.2f} µs")
    print(f"slowest example validation         : {worst * 1e6:.2f} µs (budget 10 µs)")


def _peer_models(schemas: Path, out: Path) -> float:
    """datamodel-code-generator + black over every shipped JSON Schema, one fresh process."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from datamodel_code_generator import DataModelType, InputFileType, generate\n"
        "for schema in sorted(Path(sys.argv[1]).glob('*.json')):\n"
        "    generate(schema.read_text(), input_file_type=InputFileType.JsonSchema,\n"
        "             output=Path(sys.argv[2]) / (schema.stem.replace('.', '_') + '.py'),\n"
        "             output_model_type=DataModelType.PydanticV2BaseModel)\n"
    )
    out.mkdir()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", script, str(schemas), str(out)], check=True, capture_output=True)
    return time.perf_counter() - start


def _regeneration() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "project"
        shutil.copytree(ROOT / "specs", project / "specs")
        for name in ("pyproject.toml", "fal-kling-changelog.md"):
            shutil.copy(ROOT / name, project / name)
        falgen = [sys.executable, "-m", "falgen.cli", "--project", str(project)]
        cold, peer = [], []
        for run in range(3):
            shutil.rmtree(project / "generated", ignore_errors=True)
            start = time.perf_counter()
            subprocess.run([*falgen, "generate", "--no-cache"], check=True, capture_output=True)
            cold.append(time.perf_counter() - start)
            peer.append(_peer_models(project / "generated/fal_kling/schemas", Path(scratch) / f"peer-{run}"))
        subprocess.run([*falgen, "generate"], check=True, capture_output=True)  # warm the cache
        noop = _best([*falgen, "generate"], 5)
        spec = project / "specs/fal-ai/kling-video/v3/pro/text-to-video.yaml"
        text = spec.read_text(encoding="utf-8")
        one_changed = []
        for run in range(5):
            spec.write_text(text.replace("title: Kling Video V3 Pro", f"title: Kling Video V3 Pro ({run})", 1), encoding="utf-8")
            start = time.perf_counter()
            subprocess.run([*falgen, "generate"], check=True, capture_output=True)
            one_changed.append(time.perf_counter() - start)
        endpoints = len(list((project / "specs/fal-ai").rglob("*.yaml")))
    print(f"generate {endpoints} endpoints, no cache       : {min(cold):.2f} s")
    print(f"  datamodel-code-generator, models only : {min(peer):.2f} s  (falgen/peer {min(cold) / min(peer):.2f}×)")
    print(f"no-op regenerate, warm cache          : {noop:.2f} s")
    print(f"regenerate after one spec's title     : {min(one_changed):.2f} s  ({min(one_changed) / min(cold):.0%} of a cold run)")


def _import() -> None:
    bare = _best([sys.executable, "-c", "pass"], 9)
    floor = _best([sys.executable, "-c", PYDANTIC_FLOOR], 9)
    with_import = _best([sys.executable, "-c", "import fal_kling"], 9)
    first_call = _best([sys.executable, "-c", "import fal_kling; fal_kling.Kling().v3.standard.image_to_video"], 9)
    print(f"import fal_kling                   : {(with_import - bare) * 1e3:.0f} ms  (budget 150 ms)")
    print(f"  … and one endpoint ready to call : {(first_call - bare) * 1e3:.0f} ms")
    print(f"  pydantic + one model (the floor) : {(floor - bare) * 1e3:.0f} ms")


PYDANTIC_FLOOR = """
from pydantic import BaseModel, model_validator
class M(BaseModel):
    x: int
    @model_validator(mode="after")
    def v(self): return self
"""


def _catalogue() -> list[str]:
    patterns = [line for line in (ROOT / "catalogue.sources").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return sorted({str(path) for pattern in patterns for path in ROOT.glob(pattern)})


def _sync() -> None:
    sources = _catalogue()
    if not sources:
        print("sync: ../shared not found, skipped")
        return
    with tempfile.TemporaryDirectory() as scratch:
        specs = Path(scratch) / "specs"
        shutil.copytree(ROOT / "specs", specs)
        command = [*FALGEN, "--specs", str(specs), "sync", "--only", "fal-ai/kling-video/*", "--prefer", "typescript", *sources]
        noop = _best(command, runs=5)
        fresh = []
        for _ in range(3):
            # Every spec but ai-avatar's, whose published example breaks its own schema.
            for spec in specs.rglob("*.yaml"):
                if spec.stem != "ai-avatar":
                    spec.unlink()
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
            fresh.append(time.perf_counter() - start)
        endpoints = len(list((specs / "fal-ai").rglob("*.yaml")))
    print(f"sync {len(sources)} sources, nothing to change  : {noop:.2f} s")
    print(f"sync {len(sources)} sources into {endpoints - 1} new specs : {min(fresh):.2f} s")


def main() -> None:
    # Timing loops first, before the regeneration runs heat the machine up.
    _validation()
    _import()
    _regeneration()
    _sync()


if __name__ == "__main__":
    main()

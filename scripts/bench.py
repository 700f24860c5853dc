"""Benchmarks for the performance budgets (run with `make bench`; results go in the README).

- full regeneration of all endpoints, cold (no cache), as a fresh `falgen` process
- no-op regeneration (specs unchanged, cache warm), as a fresh `falgen` process
- validating each endpoint's example payload (`model_validate`), per call
- `import fal_kling` in a fresh interpreter, less the interpreter's own start-up
- `falgen sync` of every seed page over a copy of the specs (a no-op), and re-creating
  the endpoint specs from the pages (all but ai-avatar, whose page's example is
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


def _regeneration() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "generated"
        cold = []
        for _ in range(3):
            shutil.rmtree(out, ignore_errors=True)
            start = time.perf_counter()
            subprocess.run([*FALGEN, "generate", "--no-cache", "--output", str(out)], check=True, capture_output=True, cwd=ROOT)
            cold.append(time.perf_counter() - start)
    subprocess.run([*FALGEN, "generate"], check=True, capture_output=True, cwd=ROOT)  # warm the cache
    noop = _best([*FALGEN, "generate"], 5)
    print(f"regenerate all endpoints, no cache : {min(cold):.2f} s   (budget 3 s)")
    print(f"no-op regenerate, warm cache       : {noop:.2f} s   (budget 1 s)")


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


def _sync() -> None:
    shared = ROOT.parent / "shared"
    pages = [str(p) for p in sorted((shared / "seeds").glob("00[0-3]_*"))] + [str(p) for p in sorted((shared / "samples").glob("*.llms.txt"))]
    if not pages:
        print("sync: ../shared not found, skipped")
        return
    with tempfile.TemporaryDirectory() as scratch:
        specs = Path(scratch) / "specs"
        shutil.copytree(ROOT / "specs", specs)
        noop = _best([*FALGEN, "--specs", str(specs), "sync", *pages], runs=5)
        fresh = []
        for _ in range(5):
            # Every endpoint spec but ai-avatar's, whose page's example breaks its own schema.
            for spec in (specs / "fal-ai").rglob("*.yaml"):
                if spec.stem != "ai-avatar":
                    spec.unlink()
            start = time.perf_counter()
            subprocess.run([*FALGEN, "--specs", str(specs), "sync", *pages], check=True, capture_output=True, cwd=ROOT)
            fresh.append(time.perf_counter() - start)
    print(f"sync all seed pages, no change      : {noop:.2f} s")
    print(f"sync all seed pages into 7 new specs: {min(fresh):.2f} s")


def main() -> None:
    # Timing loops first, before the regeneration runs heat the machine up.
    _validation()
    _import()
    _regeneration()
    _sync()


if __name__ == "__main__":
    main()

"""Benchmarks for the performance budgets (run with `make bench`; results go in the README).

Every figure that has a peer is measured beside it in the same run and reported as a
ratio too: the machine is shared and noisy.  Times are the best of several runs.

At three sizes (the first 8 real specs, the real catalogue, and 1,000 endpoints built by
``scripts/synthetic.py``), each as a fresh project in a scratch directory:

- cold generation (a fresh ``falgen generate --no-cache`` process: models, client, JSON
  Schemas, docs), beside datamodel-code-generator (which runs black) making models alone
  from the same JSON Schemas in one fresh process; and the peak memory of the largest
  process of the cold run (falgen's own, or one of its workers)
- a no-op ``falgen generate`` and ``falgen check`` with the cache warm
- ``falgen generate`` after one spec's title changed
- ``import fal_kling`` in a fresh interpreter (bytecode compiled, as an installed package
  has it), less ``import pydantic``; then the first use of one endpoint

And once: a call through the client beside ``fal_client.subscribe`` with the same dict,
both against ``fal_kling.testing``; validating V3 Standard image-to-video's example payload and a payload with
multi-prompt shots and elements, beside the hand-written pydantic model in
``scripts/handwritten.py`` and beside jsonschema with the shipped JSON Schema; and
``falgen sync`` of every source in catalogue.sources.
"""

from __future__ import annotations

import argparse
import compileall
import json
import shutil
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # noqa: E402

SIZES = (8, len(list((ROOT / "specs/fal-ai").rglob("*.yaml"))), 1000)
FIRST_USE = "fal-ai/kling-video/v3/standard/image-to-video"


def _falgen(project: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "falgen.cli", "--project", str(project), *args]


def _timed(command: list[str], **options: Any) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, **options)
    return time.perf_counter() - start


def _best(command: list[str], runs: int, before: Callable[[int], None] = lambda run: None) -> float:
    times = []
    for run in range(runs):
        before(run)
        times.append(_timed(command))
    return min(times)


PEER = """
import sys
from pathlib import Path
from datamodel_code_generator import DataModelType, InputFileType, generate
for schema in sorted(Path(sys.argv[1]).glob("*.json")):
    generate(schema.read_text(), input_file_type=InputFileType.JsonSchema,
             output=Path(sys.argv[2]) / (schema.stem.replace(".", "_") + ".py"),
             output_model_type=DataModelType.PydanticV2BaseModel)
"""

PEAK = """
import resource, sys
from falgen.cli import main
code = main(sys.argv[1:])
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(max(own, workers) // 1024)
sys.exit(code)
"""

IMPORT = """
import time
start = time.perf_counter()
import pydantic
floor = time.perf_counter()
import fal_kling
imported = time.perf_counter()
fal_kling.Kling().{call}
used = time.perf_counter()
print(floor - start, imported - floor, used - imported)
"""


def _edited(project: Path) -> Path:
    """The spec whose title the one-spec-changed runs edit: the first of the project."""
    return sorted((project / "specs/fal-ai").rglob("*.yaml"))[0]


def _generation(size: int, scratch: Path, runs: int) -> dict[str, float]:
    project = synthetic.build(scratch / f"project-{size}", size)
    out: dict[str, float] = {}
    cold, peer, peaks = [], [], []
    for run in range(runs):
        shutil.rmtree(project / "generated", ignore_errors=True)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", PEAK, "--project", str(project), "generate", "--no-cache"], check=True, capture_output=True, text=True)
        cold.append(time.perf_counter() - start)
        peaks.append(int(done.stdout.split()[-1]))
        target = scratch / f"peer-{size}-{run}"
        target.mkdir()
        peer.append(_timed([sys.executable, "-c", PEER, str(project / "generated/fal_kling/schemas"), str(target)]))
        shutil.rmtree(target)
    out["cold"], out["peer"], out["peak"] = min(cold), min(peer), max(peaks)
    subprocess.run(_falgen(project, "generate"), check=True, capture_output=True)  # fills the cache
    out["noop"] = _best(_falgen(project, "generate"), 5)
    out["check"] = _best(_falgen(project, "check"), 5)
    spec = _edited(project)
    text = spec.read_text(encoding="utf-8")

    def edit(run: int) -> None:
        spec.write_text(text.replace("\ntitle: ", f"\ntitle: Edited {run} ", 1), encoding="utf-8")

    out["one"] = _best(_falgen(project, "generate"), 5, edit)
    package = project / "generated"
    compileall.compile_dir(str(package / "fal_kling"), quiet=1)
    pick = f"e = fal_kling.ENDPOINTS; print(json.dumps(e[{FIRST_USE!r} if {FIRST_USE!r} in e else sorted(e)[-1]].call))"
    call = json.loads(subprocess.run([sys.executable, "-c", f"import json, fal_kling; {pick}"], check=True, capture_output=True, text=True, cwd=package).stdout)
    samples = []
    for _ in range(9):
        done = subprocess.run([sys.executable, "-c", IMPORT.format(call=call)], check=True, capture_output=True, text=True, cwd=package)
        samples.append([float(v) for v in done.stdout.split()])
    out["pydantic"] = min(s[0] for s in samples)
    out["import"] = min(s[1] for s in samples)
    out["first"] = min(s[2] for s in samples)
    return out


def _validation() -> None:
    import handwritten
    from jsonschema import Draft202012Validator

    from fal_kling import ENDPOINTS

    info = ENDPOINTS["fal-ai/kling-video/v3/standard/image-to-video"]
    from falgen.project import Project

    example = Project.at(ROOT, use_cache=False).api().endpoint(info.endpoint_id).example_input
    shots = {k: v for k, v in example.items() if k != "prompt"} | {
        "multi_prompt": [{"prompt": "a slow orbit", "duration": "5"}, {"prompt": "a close-up"}],
        "elements": [{"frontal_image_url": "https://x.test/a.png", "reference_image_urls": ["https://x.test/b.png"]}, {"video_url": "https://x.test/v.mp4"}],
    }
    broken = shots | {"elements": [{"video_url": "https://x.test/v.mp4"}, {"video_url": "https://x.test/w.mp4"}]}
    schema = Draft202012Validator(info.input_schema)
    for payload in (example, shots):  # the peers must agree with the model, or the race is unfair
        info.input_model.model_validate(payload)
        handwritten.ImageToVideoInput.model_validate(payload)
        schema.validate(payload)
    for refuse in (info.input_model.model_validate, handwritten.ImageToVideoInput.model_validate, schema.validate):
        try:
            refuse(broken)
        except Exception:  # each refuses in its own way: KlingValidationError, pydantic's, jsonschema's
            continue
        raise AssertionError(f"{refuse} accepted a payload that breaks a rule")

    def per_call(function: Callable[[], object], number: int = 20000) -> float:
        return min(timeit.repeat(function, number=number, repeat=7)) / number

    for name, payload in (("example payload", example), ("multi-prompt + elements", shots)):
        ours = per_call(lambda: info.input_model.model_validate(payload))
        peer = per_call(lambda: handwritten.ImageToVideoInput.model_validate(payload))
        slow = per_call(lambda: schema.validate(payload), number=500)
        print(f"  validate {name:24}: {ours * 1e6:5.2f} µs; hand-written {peer * 1e6:5.2f} µs ({ours / peer:.2f}×); "
              f"jsonschema {slow * 1e6:6.1f} µs ({slow / ours:.0f}× slower)")


def _calls(count: int = 300) -> None:
    """A call through fal-kling beside ``fal_client.subscribe`` with the same dict, both
    against ``fal_kling.testing`` on loopback, interleaved so drift hits both alike."""
    import statistics

    import fal_client

    from fal_kling import Kling
    from fal_kling.testing import FakeFal

    arguments = {"prompt": "a fox in the snow", "duration": "10", "cfg_scale": 0.5}
    with FakeFal(queue_polls=0, progress_polls=0) as fal:
        endpoint = Kling().v3.standard.text_to_video
        raw = fal_client.SyncClient()

        def ours() -> object:
            return endpoint(prompt="a fox in the snow", duration="10", cfg_scale=0.5, start_timeout=None)

        def peer() -> object:
            return raw.subscribe(endpoint.endpoint_id, arguments)

        for warm in (ours, peer):
            warm()
        times: dict[Callable[[], object], list[float]] = {ours: [], peer: []}
        for _ in range(count):
            for call in (ours, peer):
                started = time.perf_counter()
                call()
                times[call].append(time.perf_counter() - started)
        assert fal.submissions[-1].payload == fal.submissions[-2].payload == arguments
    a, b = statistics.median(times[ours]), statistics.median(times[peer])
    alone = min(timeit.repeat(lambda: endpoint.output_model.model_validate(endpoint.input_model(**arguments).to_arguments() and {"video": {"url": "u"}}), number=2000, repeat=5)) / 2000
    print(f"  one call (submit, 1 status poll, result): {a * 1e3:.2f} ms; raw fal_client {b * 1e3:.2f} ms "
          f"({a / b:.2f}×): fal-kling adds {(a - b) * 1e3:+.2f} ms (median of {count}); validation, serialisation "
          f"and output parsing alone take {alone * 1e6:.0f} µs")
    # What `fal-kling run` adds to say the cost first: one estimate of a priced endpoint
    # (validation included), beside the call it precedes.
    priced = Kling().v2_6.pro.text_to_video
    estimate = min(timeit.repeat(lambda: priced.estimate(prompt="a fox in the snow", duration="10"), number=2000, repeat=5)) / 2000
    print(f"  an estimate (V2.6 Pro text-to-video, validation included): {estimate * 1e6:.0f} µs, "
          f"{estimate / a:.1%} of one call against the loopback stand-in")


def _catalogue() -> list[str]:
    patterns = [line for line in (ROOT / "catalogue.sources").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return sorted({str(path) for pattern in patterns for path in ROOT.glob(pattern)})


def _sync(scratch: Path) -> None:
    sources = _catalogue()
    if not sources:
        print("  sync: ../shared not found, skipped")
        return
    specs = scratch / "sync-specs"
    shutil.copytree(ROOT / "specs", specs)
    command = [sys.executable, "-m", "falgen.cli", "--specs", str(specs), "sync", "--only", "fal-ai/kling-video/*", "--prefer", "typescript", *sources]
    print(f"  sync {len(sources)} sources, nothing to change: {_best(command, 5):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description="falgen's benchmarks")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="project sizes in endpoints (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=2, help="cold generations per size, best taken (default: %(default)s)")
    args = parser.parse_args()
    print("validation (V3 Standard image-to-video input)")
    _validation()
    print("calls against fal_kling.testing (V3 Standard text-to-video)")
    _calls()
    with tempfile.TemporaryDirectory() as scratch:
        for size in args.sizes:
            r = _generation(size, Path(scratch), args.runs)
            print(f"{size} endpoints")
            print(f"  cold generate            : {r['cold']:6.2f} s; datamodel-code-generator + black, models only: {r['peer']:6.2f} s ({r['cold'] / r['peer']:.2f}×)")
            print(f"  peak memory, cold        : {r['peak']} MB (largest process)")
            print(f"  no-op generate / check  : {r['noop']:.2f} s / {r['check']:.2f} s")
            print(f"  one spec's title changed : {r['one']:.2f} s ({r['one'] / r['cold']:.0%} of cold)")
            print(f"  import fal_kling         : {r['import'] * 1e3:.0f} ms over import pydantic ({r['pydantic'] * 1e3:.0f} ms); first use of one endpoint {r['first'] * 1e3:.0f} ms")
        _sync(Path(scratch))


if __name__ == "__main__":
    main()

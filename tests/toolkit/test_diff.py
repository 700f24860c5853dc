"""`falgen diff` and `falgen release`: every change kind classified, in words and in JSON."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import yaml

from falgen.cli import main
from falgen.diff import SpecSet, diff_specs, load_spec_set
from falgen.spec.model import EndpointSpec, TypeSpec

from ..conftest import ROOT, SPECS, scratch_project

I2V = "fal-ai/kling-video/v3/standard/image-to-video"
MOTION = "fal-ai/kling-video/v3/standard/motion-control"
AVATAR = "fal-ai/kling-video/v1/standard/ai-avatar"
MC26 = "fal-ai/kling-video/v2.6/pro/motion-control"
Data = dict[str, Any]


def _raw() -> tuple[dict[str, Data], dict[str, Data]]:
    endpoints = {}
    for path in SPECS.rglob("*.yaml"):
        data = yaml.safe_load(path.read_text())
        if path.parent.name == "types":
            continue
        endpoints[data["endpoint"]] = data
    types = {p.stem: yaml.safe_load(p.read_text()) for p in (SPECS / "types").glob("*.yaml")}
    return endpoints, types


def _spec_set(endpoints: dict[str, Data], types: dict[str, Data]) -> SpecSet:
    return SpecSet(
        {k: EndpointSpec.model_validate(v) for k, v in endpoints.items()},
        {k: TypeSpec.model_validate(v) for k, v in types.items()},
    )


def _diff(edit: Callable[[dict[str, Data], dict[str, Data]], None]) -> list[tuple[str, str, str, str]]:
    endpoints, types = _raw()
    new_endpoints, new_types = copy.deepcopy(endpoints), copy.deepcopy(types)
    edit(new_endpoints, new_types)
    changes = diff_specs(_spec_set(endpoints, types), _spec_set(new_endpoints, new_types))
    return [(c.endpoint, c.path, c.change, c.severity) for c in changes]


def _input(e: dict[str, Data], endpoint: str = I2V) -> Data:
    fields: Data = e[endpoint]["input"]["fields"]
    return fields


def _output(e: dict[str, Data], endpoint: str = I2V) -> Data:
    fields: Data = e[endpoint]["output"]["fields"]
    return fields


def _rules(e: dict[str, Data], endpoint: str = I2V) -> list[Data]:
    rules: list[Data] = e[endpoint]["input"]["rules"]
    return rules


def _rename(fields: Data, old: str, new: str) -> None:
    items = [(new if k == old else k, v) for k, v in fields.items()]
    fields.clear()
    fields.update(items)


CASES: dict[str, tuple[Callable[[dict[str, Data], dict[str, Data]], None], list[tuple[str, str, str]]]] = {
    "endpoint added": (lambda e, t: e.update({"fal-ai/kling-video/v9/new": {**e[I2V], "endpoint": "fal-ai/kling-video/v9/new"}}), [("", "endpoint-added", "non-breaking")]),
    "endpoint removed": (lambda e, t: e.pop(MOTION), [("", "endpoint-removed", "breaking")]),
    "optional input added": (lambda e, t: _input(e).update(seed={"type": "integer"}), [("input.seed", "field-added", "non-breaking")]),
    "required input added": (lambda e, t: _input(e).update(seed={"type": "integer", "required": True}), [("input.seed", "field-added", "breaking")]),
    "input removed": (lambda e, t: _input(e).pop("end_image_url"), [("input.end_image_url", "field-removed", "breaking")]),
    "input renamed": (lambda e, t: _rename(_input(e), "end_image_url", "tail_image_url"), [("input.end_image_url", "field-renamed", "breaking")]),
    "input made required": (lambda e, t: _input(e)["end_image_url"].update(required=True), [("input.end_image_url.required", "required-changed", "breaking")]),
    "input made optional": (lambda e, t: _input(e)["start_image_url"].pop("required"), [("input.start_image_url.required", "required-changed", "non-breaking")]),
    "type changed": (lambda e, t: _input(e)["end_image_url"].update(type="list[string]"), [("input.end_image_url.type", "type-changed", "breaking")]),
    "enum values added": (lambda e, t: _input(e)["duration"]["enum"].append("20"), [("input.duration.enum", "enum-values-added", "non-breaking")]),
    "enum values removed": (lambda e, t: _input(e)["shot_type"]["enum"].remove("intelligent"), [("input.shot_type.enum", "enum-values-removed", "breaking")]),
    "enum introduced": (lambda e, t: _input(e)["negative_prompt"].update(enum=["blur, distort, and low quality"]), [("input.negative_prompt.enum", "enum-added", "breaking")]),
    "enum dropped": (lambda e, t: _input(e)["shot_type"].pop("enum"), [("input.shot_type.enum", "enum-removed", "non-breaking")]),
    "default changed": (lambda e, t: _input(e)["cfg_scale"].update(default=0.7), [("input.cfg_scale.default", "default-changed", "non-breaking")]),
    "range narrowed": (lambda e, t: _input(e)["cfg_scale"].update(maximum=0.8), [("input.cfg_scale.maximum", "range-narrowed", "breaking")]),
    "range widened": (lambda e, t: _input(e)["cfg_scale"].pop("minimum"), [("input.cfg_scale.minimum", "range-widened", "non-breaking")]),
    "list limit narrowed": (lambda e, t: _input(e)["elements"].update(min_items=1), [("input.elements.min_items", "list-limits-narrowed", "breaking")]),
    "list limit widened": (lambda e, t: _input(e, MOTION)["elements"].update(max_items=3), [("input.elements.max_items", "list-limits-widened", "non-breaking")]),
    "length narrowed": (lambda e, t: _input(e, MC26)["prompt"].update(max_length=2000), [("input.prompt.max_length", "length-narrowed", "breaking")]),
    "length widened": (lambda e, t: _input(e, MC26)["prompt"].pop("max_length"), [("input.prompt.max_length", "length-widened", "non-breaking")]),
    "length introduced": (lambda e, t: _input(e, MC26)["prompt"].update(min_length=1), [("input.prompt.min_length", "length-narrowed", "breaking")]),
    "file limit narrowed": (lambda e, t: _input(e, MC26)["image_url"]["file"].update(max_file_size=5242880), [("input.image_url.file.max_file_size", "file-limits-narrowed", "breaking")]),
    "file limit widened": (lambda e, t: _input(e, MC26)["video_url"]["file"].update(min_duration=2), [("input.video_url.file.min_duration", "file-limits-widened", "non-breaking")]),
    "file kind changed": (lambda e, t: _input(e, MC26)["image_url"]["file"].update(kind="video"), [("input.image_url.file.kind", "file-kind-changed", "breaking")]),
    "file marked": (lambda e, t: _input(e, MC26)["prompt"].update(file={"kind": "file"}), [("input.prompt.file", "file-marked", "docs")]),
    "rule added": (
        lambda e, t: _rules(e).append({"kind": "mutually_exclusive", "fields": ["end_image_url", "elements"]}),
        [("input.rules.mutually_exclusive(end_image_url,elements)", "rule-added", "breaking")],
    ),
    "rule removed": (lambda e, t: _rules(e).pop(0), [("input.rules.exactly_one_of(prompt,multi_prompt)", "rule-removed", "non-breaking")]),
    "rule changed": (
        lambda e, t: _rules(e, MOTION)[0]["when"].update(equals="image"),
        [("input.rules.only_when(elements,character_orientation)", "rule-changed", "breaking")],
    ),
    "rule relaxed": (lambda e, t: _rules(e)[2].update(max=2), [("input.rules.max_matching(elements,video_url)", "rule-changed", "non-breaking")]),
    "rule reworded": (lambda e, t: _rules(e)[0].update(description="Give prompt or multi_prompt."), [("input.rules.exactly_one_of(prompt,multi_prompt)", "rule-description-changed", "docs")]),
    "output removed": (lambda e, t: _output(e, AVATAR).pop("duration"), [("output.duration", "field-removed", "breaking")]),
    "output made optional": (lambda e, t: _output(e, AVATAR)["duration"].pop("required"), [("output.duration.required", "required-changed", "breaking")]),
    "output added": (lambda e, t: _output(e).update(seed={"type": "integer", "required": True}), [("output.seed", "field-added", "non-breaking")]),
    "description changed": (lambda e, t: _input(e)["prompt"].update(description="The prompt."), [("input.prompt.description", "description-changed", "docs")]),
    "example changed": (lambda e, t: e[I2V]["examples"]["input"].update(duration="5"), [("examples.input", "example-changed", "docs")]),
    "title changed": (lambda e, t: e[I2V].update(title="Kling 3.0 Image to Video"), [("title", "title-changed", "docs")]),
    "no longer listed": (lambda e, t: e[I2V].update(listed=False), [("listed", "listed-changed", "docs")]),
}


ENDPOINT_OF = {
    **{case: MC26 for case in CASES if case.startswith(("length", "file"))},
    "endpoint added": "fal-ai/kling-video/v9/new",
    "endpoint removed": MOTION,
    "list limit widened": MOTION,
    "rule changed": MOTION,
    "output removed": AVATAR,
    "output made optional": AVATAR,
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_change_kind_is_classified(case: str) -> None:
    edit, expected = CASES[case]
    endpoint = ENDPOINT_OF.get(case, I2V)
    assert _diff(edit) == [(endpoint, *item) for item in expected]


def test_a_nested_type_change_is_reported_on_every_endpoint_using_it() -> None:
    endpoints, _ = _raw()
    users = sorted(
        endpoint for endpoint, data in endpoints.items()
        if data["input"]["fields"].get("multi_prompt", {}).get("type") == "list[KlingV3MultiPromptElement]"
    )
    assert len(users) > 3 and I2V in users
    found = _diff(lambda e, t: t["KlingV3MultiPromptElement"]["fields"]["duration"]["enum"].remove("1"))
    assert found == [
        (endpoint, "input.multi_prompt[].duration.enum", "enum-values-removed", "breaking") for endpoint in users
    ]


def test_a_default_change_is_flagged_as_a_behaviour_change() -> None:
    endpoints, types = _raw()
    changed = copy.deepcopy(endpoints)
    _input(changed)["cfg_scale"]["default"] = 0.7
    [change] = diff_specs(_spec_set(endpoints, types), _spec_set(changed, types))
    assert change.as_json() == {
        "endpoint": I2V, "path": "input.cfg_scale.default", "change": "default-changed", "old": 0.5, "new": 0.7,
        "severity": "non-breaking", "message": "cfg_scale default changed from 0.5 to 0.7", "behaviour_change": True,
    }


def test_identical_specs_have_no_changes() -> None:
    assert _diff(lambda e, t: None) == []


# --- the scenario: fal edits its docs, a maintainer syncs, a reviewer reads the diff ------------


def _edited_copy(tmp_path: Path) -> Path:
    new = tmp_path / "new"
    shutil.copytree(SPECS, new)
    path = new / "fal-ai/kling-video/v3/standard/image-to-video.yaml"
    text = path.read_text()
    text = text.replace("    end_image_url:\n", "    seed:\n      type: integer\n      description: Random seed.\n    end_image_url:\n")
    text = text.replace("      enum: [customize, intelligent]\n", "      enum: [customize]\n")
    text = text.replace("      minimum: 0\n      maximum: 1\n", "      minimum: 0\n      maximum: 0.8\n")
    path.write_text(text)
    return new


def test_scenario_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = _edited_copy(tmp_path)
    assert main(["diff", str(SPECS), str(new)]) == 0
    assert capsys.readouterr().out == (
        f"# Spec changes from {SPECS} to {new}\n\n"
        "2 breaking, 1 non-breaking, 0 docs.\n\n"
        f"## {I2V}\n\n"
        "- v3/standard/image-to-video: cfg_scale maximum is now 0.8 (was 1) (breaking)\n"
        '- v3/standard/image-to-video: shot_type no longer accepts "intelligent" (breaking)\n'
        "- v3/standard/image-to-video: new optional parameter seed (integer) (non-breaking)\n"
    )


def test_scenario_json_and_fail_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = _edited_copy(tmp_path)
    assert main(["diff", str(SPECS), str(new), "--format", "json", "--fail-on", "breaking"]) == 1
    changes = json.loads(capsys.readouterr().out)
    assert [{k: c[k] for k in ("endpoint", "path", "change", "old", "new", "severity")} for c in changes] == [
        {"endpoint": I2V, "path": "input.cfg_scale.maximum", "change": "range-narrowed", "old": 1, "new": 0.8, "severity": "breaking"},
        {"endpoint": I2V, "path": "input.shot_type.enum", "change": "enum-values-removed", "old": ["customize", "intelligent"], "new": ["customize"], "severity": "breaking"},
        {"endpoint": I2V, "path": "input.seed", "change": "field-added", "old": None, "new": "integer", "severity": "non-breaking"},
    ]
    assert main(["diff", str(SPECS), str(SPECS), "--fail-on", "any"]) == 0
    capsys.readouterr()
    docs_only = tmp_path / "docs-only"
    shutil.copytree(SPECS, docs_only)
    path = docs_only / "fal-ai/kling-video/v1/standard/effects.yaml"
    path.write_text(path.read_text().replace("The effect scene to use", "The effect to use"))
    assert main(["diff", str(SPECS), str(docs_only), "--fail-on", "breaking"]) == 0
    assert main(["diff", str(SPECS), str(docs_only), "--fail-on", "any"]) == 1


# --- git revisions and bad input ----------------------------------------------------------------


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=falgen", "-c", "user.email=falgen@example.com", "-c", "commit.gpgsign=false", *args],
        cwd=repo, capture_output=True, text=True, check=True,
    )
    return done.stdout.strip()


@pytest.fixture
def project_repo(tmp_path: Path) -> Path:
    """A scratch project under git: specs, generated package, settings and changelog."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = scratch_project(tmp_path / "project", generated=True)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "fal-kling 0.1.0")
    return repo


def test_diff_against_a_git_revision(project_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = project_repo / "specs/fal-ai/kling-video/v3/standard/image-to-video.yaml"
    spec.write_text(spec.read_text().replace("enum: [customize, intelligent]", "enum: [customize]"))
    assert main(["--project", str(project_repo), "diff", "--git", "HEAD", "--fail-on", "breaking"]) == 1
    out = capsys.readouterr().out
    assert '- v3/standard/image-to-video: shot_type no longer accepts "intelligent" (breaking)' in out
    _git(project_repo, "commit", "-qam", "drop intelligent")
    assert main(["--project", str(project_repo), "diff", "HEAD~1", "HEAD", "--format", "json"]) == 0
    [change] = json.loads(capsys.readouterr().out)
    assert change["path"] == "input.shot_type.enum" and change["severity"] == "breaking"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "nope-dir", "specs"], "nope-dir: neither a spec directory nor a git revision"),
        (["diff", "--git", "v9.9.9"], "v9.9.9: neither a spec directory nor a git revision"),
        (["diff", "specs"], "give two spec directories or git revisions (OLD NEW), or --git REV"),
    ],
    ids=["missing-dir", "unknown-revision", "one-side"],
)
def test_bad_diff_input_is_a_clear_error(args: list[str], message: str, project_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", str(project_repo), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_an_invalid_spec_on_either_side_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(SPECS, broken)
    path = broken / "fal-ai/kling-video/v1/standard/effects.yaml"
    path.write_text(path.read_text().replace("required: true", "requird: true", 1))
    assert main(["diff", str(SPECS), str(broken)]) == 2
    err = capsys.readouterr().err
    assert f"{broken}: the specs are not valid:" in err
    assert f"{path}:" in err and "requird" in err


def test_a_revision_without_specs_is_a_clear_error(project_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project_repo / "notes.txt").write_text("x")
    _git(project_repo, "add", "notes.txt")
    _git(project_repo, "commit", "-qm", "notes")
    _git(project_repo, "rm", "-rq", "specs")
    _git(project_repo, "commit", "-qm", "no specs")
    shutil.copytree(SPECS, project_repo / "specs")
    assert main(["--project", str(project_repo), "diff", "--git", "HEAD"]) == 2
    assert "HEAD: revision" in capsys.readouterr().err


# --- release -------------------------------------------------------------------------------------


def test_release_bumps_by_the_worst_change_and_writes_the_changelog(project_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", str(project_repo), "release"]) == 0
    assert "no spec changes since" in capsys.readouterr().out

    spec = project_repo / "specs/fal-ai/kling-video/v3/standard/image-to-video.yaml"
    spec.write_text(spec.read_text().replace("    end_image_url:\n", "    seed:\n      type: integer\n    end_image_url:\n"))
    before = (project_repo / "pyproject.toml").read_text()
    assert main(["--project", str(project_repo), "release", "--dry-run"]) == 0
    assert "fal-kling 0.1.0 → 0.2.0 (minor: 0 breaking, 1 non-breaking, 0 docs since" in capsys.readouterr().out
    assert (project_repo / "pyproject.toml").read_text() == before

    assert main(["--project", str(project_repo), "release"]) == 0
    capsys.readouterr()
    assert 'package-version = "0.2.0"' in (project_repo / "pyproject.toml").read_text()
    assert 'version = "0.2.0"' in (project_repo / "generated/pyproject.toml").read_text()
    assert '__version__ = "0.2.0"' in (project_repo / "generated/fal_kling/__init__.py").read_text()
    changelog = (project_repo / "generated/CHANGELOG.md").read_text()
    assert changelog == (project_repo / "fal-kling-changelog.md").read_text()
    assert changelog.index("## 0.2.0") < changelog.index("## 0.1.0")
    assert "### New and changed\n\n- v3/standard/image-to-video: new optional parameter seed (integer)\n" in changelog
    assert main(["--project", str(project_repo), "check"]) == 0
    _git(project_repo, "commit", "-qam", "fal-kling 0.2.0")

    # The next release diffs from the commit that set 0.2.0: only the new change counts.
    spec.write_text(spec.read_text().replace("enum: [customize, intelligent]", "enum: [customize]"))
    assert main(["--project", str(project_repo), "release"]) == 0
    out = capsys.readouterr().out
    assert "fal-kling 0.2.0 → 1.0.0 (major: 1 breaking, 0 non-breaking, 0 docs since" in out
    changelog = (project_repo / "generated/CHANGELOG.md").read_text()
    assert '### Breaking changes\n\n- v3/standard/image-to-video: shot_type no longer accepts "intelligent"\n' in changelog
    assert changelog.count("seed") == 1


def test_a_docs_only_release_is_a_patch_and_a_tag_marks_the_release(project_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = project_repo / "specs/fal-ai/kling-video/v1/standard/effects.yaml"
    spec.write_text(spec.read_text().replace("The effect scene to use", "The effect to use"))
    _git(project_repo, "commit", "-qam", "reword")
    _git(project_repo, "tag", "fal-kling-v0.1.0")  # the tag wins over the commit that set the version
    assert main(["--project", str(project_repo), "release", "--dry-run"]) == 0
    assert "no spec changes since fal-kling-v0.1.0" in capsys.readouterr().out
    _git(project_repo, "tag", "-d", "fal-kling-v0.1.0")
    assert main(["--project", str(project_repo), "release", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "fal-kling 0.1.0 → 0.1.1 (patch: 0 breaking, 0 non-breaking, 1 docs since" in out
    assert "### Documentation\n\n- v1/standard/effects: effect_scene description changed\n" in out


def test_release_without_history_asks_for_since(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "project"
    scratch_project(project, generated=True)
    assert main(["--project", str(project), "release"]) == 2
    assert "cannot find the release of fal-kling 0.1.0" in capsys.readouterr().err
    assert main(["--project", str(project), "release", "--since", str(SPECS), "--dry-run"]) == 0
    assert "no spec changes since" in capsys.readouterr().out


def test_load_spec_set_reads_a_directory() -> None:
    with ExitStack() as stack:
        specs = load_spec_set(str(SPECS), specs=SPECS, stack=stack)
    assert len(specs.endpoints) == len(list(SPECS.glob("fal-ai/**/*.yaml"))) == 70
    assert "KlingV3MultiPromptElement" in specs.types


def test_the_release_records_its_baseline(project_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = project_repo / "specs/fal-ai/kling-video/v1/standard/effects.yaml"
    spec.write_text(spec.read_text().replace("The effect scene to use", "The effect to use"))
    assert main(["--project", str(project_repo), "release"]) == 0
    assert '\npackage-version = "0.1.1"\n' in (project_repo / "pyproject.toml").read_text()
    assert '\nreleased = "0.1.1"\n' in (project_repo / "pyproject.toml").read_text()
    _git(project_repo, "commit", "-qam", "fal-kling 0.1.1")
    _git(project_repo, "commit", "-q", "--allow-empty", "-m", "later work")
    capsys.readouterr()
    assert main(["--project", str(project_repo), "release", "--dry-run"]) == 0
    out = capsys.readouterr().out
    release = subprocess.run(["git", "log", "-1", "--format=%h", "HEAD~1"], cwd=project_repo, capture_output=True, text=True).stdout.strip()
    assert out.startswith(f"fal-kling 0.1.1: no spec changes since {release}")


def test_the_shipped_release_is_the_baseline_of_main(capsys: pytest.CaptureFixture[str]) -> None:
    """0.1.0 as shipped is recorded: main proposes only what changed in the specs since the
    commit that recorded it, not the whole catalogue as new."""

    def git(*args: str) -> list[str]:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()

    assert main(["--project", str(ROOT), "release", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("fal-kling 0.1.0")
    baseline = out.split(" since ", 1)[1].split(")")[0]
    assert [baseline] == git("log", "-1", "--format=%h", "-S", 'released = "0.1.0"', "--", "pyproject.toml")
    untracked = git("ls-files", "--others", "--exclude-standard", "specs")
    touched = git("diff", "--name-only", baseline, "--", "specs") + untracked
    added = git("diff", "--name-only", "--diff-filter=A", baseline, "--", "specs/fal-ai") + [p for p in untracked if p.startswith("specs/fal-ai/")]
    listed = [line[2:].split(":")[0] for line in out.splitlines() if line.startswith("- ")]
    assert all(any(path.endswith(f"{name}.yaml") for path in touched) for name in listed)
    assert bool(listed) == bool(touched)
    assert out.count(": new endpoint") == len(added)


# --- review --------------------------------------------------------------------------------------


def test_review_fails_a_breaking_change_without_a_major_bump(project_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _git(project_repo, "tag", "base")
    assert main(["--project", str(project_repo), "review", "--base", "base"]) == 0
    assert "the version covers these changes" in capsys.readouterr().out
    spec = project_repo / "specs/fal-ai/kling-video/v3/standard/image-to-video.yaml"
    spec.write_text(spec.read_text().replace("enum: [customize, intelligent]", "enum: [customize]"))
    assert main(["--project", str(project_repo), "review", "--base", "base"]) == 1
    out = capsys.readouterr().out
    assert "# Spec changes from base" in out and 'shot_type no longer accepts "intelligent" (breaking)' in out
    assert "**1 breaking change, but fal-kling stays at major version 0 (0.1.0 → 0.1.0).** Run `falgen release`" in out
    assert main(["--project", str(project_repo), "release"]) == 0
    capsys.readouterr()
    assert main(["--project", str(project_repo), "review", "--base", "base"]) == 0
    assert "fal-kling 0.1.0 → 1.0.0: the version covers these changes." in capsys.readouterr().out


def test_review_lets_additions_through_without_a_bump(project_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _git(project_repo, "tag", "base")
    spec = project_repo / "specs/fal-ai/kling-video/v3/standard/image-to-video.yaml"
    spec.write_text(spec.read_text().replace("    end_image_url:\n", "    seed:\n      type: integer\n    end_image_url:\n"))
    assert main(["--project", str(project_repo), "review", "--base", "base"]) == 0
    assert main(["--project", str(project_repo), "review", "--base", "no-such-rev"]) == 2

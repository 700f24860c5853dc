"""``falgen``: generate a project's package from its specs, check it is fresh, lint specs."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path

from . import __version__
from .errors import FalgenError
from .project import Project
from .source_formats import DEFAULT_TIMEOUT, FORMATS

# The commands' modules are imported when a command runs: a fresh `generate` or `check`
# answers without loading the specs, pydantic or Jinja at all.

EXIT_STALE = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


def _seconds(text: str) -> float:
    """A timeout: a positive, finite number of seconds."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive, finite number of seconds")
    return value


def _count(text: str) -> int:
    """A positive whole number."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: at least 1")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="falgen", description="Generate a typed Python package for fal endpoints from YAML specs."
    )
    parser.add_argument("--version", action="version", version=f"falgen {__version__}")
    parser.add_argument("--project", type=Path, default=Path("."), help="project root (default: current directory)")
    parser.add_argument("--specs", type=Path, help="specs directory (default: PROJECT/specs)")
    # The same two options are accepted after the command too: `falgen sync PAGE --specs DIR`.
    placed_after = argparse.ArgumentParser(add_help=False)
    placed_after.add_argument("--project", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    placed_after.add_argument(
        "--specs", type=Path, default=argparse.SUPPRESS, help="specs directory (default: PROJECT/specs)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    generate = commands.add_parser("generate", parents=[placed_after], help="regenerate the package from the specs")
    generate.add_argument("--output", type=Path, help="output directory (default: PROJECT/generated)")
    generate.add_argument("--no-cache", action="store_true", help="do not reuse formatter and model-generator results")

    check = commands.add_parser(
        "check", parents=[placed_after], help="exit 1 and show the diff when the package is stale"
    )
    check.add_argument("--output", type=Path, help="directory to check (default: PROJECT/generated)")
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="CI mode: render everything from the specs, trusting no cache or stamp (the default whenever CI is set)",
    )

    commands.add_parser("lint", parents=[placed_after], help="report spec errors only")

    crosscheck = commands.add_parser(
        "crosscheck", parents=[placed_after], help="compare the specs with fal's TypeScript endpoint types"
    )
    crosscheck.add_argument(
        "dts",
        type=Path,
        metavar="TYPES",
        help="fal-js's src/types/endpoints.ts, or src/types/endpoints.d.ts from `npm pack @fal-ai/client`",
    )

    sync = commands.add_parser(
        "sync", parents=[placed_after], help="update the specs from fal's sources (local files or http(s) URLs)"
    )
    sync.add_argument(
        "pages",
        nargs="+",
        metavar="SOURCE",
        help=(
            "an MDX reference page, its rendered text, an llms.txt page, an OpenAPI document (or fal's catalogue of"
            " them), or fal's TypeScript types"
        ),
    )
    sync.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    sync.add_argument("--format", choices=FORMATS, help="the source format (default: detected per source)")
    sync.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="GLOB",
        help="sync the endpoints whose ids match (repeatable; default: those of the specs' app)",
    )
    sync.add_argument(
        "--prefer",
        action="append",
        default=[],
        metavar="SOURCE",
        help=(
            "where sources disagree, take this kind of source (typescript, openapi, page) or this source; repeat for an"
            " order"
        ),
    )
    sync.add_argument(
        "--timeout", type=_seconds, default=DEFAULT_TIMEOUT, help="seconds to wait for a URL (default: %(default)g)"
    )

    update = commands.add_parser(
        "update",
        parents=[placed_after],
        help="update the specs from fal's live sources (model list, pages, published types)",
    )
    update.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    update.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="GLOB",
        help="update the endpoints whose ids match (repeatable; default: every endpoint of the specs' app)",
    )
    update.add_argument(
        "--concurrency", type=_count, default=8, metavar="N", help="requests at once (default: %(default)s)"
    )
    update.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        help="seconds to wait for each request (default: %(default)g)",
    )

    diff = commands.add_parser(
        "diff", parents=[placed_after], help="classify the changes between two versions of the specs"
    )
    diff.add_argument("old", nargs="?", metavar="OLD", help="a spec directory or a git revision")
    diff.add_argument("new", nargs="?", metavar="NEW", help="a spec directory or a git revision")
    diff.add_argument("--git", metavar="REV", help="compare the specs at git revision REV with the working tree")
    diff.add_argument(
        "--format", choices=("markdown", "json"), default="markdown", help="output format (default: markdown)"
    )
    diff.add_argument(
        "--fail-on", choices=("breaking", "any"), help="exit 1 when there is a breaking change, or any change"
    )

    review = commands.add_parser(
        "review", parents=[placed_after], help="the spec changes since a revision, and whether the version covers them"
    )
    review.add_argument(
        "--base",
        required=True,
        metavar="REV",
        help="the revision the change starts from (a pull request's base branch)",
    )

    release = commands.add_parser(
        "release", parents=[placed_after], help="bump the package's version from the spec diff since the last release"
    )
    release.add_argument(
        "--since",
        metavar="REV",
        help="the last release: a git revision or spec directory (default: found from generated/)",
    )
    release.add_argument("--dry-run", action="store_true", help="show the bump and changelog entry; write nothing")

    schema = commands.add_parser("schema", parents=[placed_after], help="print an endpoint's JSON Schema")
    schema.add_argument("endpoint_id")
    schema.add_argument("--output", action="store_true", help="print the output schema instead of the input schema")
    return parser


def ci_mode(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether this runs under CI (``CI`` set to anything but empty, ``0`` or ``false``), where
    ``check`` trusts nothing on disk: a cache or stamp there may have been planted or left stale."""
    return environ.get("CI", "").strip().lower() not in ("", "0", "false")


def _run(args: argparse.Namespace) -> int:
    trusting = not getattr(args, "no_cache", False) and not (args.command == "check" and ci_mode())
    project = Project.at(
        args.project,
        specs=args.specs,
        output=getattr(args, "output", None) if args.command in ("generate", "check") else None,
        use_cache=trusting,
    )
    if args.command == "lint":
        api = project.api()
        print(f"{project.specs}: {len(api.endpoints)} endpoints, {len(api.types)} types, no problems")
        return 0
    if args.command == "sync":
        from .sync import sync

        report = sync(
            args.pages,
            project.specs,
            dry_run=args.dry_run,
            page_format=args.format,
            timeout=args.timeout,
            only=args.only,
            prefer=args.prefer,
            app=project.declared_app,
        )
        print("\n".join(report.lines()))
        return 0
    if args.command == "update":
        from .update import update

        result = update(
            project.specs,
            dry_run=args.dry_run,
            only=args.only,
            concurrency=args.concurrency,
            timeout=args.timeout,
            app=project.declared_app,
        )
        print("\n".join(result.lines()))
        return 0
    if args.command == "diff":
        return _diff(args, project)
    if args.command == "release":
        return _release(args, project)
    if args.command == "review":
        from .review import review

        verdict = review(project, args.base)
        sys.stdout.write(verdict.report())
        return 0 if verdict.ok else EXIT_STALE
    if args.command == "crosscheck":
        from .crosscheck import crosscheck

        found = crosscheck(project.api(), args.dts)
        for uncovered in found.uncovered:
            print(f"uncovered: {uncovered}: not in these types (newer than them, or no longer in them)")
        for line in found.narrowings:
            print(f"narrower: {line}")
        for line in found.differences:
            print(f"differs:  {line}")
        print(
            f"{len(found.differences)} differences, {len(found.narrowings)} narrowings, {len(found.uncovered)}"
            " endpoints the types do not cover"
        )
        return EXIT_STALE if found.differences else 0
    if args.command == "schema":
        from .ir.jsonschema import endpoint_schema

        api = project.api()
        try:
            endpoint = api.endpoint(args.endpoint_id)
        except KeyError:
            known = ", ".join(e.id for e in api.endpoints)
            raise FalgenError(f"unknown endpoint '{args.endpoint_id}'; known endpoints: {known}") from None
        model = endpoint.output if args.output else endpoint.input
        print(json.dumps(endpoint_schema(endpoint, model, api), indent=2, ensure_ascii=False))
        return 0
    return _generate_or_check(args.command, project)


def _generate_or_check(command: str, project: Project) -> int:
    from .building import check, generate

    if command == "generate":
        print(generate(project))
        return 0
    checked = check(project)
    if not checked.fresh:
        sys.stdout.write(checked.diff)
        print(
            f"{project.output} is stale; run `falgen generate` (or `make generate`) and commit the result",
            file=sys.stderr,
        )
        return EXIT_STALE
    print(f"{project.output} is up to date")
    return 0


def _diff(args: argparse.Namespace, project: Project) -> int:
    from .diff import as_json, diff_specs, load_spec_set, markdown

    if args.git is not None:
        if args.new is not None:
            raise FalgenError("falgen diff: give --git REV alone (it compares with the working tree), or OLD and NEW")
        old, new = args.git, args.old if args.old is not None else str(project.specs)
    elif args.old is None or args.new is None:
        raise FalgenError("falgen diff: give two spec directories or git revisions (OLD NEW), or --git REV")
    else:
        old, new = args.old, args.new
    with ExitStack() as stack:
        before = load_spec_set(old, specs=project.specs, stack=stack)
        after = load_spec_set(new, specs=project.specs, stack=stack)
    changes = diff_specs(before, after)
    sys.stdout.write(
        as_json(changes) if args.format == "json" else markdown(changes, title=f"Spec changes from {old} to {new}")
    )
    failing = (
        changes if args.fail_on == "any" else [c for c in changes if c.severity == "breaking"] if args.fail_on else []
    )
    return EXIT_STALE if failing else 0


def _release(args: argparse.Namespace, project: Project) -> int:
    from .diff.report import summary
    from .release import apply_release, plan_release

    release = plan_release(project, since=args.since)
    if release.version is None:
        print(
            f"{project.target.distribution} {release.current}: no spec changes since {release.baseline}; nothing to"
            " release"
        )
        return 0
    counts = summary(release.changes)
    print(
        f"{project.target.distribution} {release.current} → {release.version} ({release.bump}: {counts} since"
        f" {release.baseline})\n"
    )
    print(release.entry)
    if args.dry_run:
        print("dry run: nothing written")
        return 0
    apply_release(project, release)
    print(
        f"wrote the version to pyproject.toml and {project.output / 'pyproject.toml'}; the entry to"
        f" {project.changelog.name} and {project.output / 'CHANGELOG.md'}"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _run(_parser().parse_args(argv))
    except FalgenError as error:
        print(error, file=sys.stderr)
        return EXIT_ERROR
    except OSError as error:  # the machine's refusal, not the user's input: permissions, a full disk
        where = f"{error.filename}: " if error.filename else ""
        print(f"{where}{error.strerror or error}; nothing was written", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    raise SystemExit(main())

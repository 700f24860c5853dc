"""[tool.falgen] names the package a project generates: every name is a setting, derived
from the app where it is left out, refused with one line where it cannot be a name."""

from __future__ import annotations

from pathlib import Path

import pytest

from falgen.cli import main
from falgen.errors import FalgenError
from falgen.project import Project
from falgen.target import Target

from ..conftest import GOLDEN, ROOT, scratch_project, tree


def test_a_project_naming_no_app_is_fal_kling() -> None:
    assert Target.from_settings({}, "pyproject.toml") == Target()
    assert Project.at(ROOT).target == Target()
    assert (Target().distribution, Target().import_name, Target().client, Target().tag_of("1.2.3")) == (
        "fal-kling", "fal_kling", "Kling", "fal-kling-v1.2.3"
    )


def test_every_name_is_derived_from_the_app() -> None:
    target = Target.from_settings({"app": "fal-ai/kling-image"}, "pyproject.toml")
    assert (target.distribution, target.import_name, target.client, target.error_prefix) == ("fal-kling-image", "fal_kling_image", "KlingImage", "KlingImage")
    assert (target.instance, target.env_prefix, target.tag_of("0.2.0"), target.changelog) == (
        "kling_image", "FAL_KLING_IMAGE_", "fal-kling-image-v0.2.0", "fal-kling-image-changelog.md"
    )
    assert target.description == "fal's kling-image endpoints"
    assert Target.from_settings({"app": "fal-ai/2d-motion"}, "p").client == "Fal2dMotion"


def test_a_setting_given_wins_over_the_derived_one() -> None:
    target = Target.from_settings({"app": "fal-ai/kling-image", "client": "Images", "error-prefix": "Image", "tag": "images/{version}"}, "p")
    assert (target.client, target.error_prefix, target.distribution, target.tag_of("1.0.0")) == ("Images", "Image", "fal-kling-image", "images/1.0.0")


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("app", "kling-image", "app = 'kling-image' is not an app id: two lowercase segments, like fal-ai/kling-video"),
        ("distribution", "Fal_Kling", "distribution = 'Fal_Kling' is not a distribution name: lowercase letters and digits joined by '-'"),
        ("import-name", "fal-kling", "import-name = 'fal-kling' is not a Python module name: lowercase letters, digits and '_'"),
        ("import-name", "class", "import-name = 'class' is a Python keyword"),
        ("client", "kling", "client = 'kling' is not a class name in PascalCase"),
        ("error-prefix", "Kling Error", "error-prefix = 'Kling Error' is not a class-name prefix in PascalCase"),
        ("changelog", "../CHANGES.md", "changelog = '../CHANGES.md' is not a Markdown file name in the project's root, like fal-kling-changelog.md"),
        ("tag", "v1", "tag = 'v1' must hold '{version}' once, with letters, digits, '.', '_', '-' or '/' around it"),
        ("tag", "v{version} $(rm -rf ~)", "tag = 'v{version} $(rm -rf ~)' must hold '{version}' once, with letters, digits, '.', '_', '-' or '/' around it"),
        ("description", "two\nlines", "description must be one line of text"),
        ("client", 3, "client must be a string"),
    ],
)
def test_a_setting_that_cannot_name_its_thing_is_refused_in_one_line_writing_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str, value: object, message: str
) -> None:
    project = scratch_project(tmp_path / "project", GOLDEN)
    toml = f"{value!r}".replace("'", '"') if isinstance(value, str) else str(value)
    toml = '"""' + str(value) + '"""' if isinstance(value, str) and "\n" in value else toml
    (project / "pyproject.toml").write_text(f'[tool.falgen]\napp = "fal-ai/golden"\n{key} = {toml}\n' if key != "app" else f"[tool.falgen]\napp = {toml}\n")
    before = tree(project)
    assert main(["--project", str(project), "generate"]) == 2
    assert capsys.readouterr().err.strip() == f"{project / 'pyproject.toml'}: [tool.falgen] {message}"
    assert tree(project) == before


@pytest.mark.parametrize(("folder", "why"), [("../elsewhere", "must be a folder inside the project"), ("missing", ": no such folder")])
def test_a_templates_folder_outside_the_project_or_missing_is_refused(tmp_path: Path, folder: str, why: str) -> None:
    (tmp_path / "elsewhere").mkdir()
    project = scratch_project(tmp_path / "project", GOLDEN)
    (project / "pyproject.toml").write_text(f'[tool.falgen]\napp = "fal-ai/golden"\ntemplates = "{folder}"\n')
    with pytest.raises(FalgenError, match=f"templates = '{folder}'" + (" " if why.startswith("must") else "") + why.lstrip()):
        Project.at(project).templates


def test_the_rename_touches_the_packages_names_and_nothing_else() -> None:
    source = (
        'from fal_kling import AsyncKling, Kling, KlingModel, KlingError, KlingFileError\n'
        'kling = Kling(download_hosts=hosts)  # or FAL_KLING_DOWNLOAD_HOSTS; `pip install fal-kling`\n'
        'handle.fal_kling_deadline = "fal-ai/kling-video/v3/pro/text-to-video"  # kling.v3.pro\n'
    )
    assert Target().rename(source) == source
    renamed = Target.from_settings({"app": "fal-ai/kling-image"}, "p").rename(source)
    assert renamed == (
        'from fal_kling_image import AsyncKlingImage, KlingImage, KlingImageModel, KlingImageError, KlingImageFileError\n'
        'kling_image = KlingImage(download_hosts=hosts)  # or FAL_KLING_IMAGE_DOWNLOAD_HOSTS; `pip install fal-kling-image`\n'
        'handle.fal_kling_deadline = "fal-ai/kling-video/v3/pro/text-to-video"  # kling_image.v3.pro\n'
    )


def test_a_changed_name_regenerates_every_file_that_carries_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The names are in the inputs digest and the endpoint cache keys: no stamp or cache
    entry made under the old names is taken for the new ones."""
    project = scratch_project(tmp_path / "project", GOLDEN)
    assert main(["--project", str(project), "generate"]) == 0
    settings = project / "pyproject.toml"
    settings.write_text(settings.read_text() + 'client = "Gold"\nerror-prefix = "Gold"\n')
    assert main(["--project", str(project), "generate"]) == 0
    assert "up to date" not in capsys.readouterr().out
    client = (project / "generated/fal_golden/client.py").read_text()
    assert "class Gold:" in client and "class AsyncGold:" in client
    endpoint = (project / "generated/fal_golden/endpoints/v2_pro_text_to_video.py").read_text()
    assert "GoldValidationError" in endpoint and "GoldenValidationError" not in endpoint
    assert main(["--project", str(project), "check", "--no-cache"]) == 0

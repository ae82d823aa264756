"""`init`, `new` and `schema`: new files that validate, and nothing ever overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_init_writes_a_repository_that_validates(tmp_path: Path) -> None:
    target = tmp_path / "cx"
    code, output = run("init", str(target))
    assert code == 0, output
    written = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert written == [
        ".github/workflows/journeys.yml",
        ".gitignore",
        "journeys/first-purchase.yaml",
        "journeys/personas/customer.yaml",
        "journeys/site.yaml",
    ]
    assert (target / ".gitignore").read_text() == "output/\n"
    code, output = run("validate", str(target / "journeys"), "--strict")
    assert code == 0, output


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    code, output = run("init", str(tmp_path))
    assert code == 1
    assert output == (f"Error: {tmp_path} is not empty; init writes only into an empty folder\n")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_init_refuses_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("afile").write_text("mine")
    code, output = run("init", "afile")
    assert (code, output) == (
        1,
        "Error: afile is a file; init writes only into a new or empty folder\n",
    )
    assert Path("afile").read_text() == "mine"


def test_what_cannot_be_written_is_not_half_written(tmp_path: Path) -> None:
    from generator.interop.write import CannotWrite, write_new

    (tmp_path / "blocker").write_text("a file where a folder should be")
    files = {
        tmp_path / "new/deep/a.yaml": "title: A\n",
        tmp_path / "blocker/b.yaml": "title: B\n",
    }
    with pytest.raises(CannotWrite, match=r"^cannot write to .*blocker/b\.yaml: not a directory"):
        write_new(files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]  # folders taken back too


def test_new_journey_and_persona(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    run("init", "repo")
    monkeypatch.chdir(tmp_path / "repo")
    code, output = run("new", "persona", "giulia")
    assert (code, output) == (0, "created journeys/personas/giulia.yaml\n")
    code, output = run(
        "new", "journey", "b2b/rinnovo", "--persona", "giulia", "--stages", "Scoperta, Già cliente"
    )
    assert (code, output) == (0, "created journeys/b2b/rinnovo.yaml\n")
    text = Path("journeys/b2b/rinnovo.yaml").read_text(encoding="utf-8")
    assert 'title: "Rinnovo"' in text
    assert "persona: [giulia]" in text
    assert '- name: "Già cliente"' in text
    code, output = run("validate", "--strict")
    assert code == 0, output


def test_new_never_overwrites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    run("init", "repo")
    monkeypatch.chdir(tmp_path / "repo")
    path = Path("journeys/personas/customer.yaml")
    before = path.read_bytes()
    code, output = run("new", "persona", "customer")
    assert code == 1
    assert output == "Error: journeys/personas/customer.yaml exists already; nothing was written\n"
    assert path.read_bytes() == before


def test_new_journey_checks_its_persona_and_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run("init", "repo")
    monkeypatch.chdir(tmp_path / "repo")
    code, output = run("new", "journey", "x", "--persona", "custmer")
    assert code == 1
    assert output == (
        "Error: unknown persona 'custmer' (did you mean 'customer'?); "
        "create it with 'journeymap new persona custmer'\n"
    )
    code, _ = run("new", "journey", "Bad Id")
    assert code == 2
    assert not Path("journeys/x.yaml").exists()


REFUSED = {
    ("journey", "personas/x"): "'personas/x' is in personas/, which holds personas, not "
    "journeys: for a persona run 'journeymap new persona x'; for a journey choose another folder",
    ("journey", "site"): "'site' would be journeys/site.yaml, the site's settings; "
    "choose another id",
    ("journey", "b2b/_bozza"): "'b2b/_bozza': files and folders whose name starts with '_' "
    "are ignored, so the journey would never be read; choose another id",
    ("journey", "vecchio"): "journey id 'vecchio' is taken already by journeys/vecchio.yml",
    ("persona", "_io"): "'_io': files and folders whose name starts with '_' are ignored, "
    "so the persona would never be read; choose another id",
}


@pytest.mark.parametrize("kind_and_id", list(REFUSED), ids=[i for _, i in REFUSED])
def test_new_refuses_what_the_root_would_not_read_as_asked(
    kind_and_id: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run("init", "repo")
    monkeypatch.chdir(tmp_path / "repo")
    Path("journeys/vecchio.yml").write_text("title: V\nstages: [{name: S}]\n", encoding="utf-8")
    before = sorted(p.as_posix() for p in Path("journeys").rglob("*"))
    code, output = run("new", *kind_and_id)
    assert (code, output) == (1, f"Error: {REFUSED[kind_and_id]}\n")
    assert sorted(p.as_posix() for p in Path("journeys").rglob("*")) == before
    code, output = run("validate")
    assert code == 0, output


@pytest.mark.parametrize("kind", ["journey", "persona", "site"])
def test_schema(kind: str) -> None:
    code, output = run("schema", kind)
    assert code == 0
    schema = json.loads(output)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False


def test_journey_schema_describes_fields() -> None:
    schema = json.loads(run("schema", "journey")[1])
    assert schema["required"] == ["title", "stages"]
    step = schema["$defs"]["Step"]["properties"]
    assert step["emotion"]["description"].startswith("A number on the site's emotion scale")
    assert schema["properties"]["persona"]["anyOf"][0] == {"type": "string"}


def test_example_journeys_match_the_schema() -> None:
    import jsonschema
    import yaml

    schemas = {kind: json.loads(run("schema", kind)[1]) for kind in _FOLDER_KINDS.values()}
    root = Path(__file__).parent.parent / "journeys"
    for path in sorted(root.rglob("*.yaml")):
        folder = path.relative_to(root).parts[0]
        if path.name == "site.yaml" or folder == "personas":
            continue
        data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
        jsonschema.validate(data, schemas[_FOLDER_KINDS.get(folder, "journey")])


_FOLDER_KINDS = {"opportunities": "opportunity", "research": "research", "": "journey"}

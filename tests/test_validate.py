"""Every rule of FORMAT.md's "What makes a file invalid", each at its exact place."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import WriteRoot

SITE = """
    emotion_scale: [-2, 2]
    custom_lanes:
      kpi: {label: KPI}
    departments:
      marketing: {label: Marketing, color: "#2b6cb0"}
      sales: {label: Vendite}
"""
MARCO = "name: Marco\nrole: Responsabile IT\n"
GIULIA = "name: Giulia\n"

VALID_JOURNEY = """
    title: Primo acquisto
    persona: [marco, giulia]
    reviewed: 2026-10-01
    stages:
      - name: Consapevolezza
        steps:
          - title: Legge una recensione
            emotion: {marco: 1, giulia: -1}
            channel: web
            owner: marketing
            custom: {kpi: Tempo di risposta}
          - title: Legge una recensione
            emotion: 0
      - name: Considerazione
        steps: []
"""


def validate(root: Path, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["validate", str(root), *args])
    return result.exit_code, result.output.splitlines()


@pytest.fixture
def root(write_root: WriteRoot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WriteRoot:
    monkeypatch.chdir(tmp_path)

    def write(files: dict[str, str | bytes]) -> Path:
        base = {
            "site.yaml": SITE,
            "personas/marco.yaml": MARCO,
            "personas/giulia.yaml": GIULIA,
            "uses-personas.yaml": VALID_JOURNEY,
        }
        return write_root({**base, **files})

    return write


def test_valid_root_passes(root: WriteRoot) -> None:
    code, lines = validate(root({"b2b/primo.yaml": VALID_JOURNEY}))
    assert lines == ["0 errors, 0 warnings in 5 files"]
    assert code == 0


def test_example_content_root_passes() -> None:
    journeys = Path(__file__).parent.parent / "journeys"
    code, lines = validate(journeys)
    assert code == 0, lines
    assert lines[-1].startswith("0 errors")


CASES: dict[str, tuple[dict[str, str | bytes], list[str]]] = {
    "yaml that does not parse": (
        {"a.yaml": 'title: "unclosed\nstages: []\n'},
        [
            "journeys/a.yaml:1:8: error: invalid YAML: this quoted text is never closed "
            "(the file ends at line 3)"
        ],
    ),
    "bad indentation": (
        {"a.yaml": "title: A\nstages:\n  - name: S\n   steps: []\n"},
        ["journeys/a.yaml:4:4: error: invalid YAML: ..."],
    ),
    "a key given twice": (
        {"a.yaml": "title: A\nstages:\n  - name: S\n    name: T\n"},
        ["journeys/a.yaml:4:5: error: key 'name' is given twice (first at line 3); keep one"],
    ),
    "an unknown key": (
        {
            "a.yaml": "title: A\nstages:\n  - name: S\n    steps:\n      - title: T\n"
            "        emtion: 1\n"
        },
        ["journeys/a.yaml:6:9: error: unknown key 'emtion' (did you mean 'emotion'?)"],
    ),
    "an unknown key with nothing close": (
        {"a.yaml": "title: A\nzzz: 1\nstages: [{name: S}]\n"},
        ["journeys/a.yaml:2:1: error: unknown key 'zzz'"],
    ),
    "a value of the wrong type": (
        {"a.yaml": "title: A\ncircular: maybe\nstages: [{name: S}]\n"},
        ["journeys/a.yaml:2:11: error: circular: expected true or false, got 'maybe'"],
    ),
    "a list where text is expected": (
        {"a.yaml": "title: [A, B]\nstages: [{name: S}]\n"},
        ["journeys/a.yaml:1:8: error: title: expected text, got a list"],
    ),
    "a word YAML reads as a boolean where text is expected": (
        {"a.yaml": "title: yes\nstages: [{name: Sì}]\n"},
        [
            "journeys/a.yaml:1:8: error: title: expected text, got a boolean (yes); "
            'to keep it as text, write it in quotes: "yes"'
        ],
    ),
    "an emotion in quotes": (
        {"a.yaml": "title: A\nstages: [{name: S, steps: [{title: T, emotion: '-1'}]}]\n"},
        [
            "journeys/a.yaml:2:48: error: stages[0].steps[0].emotion (S > T): expected a number, "
            "got text ('-1'); write it without quotes"
        ],
    ),
    "a state that is not one of the values": (
        {"a.yaml": "title: A\nstate: futur\nstages: [{name: S}]\n"},
        [
            "journeys/a.yaml:2:8: error: state: expected 'current' or 'future', got 'futur' "
            "(did you mean 'future'?)"
        ],
    ),
    "a missing required key": (
        {"a.yaml": "stages:\n  - steps: []\n"},
        [
            "journeys/a.yaml:1:1: error: missing required key 'title'",
            "journeys/a.yaml:2:5: error: stages[0]: missing required key 'name'",
        ],
    ),
    "a step without title": (
        {"a.yaml": "title: A\nstages:\n  - name: S\n    steps:\n      - doing: x\n"},
        ["journeys/a.yaml:5:9: error: stages[0].steps[0] (S): missing required key 'title'"],
    ),
    "no stages": (
        {"a.yaml": "title: A\nstages: []\n"},
        ["journeys/a.yaml:2:9: error: stages: needs at least one item, got none"],
    ),
    "an emotion outside the scale": (
        {
            "a.yaml": "title: A\nstages:\n  - name: S\n    steps:\n      - title: T\n"
            "        emotion: 7\n"
        },
        [
            "journeys/a.yaml:6:18: error: stages[0].steps[0].emotion (S > T): "
            "7 is outside the scale -2..2"
        ],
    ),
    "emotions that are no figures": (
        {
            "a.yaml": "title: A\npersona: marco\nstages:\n  - name: S\n    steps:\n"
            "      - title: T\n        emotion: .nan\n"
            "      - title: U\n        emotion: {marco: 1.0e+999}\n"
        },
        [
            "journeys/a.yaml:7:18: error: stages[0].steps[0].emotion (S > T): expected a finite "
            "number, "
            "got .nan",
            "journeys/a.yaml:9:26: error: stages[0].steps[1].emotion.marco (S > U): expected a "
            "finite "
            "number, got 1.0e+999",
        ],
    ),
    "a metric that is no figure": (
        {
            "a.yaml": "title: A\nstages:\n  - name: S\n    steps:\n      - title: T\n"
            "        metrics: {drop_off: .inf}\n"
        },
        [
            "journeys/a.yaml:6:29: error: stages[0].steps[0].metrics.drop_off (S > T): expected a "
            "finite number, got .inf"
        ],
    ),
    "an emotion scale without end": (
        {"site.yaml": "emotion_scale: [-.inf, 2]\n"},
        [
            "journeys/site.yaml:1:16: error: emotion_scale: expected [min, max], two numbers "
            "with min below max, like [-2, 2]"
        ],
    ),
    "a per-persona emotion outside the scale": (
        {
            "a.yaml": "title: A\npersona: marco\nstages:\n  - name: S\n    steps:\n"
            "      - title: T\n        emotion: {marco: -3}\n"
        },
        [
            "journeys/a.yaml:7:26: error: stages[0].steps[0].emotion.marco (S > T): "
            "-3 is outside the scale -2..2"
        ],
    ),
    "an emotion that is not a number": (
        {
            "a.yaml": "title: A\nstages:\n  - name: S\n    steps:\n      - title: T\n"
            "        emotion: happy\n"
        },
        [
            "journeys/a.yaml:6:18: error: stages[0].steps[0].emotion (S > T): expected a number, "
            "or a number per persona like {marco: 1, giulia: -1}; got text"
        ],
    ),
    "a persona that does not resolve": (
        {"a.yaml": "title: A\npersona: marko\nstages: [{name: S}]\n"},
        [
            "journeys/a.yaml:2:10: error: persona[0]: unknown persona 'marko' "
            "(did you mean 'marco'?); declare it in personas/",
        ],
    ),
    "a channel that does not resolve": (
        {
            "a.yaml": "title: A\nstages:\n  - name: S\n    steps:\n      - title: T\n"
            "        channel: telefono\n"
        },
        [
            "journeys/a.yaml:6:18: error: stages[0].steps[0].channel (S > T): unknown channel "
            "'telefono'; declare it in site.yaml channels"
        ],
    ),
    "an owner that does not resolve": (
        {
            "a.yaml": "title: A\nstages:\n  - name: S\n    steps:\n      - title: T\n"
            "        owner: marketin\n"
        },
        [
            "journeys/a.yaml:6:16: error: stages[0].steps[0].owner (S > T): unknown department "
            "'marketin' (did you mean 'marketing'?); declare it in site.yaml departments"
        ],
    ),
    "an actor that does not resolve": (
        {
            "a.yaml": "title: A\nstages:\n  - name: S\n    steps:\n      - title: T\n"
            "        actors: [marco, luca]\n"
        },
        [
            "journeys/a.yaml:6:25: error: stages[0].steps[0].actors[1] (S > T): unknown persona "
            "'luca'; declare it in personas/"
        ],
    ),
    "a per-persona emotion for an unknown persona": (
        {
            "a.yaml": "title: A\nstages:\n  - name: S\n    steps:\n      - title: T\n"
            "        emotion: {giula: 1}\n"
        },
        [
            "journeys/a.yaml:6:19: error: stages[0].steps[0].emotion.giula (S > T): unknown "
            "persona "
            "'giula' (did you mean 'giulia'?); declare it in personas/"
        ],
    ),
    "a custom lane that does not resolve": (
        {
            "a.yaml": "title: A\nstages:\n  - name: S\n    steps:\n      - title: T\n"
            "        custom: {kpis: veloce}\n"
        },
        [
            "journeys/a.yaml:6:18: error: stages[0].steps[0].custom.kpis (S > T): unknown custom "
            "lane "
            "'kpis' (did you mean 'kpi'?); declare it in site.yaml custom_lanes"
        ],
    ),
    "a lane that does not resolve": (
        {"a.yaml": "title: A\nlanes: [doing, feelings]\nstages: [{name: S}]\n"},
        [
            "journeys/a.yaml:2:16: error: lanes[1]: unknown lane 'feelings' "
            "(did you mean 'feeling'?); declare it in site.yaml custom_lanes"
        ],
    ),
    "compare_to that does not resolve": (
        {
            "a.yaml": "title: A\ncompare_to: b/futur\nstages: [{name: S}]\n",
            "b/future.yaml": "title: B\nstages: [{name: S}]\n",
        },
        [
            "journeys/a.yaml:2:13: error: compare_to: unknown journey 'b/futur' "
            "(did you mean 'b/future'?)"
        ],
    ),
    "compare_to itself": (
        {"a.yaml": "title: A\ncompare_to: a\nstages: [{name: S}]\n"},
        ["journeys/a.yaml:2:13: error: compare_to: a journey cannot be compared to itself"],
    ),
    "two journeys with the same id": (
        {
            "a.yaml": "title: A\nstages: [{name: S}]\n",
            "b.yaml": "id: a\ntitle: B\nstages: [{name: S}]\n",
        },
        ["journeys/b.yaml:1:5: error: journey id 'a' is taken already by journeys/a.yaml"],
    ),
    "a written id that is another journey's path": (
        {
            "a.yaml": "# read before b2b/\ntitle: A\nid: b2b/x\nstages: [{name: S}]\n",
            "b2b/x.yaml": "title: X\nstages: [{name: S}]\n",
        },
        [
            "journeys/a.yaml:3:5: error: journey id 'b2b/x' is the id of journeys/b2b/x.yaml, "
            "from its path; choose another"
        ],
    ),
    "two files whose paths give the same id": (
        {
            "a.yaml": "title: A\nstages: [{name: S}]\n",
            "a.yml": "# the same journey, saved twice\ntitle: A\nstages: [{name: S}]\n",
        },
        [
            "journeys/a.yml:1:1: error: journey id 'a' comes from the file's path and is taken "
            "already by journeys/a.yaml; rename one of them, or set id:"
        ],
    ),
    "two stages with the same written id": (
        {"a.yaml": "title: A\nstages:\n  - {name: S, id: s}\n  - {name: T, id: s}\n"},
        [
            "journeys/a.yaml:4:19: error: stages[1].id (T): id 's' is used twice in this journey "
            "(first at line 3)"
        ],
    ),
    "two steps with the same written id, across stages": (
        {
            "a.yaml": "title: A\nstages:\n  - name: S\n    steps: [{title: T, id: t}]\n"
            "  - name: U\n    steps: [{title: V, id: t}]\n"
        },
        [
            "journeys/a.yaml:6:28: error: stages[1].steps[0].id (U > V): id 't' is used twice in "
            "this "
            "journey (first at line 4)"
        ],
    ),
    "an id that is not a slug": (
        {"a.yaml": "title: A\nstages:\n  - {name: S, id: Fase Uno}\n"},
        [
            "journeys/a.yaml:3:19: error: stages[0].id (S): 'Fase Uno' is not a valid id: use "
            "lowercase letters a-z, digits, - and _"
        ],
    ),
    "a file name that cannot be an id": (
        {"Primo Acquisto.yaml": "title: A\nstages: [{name: S}]\n"},
        [
            "journeys/Primo Acquisto.yaml:1:1: error: journey id 'Primo Acquisto' comes from "
            "the file's path and is not lowercase a-z, 0-9, - and _; rename the file, or set id:"
        ],
    ),
    "a photo outside the content root": (
        {
            "personas/luca.yaml": "name: Luca\nphoto: ../../secret.jpg\n",
            "a.yaml": "title: A\npersona: [marco, giulia, luca]\nstages: [{name: S}]\n",
        },
        [
            "journeys/personas/luca.yaml:2:8: error: photo: '../../secret.jpg' is outside the "
            "content root"
        ],
    ),
    "a photo that does not exist": (
        {
            "personas/luca.yaml": "name: Luca\nphoto: ../images/luca.jpg\n",
            "a.yaml": "title: A\npersona: [marco, giulia, luca]\nstages: [{name: S}]\n",
        },
        ["journeys/personas/luca.yaml:2:8: error: photo: '../images/luca.jpg' does not exist"],
    ),
    "a colour that is not a colour": (
        {"site.yaml": "departments:\n  sales: {label: Sales, color: 'red;x:url(a)'}\n"},
        [
            "journeys/site.yaml:2:32: error: departments.sales.color: expected a colour like "
            "\"#2b6cb0\", got 'red;x:url(a)'"
        ],
    ),
    "a paper size that is not one": (
        {"site.yaml": "pdf: {paper: A9}\n"},
        [
            "journeys/site.yaml:1:14: error: pdf.paper: expected a paper size (A4, A3, A2, A1, "
            "A0, letter, tabloid) or WIDTHxHEIGHT in mm like 841x594, got 'A9'"
        ],
    ),
    **{
        f"base_url {name}": (
            {"site.yaml": f"title: Viaggi è\nbase_url: {written}\n"},
            [f"journeys/site.yaml:2:11: error: base_url: {message}"],
        )
        for name, written, message in [
            (
                "with a backslash",
                "'/\\evil.example/'",
                "a backslash (\\) is not part of an address: write a path like /journeys/ "
                "or a URL like https://cx.example.org/journeys/",
            ),
            (
                "with a backslash in a URL's path",
                "'https://cx.example.org/\\evil.example/'",
                "a backslash (\\) is not part of an address: write a path like /journeys/ "
                "or a URL like https://cx.example.org/journeys/",
            ),
            (
                "that names another host without a scheme",
                "//evil.example/",
                "'//evil.example/' starts with //, which names a host: write a path like "
                "/journeys/ or a URL like https://cx.example.org/journeys/",
            ),
            (
                "of a script",
                "'javascript:alert(1)'",
                "'javascript:alert(1)' is not an http or https address: write a path like "
                "/journeys/ or a URL like https://cx.example.org/journeys/",
            ),
            (
                "of a file",
                "'file:///srv/viaggi/'",
                "'file:///srv/viaggi/' is not an http or https address: write a path like "
                "/journeys/ or a URL like https://cx.example.org/journeys/",
            ),
            (
                "without a host",
                "'https:/journeys/'",
                "'https:/journeys/' names no host: write a path like /journeys/ or a URL like "
                "https://cx.example.org/journeys/",
            ),
            (
                "with a space",
                "'/viaggi e mappe/'",
                "a space or a control character is not part of an address: write a path like "
                "/journeys/ or a URL like https://cx.example.org/journeys/",
            ),
        ]
    },
    "an emotion scale upside down": (
        {"site.yaml": "emotion_scale: [2, -2]\n"},
        [
            "journeys/site.yaml:1:16: error: emotion_scale: expected [min, max], two numbers "
            "with min below max, like [-2, 2]"
        ],
    ),
    "a metric that is not a figure": (
        {
            "a.yaml": "title: A\nstages:\n  - name: S\n    steps:\n      - title: T\n"
            "        metrics: {drop_off: tanti}\n"
        },
        [
            "journeys/a.yaml:6:29: error: stages[0].steps[0].metrics.drop_off (S > T): expected a "
            "number or a percentage like 35%, got 'tanti'"
        ],
    ),
    "a date that is not one": (
        {"a.yaml": "title: A\nreviewed: 2026-13-45\nstages: [{name: S}]\n"},
        [
            "journeys/a.yaml:2:11: error: '2026-13-45' cannot be read: month must be in 1..12; "
            'write a real date as YYYY-MM-DD, or "2026-13-45" in quotes for text'
        ],
    ),
    "an empty file": (
        {"a.yaml": ""},
        ["journeys/a.yaml:1:1: error: empty file: write at least the required keys"],
    ),
    "a top level that is a list": (
        {"a.yaml": "- title: A\n"},
        ["journeys/a.yaml:1:1: error: expected a mapping of keys at the top level, got a list"],
    ),
    "two documents in one file": (
        {"a.yaml": "title: A\nstages: [{name: S}]\n---\ntitle: B\n"},
        ["journeys/a.yaml:3:1: error: more than one YAML document (---) in one file; keep one"],
    ),
    "bytes that are not UTF-8": (
        {"a.yaml": "title: Perché\nstages: [{name: S}]\n".encode("latin-1")},
        [
            "journeys/a.yaml:1:13: error: not UTF-8 text: byte 0xe9 cannot be read; "
            "save the file as UTF-8"
        ],
    ),
    "a binary file": (
        {"a.yaml": b"\x89PNG\r\n\x1a\n\x00\x00"},
        ["journeys/a.yaml:1:1: error: binary file, not YAML text"],
    ),
    "a tag that is not data": (
        {"a.yaml": "title: !!python/object/apply:os.system [ls]\nstages: [{name: S}]\n"},
        [
            "journeys/a.yaml:1:8: error: unsupported YAML tag "
            "'tag:yaml.org,2002:python/object/apply:os.system': write plain text instead"
        ],
    ),
    "nesting too deep": (
        {"a.yaml": "title: A\nstages: [{name: S}]\ntags: " + "[" * 150 + "]" * 150 + "\n"},
        ["journeys/a.yaml:3:106: error: nested deeper than 100 levels; flatten the document"],
    ),
    "nesting deep enough to crash the YAML composer": (
        {"a.yaml": "title: A\nstages:\n" + "- " * 200_000 + "x\n"},
        ["journeys/a.yaml:3:199: error: nested deeper than 100 levels; flatten the document"],
    ),
    # libyaml 0.2.6 (PyYAML 6.0.4) refuses 1,000 levels with its own message: ours comes first
    "nesting past the YAML parser's own limit": (
        {"a.yaml": "title: A\nstages: [{name: S}]\ntags: " + "[" * 1500 + "]" * 1500 + "\n"},
        ["journeys/a.yaml:3:106: error: nested deeper than 100 levels; flatten the document"],
    ),
    "a journey with a million steps": (
        {
            "a.yaml": "title: A\nstages:\n  - name: S\n    steps: ["
            + "{title: x}," * 1_000_000
            + "]\n"
        },
        ["journeys/a.yaml:1:1: error: file is 10.5 MB, over the 5 MB limit; split it"],
    ),
    "a journey with more steps than a map can show": (
        {"a.yaml": "title: A\nstages:\n  - name: S\n    steps: [" + "{title: x}," * 501 + "]\n"},
        [
            "journeys/a.yaml:3:3: error: stages: 501 steps in one journey, more than a map can "
            "show (500); split it into several journeys"
        ],
    ),
    "an alias bomb": (
        {
            "a.yaml": "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
                for i in range(7)
            )
        },
        [
            "journeys/a.yaml:5:1: error: the document expands too much through YAML aliases "
            "(&anchor / *alias); write the values out or reuse fewer of them"
        ],
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_invalid_file(root: WriteRoot, case: str) -> None:
    files, expected = CASES[case]
    code, lines = validate(root(files))
    errors = [line for line in lines if ": error: " in line]
    # libyaml's own wording is not ours to pin (NOTES.md): the place and our prefix are
    errors = [
        error[: len(want) - 3] + "..." if want.endswith("...") else error
        for error, want in zip(errors, expected, strict=False)
    ] + errors[len(expected) :]
    assert errors == expected
    assert code == 1


def test_file_too_large(root: WriteRoot) -> None:
    big = "title: A\nstages: [{name: S}]\n" + "# " + "x" * (5 * 1024 * 1024) + "\n"
    code, lines = validate(root({"a.yaml": big}))
    assert "journeys/a.yaml:1:1: error: file is 5.0 MB, over the 5 MB limit; split it" in lines
    assert code == 1


def test_a_bom_is_accepted(root: WriteRoot) -> None:
    code, lines = validate(root({"a.yaml": "\ufefftitle: Perché\nstages: [{name: Fase}]\n"}))
    assert code == 0, lines


def test_every_problem_of_every_file_in_one_run(root: WriteRoot) -> None:
    code, lines = validate(
        root(
            {
                "a.yaml": "title: A\nstat: x\nstages: [{name: S}]\n",
                "b.yaml": "title: B\nstages:\n  - name: S\n    steps: [{title: T, emotion: 9}]\n",
                "c.yaml": "title: C\ncompare_to: zz\nstages: [{name: S}]\n",
            }
        )
    )
    assert code == 1
    assert lines[-1] == "3 errors, 0 warnings in 7 files"
    assert [line.split(":")[0] for line in lines[:-1] if "error" in line] == [
        "journeys/a.yaml",
        "journeys/b.yaml",
        "journeys/c.yaml",
    ]


# -- warnings --------------------------------------------------------------


def test_warnings_and_strict(root: WriteRoot) -> None:
    journey = """
        title: A
        persona: marco
        stages:
          - name: S
            steps:
              - title: Con emozione
                emotion: 1
                expectation: Un prezzo chiaro
              - title: Senza emozione
                reality: Un modulo da compilare
    """
    path = root({"a.yaml": journey, "site.yaml": textwrap.dedent(SITE) + "stale_after_days: 30\n"})
    code, lines = validate(path)
    assert lines == [
        "journeys/a.yaml:1:8: warning: journey 'a' has no reviewed date; the site flags maps "
        "not reviewed in 30 days",
        "journeys/a.yaml:8:22: warning: stages[0].steps[0].expectation (S > Con emozione): "
        "expectation without "
        "reality: together they show a gap",
        "journeys/a.yaml:9:9: warning: stages[0].steps[1] (S > Senza emozione): step 'Senza "
        "emozione' has no "
        "emotion, while other steps of this journey have one",
        "journeys/a.yaml:10:18: warning: stages[0].steps[1].reality (S > Senza emozione): reality "
        "without "
        "expectation: together they show a gap",
        "journeys/uses-personas.yaml:3:11: warning: reviewed: journey 'uses-personas' was last "
        "reviewed 53 days ago (2026-10-01), more than 30",
        "0 errors, 5 warnings in 5 files",
    ]
    assert code == 0
    # under --strict they are the errors that fail the run, in every format
    code, strict = validate(path, "--strict")
    assert code == 1
    assert strict == [
        line.replace(": warning: ", ": error: ") + " [--strict]" for line in lines[:-1]
    ] + ["5 errors, 0 warnings in 5 files"]
    code, github = validate(path, "--strict", "--format", "github")
    assert code == 1
    assert github[0] == (
        "::error file=journeys/a.yaml,line=1,col=8::journey 'a' has no reviewed date; "
        "the site flags maps not reviewed in 30 days [--strict]"
    )
    assert not any(line.startswith("::warning") for line in github)
    code, output = validate(path, "--strict", "--format", "json")
    assert code == 1
    assert {d["severity"] for d in json.loads("\n".join(output))} == {"error"}


def test_stale_journey(root: WriteRoot) -> None:
    journey = VALID_JOURNEY.replace("2026-10-01", "2025-06-01")
    site = textwrap.dedent(SITE) + "stale_after_days: 365\n"
    code, lines = validate(root({"a.yaml": journey, "site.yaml": site}))
    assert lines[0] == (
        "journeys/a.yaml:3:11: warning: reviewed: journey 'a' was last reviewed 540 days ago "
        "(2025-06-01), more than 365"
    )
    assert code == 0


# -- ids -------------------------------------------------------------------


def test_derived_ids_are_slugs_made_unique(root: WriteRoot) -> None:
    from generator.content.validate import check_root

    content = check_root(root({"b2b/primo.yaml": VALID_JOURNEY}))
    journey = content.journeys["b2b/primo"]
    assert [stage.id for stage in journey.stages] == ["consapevolezza", "considerazione"]
    assert [step.id for _, step in journey.steps()] == [
        "legge-una-recensione",
        "legge-una-recensione-2",
    ]


def test_written_ids_win_over_derived_ones(root: WriteRoot) -> None:
    from generator.content.validate import check_root

    journey = """
        id: acquisto
        title: A
        stages:
          - name: Perché comprare?
            steps:
              - title: Scopre
              - title: Legge
                id: scopre
    """
    content = check_root(root({"x/y.yaml": journey}))
    assert list(content.journeys) == ["acquisto", "uses-personas"]
    stages = content.journeys["acquisto"].stages
    assert stages[0].id == "perche-comprare"
    assert [step.id for step in stages[0].steps] == ["scopre-2", "scopre"]


# -- formats ---------------------------------------------------------------


def test_a_place_is_named_as_the_author_wrote_it(root: WriteRoot) -> None:
    journey = """
        title: Preventivo
        zzz: 1
        stages:
          - name: Considerazione è lunga
            steps:
              - {title: Legge, emotion: 1}
              - title: >
                  Compila il modulo
                  del preventivo
                emotion: 7
          - steps: [{title: Paga, emotion: 9}]
    """
    code, lines = validate(root({"a.yaml": textwrap.dedent(journey)}))
    assert (code, lines[:-1]) == (
        1,
        [
            "journeys/a.yaml:2:1: error: unknown key 'zzz'",
            "journeys/a.yaml:10:18: error: stages[0].steps[1].emotion "
            "(Considerazione è lunga > Compila il modulo del preventivo): "
            "7 is outside the scale -2..2",
            # a stage without a name is named by nothing; its steps by their titles
            "journeys/a.yaml:11:5: error: stages[1]: missing required key 'name'",
            "journeys/a.yaml:11:36: error: stages[1].steps[0].emotion (Paga): "
            "9 is outside the scale -2..2",
        ],
    )


def test_json_format(root: WriteRoot) -> None:
    path = root({"a.yaml": "title: A\nstages:\n  - name: S\n    steps: [{title: T, emotion: 9}]\n"})
    code, lines = validate(path, "--format", "json")
    assert code == 1
    assert json.loads("\n".join(lines)) == [
        {
            "file": "journeys/a.yaml",
            "line": 4,
            "column": 33,
            "severity": "error",
            "message": "stages[0].steps[0].emotion: 9 is outside the scale -2..2",
            "path": "stages[0].steps[0].emotion",
            "where": "S > T",  # the message stays as it is: a program reads `path`
        }
    ]


def test_github_format(root: WriteRoot) -> None:
    path = root({"a.yaml": "title: A\nzzz: 1\nstages: [{name: S}]\n"})
    code, lines = validate(path, "--format", "github")
    assert lines == [
        "::error file=journeys/a.yaml,line=2,col=1::unknown key 'zzz'",
        "1 error, 0 warnings in 5 files",
    ]
    assert code == 1


def test_github_format_escapes_what_the_runner_unescapes(root: WriteRoot) -> None:
    # a property ends at ',' and the file name at ':'; '%' and new lines are escapes
    path = root({"a,b:c%.yaml": "title: A\nstages: [{name: S}]\n"})
    code, lines = validate(path, "--format", "github")
    assert lines[0] == (
        "::error file=journeys/a%2Cb%3Ac%25.yaml,line=1,col=1::journey id 'a,b:c%25' comes from "
        "the file's path and is not lowercase a-z, 0-9, - and _; rename the file, or set id:"
    )
    assert code == 1
    from generator.content.diagnostics import Diagnostic

    multiline = Diagnostic("a.yaml", 1, 1, "warning", "one, two: 100%\r\nthree")
    assert multiline.github() == "::warning file=a.yaml,line=1,col=1::one, two: 100%25%0D%0Athree"


def test_ignored_files(root: WriteRoot) -> None:
    code, lines = validate(
        root({"_bozza.yaml": "not: [valid", ".hidden/a.yaml": "x", "_drafts/b.yaml": "x"})
    )
    assert code == 0, lines


def test_missing_root_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, lines = validate(tmp_path / "nowhere")
    assert code == 1
    assert lines == [
        f"Error: no content root at '{tmp_path / 'nowhere'}': pass the folder of your journeys, "
        "or create one with 'journeymap init'"
    ]


def test_usage_error_exits_2(root: WriteRoot) -> None:
    code, _ = validate(root({}), "--format", "xml")
    assert code == 2


def test_cli_as_a_subprocess(root: WriteRoot) -> None:
    import subprocess
    import sys

    path = root({"a.yaml": "title: A\nzzz: 1\nstages: [{name: S}]\n"})
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines()[0] == (
        f"{os.path.relpath(path / 'a.yaml')}:2:1: error: unknown key 'zzz'"
    )


def test_the_command_ends_with_its_status_and_all_its_output(root: WriteRoot) -> None:
    import subprocess
    import sys

    command = [sys.executable, "-m", "generator"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    schema = subprocess.run([*command, "schema", "journey"], capture_output=True, env=env)
    assert schema.returncode == 0
    assert json.loads(schema.stdout)["title"] == "journeymap journey"  # the whole of it
    usage = subprocess.run([*command, "validate", "--format", "xml"], capture_output=True, env=env)
    assert (usage.returncode, usage.stdout) == (2, b"")
    assert b"Invalid value for '--format'" in usage.stderr
    # a reader that stops early (`| head -1`) gets no traceback
    early = subprocess.run(
        f"{' '.join(command)} schema journey | head -c 1", shell=True, capture_output=True, env=env
    )
    assert (early.stdout, early.stderr) == (b"{", b"")


# -- links -----------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_links_that_leave_the_root_are_errors_and_not_read(root: WriteRoot, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "folder").mkdir(parents=True)
    secret = "title: Secret\nstages: [{name: S}]\n"
    (elsewhere / "o.yaml").write_text(secret, encoding="utf-8")
    (elsewhere / "folder/p.yaml").write_text(secret, encoding="utf-8")
    path = root({"b2b/primo.yaml": VALID_JOURNEY})
    (path / "linked.yaml").symlink_to(elsewhere / "o.yaml")
    (path / "personas/luca.yaml").symlink_to(elsewhere / "o.yaml")
    (path / "shared").symlink_to(elsewhere / "folder")
    (path / "alias.yaml").symlink_to("b2b/primo.yaml")  # inside the root: read
    (path / "b2b/again").symlink_to("..")  # a folder inside: its files are found where they are
    code, lines = validate(path)
    assert lines == [
        "journeys/linked.yaml:1:1: error: 'linked.yaml' is a link to a file outside the content "
        "root (elsewhere/o.yaml); it is not read: copy the file into the root instead",
        "journeys/personas/luca.yaml:1:1: error: 'luca.yaml' is a link to a file outside the "
        "content root (elsewhere/o.yaml); it is not read: copy the file into the root instead",
        "journeys/shared:1:1: error: 'shared' is a link to a folder outside the content root "
        "(elsewhere/folder); nothing in it is read: copy the folder into the root instead",
        "3 errors, 0 warnings in 9 files",
    ]
    assert code == 1
    from generator.content.validate import check_root

    assert sorted(check_root(path).journeys) == ["alias", "b2b/primo", "uses-personas"]


@pytest.mark.parametrize(
    "base_url",
    ["/", "/journeys/", "journeys/", "https://cx.example.org/", "http://cx.example.org/viaggi/",
     "https://cx.example.org:8443/journeys/città/", ""],
)  # fmt: skip
def test_base_url_that_is_an_address_passes(root: WriteRoot, base_url: str) -> None:
    site = textwrap.dedent(SITE) + f"base_url: '{base_url}'\n"
    code, lines = validate(root({"site.yaml": site}))
    assert lines == ["0 errors, 0 warnings in 4 files"]
    assert code == 0

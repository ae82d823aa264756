"""`POST /__journeymap/edit`: every answer of the interface, and every refusal with the
file byte for byte as it was. In-process through `EditSession.handle`, then through a
real `journeymap serve --edit` for what the server itself checks (Host, body size)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from generator.edit.session import EditSession
from tests.served import Served, serving

EXAMPLES = Path(__file__).resolve().parent.parent / "journeys"
CART = "ecommerce/cart-abandonment"
HOST = "127.0.0.1:8000"
HEADERS = {"host": HOST, "origin": f"http://{HOST}", "content-type": "application/json"}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "journeys"
    shutil.copytree(EXAMPLES, target)
    return target


@pytest.fixture
def session(root: Path, tmp_path: Path) -> EditSession:
    edits = EditSession(root, tmp_path / "cache")
    edits.warm()
    return edits


def post(session: EditSession, body: dict[str, Any], **headers: str) -> tuple[int, dict[str, Any]]:
    answer = session.handle(json.dumps(body).encode(), {**HEADERS, **headers})
    return answer.status, answer.body


def edit(session: EditSession, root: Path, **fields: Any) -> dict[str, Any]:
    path = root / f"{CART}.yaml"
    return {"token": session.token, "journey": CART, "base": sha(path), **fields}


SET = {"op": "set", "step": "sees-a-shopping-ad", "field": "emotion", "persona": None, "value": 2}


def test_a_set_writes_the_file_and_answers_its_new_sha(session: EditSession, root: Path) -> None:
    path = root / f"{CART}.yaml"
    before = path.read_bytes()
    status, body = post(session, edit(session, root, **SET))
    assert status == 200
    after = path.read_bytes()
    assert body == {"sha256": hashlib.sha256(after).hexdigest(), "changed": True}
    assert after == before.replace(b"        emotion: 0\n", b"        emotion: 2\n", 1)
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # no temporary left


@pytest.mark.parametrize(
    "op",
    [
        {"op": "set_stage", "stage": "checkout", "field": "name", "value": "Payment"},
        {"op": "add_step", "after": "sees-a-shopping-ad", "title": "Asks a colleague"},
        {"op": "remove_step", "step": "sees-a-shopping-ad"},
        {"op": "move_step", "step": "sees-a-shopping-ad", "after": "reads-the-product-page"},
        {"op": "add_stage", "after": "lost", "name": "Second thoughts"},
        {"op": "set", "step": "abandons-the-cart", "field": "owner", "value": "logistics"},
        {"op": "set", "step": "abandons-the-cart", "field": "moment_of_truth", "value": True},
    ],
    ids=lambda op: op["op"] + ":" + str(op.get("field", "")),
)
def test_every_op_then_undo_gives_the_file_back(
    session: EditSession, root: Path, op: dict[str, Any]
) -> None:
    path = root / f"{CART}.yaml"
    before = path.read_bytes()
    status, body = post(session, edit(session, root, **op))
    assert status == 200, body
    assert path.read_bytes() != before
    status, body = post(session, edit(session, root, op="undo"))
    assert status == 200, body
    assert path.read_bytes() == before
    assert body["sha256"] == hashlib.sha256(before).hexdigest()
    status, body = post(session, edit(session, root, op="undo"))
    assert (status, body["error"]) == (400, "nothing to undo in this journey")


def test_undo_takes_back_the_newest_edit_first(session: EditSession, root: Path) -> None:
    path = root / f"{CART}.yaml"
    original = path.read_bytes()
    assert post(session, edit(session, root, **SET))[0] == 200
    first = path.read_bytes()
    assert post(session, edit(session, root, **{**SET, "value": -2}))[0] == 200
    assert post(session, edit(session, root, op="undo"))[0] == 200
    assert path.read_bytes() == first
    assert post(session, edit(session, root, op="undo"))[0] == 200
    assert path.read_bytes() == original


def refusals(session: EditSession, root: Path) -> list[tuple[int, str, bytes, dict[str, str]]]:
    good = edit(session, root, **SET)

    def body(**changes: Any) -> bytes:
        return json.dumps({**good, **changes}).encode()

    return [
        (403, "token", body(token="x" * 43), {}),
        (403, "token", json.dumps({k: v for k, v in good.items() if k != "token"}).encode(), {}),
        (403, "Origin", body(), {"origin": "http://evil.example"}),
        (403, "Origin", body(), {"origin": ""}),
        (415, "application/json", body(), {"content-type": "text/plain"}),
        (400, "not JSON", b"{not json", {}),
        (400, "not a JSON object", b"[1, 2]", {}),
        (400, "'base'", body(base="abc"), {}),
        (404, "no journey 'nope'", body(journey="nope"), {}),
        (409, "changed on disk", body(base="0" * 64), {}),
        (422, "no step 'nope'", body(step="nope"), {}),
        (422, "unknown op", body(op="frobnicate"), {}),
        (422, "outside the scale", body(value=7), {}),
        (422, "unknown channel", body(field="channel", value="telepathy"), {}),
        (400, "nothing to undo", body(op="undo"), {}),
    ]


def test_every_refusal_leaves_the_file_as_it_was(session: EditSession, root: Path) -> None:
    path = root / f"{CART}.yaml"
    before = path.read_bytes()
    for status, said, body, headers in refusals(session, root):
        answer = session.handle(body, {**HEADERS, **headers})
        assert answer.status == status, (said, answer.body)
        assert said in answer.body["error"], answer.body
        assert path.read_bytes() == before, said


def test_an_invalid_result_is_refused_with_what_validate_says(
    session: EditSession, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(root.parent)
    path = root / f"{CART}.yaml"
    before = path.read_bytes()
    status, body = post(session, edit(session, root, **{**SET, "value": 7}))
    assert status == 422
    line = before.decode().splitlines().index("        emotion: 0") + 1
    said = subprocess_validate(root, path, b"        emotion: 0\n", b"        emotion: 7\n")
    assert body["error"].splitlines()[0] == said.splitlines()[0]
    assert body["diagnostics"][0]["line"] == line
    assert body["diagnostics"][0]["file"] == f"journeys/{CART}.yaml"
    assert path.read_bytes() == before


def subprocess_validate(root: Path, path: Path, old: bytes, new: bytes) -> str:
    """What `journeymap validate` prints of the root with the edit made by hand."""
    before = path.read_bytes()
    path.write_bytes(before.replace(old, new, 1))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "generator", "validate", "journeys"],
            cwd=root.parent,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        )
    finally:
        path.write_bytes(before)
    assert done.returncode == 1
    return done.stdout


def test_a_file_outside_the_root_is_not_reached(session: EditSession, root: Path) -> None:
    outside = root.parent / "outside.yaml"
    outside.write_text("title: x\nstages: [{name: a}]\n", encoding="utf-8")
    body = edit(session, root, **SET)
    for journey in ("../outside", "/etc/passwd", "ecommerce/../../outside"):
        status, answer = post(session, {**body, "journey": journey})
        assert status == 404, answer
    assert outside.read_text(encoding="utf-8") == "title: x\nstages: [{name: a}]\n"


# -- through the server ------------------------------------------------------


def send_edit(
    server: Served, body: bytes, host: str | None = None, length: int | None = None
) -> bytes:
    """An edit sent as the page sends it, from `host`'s origin."""
    host = host or f"127.0.0.1:{server.port}"
    head = (
        f"POST /__journeymap/edit HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body) if length is None else length}\r\n"
        "Connection: close\r\n\r\n"
    )
    return server.request(head.encode() + body)


@pytest.fixture
def server(root: Path, tmp_path: Path) -> Iterator[Served]:
    yield from serving(root, tmp_path / "serve.log", "--edit")


def page_meta(page: bytes) -> dict[str, str]:
    found = re.findall(rb'<meta name="journeymap-edit-(token|base)" content="([^"]+)">', page)
    return {name.decode(): value.decode() for name, value in found}


@pytest.mark.slow
def test_the_server_edits_and_refuses_at_its_edges(server: Served, root: Path) -> None:
    path = root / f"{CART}.yaml"
    page = server.get(f"/journeys/{CART}/")
    meta = page_meta(page)
    assert meta["base"] == sha(path)
    assert b'id="jm-edit-source"' in page and b"/__journeymap/edit.js" in page
    assert b'<script src="/__journeymap/edit.js"></script>' in page
    # the source of a field is its Markdown, not its HTML
    source = json.loads(re.search(rb'id="jm-edit-source">(.*?)</script>', page, re.S)[1])  # type: ignore[index]
    assert source["stages"][2]["steps"][0]["doing"].startswith("Taps **Checkout**")
    assert b"journeymap-edit" not in server.get("/")  # only journey pages carry it
    before = path.read_bytes()
    body = {"token": meta["token"], "journey": CART, "base": meta["base"], **SET}
    raw = json.dumps(body).encode()
    assert send_edit(server, raw, host=f"evil.example:{server.port}").startswith(b"HTTP/1.0 403")
    assert send_edit(server, b"x" * 70_000).startswith(b"HTTP/1.0 413")
    assert send_edit(server, raw, length=10**9).startswith(b"HTTP/1.0 413")
    assert path.read_bytes() == before
    answer = send_edit(server, raw)
    assert answer.startswith(b"HTTP/1.0 200"), answer
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["sha256"] == sha(path)
    # the page is built again before the answer: it carries the new base at once
    assert page_meta(server.get(f"/journeys/{CART}/"))["base"] == sha(path)
    assert server.get("/__journeymap/edit.js").startswith(b"HTTP/1.0 200")
    # and once only: the watcher, told of the file the server wrote, does not build it again
    time.sleep(1.0)
    assert server.log.read_text(encoding="utf-8").count("rebuilt in") == 2  # start, edit


@pytest.mark.slow
def test_an_edit_builds_once_when_the_root_is_given_relative(root: Path, tmp_path: Path) -> None:
    # the server names the file it wrote as the root does, the watcher by its whole path
    with contextmanager(serving)(
        Path(root.name), tmp_path / "serve.log", "--edit", cwd=root.parent
    ) as server:
        path = root / f"{CART}.yaml"
        meta = page_meta(server.get(f"/journeys/{CART}/"))
        body = {"token": meta["token"], "journey": CART, "base": meta["base"], **SET}
        assert send_edit(server, json.dumps(body).encode()).startswith(b"HTTP/1.0 200")
        assert page_meta(server.get(f"/journeys/{CART}/"))["base"] == sha(path)
        time.sleep(1.0)
        assert server.log.read_text(encoding="utf-8").count("rebuilt in") == 2  # start, edit


def test_edit_is_refused_on_an_address_other_than_loopback(root: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "serve", str(root), "--edit", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        timeout=60,
    )
    assert done.returncode == 2
    assert "--edit" in done.stderr and "loopback" in done.stderr
    assert "Traceback" not in done.stderr


def test_without_edit_nothing_is_editable(root: Path, tmp_path: Path) -> None:
    with contextmanager(serving)(root, tmp_path / "plain.log") as server:
        assert b"journeymap-edit" not in server.get(f"/journeys/{CART}/")
        assert server.get("/__journeymap/edit.js").startswith(b"HTTP/1.0 404")
        assert send_edit(server, b"{}").startswith(b"HTTP/1.0 404")


def test_undo_is_refused_once_the_file_changed_again(session: EditSession, root: Path) -> None:
    path = root / f"{CART}.yaml"
    assert post(session, edit(session, root, **SET))[0] == 200
    changed = path.read_bytes() + b"# saved in another editor\n"
    path.write_bytes(changed)
    status, body = post(session, {**edit(session, root, op="undo"), "base": "1" * 64})
    assert status == 409 and body["sha256"] == sha(path)
    status, body = post(session, edit(session, root, op="undo"))
    assert (status, body["error"]) == (400, "nothing to undo in this journey")
    assert path.read_bytes() == changed


def test_a_file_with_a_bom_and_crlf_keeps_both(session: EditSession, root: Path) -> None:
    path = root / f"{CART}.yaml"
    original = path.read_bytes()
    path.write_bytes(b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n"))
    status, body = post(session, edit(session, root, **SET))
    assert status == 200, body
    assert path.read_bytes() == b"\xef\xbb\xbf" + original.replace(
        b"        emotion: 0\n", b"        emotion: 2\n", 1
    ).replace(b"\n", b"\r\n")


def test_the_page_source_cannot_close_its_script(root: Path, tmp_path: Path) -> None:
    from generator.edit.page import editable_page

    path = root / f"{CART}.yaml"
    hostile = "</script><script>alert(1)</script><!--"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "doing: Sees the printer warning between two patients.",
            f'doing: "{hostile}"',
        ),
        encoding="utf-8",
    )
    edits = EditSession(root, tmp_path / "cache")
    edits.warm()
    edits.after_build(edits.before_build())
    page = b"<html><head><title>x</title></head><body><p>map</p></body></html>"
    served = editable_page(edits, f"/journeys/{CART}/", page)
    assert served.count(b"</script>") == 2  # the source's and the editor's own
    source = re.search(rb'id="jm-edit-source">(.*?)</script>', served, re.S)
    assert source is not None
    assert json.loads(source[1])["stages"][0]["steps"][0]["doing"] == hostile
    assert editable_page(edits, "/journeys/nope/", page) == page
    assert editable_page(edits, "/", page) == page


def test_a_large_root_is_checked_on_every_core_and_edited_from_the_cache(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.content import validate

    asked: list[int] = []
    check = validate._check_in_parallel

    def counted(checker: Any, cache: Any, paths: list[Path], jobs: int) -> None:
        asked.append(jobs)
        check(checker, cache, paths, jobs)

    monkeypatch.setattr(validate, "_check_in_parallel", counted)
    source = (root / f"{CART}.yaml").read_text(encoding="utf-8")
    for number in range(validate.PARALLEL_FROM + 4):  # past where checking forks workers
        copy = root / "copies" / f"cart-{number}.yaml"
        copy.parent.mkdir(exist_ok=True)
        copy.write_text(source, encoding="utf-8")
    edits = EditSession(root, tmp_path / "cache")
    edits.warm()
    assert edits.content is not None and not edits.content.errors
    assert "copies/cart-19" in edits.content.journeys
    assert asked == [os.cpu_count() or 1]
    status, body = post(edits, edit(edits, root, **SET))
    assert (status, body["changed"]) == (200, True)


def test_every_word_of_the_editor_is_in_every_language() -> None:
    from generator.commands.serve import editor_words

    script = (Path(__file__).resolve().parent.parent / "templates/assets/edit.js").read_text(
        encoding="utf-8"
    )
    used = set(re.findall(r'\bt\("(\w+)"', script))
    assert len(used) > 40
    for language in ("en", "it"):
        words = editor_words(language)
        assert used <= set(words), used - set(words)
        for key in used:  # every {name} a word fills in is one the script gives
            assert set(re.findall(r"\{(\w+)\}", words[key])) <= {
                "what",
                "error",
                "code",
                "field",
                "step",
                "title",
                "stage",
                "name",
                "file",
                "value",
            }
    assert editor_words("it")["undo"] == "Annulla l'ultima modifica"
    assert editor_words("it")["lane_pains"] != editor_words("en")["lane_pains"]

"""`journeymap serve`: build, serve, rebuild on save, reload the open page."""

from __future__ import annotations

import html
import ipaddress
import tempfile
import threading
from pathlib import Path

import click

from generator.cli import guarded, root_argument
from generator.commands.validate import require_root
from generator.common.paths import packaged_templates
from generator.content.diagnostics import (
    ContentError,
    Diagnostic,
    format_diagnostics,
    template_diagnostic,
)
from generator.edit.page import EDITOR_PATH, EDITOR_STYLE_PATH, editable_page
from generator.edit.session import EDIT_PATH, MAX_BODY, EditSession
from generator.site.build import mark_output
from generator.site.preview import Preview, watched
from generator.site.serve import (
    Extras,
    LiveState,
    PostRoute,
    make_server,
    overlay_words,
    run_rebuild,
    site_language,
)
from generator.site.watch import Watcher
from generator.views.i18n import LANGUAGES, catalog


def _as_written(path: Path, written_here: dict[Path, bytes]) -> bool:
    """The file holds what the server last wrote to it itself."""
    expected = written_here.get(path.resolve())  # as the watcher names it, or as the root does
    if expected is None:
        return False
    try:
        return path.read_bytes() == expected
    except OSError:
        return False


def loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


EDITED_LANES = (
    "doing",
    "thinking",
    "feeling",
    "touchpoint",
    "expectation",
    "reality",
    "backstage",
    "channel",
    "owner",
    "pains",
    "opportunities",
    "evidence",
)


def editor_words(language: str) -> dict[str, str]:
    """The map editor's words, and the lanes' names, in the site's language."""
    labels = catalog(language if language in LANGUAGES else "en")
    words = {key[len("edit_") :]: value for key, value in labels.items() if key.startswith("edit_")}
    words.update({f"lane_{lane}": labels[f"lane_{lane}"] for lane in EDITED_LANES})
    words["moment_of_truth"] = labels["moment_of_truth"]
    return words


def edit_extras(session: EditSession) -> Extras:
    """The edit endpoint, the editor's files, and journey pages that carry what it needs."""
    assets = packaged_templates() / "assets"

    def post(body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        answer = session.handle(body, headers)
        return answer.status, answer.encoded()

    return Extras(
        posts={EDIT_PATH: PostRoute(post, MAX_BODY)},  # type: ignore[arg-type]
        files={
            EDITOR_PATH: ((assets / "edit.js").read_bytes(), "text/javascript; charset=utf-8"),
            EDITOR_STYLE_PATH: ((assets / "edit.css").read_bytes(), "text/css; charset=utf-8"),
        },
        page=lambda path, page: editable_page(session, path, page),
    )


@click.command()
@root_argument
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--pdf", is_flag=True, help="Render the printable maps too (slower rebuilds).")
@click.option(
    "--edit",
    is_flag=True,
    help="Edit the maps on their pages; each edit is validated and written to its file "
    "(loopback --host only).",
)
@guarded
def serve(root: Path, port: int, host: str, pdf: bool, edit: bool) -> None:
    """Build ROOT, serve the site, and rebuild and reload the page on every save.

    Drafts are shown, marked DRAFT. A file saved broken shows its errors over
    the page and here; the last good site stays served until it is fixed.
    """
    if edit and not loopback(host):
        raise click.UsageError(
            f"--edit writes files for whoever reaches the server: it listens on a loopback "
            f"address only (127.0.0.1, ::1, localhost), not on '{host}'"
        )
    require_root(root)
    with tempfile.TemporaryDirectory(prefix="journeymap-serve-") as folder:
        out = Path(folder)
        mark_output(out)  # the placeholder below is the builds' to replace
        site_dir = out / "site"
        site_dir.mkdir()
        # shown until a first build succeeds, with the errors laid over it
        language = site_language(root)
        waiting = html.escape(overlay_words(language)["waiting"])
        (site_dir / "index.html").write_text(
            f"<!doctype html><html lang={language}><meta charset=utf-8><title>journeymap</title>"
            f"<body><p>{waiting}</p></body></html>",
            encoding="utf-8",
        )

        preview = Preview(root, out, pdf=pdf)
        session = EditSession(root, out / "edit-cache") if edit else None

        def rebuild(changed: set[Path] | None = None) -> list[Diagnostic]:
            sources = session.before_build() if session else {}

            def maps_written(to_come: set[str]) -> None:
                if session:  # the reloaded map is edited from the files it was made of
                    session.after_build(sources)
                state.maps_written(to_come)

            try:
                preview.update(changed, maps_written=maps_written, page_written=state.page_written)
            except ContentError as error:
                return error.diagnostics
            except Exception as error:
                in_template = template_diagnostic(error)
                if in_template is None:
                    raise  # shown as it is, and the server goes on
                return [in_template]
            if session:
                session.after_build(sources)
                session.words = editor_words(site_language(root))
            return []

        def report(errors: list[Diagnostic], seconds: float) -> None:
            if errors:
                click.echo(format_diagnostics(errors, "text", len({e.file for e in errors})))
            else:
                click.echo(f"rebuilt in {seconds:.2f} s")

        state = LiveState(root)
        one_at_a_time = threading.Lock()  # a save and an edit never build at once
        # what the server wrote itself (an edit), built as soon as written: when the watcher
        # then reports the file as it is, it is not a change to build a second time
        written_here: dict[Path, bytes] = {}

        def build_now(changed: set[Path] | None = None, *, edited: bool = False) -> None:
            with one_at_a_time:
                run_rebuild(lambda: rebuild(changed), state, report)
                # the editor's view of the root (its choices, its checked files) made again
                # once the pages are told to reload, not before; an edit of a journey
                # changes neither the choices nor another file, and the next edit reads
                # its own file from its text
                if session and not edited:
                    session.warm()

        def on_change(changed: set[Path]) -> None:
            changed = {path for path in changed if not _as_written(path, written_here)}
            if changed:
                build_now(changed)

        extras = None
        if session:

            def before_write(path: Path, data: bytes) -> None:
                written_here[path.resolve()] = data

            def after_write(path: Path | None) -> None:
                if path is not None:
                    build_now({path}, edited=True)

            session.before_write = before_write
            session.on_write = after_write
            extras = edit_extras(session)
        try:
            server = make_server(site_dir, host, port, state, extras)
        except OSError as error:
            raise click.ClickException(
                f"cannot listen on {host}:{port} ({error.strerror}); choose another --port"
            ) from None

        watcher = Watcher(watched(root), on_change)
        # watching before the first build: a save made while it runs is not missed
        watcher.start()
        watcher.ready.wait(5)
        build_now()
        address = f"http://{host}:{server.server_address[1]}/"
        click.echo(f"serving {address} (Ctrl-C to stop)")
        if session:
            click.echo("editing: changes made on the journey pages are written to their files")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            click.echo("stopped")
        finally:
            watcher.stop()
            server.server_close()

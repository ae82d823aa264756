"""`journeymap serve`: build, serve, rebuild on save, reload the open page."""

from __future__ import annotations

import html
import tempfile
import threading
from pathlib import Path

import click

from generator.cli import guarded, root_argument
from generator.commands.validate import require_root
from generator.content.diagnostics import (
    ContentError,
    Diagnostic,
    format_diagnostics,
    template_diagnostic,
)
from generator.site.build import mark_output
from generator.site.preview import Preview, watched
from generator.site.serve import (
    LiveState,
    make_server,
    overlay_words,
    run_rebuild,
    site_language,
)
from generator.site.watch import Watcher


@click.command()
@root_argument
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--pdf", is_flag=True, help="Render the printable maps too (slower rebuilds).")
@guarded
def serve(root: Path, port: int, host: str, pdf: bool) -> None:
    """Build ROOT, serve the site, and rebuild and reload the page on every save.

    Drafts are shown, marked DRAFT. A file saved broken shows its errors over
    the page and here; the last good site stays served until it is fixed.
    """
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

        def rebuild(changed: set[Path] | None = None) -> list[Diagnostic]:
            try:
                preview.update(changed)
            except ContentError as error:
                return error.diagnostics
            except Exception as error:
                in_template = template_diagnostic(error)
                if in_template is None:
                    raise  # shown as it is, and the server goes on
                return [in_template]
            return []

        def report(errors: list[Diagnostic], seconds: float) -> None:
            if errors:
                click.echo(format_diagnostics(errors, "text", len({e.file for e in errors})))
            else:
                click.echo(f"rebuilt in {seconds:.2f} s")

        state = LiveState(root)
        try:
            server = make_server(site_dir, host, port, state)
        except OSError as error:
            raise click.ClickException(
                f"cannot listen on {host}:{port} ({error.strerror}); choose another --port"
            ) from None

        one_at_a_time = threading.Lock()  # the first build, on this thread, and the watcher's

        def on_change(changed: set[Path]) -> None:
            with one_at_a_time:
                run_rebuild(lambda: rebuild(changed), state, report)

        watcher = Watcher(watched(root), on_change)
        # watching before the first build: a save made while it runs is not missed
        watcher.start()
        watcher.ready.wait(5)
        with one_at_a_time:
            run_rebuild(rebuild, state, report)
        address = f"http://{host}:{server.server_address[1]}/"
        click.echo(f"serving {address} (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            click.echo("stopped")
        finally:
            watcher.stop()
            server.server_close()

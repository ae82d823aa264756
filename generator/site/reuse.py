"""What a build may take over from the last good build of the same output folder.

The seam of incremental builds: the build asks here whether anything it reads
changed at all (if not, the last answer stands and nothing is done), hands the
page keys and cards found here to the renderer (a page whose key is unchanged
is linked, not rendered), forgets them before the site they describe is
replaced, and records the new ones once the new site is published.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from generator.content.root import Content, today
from generator.site.incremental import LastBuild, Manifest, inputs_digest, site_state
from generator.site.render import CardCache, Rendered
from generator.views.environment import template_dirs


def inputs_of(root: Path, *, pdf: bool, drafts: bool) -> str:
    """The digest of everything a build of `root` reads, its settings included."""
    return inputs_digest(
        root,
        template_dirs(Content(root=root)),  # they depend on where the root is
        f"pdf={pdf} drafts={drafts}",
        today().isoformat(),
        os.getcwd(),  # messages name files relative to it
    )


class Reuse:
    """The last good build's pages' keys (the manifest), its journeys' cards, and the
    answer it gave, read from the output folder's cache."""

    def __init__(self, out: Path, inputs: str) -> None:
        cache = out / ".cache"
        self.site = out / "site"
        self.inputs = inputs
        self.manifest = Manifest.read(cache / "pages.json")
        self.cards = CardCache(cache / "cards.pickle")
        self.search = cache / "search.json"  # the search index's parts, by journey
        self.compiled = cache / "templates"  # the templates, compiled
        self.parts = cache / "parts"  # by aggregate, the parts its pages drew of each journey

    def unchanged(self) -> LastBuild | None:
        """The last build, if it was made from these inputs and its site is intact."""
        return self.manifest.unchanged(self.inputs, self.site)

    def forget(self) -> None:
        """Before the site is replaced: the old keys must not outlive the old site (no
        manifest is safe, a wrong one is not)."""
        self.manifest.path.unlink(missing_ok=True)

    def record(self, content: Content, rendered: Rendered, files: int, pdfs: int) -> None:
        """The new site, published: what the next build may take over from it."""
        warnings = [dataclasses.asdict(d) for d in content.warnings]
        summary = (rendered.pages, files, pdfs, content.files)
        last = LastBuild(self.inputs, site_state(self.site), warnings, *summary)
        self.manifest.write(rendered.keys, last, rendered.shown, rendered.aggregates)
        self.cards.write(rendered)

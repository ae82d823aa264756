"""journeymap: customer-journey maps as YAML in Git, published as a site and printable maps.

The code is laid out in the order data flows; each package imports only those
before it (tests/test_layers.py holds every import to this):

    content/   files -> checked models. `validate.check_root` reads a content
               root (site.yaml, personas, journeys, opportunities, research),
               checks it, and returns `root.Content` or every problem found,
               each with its file, line and column (`diagnostics`).
    history/   what Git knows: the commits of each file (`git`), and what
               changed between two versions by meaning (`diff`, `formats`).
    views/     content -> what pages and maps show, pure: `pages.Planner` makes
               each page's typed context, `kinds` lists the kinds of pages,
               `mapview` builds a journey's map for the site and paper alike.
    pdf/       view models -> printable maps, laid out by WeasyPrint in worker
               processes (`maps` is the entry).
    site/      view models -> the site on disk. `build.build()` is the outline
               of a build: check, render what changed (`render`), reuse the
               rest of the last good build, stage it and put it in place at
               once; `serve` rebuilds on save.
    interop/   other formats (Mermaid, CSV, JSON) to and from content.
    edit/      edits made on a map page (`serve --edit`), written into the
               journey's text where they are, validated first (on content).
    common/    under all of them: digests, file reading, worker processes, and
               `process.PROCESS`, what lives longer than one build.
    commands/  the command line's subcommands, on top; nobody imports them.

At the top level only `cli.py` (the `journeymap` group, the one place that
prints and exits) and `__main__.py` (`python -m generator`) stay beside the
packages.
"""

__version__ = "0.1.0"

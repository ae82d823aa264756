"""View models -> the site on disk: the build, its incremental reuse, staging, serving.

Its public face: `build` (`build()`, the outline of a build, one call a step)
and `serve` (the preview server), with `preview` (the served site made again
after each save, at the cost of what changed) and `watch` (the saves, as the
operating system reports them). `render` (the pages, only what changed, on
every core), `incremental` and `reuse` (what a page was made from, and the last
good build reused), `staging` and `atomic` (a build written aside, then put in
place at once) are the steps `build` calls.
"""

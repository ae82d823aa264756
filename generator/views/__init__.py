"""Checked content -> what pages and printable maps show: view models, pure.

Nothing here writes a file. Its public face: `pages` (the `Planner`, each page
with its typed context), `kinds` (every kind of page besides a journey's: how
its pages are made, where they go, what they show), `mapview` (a journey's map,
drawn by the site and the printed maps alike), `aggregates` (the touchpoints and
owners pages' paths and keys), `curve`, `markdown` (the one Markdown renderer),
`environment` and `i18n` (templates and labels), `searchindex`. The other
modules serve these.
"""

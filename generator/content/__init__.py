"""Files -> checked models: the YAML of a content root read, validated, cached.

Its public face, what other packages use: `validate` (`check_root`, a root ->
`Content`, or every problem found), `root` (`Content`, what a checked root holds,
and `today`), `model` and `backlog_model` (the pydantic models of the files),
`resolved` (checked journeys, each with every id: what later stages read), `links` (the
references among journeys, opportunities and studies, resolved), `diagnostics`
(problems and how they print), `sources` (which file is which kind), `load` and
`messages` (reading one file, and its errors in an author's words), `schema`,
`media` (images an author's Markdown shows), `ids`, and `cache`'s `JourneyList`.
The rest (`backlog_checks`, the cache's entries) is its own.
"""

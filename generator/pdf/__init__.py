"""View models -> printable maps (WeasyPrint, in worker processes).

Its public face: `maps` (which PDFs a build writes, and `journeymap pdf`'s
documents), `layout` (papers, and fitting a map onto one) and `tile` (a poster
cut into sheets). The rest (`docs`, `render`, `fetch`, `measure`, ...) is how
`maps` does its work.
"""

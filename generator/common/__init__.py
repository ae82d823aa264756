"""What every layer may use; imports no other package of generator.

Its public face is all of it, small modules of one job each: `paths` (the
packaged templates), `files` (reading only regular files, within a limit),
`digests` (digests of bytes, files and the tool), `process` (`PROCESS`, what
outlives a build), `memory` (the cycle collector set aside), `workers` and
`shares` (worker processes, and work shared among them), `project` (where this
version comes from).
"""

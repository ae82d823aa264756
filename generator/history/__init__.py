"""What Git knows of a content root: commits, and what changed between two versions.

Its public face: `git` (every call to git, and the history of a root's files,
shown by the site and the printed maps), `diff` (two sets of journeys -> what
changed, by meaning) and `formats` (a diff written for a terminal or a review).
"""

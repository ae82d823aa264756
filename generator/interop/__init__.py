"""Journeys in and out of other tools: Mermaid `journey` diagrams, spreadsheets (CSV), JSON.

Each format has one module with a pure reader (text -> journey data, or diagnostics)
and a pure writer (validated models -> text). `write.py` turns journey data into
readable YAML and writes new files without ever overwriting one; `people.py` maps
the names a diagram or a sheet uses onto the personas of a content root;
`importing.py` refuses, before reading it, what validation would refuse, and
`scaffold.py` writes a new root or file (`init`, `new`).

Its public face is those modules, used by `commands/` alone.
"""

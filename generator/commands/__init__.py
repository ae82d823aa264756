"""The subcommands of `journeymap`, one module per family: the top of the layers,
imported by `cli.py` alone (through `COMMANDS`, its public face).

Each is imported when it is run (or listed by --help): `journeymap build`
need not import what importing, exporting, diffing or serving need.
"""

# command name -> the module that defines it and the command's name there
COMMANDS = {
    "init": ("generator.commands.scaffold", "init"),
    "new": ("generator.commands.scaffold", "new"),
    "schema": ("generator.commands.validate", "schema"),
    "validate": ("generator.commands.validate", "validate"),
    "pdf": ("generator.commands.pdf", "pdf"),
    "build": ("generator.commands.build", "build"),
    "diff": ("generator.commands.diff", "diff"),
    "serve": ("generator.commands.serve", "serve"),
    "import": ("generator.commands.interop", "import_group"),
    "export": ("generator.commands.interop", "export_group"),
}

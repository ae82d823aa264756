"""The subcommands of `journeymap`, one module per family."""

from generator.commands.build import build
from generator.commands.diff import diff
from generator.commands.interop import export_group, import_group
from generator.commands.pdf import pdf
from generator.commands.scaffold import init, new
from generator.commands.serve import serve
from generator.commands.validate import schema, validate

COMMANDS = [init, new, schema, validate]
COMMANDS.append(pdf)
COMMANDS.append(build)
COMMANDS.append(diff)
COMMANDS.append(serve)
COMMANDS.extend([import_group, export_group])

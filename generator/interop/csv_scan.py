"""CSV text -> rows of cells that remember their line and column, for exact messages.

The stdlib reader forgets where a cell was; a spreadsheet's author needs
`sheet.csv:12:40: error: emotion: ...`. This is RFC 4180 as spreadsheets write
it: cells quoted with `"` (doubled inside), line breaks inside quoted cells,
CRLF or LF rows, a comma or a semicolon between cells (Excel set up for Italian
writes `;`), guessed from the header row.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    value: str
    line: int
    column: int


class ScanError(Exception):
    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def delimiter(text: str) -> str:
    """`;` or `,` (or a tab): whichever the header row uses most, outside quotes."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char == "\n" and not quoted:
            break
        elif char in counts and not quoted:
            counts[char] += 1
    best = max(counts, key=lambda c: (counts[c], c == ","))
    return best if counts[best] else ","


def scan(text: str, separator: str) -> list[list[Cell]]:
    """Every row, including blank ones (the caller skips them)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    index, line, column = 0, 1, 1
    length = len(text)
    while index < length or row:
        start_line, start_column = line, column
        value: list[str] = []
        if index < length and text[index] == '"':
            index += 1
            column += 1
            while True:
                if index >= length:
                    raise ScanError(start_line, start_column, "a quoted cell is never closed")
                char = text[index]
                if char == '"':
                    if text.startswith('""', index):
                        value.append('"')
                        index += 2
                        column += 2
                        continue
                    index += 1
                    column += 1
                    break
                value.append(char)
                index += 1
                if char == "\n":
                    line, column = line + 1, 1
                else:
                    column += 1
        # unquoted text, or what a sloppy writer left after the closing quote
        while index < length and text[index] not in (separator, "\n"):
            value.append(text[index])
            index += 1
            column += 1
        row.append(Cell("".join(value), start_line, start_column))
        if index < length and text[index] == separator:
            index += 1
            column += 1
            continue
        rows.append(row)
        row = []
        index += 1  # the line break, or past the end
        line, column = line + 1, 1
        if index >= length:
            break
    return rows

"""The rows of a channel's and a department's pages, drawn (pure).

channel.html and department.html wrote each journey's rows a field at a time: the
tests and outputs of a page's thousands of fields were most of the touchpoints and
owners pages' render time. Each journey's rows are written here as those templates
wrote them, byte for byte, whitespace included, each value as `{{ value }}` wrote it
(generator.views.escaping). The pages still hold the rows themselves
(`GroupContext.journeys`), so a template of one's own can draw them in a loop."""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup

from generator.views.escaping import html, word
from generator.views.i18n import Labels
from generator.views.insights import Place
from generator.views.rows import HandoffRow, OwnedStep, TouchpointRow

_NO_EMOTION = '<span class="jm-muted">&#8211;</span>'
_FALLS = '<span aria-hidden="true">&#9660;</span> '
_RISES = '<span aria-hidden="true">&#9650;</span> '


class RowsHtml:
    """Draws the rows of one page's journeys. What rows show alike (a label, a channel,
    a department, an emotion figure) is written once a page, when first met."""

    def __init__(self, labels: Labels) -> None:
        self.no_owner = f'<span class="jm-muted">{word(labels.no_owner)}</span>'
        self.no_channel = f'<span class="jm-muted">{word(labels.no_channel)}</span>'
        self.kinds = {"online": word(labels.online), "offline": word(labels.offline)}
        arrow = '<span class="jm-handoff-way" aria-hidden="true">'
        self.came_from = f"{arrow}&#8592;</span> {word(labels.handoff_from)}"
        self.goes_to = f"{arrow}&#8594;</span> {word(labels.handoff_to)}"
        self._owners: dict[tuple[str, str], str] = {}
        self._channels: dict[tuple[str, str], str] = {}
        self._emotions: dict[tuple[str, str], str] = {}

    def channel(self, rows: Iterable[TouchpointRow], journey: str) -> Markup:
        """One journey's rows on a channel's page (`journey`: its page's link), each
        ending its line."""
        href = html(journey)
        return Markup(
            "".join(
                [
                    "    <tr>\n"
                    f"      <td>{html(row.touchpoint)}</td>\n"
                    f'      <td><a href="{href}#{html(row.anchor)}">{html(row.step_title)}'
                    f'</a> <span class="jm-muted">· {word(row.stage_name)}</span></td>\n'
                    f"      <td>{self._owner_cell(row.owner, row.colour)}</td>\n"
                    f'      <td class="jm-num">{self._emotion(row.emotion, row.tone)}</td>\n'
                    "    </tr>\n"
                    for row in rows
                ]
            )
        )

    def department(self, owned: Iterable[OwnedStep], journey: str, handoffs: bool) -> Markup:
        """One journey's rows on a department's page, with a cell of hand-offs when
        `handoffs` (not on the page of the steps with no owner), each ending its line."""
        href = html(journey)
        parts = []
        for item in owned:
            row = item.row
            touchpoint = f" · {html(row.touchpoint)}" if row.touchpoint != row.step_title else ""
            parts.append(
                "      <tr>\n"
                f'        <td><a href="{href}#{html(row.anchor)}">{html(row.step_title)}</a>'
                f'<br><span class="jm-muted">{word(row.stage_name)}{touchpoint}</span></td>\n'
                f"        <td>{self._channel(row.channel, row.kind)}</td>\n"
                f'        <td class="jm-num">{self._emotion(row.emotion, row.tone)}</td>\n'
            )
            if handoffs:
                # the template's `{% if %}` took the line's indent, its `{% endif %}` the break
                came = self._handoff(item.came, True, href) if item.came else ""
                goes = self._handoff(item.goes, False, href) if item.goes else ""
                parts.append(f'<td class="jm-handoffs-cell">{came}{goes}</td>')
            parts.append("      </tr>\n")
        return Markup("".join(parts))

    def _handoff(self, handoff: HandoffRow, came: bool, href: str) -> str:
        """A hand-off into a step (`came`) or out of it: the other department and step."""
        place: Place
        if came:
            arrow, label, colour, place = (
                self.came_from,
                handoff.from_label,
                handoff.from_colour,
                handoff.handoff.before,
            )
        else:
            arrow, label, colour, place = (
                self.goes_to,
                handoff.to_label,
                handoff.to_colour,
                handoff.handoff.after,
            )
        change = handoff.handoff.change
        if change is not None and change < 0:
            way, sign = " jm-falls", _FALLS
        elif change is not None and change > 0:
            way, sign = " jm-rises", _RISES
        else:
            way, sign = "", ""
        return (
            f'<div class="jm-handoff{way}">{arrow} {self._owner(label, colour)}: '
            f'<a href="{href}#{html(place.anchor)}">{html(place.step_title)}</a>\n'
            f' <span class="jm-change">{sign}{word(handoff.change)}</span></div>'
        )

    def _owner(self, label: str, colour: str) -> str:
        """A department with its colour dot."""
        found = self._owners.get((label, colour))
        if found is None:
            style = f' style="--jm-dept: {word(colour)}"' if colour else ""
            found = self._owners[label, colour] = (
                f'<span class="jm-owner"{style}><span class="jm-owner-dot" aria-hidden="true">'
                f"</span>{word(label)}</span>"
            )
        return found

    def _owner_cell(self, label: str, colour: str) -> str:
        return self._owner(label, colour) if label else self.no_owner

    def _channel(self, label: str, kind: str) -> str:
        """A channel with the badge of its kind, or the words for none."""
        if not label:
            return self.no_channel
        found = self._channels.get((label, kind))
        if found is None:
            badge = (
                f' <span class="jm-badge jm-badge--{word(kind)}">{self.kinds[kind]}</span>'
                if kind
                else ""
            )
            found = self._channels[label, kind] = f"{word(label)}{badge}"
        return found

    def _emotion(self, figure: str, tone: str) -> str:
        """An emotion figure, its tone also in its sign, or a dash for none."""
        if not figure:
            return _NO_EMOTION
        found = self._emotions.get((figure, tone))
        if found is None:
            found = self._emotions[figure, tone] = (
                f'<span class="jm-emotion-figure jm-emotion-figure--{word(tone)}">'
                f"{word(figure)}</span>"
            )
        return found

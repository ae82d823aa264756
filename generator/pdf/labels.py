"""The words printed around the map (headers, legend, cards, book), in each language.

The map's own labels (lanes, stages) come from the site's i18n files; these
are the few that only paper needs.
"""

from __future__ import annotations

from typing import Any

_LABELS: dict[str, dict[str, Any]] = {
    "en": {
        "lang": "en",
        "personas": "Personas",
        "state": "State",
        "current": "current (as is)",
        "future": "future (to be)",
        "timeframe": "Timeframe",
        "revision": "Revision",
        "sheet": "Sheet",
        "continued": "continued",
        # a poster of several sheets: the paper that holds the whole map on one
        "one_sheet": "whole on one sheet of {paper}",
        "blank_map": "workshop",
        # a blank sheet's figure, said (its /Alt)
        "blank_figure": "Blank map to fill in: an empty grid, steps across ({columns}), "
        "lanes down ({rows}).",
        "blank_scale": "The emotion lane has a scale from {low} at the bottom "
        "to {high} at the top.",
        "legend": "Legend",
        "emotion_of": "Emotion",
        "compare_to": "Compared with",
        "moment_of_truth": "Moment of truth",
        "owner": "Owner",
        "draw_here": "Draw the emotion curve: top = delighted, bottom = frustrated",
        "scale_high": "very positive",
        "scale_low": "very negative",
        "goals": "Goals",
        "frustrations": "Frustrations",
        "channels": "Channels",
        "customer_type": "Customer",
        "customer_types": {
            "potential": "potential",
            "prospect": "prospect",
            "buyer": "buyer",
            "customer": "customer",
            "loyal": "loyal",
            "lost": "lost",
        },
        "journey_maps": "Customer journey maps",
        "journey": "journey",  # one of them: "1 journey"
        "journeys": "journeys",
        # a legend's swatch, said: "Giulia: solid line, circles"
        "line_solid": "solid line",
        "line_dashed": "dashed line",
        "shapes": {
            "circle": "circles",
            "square": "squares",
            "diamond": "diamonds",
            "triangle": "triangles",
        },
        "contents": "Contents",
        # the backlog's line under its title: "12 opportunities, 7 open"
        "opportunity": "opportunity",
        "opportunities": "opportunities",
        "open": "open",
        # the footer of a poster tiled onto small sheets; "sheet" is a page of the poster
        "tile_page": "sheet {page} of {pages}",
        "tile_place": "row {row} of {rows}, column {column} of {columns}",
        "tile_trim": "trim top and left at the marks, overlap {overlap} mm",
    },
    "it": {
        "lang": "it",
        "personas": "Persone",
        "state": "Stato",
        "current": "attuale (as is)",
        "future": "futuro (to be)",
        "timeframe": "Periodo",
        "revision": "Revisione",
        "sheet": "Foglio",
        "continued": "continua",
        "one_sheet": "intera su un foglio {paper}",
        "blank_map": "workshop",
        "blank_figure": "Mappa vuota da compilare: una griglia vuota, i passi in orizzontale "
        "({columns}), le corsie in verticale ({rows}).",
        "blank_scale": "La corsia delle emozioni ha una scala da {low} in basso a {high} in alto.",
        "legend": "Legenda",
        "emotion_of": "Emozione",
        "compare_to": "Confronto con",
        "moment_of_truth": "Momento della verità",
        "owner": "Responsabile",
        "draw_here": "Disegnate la curva delle emozioni: in alto = felice, in basso = frustrato",
        "scale_high": "molto positivo",
        "scale_low": "molto negativo",
        "goals": "Obiettivi",
        "frustrations": "Frustrazioni",
        "channels": "Canali",
        "customer_type": "Cliente",
        "customer_types": {
            "potential": "potenziale",
            "prospect": "prospect",
            "buyer": "acquirente",
            "customer": "cliente",
            "loyal": "fedele",
            "lost": "perso",
        },
        "journey_maps": "Mappe del customer journey",
        "journey": "percorso",
        "journeys": "percorsi",
        "line_solid": "linea continua",
        "line_dashed": "linea tratteggiata",
        "shapes": {
            "circle": "cerchi",
            "square": "quadrati",
            "diamond": "rombi",
            "triangle": "triangoli",
        },
        "contents": "Indice",
        "opportunity": "opportunità",
        "opportunities": "opportunità",
        "open": "aperte",
        "tile_page": "foglio {page} di {pages}",
        "tile_place": "riga {row} di {rows}, colonna {column} di {columns}",
        "tile_trim": "tagliate in alto e a sinistra sui segni, sovrapposizione {overlap} mm",
    },
}


def print_labels(language: str) -> dict[str, Any]:
    return _LABELS.get(language, _LABELS["en"])

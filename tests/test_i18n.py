"""The label catalogs: the same keys in every language, none shadowed by a method."""

from __future__ import annotations

import pytest
import yaml

from generator.content.model import BUILTIN_CHANNELS, BUILTIN_LANES, CUSTOMER_TYPES, Site
from generator.views.i18n import CATALOGS, LANGUAGES, Labels, catalog, metric_name
from tests.conftest import WriteRoot


def test_every_language_has_the_same_keys() -> None:
    keys = {lang: set(catalog(lang)) for lang in LANGUAGES}
    assert keys["it"] - keys["en"] == set()
    assert keys["en"] - keys["it"] == set()


def test_each_key_is_written_once() -> None:
    for lang in LANGUAGES:
        text = (CATALOGS / f"{lang}.yaml").read_text(encoding="utf-8")
        node = yaml.compose(text)
        written = [key.value for key, _ in node.value]
        assert len(written) == len(set(written)), lang


def test_every_lane_channel_and_customer_type_has_a_label() -> None:
    labels = Labels("it")
    for lane in BUILTIN_LANES:
        assert labels.lane_label(lane)
    for channel in BUILTIN_CHANNELS:
        assert labels.channel(channel)
    for kind in CUSTOMER_TYPES:
        assert labels.customer_type_label(kind)
    assert labels.channel("word-of-mouth") == "Passaparola"
    assert labels.channel("web") == "Sito web"
    assert labels.channel("phone") == "Telefono"


def test_no_key_is_shadowed_by_a_method() -> None:
    methods = {name for name in dir(Labels) if not name.startswith("_")}
    assert methods & set(catalog("en")) == set()


def test_site_channels_win_over_translations_and_figures_follow_the_language() -> None:
    site = Site.model_validate({"language": "it", "channels": {"web": {"label": "Portale"}}})
    labels = Labels("it", site)
    assert labels.channel("web") == "Portale"
    assert (labels.number(12400), labels.number(0.12), labels.number("2.5%")) == (
        "12.400",
        "0,12",
        "2,5%",
    )
    assert Labels("en").number(12400.5) == "12,400.5"
    assert Labels("en").signed(-1) == "\u22121"


def test_the_site_names_personas_as_the_printed_maps_do() -> None:
    from generator.pdf.labels import print_labels

    for lang in LANGUAGES:
        labels = Labels(lang)
        assert labels.nav_personas == labels.personas == print_labels(lang)["personas"], lang
    assert Labels("it").nav_personas == "Persone"


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("drop_off", "Drop off"),
        ("drop-off", "Drop off"),
        ("cost_per_click", "Cost per click"),
        ("ctr", "CTR"),  # a short word with no vowel is an acronym
        ("nps", "NPS"),
        ("p95_wait", "P95 wait"),
        ("csat", "CSAT"),  # ... and so are the known ones with a vowel
        ("ivr_abandonment", "IVR abandonment"),
        ("time_to_kpi", "Time to KPI"),
        ("eNPS", "eNPS"),  # an author's capitals are kept as written
        ("Net_Promoter", "Net Promoter"),
        ("try_rate", "Try rate"),  # y counts as a vowel
        ("24h_replies", "24h replies"),  # an acronym starts with a letter
        ("tasso_di_abbandono", "Tasso di abbandono"),
    ],
)
def test_metric_names_are_written_for_people(key: str, shown: str) -> None:
    assert metric_name(key) == shown
    assert Labels("en").metric_label(key) == shown


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("drop_off", "Abbandono"),
        ("conversion", "Conversione"),
        ("click_rate", "Tasso di clic"),
        ("ctr", "CTR"),  # acronyms read the same in Italian
        ("csat", "CSAT"),
        ("ivr_abandonment", "IVR abandonment"),  # a metric of the author's own: as written
        ("Conversion", "Conversion"),  # an author's capitals: the key as written
    ],
)
def test_the_common_metrics_are_named_in_the_sites_language(key: str, shown: str) -> None:
    assert Labels("it").metric_label(key) == shown


def test_the_map_and_the_insights_name_a_metric_alike(write_root: WriteRoot) -> None:
    from generator.content.validate import check_root
    from generator.views.mapview import build_map

    root = write_root(
        {
            "site.yaml": "title: T\nlanguage: it\n",
            "j.yaml": """
                title: J
                stages:
                  - name: S
                    steps:
                      - title: A
                        metrics: {drop_off: 35%, ctr: 0.12}
            """,
        }
    )
    content = check_root(root)
    view = build_map(content, content.journeys["j"])
    names = [n for lane in view.lanes for cell in lane.cells for n, _, _ in cell.pairs]
    labels = Labels("it")  # what the insights page shows (templates/insights.html)
    assert names == [labels.metric_label("drop_off"), labels.metric_label("ctr")]
    assert names == ["Abbandono", "CTR"]

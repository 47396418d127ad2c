"""Address search copes with how people type: abbreviations, no house number, typos,
ё/е, word order, numbers in street names; and finds outages by account or phone."""

from typing import Any

import pytest

from gridcare.outages.addresses import address_search, number_key, parse
from gridcare.outages.selectors import outage_lookup
from gridcare.outages.services import AreaInput, outage_register_unplanned

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "words", "house"),
    [
        ("ул. Баумана, д. 5", ("баумана",), "5"),
        ("Баумана 5а", ("баумана",), "5а"),
        ("Баумана, 5 А", ("баумана",), "5а"),
        ("ул.Баумана д.5 кв.12", ("баумана",), "5"),
        ("пр-т Победы 12/1", ("победы",), "12/1"),
        ("ул 8 Марта 3", ("8", "марта"), "3"),
        ("г. Казань, ул. Зелёная", ("казань", "зеленая"), ""),
        ("Баумана 5 корп. 2", ("баумана",), "5к2"),
    ],
)
def test_parse_splits_words_and_house(text: str, words: tuple[str, ...], house: str):
    parsed = parse(text)
    assert parsed.words == words
    assert parsed.house == house


def test_number_key_ignores_spacing_case_and_punctuation():
    assert number_key("12 А") == number_key("12а") == number_key("12-а") == "12а"
    assert number_key("5 корп. 2") == "5к2"


def _top(text: str) -> Any:
    matches = address_search(text)
    assert matches, f"nothing found for {text!r}"
    return matches[0]


@pytest.mark.parametrize(
    ("text", "building"),
    [
        ("Казань, ул. Баумана, д. 5", "baumana_5"),
        ("баумана 5", "baumana_5"),
        ("БАУМАНА,5", "baumana_5"),
        ("ул.Баумана д.5а", "baumana_5а"),
        ("Баумана 5 А", "baumana_5а"),
        ("Бауманаа 7", "baumana_7"),  # doubled letter
        ("ул Бауманв 7", "baumana_7"),  # wrong last letter
        ("Боумана 12", "baumana_12"),  # vowel typo
        ("Зеленая 2", "zelenaya_2"),  # е for ё
        ("ул. Зелёная, дом 2", "zelenaya_2"),
        ("пр-т Победы 12/1", "pobedy_12_1"),
        ("проспект победы, д 12/1", "pobedy_12_1"),
        ("ул 8 Марта 3", "marta_3"),
        ("Баумана д. 5 кв. 40", "baumana_5"),  # the flat is not the house
        ("г Казань Ленина 4", "lenina_4"),
        ("Высокая Гора, ул. Ленина, 4", "gora_lenina_4"),
        ("с. Высокая Гора Ленина д4", "gora_lenina_4"),
        ("д. Уразла, 15", "urazla_15"),  # a village house without a street
    ],
)
def test_messy_addresses_find_the_building(register, text: str, building: str):
    match = _top(text)
    assert match.building_id == register["buildings"][building].pk, (text, match)


def test_no_house_number_finds_the_street(register):
    match = _top("ул. Баумана")
    assert match.street_id == register["streets"]["baumana"].pk
    assert match.building_id is None and match.house == ""


def test_settlement_alone_is_the_settlement(register):
    match = _top("Высокая Гора")
    assert match.settlement_id == register["gora"].pk and match.street_id is None


def test_same_street_name_in_two_places_prefers_the_one_named(register):
    kazan = _top("Казань, Ленина")
    gora = _top("Высокая Гора Ленина")
    assert kazan.street_id == register["streets"]["lenina"].pk
    assert gora.street_id == register["streets"]["gora_lenina"].pk
    both = address_search("Ленина")
    assert {m.street_id for m in both} >= {
        register["streets"]["lenina"].pk,
        register["streets"]["gora_lenina"].pk,
    }


def test_unknown_house_keeps_the_street_and_says_so(register):
    match = _top("Баумана 999")
    assert match.street_id == register["streets"]["baumana"].pk
    assert match.building_id is None and match.house_missing


@pytest.mark.parametrize("text", ["", "   ", "д. 5", "кв 12", "Ыыыыы"])
def test_nonsense_finds_nothing(register, text: str):
    assert address_search(text) == []


def _unplanned_on_baumana(register: dict[str, Any], supervisor: Any) -> Any:
    return outage_register_unplanned(
        actor=supervisor,
        data=_input(register["kazan"].pk, register["streets"]["baumana"].pk),
    )


def _input(settlement_id: int, street_id: int, **kw: Any) -> Any:
    from gridcare.outages.services import OutageInput

    return OutageInput(
        cause="equipment_failure",
        voltage_level="SN2",
        areas=[AreaInput(settlement_id=settlement_id, street_id=street_id, **kw)],
    )


def test_lookup_by_messy_address_shows_the_outage(register, supervisor):
    outage = _unplanned_on_baumana(register, supervisor)
    lookup = outage_lookup(query="баумана д5")
    assert lookup.by == "address"
    assert [o.pk for o in lookup.places[0].outages] == [outage.pk]
    assert outage_lookup(query="Пушкина 5").places[0].outages == []


def test_lookup_by_account_number_or_phone_of_a_known_consumer(
    register, supervisor, consumer, operator
):
    outage = _unplanned_on_baumana(
        register, supervisor
    )  # the consumer lives on Баумана, 1
    by_account = outage_lookup(query="1600000001", user=operator)
    assert by_account.by == "account"
    assert [o.pk for o in by_account.outages] == [outage.pk]
    by_phone = outage_lookup(query="8 (917) 000-00-01", trusted=True)  # IVR, caller ID
    assert by_phone.by == "phone"
    assert [o.pk for o in by_phone.outages] == [outage.pk]
    # The consumer's address is personal data: a phone lookup names the point, not it.
    assert "Баумана" not in by_phone.places[0].label
    assert outage_lookup(query="+7 999 111 22 33", trusted=True).places == []
    # The consumer finds their own; nobody else learns whose number it is.
    assert outage_lookup(query="+79170000001", user=consumer).outages
    stranger = outage_lookup(query="+79170000001")
    assert stranger.needs_login and stranger.places == []
    assert outage_lookup(query="1600000002", user=consumer).places == []  # not theirs


def test_house_range_and_parity_decide_who_is_covered(register, supervisor):
    outage_register_unplanned(
        actor=supervisor,
        data=_input(
            register["kazan"].pk,
            register["streets"]["baumana"].pk,
            house_from=1,
            house_to=9,
            parity="odd",
        ),
    )
    assert outage_lookup(query="Баумана 7").outages  # odd, in range
    assert outage_lookup(query="Баумана 5а").outages  # number 5
    assert not outage_lookup(query="Баумана 12").outages  # out of range
    assert not outage_lookup(query="Баумана 20").outages

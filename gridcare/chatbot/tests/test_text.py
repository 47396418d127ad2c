"""Normalisation: case, ё, punctuation, word forms, synonyms, typos."""

from gridcare.chatbot.matching.lexical import Spelling
from gridcare.chatbot.matching.text import (
    analyse,
    damerau_levenshtein,
    dense_text,
    fold,
    strip_address,
)


def test_fold_lowers_case_replaces_yo_and_drops_punctuation() -> None:
    assert (
        fold("Счётчик НЕ работает!!! Что делать?") == "счетчик не работает что делать"
    )


def test_yo_and_e_spellings_give_the_same_lemmas() -> None:
    assert analyse("Где мой счётчик?").lemmas == analyse("где мой счетчик").lemmas


def test_word_forms_and_synonyms_share_one_token() -> None:
    assert analyse("приборы учёта").lemmas == ("счетчик",)
    assert analyse("электросчетчиков").lemmas == ("счетчик",)
    assert (
        analyse("ТП").lemmas == analyse("техприсоединение").lemmas == ("подключение",)
    )


def test_stop_words_are_dropped_and_negation_phrase_is_kept() -> None:
    assert analyse("Как мне узнать, почему счётчик не работает?").lemmas == (
        "счетчик",
        "поломка",
    )


def test_abbreviation_of_technical_conditions_is_not_read_as_a_pronoun() -> None:
    assert analyse("ту истекают").lemmas[0] == analyse("технические условия").lemmas[0]


def test_dense_text_spells_out_abbreviations_and_yo() -> None:
    assert dense_text("Заявка на ТП через ЛК, счёт") == (
        "Заявка на технологическое присоединение через личный кабинет, счет"
    )


def test_damerau_levenshtein_counts_a_transposition_as_one_edit() -> None:
    assert damerau_levenshtein("счетчик", "счетчик", 2) == 0
    assert damerau_levenshtein("счетчик", "счеткич", 2) == 2
    assert damerau_levenshtein("счетчик", "счет", 1) == 2  # over the limit: limit + 1


def test_spelling_corrects_unknown_words_to_base_forms_only() -> None:
    spelling = Spelling()
    spelling.add(["счетчик", "пломба", "показания"])
    assert spelling.correct("счетчег") == "счетчик"
    assert spelling.correct("паказания") == "показания"
    assert spelling.correct("кошка") == "кошка"  # a real word stays


def test_spelling_forgets_removed_words() -> None:
    spelling = Spelling()
    spelling.add(["пломба"])
    spelling.remove(["пломба"])
    assert spelling.correct("пломпа") == "пломпа"


def test_street_names_and_house_numbers_are_dropped_from_a_question() -> None:
    assert strip_address("Нет света на ул. Гагарина, д. 12") == "нет света на"
    assert strip_address("в переулке Островского 7 искрит провод") == (
        "в искрит провод"
    )


def test_an_address_alone_is_kept_as_the_question() -> None:
    assert strip_address("ул. Гагарина 12") == "ул. Гагарина 12"


def test_a_street_word_without_a_name_stays() -> None:
    for text in (
        "на нашей улице упал столб",
        "на улице провода провисли",
        "Темно на улице. Провода искрят",
        "на всей улице свет есть, а у меня нет",
        "отключения по улицам Казань",
    ):
        assert strip_address(text) == text

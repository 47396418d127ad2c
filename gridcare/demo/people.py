"""Names, companies, phones and INNs for demo consumers and staff.

Tatar and Russian names in roughly the republic's proportions; INNs carry valid check
digits with the Tatarstan region code 16; phones are unique by construction. All of it
is invented: any match with a real person or company is a coincidence."""

import random

from gridcare.demo.places import name_list

TATAR_SURNAMES = name_list(
    """
Хабибуллин; Гарипов; Сафин; Галиев; Валиев; Закиров; Мухаметзянов; Шарипов;
Хайруллин; Гильмутдинов; Нуриев; Зарипов; Файзуллин; Сабиров; Ахметов; Исмагилов;
Гайнутдинов; Мингазов; Камалов; Латыпов; Фахрутдинов; Хасанов; Ибрагимов; Юсупов;
Садыков; Ганиев; Рахимов; Хамидуллин; Абдуллин; Гатауллин; Низамов; Шакиров;
Яруллин; Мухаметшин; Багаутдинов; Гимадиев; Салахов; Мусин; Насыров; Зиннатуллин
"""
)
RUSSIAN_SURNAMES = name_list(
    """
Иванов; Смирнов; Кузнецов; Попов; Васильев; Петров; Соколов; Михайлов; Новиков;
Фёдоров; Морозов; Волков; Алексеев; Лебедев; Семёнов; Егоров; Павлов; Козлов;
Степанов; Николаев; Орлов; Андреев; Макаров; Никитин; Захаров; Зайцев; Борисов;
Яковлев; Григорьев; Романов; Сергеев; Кузьмин; Фролов; Александров; Калинин
"""
)
TATAR_MALE = name_list(
    """
Айдар; Ильдар; Рустам; Марат; Ринат; Азат; Тимур; Ильнур; Рамиль; Рафаэль;
Ильшат; Динар; Булат; Радик; Фарид; Ильгиз; Нияз; Рушан; Альберт; Ирек; Ленар
"""
)
TATAR_FEMALE = name_list(
    """
Гульнара; Альфия; Лилия; Гузель; Резеда; Ильмира; Алсу; Диляра; Эльвира; Лейсан;
Айгуль; Венера; Зульфия; Чулпан; Розалия; Римма; Гульшат; Ляйсан; Алина; Камиля
"""
)
RUSSIAN_MALE = name_list(
    """
Александр; Сергей; Андрей; Дмитрий; Алексей; Максим; Евгений; Владимир; Иван;
Михаил; Николай; Олег; Павел; Артём; Игорь; Юрий; Виктор; Роман; Денис; Антон
"""
)
RUSSIAN_FEMALE = name_list(
    """
Елена; Ольга; Наталья; Татьяна; Ирина; Светлана; Анна; Мария; Екатерина; Юлия;
Людмила; Галина; Марина; Надежда; Валентина; Оксана; Вера; Дарья; Ксения; Софья
"""
)
# (male, female) patronymics
_TATAR_FATHERS = name_list("Рустам; Марат; Ринат; Азат; Ильдар; Фарид; Раис; Ильгиз")
TATAR_PATRONYMICS = (
    *((f"{n}ович", f"{n}овна") for n in _TATAR_FATHERS),
    ("Наилевич", "Наилевна"),
    ("Рафаилевич", "Рафаилевна"),
    ("Ильясович", "Ильясовна"),
)
RUSSIAN_PATRONYMICS = (
    ("Александрович", "Александровна"),
    ("Сергеевич", "Сергеевна"),
    ("Андреевич", "Андреевна"),
    ("Владимирович", "Владимировна"),
    ("Иванович", "Ивановна"),
    ("Михайлович", "Михайловна"),
    ("Николаевич", "Николаевна"),
    ("Петрович", "Петровна"),
    ("Викторович", "Викторовна"),
    ("Юрьевич", "Юрьевна"),
    ("Олегович", "Олеговна"),
    ("Дмитриевич", "Дмитриевна"),
)

COMPANY_STEMS = name_list(
    """
Идель; Кама; Волга; Сувар; Булгар; Зилант; Алабуга; Закамье; Чулман; Ак Барс Агро;
Энергия; Тимер; Яшьлек; Урал; Казань-Восток; Нократ; Саба; Шешма; Мензеля; Зай
"""
)
COMPANY_SUFFIXES = name_list(
    """
Строй; Сервис; Маркет; Пром; Инвест; Торг; Логистик; Агро; Мебель; Пласт; Тех;
Молоко; Хлеб; Авто; Ресурс; Монтаж; Проект; Деталь; Энерго; Трейд
"""
)
PUBLIC_BODIES = (
    "МБОУ «Средняя общеобразовательная школа № {n}»",
    "МБДОУ «Детский сад № {n}»",
    "ГАУЗ «Городская поликлиника № {n}»",
    "ТСЖ «Дом {n}»",
    "СНТ «Садовод-{n}»",
    "Местная мусульманская религиозная организация «Мечеть № {n}»",
)

_CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_LATIN = "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya"
_TRANSLIT = {
    c: ("" if t == "-" else t) for c, t in zip(_CYRILLIC, _LATIN.split(), strict=True)
}
MOBILE_CODES = ("917", "927", "937", "960", "987", "903", "965", "952")


def translit(value: str) -> str:
    return "".join(_TRANSLIT.get(c, c) for c in value.lower() if c.isalnum())


def person_name(rng: random.Random) -> tuple[str, str, str, bool]:
    """Return (surname, first name, patronymic, is_female)."""
    female = rng.random() < 0.52
    if rng.random() < 0.55:
        surname = rng.choice(TATAR_SURNAMES)
        first = rng.choice(TATAR_FEMALE if female else TATAR_MALE)
        patronymic = rng.choice(TATAR_PATRONYMICS)[female]
    else:
        surname = rng.choice(RUSSIAN_SURNAMES)
        first = rng.choice(RUSSIAN_FEMALE if female else RUSSIAN_MALE)
        patronymic = rng.choice(RUSSIAN_PATRONYMICS)[female]
    if female:
        surname += "а"
    return surname, first, patronymic, female


def full_name(rng: random.Random) -> str:
    surname, first, patronymic, _female = person_name(rng)
    return f"{surname} {first} {patronymic}"


def entrepreneur_name(rng: random.Random) -> str:
    surname, first, patronymic, _female = person_name(rng)
    return f"ИП {surname} {first[0]}. {patronymic[0]}."


def company_name(rng: random.Random, index: int) -> str:
    if rng.random() < 0.18:
        return rng.choice(PUBLIC_BODIES).format(n=1 + index % 180)
    form = "АО" if rng.random() < 0.08 else "ООО"
    stem, suffix = rng.choice(COMPANY_STEMS), rng.choice(COMPANY_SUFFIXES)
    return f"{form} «{stem}-{suffix}»"


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int:
    return sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_legal(rng: random.Random) -> str:
    """A 10-digit INN of a Tatarstan company with a valid check digit."""
    digits = [1, 6] + [rng.randrange(10) for _ in range(7)]
    digits.append(_check_digit(digits, (2, 4, 10, 3, 5, 9, 4, 6, 8)))
    return "".join(map(str, digits))


def inn_person(rng: random.Random) -> str:
    """A 12-digit INN of a Tatarstan resident (entrepreneur) with valid check digits."""
    digits = [1, 6] + [rng.randrange(10) for _ in range(8)]
    digits.append(_check_digit(digits, (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)))
    digits.append(_check_digit(digits, (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)))
    return "".join(map(str, digits))


def mobile_phone(index: int) -> str:
    """A unique mobile number for consumer `index` (+7 9xx 1xx-xx-xx … 9xx-xx-xx).

    Numbers below +7 9xx 100-00-00 are left for the fixed demo logins."""
    code = MOBILE_CODES[index % len(MOBILE_CODES)]
    # 7 919 is prime to 9 000 000, so the scramble is a bijection on the range.
    number = 1_000_000 + (index // len(MOBILE_CODES) * 7_919 + 4_321) % 9_000_000
    return f"+7{code}{number:07d}"

"""Build Ayni's controlled-vocabulary files in ``ayni/vocabularies/data/``.

The files are generated, not edited by hand: change this script and run it again.

Run it in a scratch virtualenv outside the repository that has the three packages the data
comes from (none of them is needed at run time by Ayni itself, except pycountry and babel)::

    python3 -m venv /tmp/vocabvenv
    /tmp/vocabvenv/bin/pip install django-countries-hdx pycountry babel
    /tmp/vocabvenv/bin/python scripts/build_vocabularies.py          # writes the files
    /tmp/vocabvenv/bin/python scripts/build_vocabularies.py --check  # exit 1 if they differ

Sources:

- ``hdx_plus_m49.csv`` shipped by django-countries-hdx: the UN M49 hierarchy of every ISO 3166-1
  code, the M49 names in the six UN languages, and the M49 LDC, LLDC and SIDS flags;
- pycountry: the ISO 3166-1 and ISO 639-1 code lists and their Portuguese translations;
- babel (CLDR): language names in the seven UI languages and the languages' own names;
- hand-curated literals in this file: M49 area names, the G-77 and LMMC member lists, the LDC
  correction, the subjects, the targets, the assistance types, and a few name corrections.

Every correction and decision is explained next to its literal and in ``SOURCES.md``. The output
is deterministic: the same packages give byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import importlib.metadata
import importlib.util
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pycountry
from babel import Locale, localedata

VERSION = "2026.1"
# The day the hand-curated parts were last reviewed; "as_of" of the package-derived data too.
REVIEWED_ON = "2026-11-21"
LANGS = ("en", "fr", "es", "pt", "ar", "zh", "ru")
# The CLDR locale used for each UI language. Portuguese is European Portuguese (Django's "pt"),
# to match pycountry's "pt" country names.
CLDR_LOCALES = {
    "en": "en",
    "fr": "fr",
    "es": "es",
    "pt": "pt_PT",
    "ar": "ar",
    "zh": "zh_Hans",
    "ru": "ru",
}
# The columns of hdx_plus_m49.csv holding the UN M49 names, by UI language.
M49_NAME_COLUMNS = {
    "en": "M49 English",
    "fr": "M49 French",
    "es": "M49 Spanish",
    "ar": "M49 Arabic",
    "zh": "M49 Chinese",
    "ru": "M49 Russian",
}
# pycountry's gettext locale for each UI language (fallback only).
PYCOUNTRY_LOCALES = {
    "fr": "fr",
    "es": "es",
    "pt": "pt",
    "ar": "ar",
    "zh": "zh_CN",
    "ru": "ru",
}

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "ayni" / "vocabularies" / "data"

# ---------------------------------------------------------------------------------------------
# Regions: the names of the UN M49 areas (the csv has English names only). The six UN languages
# follow the multilingual M49 tables of the UN Statistics Division as published; Portuguese is
# Ayni's own translation (European Portuguese, after CLDR's pt_PT where it fits M49's terms).
# ---------------------------------------------------------------------------------------------
REGION_NAMES: dict[str, dict[str, str]] = {
    "001": {
        "en": "World",
        "fr": "Monde",
        "es": "Mundo",
        "pt": "Mundo",
        "ar": "العالم",
        "zh": "世界",
        "ru": "Мир",
    },
    "002": {
        "en": "Africa",
        "fr": "Afrique",
        "es": "África",
        "pt": "África",
        "ar": "أفريقيا",
        "zh": "非洲",
        "ru": "Африка",
    },
    "005": {
        "en": "South America",
        "fr": "Amérique du Sud",
        "es": "América del Sur",
        "pt": "América do Sul",
        "ar": "أمريكا الجنوبية",
        "zh": "南美洲",
        "ru": "Южная Америка",
    },
    "009": {
        "en": "Oceania",
        "fr": "Océanie",
        "es": "Oceanía",
        "pt": "Oceânia",
        "ar": "أوقيانوسيا",
        "zh": "大洋洲",
        "ru": "Океания",
    },
    "011": {
        "en": "Western Africa",
        "fr": "Afrique occidentale",
        "es": "África occidental",
        "pt": "África Ocidental",
        "ar": "غرب أفريقيا",
        "zh": "西非",
        "ru": "Западная Африка",
    },
    "013": {
        "en": "Central America",
        "fr": "Amérique centrale",
        "es": "Centroamérica",
        "pt": "América Central",
        "ar": "أمريكا الوسطى",
        "zh": "中美洲",
        "ru": "Центральная Америка",
    },
    "014": {
        "en": "Eastern Africa",
        "fr": "Afrique orientale",
        "es": "África oriental",
        "pt": "África Oriental",
        "ar": "شرق أفريقيا",
        "zh": "东非",
        "ru": "Восточная Африка",
    },
    "015": {
        "en": "Northern Africa",
        "fr": "Afrique septentrionale",
        "es": "África septentrional",
        "pt": "África Setentrional",
        "ar": "شمال أفريقيا",
        "zh": "北非",
        "ru": "Северная Африка",
    },
    "017": {
        "en": "Middle Africa",
        "fr": "Afrique centrale",
        "es": "África central",
        "pt": "África Central",
        "ar": "وسط أفريقيا",
        "zh": "中非",
        "ru": "Центральная Африка",
    },
    "018": {
        "en": "Southern Africa",
        "fr": "Afrique australe",
        "es": "África meridional",
        "pt": "África Austral",
        "ar": "الجنوب الأفريقي",
        "zh": "南部非洲",
        "ru": "Южная часть Африки",
    },
    "019": {
        "en": "Americas",
        "fr": "Amériques",
        "es": "Américas",
        "pt": "Américas",
        "ar": "الأمريكتان",
        "zh": "美洲",
        "ru": "Америка",
    },
    "021": {
        "en": "Northern America",
        "fr": "Amérique septentrionale",
        "es": "América septentrional",
        "pt": "América Setentrional",
        "ar": "أمريكا الشمالية",
        "zh": "北美洲",
        "ru": "Северная Америка",
    },
    "029": {
        "en": "Caribbean",
        "fr": "Caraïbes",
        "es": "Caribe",
        "pt": "Caraíbas",
        "ar": "منطقة البحر الكاريبي",
        "zh": "加勒比",
        "ru": "Карибский бассейн",
    },
    "030": {
        "en": "Eastern Asia",
        "fr": "Asie orientale",
        "es": "Asia oriental",
        "pt": "Ásia Oriental",
        "ar": "شرق آسيا",
        "zh": "东亚",
        "ru": "Восточная Азия",
    },
    "034": {
        "en": "Southern Asia",
        "fr": "Asie méridionale",
        "es": "Asia meridional",
        "pt": "Ásia Meridional",
        "ar": "جنوب آسيا",
        "zh": "南亚",
        "ru": "Южная Азия",
    },
    "035": {
        "en": "South-eastern Asia",
        "fr": "Asie du Sud-Est",
        "es": "Asia sudoriental",
        "pt": "Sudeste Asiático",
        "ar": "جنوب شرق آسيا",
        "zh": "东南亚",
        "ru": "Юго-Восточная Азия",
    },
    "039": {
        "en": "Southern Europe",
        "fr": "Europe méridionale",
        "es": "Europa meridional",
        "pt": "Europa Meridional",
        "ar": "أوروبا الجنوبية",
        "zh": "南欧",
        "ru": "Южная Европа",
    },
    "053": {
        "en": "Australia and New Zealand",
        "fr": "Australie et Nouvelle-Zélande",
        "es": "Australia y Nueva Zelandia",
        "pt": "Austrália e Nova Zelândia",
        "ar": "أستراليا ونيوزيلندا",
        "zh": "澳大利亚和新西兰",
        "ru": "Австралия и Новая Зеландия",
    },
    "054": {
        "en": "Melanesia",
        "fr": "Mélanésie",
        "es": "Melanesia",
        "pt": "Melanésia",
        "ar": "ميلانيزيا",
        "zh": "美拉尼西亚",
        "ru": "Меланезия",
    },
    "057": {
        "en": "Micronesia",
        "fr": "Micronésie",
        "es": "Micronesia",
        "pt": "Micronésia",
        "ar": "ميكرونيزيا",
        "zh": "密克罗尼西亚",
        "ru": "Микронезия",
    },
    "061": {
        "en": "Polynesia",
        "fr": "Polynésie",
        "es": "Polinesia",
        "pt": "Polinésia",
        "ar": "بولينيزيا",
        "zh": "波利尼西亚",
        "ru": "Полинезия",
    },
    "142": {
        "en": "Asia",
        "fr": "Asie",
        "es": "Asia",
        "pt": "Ásia",
        "ar": "آسيا",
        "zh": "亚洲",
        "ru": "Азия",
    },
    "143": {
        "en": "Central Asia",
        "fr": "Asie centrale",
        "es": "Asia central",
        "pt": "Ásia Central",
        "ar": "آسيا الوسطى",
        "zh": "中亚",
        "ru": "Центральная Азия",
    },
    "145": {
        "en": "Western Asia",
        "fr": "Asie occidentale",
        "es": "Asia occidental",
        "pt": "Ásia Ocidental",
        "ar": "غرب آسيا",
        "zh": "西亚",
        "ru": "Западная Азия",
    },
    "150": {
        "en": "Europe",
        "fr": "Europe",
        "es": "Europa",
        "pt": "Europa",
        "ar": "أوروبا",
        "zh": "欧洲",
        "ru": "Европа",
    },
    "151": {
        "en": "Eastern Europe",
        "fr": "Europe orientale",
        "es": "Europa oriental",
        "pt": "Europa Oriental",
        "ar": "أوروبا الشرقية",
        "zh": "东欧",
        "ru": "Восточная Европа",
    },
    "154": {
        "en": "Northern Europe",
        "fr": "Europe septentrionale",
        "es": "Europa septentrional",
        "pt": "Europa Setentrional",
        "ar": "أوروبا الشمالية",
        "zh": "北欧",
        "ru": "Северная Европа",
    },
    "155": {
        "en": "Western Europe",
        "fr": "Europe occidentale",
        "es": "Europa occidental",
        "pt": "Europa Ocidental",
        "ar": "أوروبا الغربية",
        "zh": "西欧",
        "ru": "Западная Европа",
    },
    "202": {
        "en": "Sub-Saharan Africa",
        "fr": "Afrique subsaharienne",
        "es": "África subsahariana",
        "pt": "África Subsariana",
        "ar": "أفريقيا جنوب الصحراء الكبرى",
        "zh": "撒哈拉以南非洲",
        "ru": "Африка к югу от Сахары",
    },
    "419": {
        "en": "Latin America and the Caribbean",
        "fr": "Amérique latine et Caraïbes",
        "es": "América Latina y el Caribe",
        "pt": "América Latina e Caraíbas",
        "ar": "أمريكا اللاتينية ومنطقة البحر الكاريبي",
        "zh": "拉丁美洲和加勒比",
        "ru": "Латинская Америка и Карибский бассейн",
    },
    "830": {
        "en": "Channel Islands",
        "fr": "Îles Anglo-Normandes",
        "es": "Islas del Canal",
        "pt": "Ilhas do Canal",
        "ar": "جزر القنال",
        "zh": "海峡群岛",
        "ru": "Нормандские острова",
    },
}
WORLD = "001"

# ---------------------------------------------------------------------------------------------
# Countries: corrections of the csv's M49 names (grammatical case, word order, truncation,
# placeholder characters). Each replaces the csv value for one code and language.
# ---------------------------------------------------------------------------------------------
M49_NAME_FIXES: dict[tuple[str, str], str] = {
    ("AX", "ru"): "Аландские острова",  # csv: genitive "Аландских островов"
    ("AQ", "ru"): "Антарктика",  # csv: prepositional "Антарктике"
    ("CX", "ru"): "Остров Рождества",  # csv: lower-case "остров"
    ("CC", "ru"): "Кокосовые (Килинг) острова",  # csv: genitive
    ("KY", "ru"): "Каймановы острова",  # csv: "Кайман острова"
    ("IO", "ar"): "الإقليم البريطاني في المحيط الهندي",  # csv: words out of order
    ("TF", "ar"): "الأقاليم الجنوبية الفرنسية",  # csv: "الجنوبية" twice
    ("UM", "ar"): "جزر الولايات المتحدة النائية الصغيرة",  # csv: first words missing
    ("NL", "ar"): "مملكة هولندا",  # csv: "هولندا (مملكة _)", a placeholder left in
}
# Taiwan: the csv places it (region 142 Asia, sub-region 030 Eastern Asia) but M49 itself has no
# separate entry, so the csv has no M49 names. The names follow the csv's English term
# "Taiwan (Province of China)" and pycountry's translations of the ISO 3166-1 name
# "Taiwan, Province of China", written in the M49 style with parentheses.
TAIWAN_NAMES = {
    "en": "Taiwan (Province of China)",
    "fr": "Taïwan (province de Chine)",
    "es": "Taiwán (Provincia de China)",
    "pt": "Taiwan (Província da China)",
    "ar": "تايوان (مقاطعة صينية)",
    "zh": "中国台湾省",
    "ru": "Тайвань (провинция Китая)",
}
# Portuguese: pycountry's "pt" (European Portuguese) translations of the ISO 3166-1 names, with
# these overrides: the UN's formal style where the M49 English name uses it (so that the seven
# names of a country are the same name), the current names of renamed countries, and spellings
# that pycountry has outdated or wrong.
PT_OVERRIDES = {
    "AX": "Ilhas Åland",
    "BO": "Bolívia (Estado Plurinacional da)",
    "CC": "Ilhas Cocos (Keeling)",
    "CD": "República Democrática do Congo",
    "CW": "Curaçau",
    "CX": "Ilha do Natal",
    "FM": "Micronésia (Estados Federados da)",
    "GB": "Reino Unido da Grã-Bretanha e Irlanda do Norte",
    "GW": "Guiné-Bissau",
    "HK": "China, Região Administrativa Especial de Hong Kong",
    "IR": "Irão (República Islâmica do)",
    "KP": "República Popular Democrática da Coreia",
    "KR": "República da Coreia",
    "MD": "República da Moldávia",
    "MF": "São Martinho (parte francesa)",
    "MM": "Mianmar",
    "MO": "China, Região Administrativa Especial de Macau",
    "NL": "Países Baixos (Reino dos)",
    "PS": "Estado da Palestina",
    "SH": "Santa Helena",
    "SJ": "Ilhas Svalbard e Jan Mayen",
    "SX": "São Martinho (parte neerlandesa)",
    "SZ": "Essuatíni",
    "TW": TAIWAN_NAMES["pt"],
    "TZ": "República Unida da Tanzânia",
    "US": "Estados Unidos da América",
    "VA": "Santa Sé",
    "VE": "Venezuela (República Bolivariana da)",
    "VG": "Ilhas Virgens Britânicas",
    "VI": "Ilhas Virgens dos Estados Unidos",
    "WF": "Ilhas Wallis e Futuna",
}

# ---------------------------------------------------------------------------------------------
# Groupings.
# ---------------------------------------------------------------------------------------------
GROUPING_NAMES: dict[str, dict[str, str]] = {
    "developing": {
        "en": "Developing countries (the South)",
        "fr": "Pays en développement (le Sud)",
        "es": "Países en desarrollo (el Sur)",
        "pt": "Países em desenvolvimento (o Sul)",
        "ar": "البلدان النامية (بلدان الجنوب)",
        "zh": "发展中国家（南方）",
        "ru": "Развивающиеся страны (страны Юга)",
    },
    "g77": {
        "en": "Group of 77 and China",
        "fr": "Groupe des 77 et la Chine",
        "es": "Grupo de los 77 y China",
        "pt": "Grupo dos 77 e a China",
        "ar": "مجموعة الـ 77 والصين",
        "zh": "77国集团和中国",
        "ru": "Группа 77 и Китай",
    },
    "ldc": {
        "en": "Least developed countries",
        "fr": "Pays les moins avancés",
        "es": "Países menos adelantados",
        "pt": "Países menos desenvolvidos",
        "ar": "أقل البلدان نموا",
        "zh": "最不发达国家",
        "ru": "Наименее развитые страны",
    },
    "lldc": {
        "en": "Landlocked developing countries",
        "fr": "Pays en développement sans littoral",
        "es": "Países en desarrollo sin litoral",
        "pt": "Países em desenvolvimento sem litoral",
        "ar": "البلدان النامية غير الساحلية",
        "zh": "内陆发展中国家",
        "ru": "Развивающиеся страны, не имеющие выхода к морю",
    },
    "sids": {
        "en": "Small island developing States",
        "fr": "Petits États insulaires en développement",
        "es": "Pequeños Estados insulares en desarrollo",
        "pt": "Pequenos Estados insulares em desenvolvimento",
        "ar": "الدول الجزرية الصغيرة النامية",
        "zh": "小岛屿发展中国家",
        "ru": "Малые островные развивающиеся государства",
    },
    "lmmc": {
        "en": "Like-Minded Megadiverse Countries",
        "fr": "Pays mégadivers animés du même esprit",
        "es": "Países Megadiversos Afines",
        "pt": "Países Megadiversos Afins",
        "ar": "البلدان المتقاربة التفكير ذات التنوع البيولوجي الهائل",
        "zh": "志同道合的生物多样性特丰国家",
        "ru": "Страны-единомышленники, обладающие мегаразнообразием",
    },
}
# The Group of 77 and China: the 134 members of the Group's own list (g77.org, "Member States
# of the Group of 77"), China included. Hand-curated; cross-checked against the usual
# description of the membership: every UN Member State and the State of Palestine except the
# members of the Council of Europe (Bosnia and Herzegovina excepted), of the OECD (Chile,
# Colombia and Costa Rica excepted), the full members of the CIS (Tajikistan excepted), Palau
# and Tuvalu.
G77_MEMBERS = [
    "AF",
    "DZ",
    "AO",
    "AG",
    "AR",
    "BS",
    "BH",
    "BD",
    "BB",
    "BZ",
    "BJ",
    "BT",
    "BO",
    "BA",
    "BW",
    "BR",
    "BN",
    "BF",
    "BI",
    "CV",
    "KH",
    "CM",
    "CF",
    "TD",
    "CL",
    "CN",
    "CO",
    "KM",
    "CG",
    "CR",
    "CI",
    "CU",
    "KP",
    "CD",
    "DJ",
    "DM",
    "DO",
    "EC",
    "EG",
    "SV",
    "GQ",
    "ER",
    "SZ",
    "ET",
    "FJ",
    "GA",
    "GM",
    "GH",
    "GD",
    "GT",
    "GN",
    "GW",
    "GY",
    "HT",
    "HN",
    "IN",
    "ID",
    "IR",
    "IQ",
    "JM",
    "JO",
    "KE",
    "KI",
    "KW",
    "LA",
    "LB",
    "LS",
    "LR",
    "LY",
    "MG",
    "MW",
    "MY",
    "MV",
    "ML",
    "MH",
    "MR",
    "MU",
    "FM",
    "MN",
    "MA",
    "MZ",
    "MM",
    "NA",
    "NR",
    "NP",
    "NI",
    "NE",
    "NG",
    "OM",
    "PK",
    "PS",
    "PA",
    "PG",
    "PY",
    "PE",
    "PH",
    "QA",
    "RW",
    "KN",
    "LC",
    "VC",
    "WS",
    "ST",
    "SA",
    "SN",
    "SC",
    "SL",
    "SG",
    "SB",
    "SO",
    "ZA",
    "SS",
    "LK",
    "SD",
    "SR",
    "SY",
    "TJ",
    "TH",
    "TL",
    "TG",
    "TO",
    "TT",
    "TN",
    "TM",
    "UG",
    "AE",
    "TZ",
    "UY",
    "VU",
    "VE",
    "VN",
    "YE",
    "ZM",
    "ZW",
]
G77_COUNT = 134
# The Like-Minded Megadiverse Countries: the 12 signatories of the Cancún Declaration of
# 18 February 2002, Bolivia, Malaysia and the Philippines (joined in 2002), the Democratic
# Republic of the Congo and Madagascar (joined later), Guatemala and Iran (joined in 2010).
LMMC_FOUNDERS = ("BR", "CN", "CO", "CR", "EC", "IN", "ID", "KE", "MX", "PE", "ZA", "VE")
LMMC_LATER = ("BO", "MY", "PH", "CD", "MG", "GT", "IR")
# LDC: the csv still flags Sao Tome and Principe, which graduated on 13 December 2024 (44 LDCs
# remain). Bhutan (graduated 13 December 2023) is already unflagged in the csv.
LDC_GRADUATED = {"ST": "2024-12-13", "BT": "2023-12-13"}
LDC_COUNT = 44
# The UN M49 "developed regions" of the historical classification of developed and developing
# regions (UNSD): Europe, Northern America, Australia and New Zealand, and Japan.
DEVELOPED_AREAS = ("150", "021", "053")
DEVELOPED_COUNTRIES = ("JP",)

# ---------------------------------------------------------------------------------------------
# Subjects: DESIGN.md's slugs in its order; the first seven are the CBD's thematic programmes
# of work, the rest its cross-cutting issues. CBD thesaurus codes (domain CBD-SUBJECTS) only
# where certain: the nine given in DESIGN.md (the seven biomes are the narrower terms of
# CBD-SUBJECT-BIOMES in the SCBD's API documentation), and three used with that meaning in the
# SCBD's own code: CBD-SUBJECT-CPB (Cartagena Protocol on Biosafety), CBD-SUBJECT-IAS and
# CBD-SUBJECT-ECORES. Codes seen there whose exact term was not confirmed are left out (see
# SOURCES.md): ECOA, SUSE, PA, GSPC, HH, FIN.
# ---------------------------------------------------------------------------------------------
SUBJECTS: list[tuple[str, str | None, dict[str, str]]] = [
    (
        "agricultural",
        "CBD-SUBJECT-AGR",
        {
            "en": "Agricultural biodiversity",
            "fr": "Diversité biologique agricole",
            "es": "Diversidad biológica agrícola",
            "pt": "Biodiversidade agrícola",
            "ar": "التنوع البيولوجي الزراعي",
            "zh": "农业生物多样性",
            "ru": "Биоразнообразие сельского хозяйства",
        },
    ),
    (
        "dry-subhumid-lands",
        "CBD-SUBJECT-DSHL",
        {
            "en": "Dry and sub-humid lands biodiversity",
            "fr": "Diversité biologique des terres arides et subhumides",
            "es": "Diversidad biológica de las tierras áridas y subhúmedas",
            "pt": "Biodiversidade das terras áridas e sub-húmidas",
            "ar": "التنوع البيولوجي للأراضي الجافة وشبه الرطبة",
            "zh": "干旱和半湿润地区生物多样性",
            "ru": "Биоразнообразие засушливых и субгумидных земель",
        },
    ),
    (
        "forest",
        "CBD-SUBJECT-FOR",
        {
            "en": "Forest biodiversity",
            "fr": "Diversité biologique des forêts",
            "es": "Diversidad biológica forestal",
            "pt": "Biodiversidade florestal",
            "ar": "التنوع البيولوجي للغابات",
            "zh": "森林生物多样性",
            "ru": "Биоразнообразие лесов",
        },
    ),
    (
        "inland-waters",
        "CBD-SUBJECT-WTR",
        {
            "en": "Inland waters biodiversity",
            "fr": "Diversité biologique des eaux intérieures",
            "es": "Diversidad biológica de las aguas continentales",
            "pt": "Biodiversidade das águas interiores",
            "ar": "التنوع البيولوجي للمياه الداخلية",
            "zh": "内陆水域生物多样性",
            "ru": "Биоразнообразие внутренних вод",
        },
    ),
    (
        "island",
        "CBD-SUBJECT-ISL",
        {
            "en": "Island biodiversity",
            "fr": "Diversité biologique insulaire",
            "es": "Diversidad biológica insular",
            "pt": "Biodiversidade insular",
            "ar": "التنوع البيولوجي للجزر",
            "zh": "岛屿生物多样性",
            "ru": "Биоразнообразие островов",
        },
    ),
    (
        "marine-coastal",
        "CBD-SUBJECT-MAR",
        {
            "en": "Marine and coastal biodiversity",
            "fr": "Diversité biologique marine et côtière",
            "es": "Diversidad biológica marina y costera",
            "pt": "Biodiversidade marinha e costeira",
            "ar": "التنوع البيولوجي البحري والساحلي",
            "zh": "海洋和沿海生物多样性",
            "ru": "Биоразнообразие морских и прибрежных районов",
        },
    ),
    (
        "mountain",
        "CBD-SUBJECT-MNT",
        {
            "en": "Mountain biodiversity",
            "fr": "Diversité biologique des montagnes",
            "es": "Diversidad biológica de las montañas",
            "pt": "Biodiversidade das montanhas",
            "ar": "التنوع البيولوجي للجبال",
            "zh": "山区生物多样性",
            "ru": "Биоразнообразие горных районов",
        },
    ),
    (
        "access-benefit-sharing",
        "CBD-SUBJECT-ABS",
        {
            "en": "Access and benefit-sharing",
            "fr": "Accès et partage des avantages",
            "es": "Acceso y participación en los beneficios",
            "pt": "Acesso e repartição de benefícios",
            "ar": "الحصول وتقاسم المنافع",
            "zh": "获取和惠益分享",
            "ru": "Доступ и совместное использование выгод",
        },
    ),
    (
        "climate-change",
        "CBD-SUBJECT-CC",
        {
            "en": "Climate change and biodiversity",
            "fr": "Changements climatiques et diversité biologique",
            "es": "Cambio climático y diversidad biológica",
            "pt": "Alterações climáticas e biodiversidade",
            "ar": "تغير المناخ والتنوع البيولوجي",
            "zh": "气候变化与生物多样性",
            "ru": "Изменение климата и биоразнообразие",
        },
    ),
    (
        "biosafety",
        "CBD-SUBJECT-CPB",
        {
            "en": "Biosafety",
            "fr": "Prévention des risques biotechnologiques",
            "es": "Seguridad de la biotecnología",
            "pt": "Biossegurança",
            "ar": "السلامة الأحيائية",
            "zh": "生物安全",
            "ru": "Биобезопасность",
        },
    ),
    (
        "communication-education",
        None,
        {
            "en": "Communication, education and public awareness",
            "fr": "Communication, éducation et sensibilisation du public",
            "es": "Comunicación, educación y conciencia pública",
            "pt": "Comunicação, educação e sensibilização do público",
            "ar": "الاتصال والتثقيف والتوعية العامة",
            "zh": "宣传、教育和公众意识",
            "ru": "Коммуникация, просвещение и информирование общественности",
        },
    ),
    (
        "economics-incentives",
        None,
        {
            "en": "Economics, trade and incentive measures",
            "fr": "Économie, commerce et mesures d'incitation",
            "es": "Economía, comercio y medidas de incentivo",
            "pt": "Economia, comércio e medidas de incentivo",
            "ar": "الاقتصاد والتجارة والتدابير الحافزة",
            "zh": "经济、贸易和奖励措施",
            "ru": "Экономика, торговля и стимулирующие меры",
        },
    ),
    (
        "ecosystem-approach",
        None,
        {
            "en": "Ecosystem approach",
            "fr": "Approche par écosystème",
            "es": "Enfoque por ecosistemas",
            "pt": "Abordagem ecossistémica",
            "ar": "نهج النظام الإيكولوجي",
            "zh": "生态系统方式",
            "ru": "Экосистемный подход",
        },
    ),
    (
        "ecosystem-restoration",
        "CBD-SUBJECT-ECORES",
        {
            "en": "Ecosystem restoration",
            "fr": "Restauration des écosystèmes",
            "es": "Restauración de ecosistemas",
            "pt": "Restauro de ecossistemas",
            "ar": "استعادة النظم الإيكولوجية",
            "zh": "生态系统恢复",
            "ru": "Восстановление экосистем",
        },
    ),
    (
        "health",
        None,
        {
            "en": "Health and biodiversity",
            "fr": "Santé et diversité biologique",
            "es": "Salud y diversidad biológica",
            "pt": "Saúde e biodiversidade",
            "ar": "الصحة والتنوع البيولوجي",
            "zh": "健康与生物多样性",
            "ru": "Здоровье и биоразнообразие",
        },
    ),
    (
        "impact-assessment",
        None,
        {
            "en": "Impact assessment",
            "fr": "Évaluation d'impact",
            "es": "Evaluación del impacto",
            "pt": "Avaliação de impacto",
            "ar": "تقييم الأثر",
            "zh": "影响评估",
            "ru": "Оценка воздействия",
        },
    ),
    (
        "invasive-alien-species",
        "CBD-SUBJECT-IAS",
        {
            "en": "Invasive alien species",
            "fr": "Espèces exotiques envahissantes",
            "es": "Especies exóticas invasoras",
            "pt": "Espécies exóticas invasoras",
            "ar": "الأنواع الغريبة الغازية",
            "zh": "外来入侵物种",
            "ru": "Инвазивные чужеродные виды",
        },
    ),
    (
        "monitoring-indicators",
        None,
        {
            "en": "Monitoring and indicators",
            "fr": "Surveillance et indicateurs",
            "es": "Seguimiento e indicadores",
            "pt": "Monitorização e indicadores",
            "ar": "الرصد والمؤشرات",
            "zh": "监测和指标",
            "ru": "Мониторинг и показатели",
        },
    ),
    (
        "plant-conservation",
        None,
        {
            "en": "Plant conservation",
            "fr": "Conservation des plantes",
            "es": "Conservación de las especies vegetales",
            "pt": "Conservação das plantas",
            "ar": "حفظ النباتات",
            "zh": "植物保护",
            "ru": "Сохранение растений",
        },
    ),
    (
        "protected-areas",
        None,
        {
            "en": "Protected areas",
            "fr": "Aires protégées",
            "es": "Áreas protegidas",
            "pt": "Áreas protegidas",
            "ar": "المناطق المحمية",
            "zh": "保护区",
            "ru": "Охраняемые районы",
        },
    ),
    (
        "sustainable-use",
        None,
        {
            "en": "Sustainable use of biodiversity",
            "fr": "Utilisation durable de la diversité biologique",
            "es": "Utilización sostenible de la diversidad biológica",
            "pt": "Utilização sustentável da biodiversidade",
            "ar": "الاستخدام المستدام للتنوع البيولوجي",
            "zh": "生物多样性的可持续利用",
            "ru": "Устойчивое использование биоразнообразия",
        },
    ),
    (
        "taxonomy",
        None,
        {
            "en": "Taxonomy",
            "fr": "Taxonomie",
            "es": "Taxonomía",
            "pt": "Taxonomia",
            "ar": "التصنيف",
            "zh": "生物分类学",
            "ru": "Таксономия",
        },
    ),
    (
        "technology-transfer",
        None,
        {
            "en": "Technology transfer and cooperation",
            "fr": "Transfert de technologie et coopération",
            "es": "Transferencia de tecnología y cooperación",
            "pt": "Transferência de tecnologia e cooperação",
            "ar": "نقل التكنولوجيا والتعاون",
            "zh": "技术转让与合作",
            "ru": "Передача технологий и сотрудничество",
        },
    ),
    (
        "tourism",
        None,
        {
            "en": "Tourism and biodiversity",
            "fr": "Tourisme et diversité biologique",
            "es": "Turismo y diversidad biológica",
            "pt": "Turismo e biodiversidade",
            "ar": "السياحة والتنوع البيولوجي",
            "zh": "旅游与生物多样性",
            "ru": "Туризм и биоразнообразие",
        },
    ),
    (
        "traditional-knowledge",
        None,
        {
            "en": "Traditional knowledge, innovations and practices",
            "fr": "Connaissances, innovations et pratiques traditionnelles",
            "es": "Conocimientos, innovaciones y prácticas tradicionales",
            "pt": "Conhecimentos, inovações e práticas tradicionais",
            "ar": "المعارف والابتكارات والممارسات التقليدية",
            "zh": "传统知识、创新和做法",
            "ru": "Традиционные знания, нововведения и практика",
        },
    ),
    (
        "mainstreaming",
        None,
        {
            "en": "Mainstreaming of biodiversity",
            "fr": "Intégration de la diversité biologique",
            "es": "Integración de la diversidad biológica",
            "pt": "Integração da biodiversidade",
            "ar": "تعميم مراعاة التنوع البيولوجي",
            "zh": "生物多样性主流化",
            "ru": "Актуализация тематики биоразнообразия",
        },
    ),
    (
        "gender",
        None,
        {
            "en": "Gender and biodiversity",
            "fr": "Genre et diversité biologique",
            "es": "Género y diversidad biológica",
            "pt": "Género e biodiversidade",
            "ar": "المسائل الجنسانية والتنوع البيولوجي",
            "zh": "性别与生物多样性",
            "ru": "Гендерные аспекты и биоразнообразие",
        },
    ),
    (
        "cities-subnational",
        None,
        {
            "en": "Cities, subnational governments and biodiversity",
            "fr": "Villes, gouvernements infranationaux et diversité biologique",
            "es": "Ciudades, gobiernos subnacionales y diversidad biológica",
            "pt": "Cidades, governos subnacionais e biodiversidade",
            "ar": "المدن والحكومات دون الوطنية والتنوع البيولوجي",
            "zh": "城市、次国家级政府与生物多样性",
            "ru": "Города, субнациональные органы власти и биоразнообразие",
        },
    ),
    (
        "business",
        None,
        {
            "en": "Business and biodiversity",
            "fr": "Entreprises et diversité biologique",
            "es": "Empresas y diversidad biológica",
            "pt": "Empresas e biodiversidade",
            "ar": "قطاع الأعمال والتنوع البيولوجي",
            "zh": "企业与生物多样性",
            "ru": "Деловые круги и биоразнообразие",
        },
    ),
    (
        "resource-mobilization",
        None,
        {
            "en": "Resource mobilization",
            "fr": "Mobilisation des ressources",
            "es": "Movilización de recursos",
            "pt": "Mobilização de recursos",
            "ar": "تعبئة الموارد",
            "zh": "资源调动",
            "ru": "Мобилизация ресурсов",
        },
    ),
    (
        "spatial-planning",
        None,
        {
            "en": "Spatial planning",
            "fr": "Planification spatiale",
            "es": "Planificación espacial",
            "pt": "Ordenamento do território",
            "ar": "التخطيط المكاني",
            "zh": "空间规划",
            "ru": "Территориальное планирование",
        },
    ),
]
THEMATIC_COUNT = 7
# The broader subject of a subject, where the hierarchy is obvious. None is set: the CBD's own
# thesaurus keeps these subjects side by side.
SUBJECT_PARENTS: dict[str, str] = {}

# ---------------------------------------------------------------------------------------------
# Targets. English short titles: the CBD's short titles of the Aichi Targets (their icons and
# quick guides) and of the GBF targets (its web site and thesaurus), in sentence case. The GBF
# goals have no official short title beyond the thesaurus's for Goal B; the others are Ayni's,
# worded like it. The other languages are Ayni's translations in the CBD's terminology (the
# French and Spanish of GBF target 1 are the thesaurus's own short titles).
# ---------------------------------------------------------------------------------------------
AICHI_TARGETS: list[dict[str, str]] = [
    {
        "en": "Awareness of biodiversity increased",
        "fr": "Sensibilisation accrue à la diversité biologique",
        "es": "Mayor conciencia sobre la diversidad biológica",
        "pt": "Maior sensibilização para a biodiversidade",
        "ar": "زيادة الوعي بالتنوع البيولوجي",
        "zh": "提高对生物多样性的认识",
        "ru": "Повышение осведомленности о биоразнообразии",
    },
    {
        "en": "Biodiversity values integrated",
        "fr": "Intégration des valeurs de la diversité biologique",
        "es": "Integración de los valores de la diversidad biológica",
        "pt": "Integração dos valores da biodiversidade",
        "ar": "إدماج قيم التنوع البيولوجي",
        "zh": "纳入生物多样性的价值",
        "ru": "Учет ценности биоразнообразия",
    },
    {
        "en": "Incentives reformed",
        "fr": "Réforme des mesures d'incitation",
        "es": "Reforma de los incentivos",
        "pt": "Reforma dos incentivos",
        "ar": "إصلاح الحوافز",
        "zh": "改革奖励措施",
        "ru": "Реформирование стимулов",
    },
    {
        "en": "Sustainable production and consumption",
        "fr": "Production et consommation durables",
        "es": "Producción y consumo sostenibles",
        "pt": "Produção e consumo sustentáveis",
        "ar": "الإنتاج والاستهلاك المستدامان",
        "zh": "可持续生产和消费",
        "ru": "Устойчивое производство и потребление",
    },
    {
        "en": "Habitat loss halved or reduced",
        "fr": "Perte d'habitats réduite de moitié ou diminuée",
        "es": "Pérdida de hábitats reducida a la mitad o disminuida",
        "pt": "Perda de habitats reduzida para metade ou diminuída",
        "ar": "خفض فقدان الموائل إلى النصف أو تقليله",
        "zh": "生境丧失减半或减少",
        "ru": "Сокращение утраты местообитаний вдвое или его снижение",
    },
    {
        "en": "Sustainable management of aquatic living resources",
        "fr": "Gestion durable des ressources biologiques aquatiques",
        "es": "Gestión sostenible de los recursos vivos acuáticos",
        "pt": "Gestão sustentável dos recursos vivos aquáticos",
        "ar": "الإدارة المستدامة للموارد الحية المائية",
        "zh": "可持续管理水生生物资源",
        "ru": "Устойчивое управление водными живыми ресурсами",
    },
    {
        "en": "Sustainable agriculture, aquaculture and forestry",
        "fr": "Agriculture, aquaculture et sylviculture durables",
        "es": "Agricultura, acuicultura y silvicultura sostenibles",
        "pt": "Agricultura, aquicultura e silvicultura sustentáveis",
        "ar": "الزراعة وتربية الأحياء المائية والحراجة المستدامة",
        "zh": "可持续农业、水产养殖和林业",
        "ru": "Устойчивое сельское хозяйство, аквакультура и лесное хозяйство",
    },
    {
        "en": "Pollution reduced",
        "fr": "Réduction de la pollution",
        "es": "Reducción de la contaminación",
        "pt": "Redução da poluição",
        "ar": "الحد من التلوث",
        "zh": "减少污染",
        "ru": "Сокращение загрязнения",
    },
    {
        "en": "Invasive alien species prevented and controlled",
        "fr": "Prévention et contrôle des espèces exotiques envahissantes",
        "es": "Prevención y control de las especies exóticas invasoras",
        "pt": "Prevenção e controlo das espécies exóticas invasoras",
        "ar": "منع الأنواع الغريبة الغازية ومكافحتها",
        "zh": "预防和控制外来入侵物种",
        "ru": "Предотвращение интродукции инвазивных чужеродных видов и борьба с ними",
    },
    {
        "en": "Pressures on vulnerable ecosystems reduced",
        "fr": "Réduction des pressions sur les écosystèmes vulnérables",
        "es": "Reducción de las presiones sobre los ecosistemas vulnerables",
        "pt": "Redução das pressões sobre os ecossistemas vulneráveis",
        "ar": "الحد من الضغوط على النظم الإيكولوجية الهشة",
        "zh": "减少对脆弱生态系统的压力",
        "ru": "Снижение нагрузки на уязвимые экосистемы",
    },
    {
        "en": "Protected areas increased and improved",
        "fr": "Aires protégées étendues et améliorées",
        "es": "Áreas protegidas ampliadas y mejoradas",
        "pt": "Áreas protegidas alargadas e melhoradas",
        "ar": "زيادة المناطق المحمية وتحسينها",
        "zh": "扩大和改善保护区",
        "ru": "Расширение и улучшение охраняемых районов",
    },
    {
        "en": "Extinction prevented",
        "fr": "Prévention de l'extinction",
        "es": "Prevención de la extinción",
        "pt": "Prevenção da extinção",
        "ar": "منع الانقراض",
        "zh": "防止物种灭绝",
        "ru": "Предотвращение исчезновения видов",
    },
    {
        "en": "Genetic diversity maintained",
        "fr": "Maintien de la diversité génétique",
        "es": "Mantenimiento de la diversidad genética",
        "pt": "Manutenção da diversidade genética",
        "ar": "الحفاظ على التنوع الجيني",
        "zh": "保持遗传多样性",
        "ru": "Сохранение генетического разнообразия",
    },
    {
        "en": "Ecosystem services",
        "fr": "Services écosystémiques",
        "es": "Servicios de los ecosistemas",
        "pt": "Serviços dos ecossistemas",
        "ar": "خدمات النظم الإيكولوجية",
        "zh": "生态系统服务",
        "ru": "Экосистемные услуги",
    },
    {
        "en": "Ecosystem restoration and resilience",
        "fr": "Restauration et résilience des écosystèmes",
        "es": "Restauración y resiliencia de los ecosistemas",
        "pt": "Restauro e resiliência dos ecossistemas",
        "ar": "استعادة النظم الإيكولوجية وقدرتها على الصمود",
        "zh": "生态系统的恢复和复原力",
        "ru": "Восстановление и устойчивость экосистем",
    },
    {
        "en": "Access to and sharing benefits from genetic resources",
        "fr": "Accès aux ressources génétiques et partage des avantages",
        "es": "Acceso a los recursos genéticos y participación en los beneficios",
        "pt": "Acesso aos recursos genéticos e repartição dos benefícios",
        "ar": "الحصول على الموارد الجينية وتقاسم منافعها",
        "zh": "遗传资源的获取和惠益分享",
        "ru": "Доступ к генетическим ресурсам и совместное использование выгод",
    },
    {
        "en": "Biodiversity strategies and action plans",
        "fr": "Stratégies et plans d'action pour la diversité biologique",
        "es": "Estrategias y planes de acción en materia de diversidad biológica",
        "pt": "Estratégias e planos de ação para a biodiversidade",
        "ar": "استراتيجيات وخطط عمل التنوع البيولوجي",
        "zh": "生物多样性战略和行动计划",
        "ru": "Стратегии и планы действий по сохранению биоразнообразия",
    },
    {
        "en": "Traditional knowledge",
        "fr": "Connaissances traditionnelles",
        "es": "Conocimientos tradicionales",
        "pt": "Conhecimentos tradicionais",
        "ar": "المعارف التقليدية",
        "zh": "传统知识",
        "ru": "Традиционные знания",
    },
    {
        "en": "Sharing information and knowledge",
        "fr": "Partage de l'information et des connaissances",
        "es": "Intercambio de información y conocimientos",
        "pt": "Partilha de informação e conhecimentos",
        "ar": "تبادل المعلومات والمعارف",
        "zh": "分享信息和知识",
        "ru": "Обмен информацией и знаниями",
    },
    {
        "en": "Mobilizing resources from all sources",
        "fr": "Mobilisation des ressources de toutes provenances",
        "es": "Movilización de recursos de todas las fuentes",
        "pt": "Mobilização de recursos de todas as fontes",
        "ar": "تعبئة الموارد من جميع المصادر",
        "zh": "从所有来源调动资源",
        "ru": "Мобилизация ресурсов из всех источников",
    },
]
GBF_GOALS: dict[str, dict[str, str]] = {
    "A": {
        "en": "Ecosystems and species are protected and restored",
        "fr": "Les écosystèmes et les espèces sont protégés et restaurés",
        "es": "Los ecosistemas y las especies están protegidos y restaurados",
        "pt": "Os ecossistemas e as espécies são protegidos e restaurados",
        "ar": "حماية النظم الإيكولوجية والأنواع واستعادتها",
        "zh": "生态系统和物种得到保护和恢复",
        "ru": "Экосистемы и виды защищены и восстановлены",
    },
    "B": {
        "en": "Biodiversity is sustainably used",
        "fr": "La diversité biologique est utilisée de manière durable",
        "es": "La diversidad biológica se utiliza de manera sostenible",
        "pt": "A biodiversidade é utilizada de forma sustentável",
        "ar": "استخدام التنوع البيولوجي على نحو مستدام",
        "zh": "生物多样性得到可持续利用",
        "ru": "Биоразнообразие используется на устойчивой основе",
    },
    "C": {
        "en": "Benefits are shared fairly and equitably",
        "fr": "Les avantages sont partagés de manière juste et équitable",
        "es": "Los beneficios se comparten de manera justa y equitativa",
        "pt": "Os benefícios são repartidos de forma justa e equitativa",
        "ar": "تقاسم المنافع تقاسما عادلا ومنصفا",
        "zh": "惠益得到公正和公平的分享",
        "ru": "Выгоды распределяются справедливо и на равной основе",
    },
    "D": {
        "en": "Means of implementation are secured",
        "fr": "Les moyens de mise en œuvre sont assurés",
        "es": "Los medios de implementación están asegurados",
        "pt": "Os meios de implementação estão assegurados",
        "ar": "تأمين وسائل التنفيذ",
        "zh": "执行手段得到保障",
        "ru": "Средства осуществления обеспечены",
    },
}
GBF_TARGETS: list[dict[str, str]] = [
    {
        "en": "Plan and manage all areas to reduce biodiversity loss",
        "fr": "Planifier et gérer toutes les zones afin de réduire la perte de biodiversité",
        "es": (
            "Someter todas las zonas a planificación y gestión para reducir la pérdida de "
            "biodiversidad"
        ),
        "pt": "Planear e gerir todas as zonas para reduzir a perda de biodiversidade",
        "ar": "تخطيط جميع المناطق وإدارتها للحد من فقدان التنوع البيولوجي",
        "zh": "规划和管理所有区域以减少生物多样性丧失",
        "ru": "Планирование и управление всеми районами для сокращения утраты биоразнообразия",
    },
    {
        "en": "Restore 30% of all degraded ecosystems",
        "fr": "Restaurer 30 % de tous les écosystèmes dégradés",
        "es": "Restaurar el 30 % de todos los ecosistemas degradados",
        "pt": "Restaurar 30% de todos os ecossistemas degradados",
        "ar": "استعادة 30 في المائة من جميع النظم الإيكولوجية المتدهورة",
        "zh": "恢复30%的退化生态系统",
        "ru": "Восстановление 30 % всех деградировавших экосистем",
    },
    {
        "en": "Conserve 30% of land, waters and seas",
        "fr": "Conserver 30 % des terres, des eaux et des mers",
        "es": "Conservar el 30 % de las tierras, las aguas y los mares",
        "pt": "Conservar 30% das terras, das águas e dos mares",
        "ar": "حفظ 30 في المائة من الأراضي والمياه والبحار",
        "zh": "保护30%的陆地、水域和海洋",
        "ru": "Сохранение 30 % суши, вод и морей",
    },
    {
        "en": (
            "Halt species extinction, protect genetic diversity and manage human-wildlife conflicts"
        ),
        "fr": (
            "Enrayer l'extinction des espèces, protéger la diversité génétique et gérer les "
            "conflits entre l'homme et la faune sauvage"
        ),
        "es": (
            "Detener la extinción de especies, proteger la diversidad genética y gestionar los "
            "conflictos entre los seres humanos y la fauna silvestre"
        ),
        "pt": (
            "Travar a extinção de espécies, proteger a diversidade genética e gerir os conflitos "
            "entre pessoas e vida selvagem"
        ),
        "ar": "وقف انقراض الأنواع وحماية التنوع الجيني وإدارة النزاعات بين البشر والحياة البرية",
        "zh": "制止物种灭绝、保护遗传多样性并管理人类与野生动物的冲突",
        "ru": (
            "Прекращение исчезновения видов, защита генетического разнообразия и урегулирование "
            "конфликтов между человеком и дикой природой"
        ),
    },
    {
        "en": "Ensure sustainable, safe and legal harvesting and trade of wild species",
        "fr": (
            "Garantir une exploitation et un commerce durables, sûrs et légaux des espèces sauvages"
        ),
        "es": (
            "Garantizar que la recolección y el comercio de especies silvestres sean sostenibles, "
            "seguros y legales"
        ),
        "pt": (
            "Garantir a colheita e o comércio sustentáveis, seguros e legais de espécies selvagens"
        ),
        "ar": "ضمان أن يكون حصاد الأنواع البرية والاتجار بها مستدامين ومأمونين وقانونيين",
        "zh": "确保野生物种的采捕和贸易可持续、安全且合法",
        "ru": "Обеспечение устойчивого, безопасного и законного изъятия диких видов и торговли ими",
    },
    {
        "en": "Reduce the introduction of invasive alien species by 50% and minimize their impact",
        "fr": (
            "Réduire de 50 % l'introduction d'espèces exotiques envahissantes et en réduire au "
            "minimum l'impact"
        ),
        "es": (
            "Reducir en un 50 % la introducción de especies exóticas invasoras y minimizar sus "
            "efectos"
        ),
        "pt": (
            "Reduzir em 50% a introdução de espécies exóticas invasoras e minimizar o seu impacto"
        ),
        "ar": "خفض إدخال الأنواع الغريبة الغازية بنسبة 50 في المائة والتقليل من أثرها إلى أدنى حد",
        "zh": "将外来入侵物种的引入减少50%并尽量减少其影响",
        "ru": (
            "Сокращение интродукции инвазивных чужеродных видов на 50 % и сведение к минимуму их "
            "воздействия"
        ),
    },
    {
        "en": "Reduce pollution to levels that are not harmful to biodiversity",
        "fr": "Ramener la pollution à des niveaux qui ne sont pas nuisibles à la biodiversité",
        "es": "Reducir la contaminación a niveles que no sean perjudiciales para la biodiversidad",
        "pt": "Reduzir a poluição para níveis que não sejam nocivos para a biodiversidade",
        "ar": "خفض التلوث إلى مستويات غير ضارة بالتنوع البيولوجي",
        "zh": "将污染降低到对生物多样性无害的水平",
        "ru": "Снижение загрязнения до уровней, не наносящих вреда биоразнообразию",
    },
    {
        "en": "Minimize the impacts of climate change on biodiversity and build resilience",
        "fr": (
            "Réduire au minimum les effets des changements climatiques sur la biodiversité et "
            "renforcer la résilience"
        ),
        "es": (
            "Minimizar los efectos del cambio climático en la biodiversidad y aumentar la "
            "resiliencia"
        ),
        "pt": (
            "Minimizar os impactos das alterações climáticas na biodiversidade e reforçar a "
            "resiliência"
        ),
        "ar": (
            "التقليل إلى أدنى حد من آثار تغير المناخ على التنوع البيولوجي وبناء القدرة على الصمود"
        ),
        "zh": "尽量减少气候变化对生物多样性的影响并增强复原力",
        "ru": (
            "Сведение к минимуму воздействия изменения климата на биоразнообразие и повышение "
            "устойчивости"
        ),
    },
    {
        "en": "Manage wild species sustainably to benefit people",
        "fr": "Gérer durablement les espèces sauvages au profit des populations",
        "es": "Gestionar las especies silvestres de manera sostenible en beneficio de las personas",
        "pt": "Gerir as espécies selvagens de forma sustentável em benefício das pessoas",
        "ar": "إدارة الأنواع البرية على نحو مستدام لما فيه منفعة الناس",
        "zh": "可持续管理野生物种以造福人类",
        "ru": "Устойчивое управление дикими видами на благо людей",
    },
    {
        "en": (
            "Enhance biodiversity and sustainability in agriculture, aquaculture, fisheries and "
            "forestry"
        ),
        "fr": (
            "Renforcer la biodiversité et la durabilité dans l'agriculture, l'aquaculture, la "
            "pêche et la sylviculture"
        ),
        "es": (
            "Mejorar la biodiversidad y la sostenibilidad en la agricultura, la acuicultura, la "
            "pesca y la silvicultura"
        ),
        "pt": (
            "Reforçar a biodiversidade e a sustentabilidade na agricultura, aquicultura, pesca e "
            "silvicultura"
        ),
        "ar": (
            "تعزيز التنوع البيولوجي والاستدامة في الزراعة وتربية الأحياء المائية ومصايد الأسماك "
            "والحراجة"
        ),
        "zh": "加强农业、水产养殖、渔业和林业的生物多样性和可持续性",
        "ru": (
            "Повышение биоразнообразия и устойчивости в сельском хозяйстве, аквакультуре, "
            "рыболовстве и лесном хозяйстве"
        ),
    },
    {
        "en": "Restore, maintain and enhance nature's contributions to people",
        "fr": "Restaurer, maintenir et renforcer les contributions de la nature aux populations",
        "es": "Restaurar, mantener y mejorar las contribuciones de la naturaleza para las personas",
        "pt": "Restaurar, manter e reforçar as contribuições da natureza para as pessoas",
        "ar": "استعادة مساهمات الطبيعة للناس والحفاظ عليها وتعزيزها",
        "zh": "恢复、维持和增强大自然对人类的贡献",
        "ru": "Восстановление, поддержание и увеличение вклада природы в жизнь людей",
    },
    {
        "en": "Enhance green spaces and urban planning for human well-being and biodiversity",
        "fr": (
            "Améliorer les espaces verts et l'urbanisme pour le bien-être humain et la biodiversité"
        ),
        "es": (
            "Mejorar los espacios verdes y la planificación urbana en favor del bienestar humano y "
            "la biodiversidad"
        ),
        "pt": (
            "Melhorar os espaços verdes e o planeamento urbano para o bem-estar humano e a "
            "biodiversidade"
        ),
        "ar": "تحسين المساحات الخضراء والتخطيط الحضري من أجل رفاه الإنسان والتنوع البيولوجي",
        "zh": "增加绿色空间、改善城市规划，促进人类福祉和生物多样性",
        "ru": (
            "Расширение зеленых зон и совершенствование городского планирования в интересах "
            "благополучия людей и биоразнообразия"
        ),
    },
    {
        "en": (
            "Increase the sharing of benefits from genetic resources, digital sequence information "
            "and traditional knowledge"
        ),
        "fr": (
            "Accroître le partage des avantages découlant des ressources génétiques, des "
            "informations de séquençage numérique et des connaissances traditionnelles"
        ),
        "es": (
            "Aumentar la participación en los beneficios derivados de los recursos genéticos, la "
            "información digital sobre secuencias y los conocimientos tradicionales"
        ),
        "pt": (
            "Aumentar a repartição dos benefícios decorrentes dos recursos genéticos, da "
            "informação digital sobre sequências e dos conhecimentos tradicionais"
        ),
        "ar": (
            "زيادة تقاسم المنافع الناشئة عن الموارد الجينية ومعلومات التسلسل الرقمي والمعارف "
            "التقليدية"
        ),
        "zh": "增加遗传资源、数字序列信息和传统知识所产生惠益的分享",
        "ru": (
            "Расширение совместного использования выгод от генетических ресурсов, цифровой "
            "информации о последовательностях и традиционных знаний"
        ),
    },
    {
        "en": "Integrate biodiversity in decision-making at every level",
        "fr": "Intégrer la biodiversité dans la prise de décision à tous les niveaux",
        "es": "Integrar la biodiversidad en la toma de decisiones a todos los niveles",
        "pt": "Integrar a biodiversidade na tomada de decisões a todos os níveis",
        "ar": "إدماج التنوع البيولوجي في صنع القرار على جميع المستويات",
        "zh": "将生物多样性纳入各级决策",
        "ru": "Учет биоразнообразия при принятии решений на всех уровнях",
    },
    {
        "en": (
            "Businesses assess, disclose and reduce biodiversity-related risks and negative impacts"
        ),
        "fr": (
            "Les entreprises évaluent, divulguent et réduisent les risques et les incidences "
            "négatives liés à la biodiversité"
        ),
        "es": (
            "Las empresas evalúan, divulgan y reducen los riesgos y los efectos negativos "
            "relacionados con la biodiversidad"
        ),
        "pt": (
            "As empresas avaliam, divulgam e reduzem os riscos e os impactos negativos "
            "relacionados com a biodiversidade"
        ),
        "ar": (
            "قيام الأعمال التجارية بتقييم المخاطر والآثار السلبية المتصلة بالتنوع البيولوجي "
            "والإفصاح عنها والحد منها"
        ),
        "zh": "企业评估、披露并减少与生物多样性相关的风险和负面影响",
        "ru": (
            "Оценка, раскрытие и снижение предприятиями рисков и негативных последствий, связанных "
            "с биоразнообразием"
        ),
    },
    {
        "en": "Enable sustainable consumption choices to reduce waste and overconsumption",
        "fr": (
            "Favoriser des choix de consommation durables pour réduire le gaspillage et la "
            "surconsommation"
        ),
        "es": (
            "Propiciar opciones de consumo sostenible para reducir el desperdicio y el consumo "
            "excesivo"
        ),
        "pt": (
            "Promover escolhas de consumo sustentáveis para reduzir o desperdício e o consumo "
            "excessivo"
        ),
        "ar": "تمكين خيارات الاستهلاك المستدام للحد من الهدر والإفراط في الاستهلاك",
        "zh": "促进可持续消费选择，减少浪费和过度消费",
        "ru": (
            "Содействие выбору в пользу устойчивого потребления для сокращения отходов и "
            "чрезмерного потребления"
        ),
    },
    {
        "en": "Strengthen biosafety and distribute the benefits of biotechnology",
        "fr": (
            "Renforcer la prévention des risques biotechnologiques et répartir les avantages de la "
            "biotechnologie"
        ),
        "es": (
            "Fortalecer la seguridad de la biotecnología y distribuir los beneficios de la "
            "biotecnología"
        ),
        "pt": "Reforçar a biossegurança e distribuir os benefícios da biotecnologia",
        "ar": "تعزيز السلامة الأحيائية وتوزيع منافع التكنولوجيا الأحيائية",
        "zh": "加强生物安全并分配生物技术的惠益",
        "ru": "Укрепление биобезопасности и распределение выгод от биотехнологии",
    },
    {
        "en": (
            "Reduce harmful incentives by at least $500 billion per year and scale up positive "
            "incentives for biodiversity"
        ),
        "fr": (
            "Réduire les incitations néfastes d'au moins 500 milliards de dollars par an et "
            "accroître les incitations positives en faveur de la biodiversité"
        ),
        "es": (
            "Reducir los incentivos perjudiciales en al menos 500.000 millones de dólares al año y "
            "ampliar los incentivos positivos para la biodiversidad"
        ),
        "pt": (
            "Reduzir os incentivos prejudiciais em pelo menos 500 mil milhões de dólares por ano e "
            "aumentar os incentivos positivos para a biodiversidade"
        ),
        "ar": (
            "خفض الحوافز الضارة بما لا يقل عن 500 بليون دولار سنويا وزيادة الحوافز الإيجابية "
            "للتنوع البيولوجي"
        ),
        "zh": "每年至少减少5000亿美元的有害激励措施，并扩大生物多样性积极激励措施",
        "ru": (
            "Сокращение вредных стимулов не менее чем на 500 млрд долларов в год и расширение "
            "позитивных стимулов в интересах биоразнообразия"
        ),
    },
    {
        "en": (
            "Mobilize $200 billion per year for biodiversity from all sources, including $30 "
            "billion through international finance"
        ),
        "fr": (
            "Mobiliser 200 milliards de dollars par an pour la biodiversité, de toutes "
            "provenances, dont 30 milliards au titre du financement international"
        ),
        "es": (
            "Movilizar 200.000 millones de dólares al año para la biodiversidad de todas las "
            "fuentes, incluidos 30.000 millones mediante financiación internacional"
        ),
        "pt": (
            "Mobilizar 200 mil milhões de dólares por ano para a biodiversidade, de todas as "
            "fontes, incluindo 30 mil milhões através do financiamento internacional"
        ),
        "ar": (
            "تعبئة 200 بليون دولار سنويا للتنوع البيولوجي من جميع المصادر، بما في ذلك 30 بليون "
            "دولار من خلال التمويل الدولي"
        ),
        "zh": "每年从所有来源为生物多样性调动2000亿美元，包括通过国际资金调动300亿美元",
        "ru": (
            "Мобилизация 200 млрд долларов в год на цели биоразнообразия из всех источников, в том "
            "числе 30 млрд долларов за счет международного финансирования"
        ),
    },
    {
        "en": (
            "Strengthen capacity-building, technology transfer and scientific and technical "
            "cooperation for biodiversity"
        ),
        "fr": (
            "Renforcer les capacités, le transfert de technologie et la coopération "
            "scientifique et technique en faveur de la biodiversité"
        ),
        "es": (
            "Fortalecer la creación de capacidad, la transferencia de tecnología y la cooperación "
            "científica y técnica para la biodiversidad"
        ),
        "pt": (
            "Reforçar a capacitação, a transferência de tecnologia e a cooperação científica e "
            "técnica em prol da biodiversidade"
        ),
        "ar": "تعزيز بناء القدرات ونقل التكنولوجيا والتعاون العلمي والتقني من أجل التنوع البيولوجي",
        "zh": "加强生物多样性能力建设、技术转让以及科学和技术合作",
        "ru": (
            "Укрепление потенциала, передачи технологий и научно-технического сотрудничества в "
            "интересах биоразнообразия"
        ),
    },
    {
        "en": "Ensure that knowledge is available and accessible to guide biodiversity action",
        "fr": (
            "Veiller à ce que les connaissances soient disponibles et accessibles pour guider "
            "l'action en faveur de la biodiversité"
        ),
        "es": (
            "Asegurar que los conocimientos estén disponibles y sean accesibles para orientar la "
            "acción en favor de la biodiversidad"
        ),
        "pt": (
            "Garantir que o conhecimento esteja disponível e acessível para orientar a ação em "
            "prol da biodiversidade"
        ),
        "ar": "ضمان توافر المعارف وإتاحتها لتوجيه العمل من أجل التنوع البيولوجي",
        "zh": "确保提供和获取知识以指导生物多样性行动",
        "ru": (
            "Обеспечение наличия и доступности знаний для руководства деятельностью в области "
            "биоразнообразия"
        ),
    },
    {
        "en": (
            "Ensure participation in decision-making and access to justice and information related "
            "to biodiversity for all"
        ),
        "fr": (
            "Garantir à tous la participation à la prise de décision et l'accès à la justice et à "
            "l'information relatives à la biodiversité"
        ),
        "es": (
            "Garantizar para todos la participación en la toma de decisiones y el acceso a la "
            "justicia y a la información relacionadas con la biodiversidad"
        ),
        "pt": (
            "Garantir a todos a participação na tomada de decisões e o acesso à justiça e à "
            "informação relacionadas com a biodiversidade"
        ),
        "ar": (
            "ضمان المشاركة في صنع القرار والوصول إلى العدالة والمعلومات المتعلقة بالتنوع البيولوجي "
            "للجميع"
        ),
        "zh": "确保所有人参与决策并获得与生物多样性有关的司法救助和信息",
        "ru": (
            "Обеспечение для всех участия в принятии решений и доступа к правосудию и информации, "
            "касающимся биоразнообразия"
        ),
    },
    {
        "en": "Ensure gender equality and a gender-responsive approach for biodiversity action",
        "fr": (
            "Garantir l'égalité des genres et une approche tenant compte des questions de genre "
            "dans l'action en faveur de la biodiversité"
        ),
        "es": (
            "Garantizar la igualdad de género y un enfoque con perspectiva de género en la acción "
            "en favor de la biodiversidad"
        ),
        "pt": (
            "Garantir a igualdade de género e uma abordagem sensível às questões de género na ação "
            "em prol da biodiversidade"
        ),
        "ar": (
            "ضمان المساواة بين الجنسين واتباع نهج مراع للاعتبارات الجنسانية في العمل من أجل التنوع "
            "البيولوجي"
        ),
        "zh": "确保性别平等和对性别问题有敏感认识的生物多样性行动方针",
        "ru": (
            "Обеспечение гендерного равенства и учитывающего гендерные аспекты подхода к "
            "деятельности в области биоразнообразия"
        ),
    },
]

# ---------------------------------------------------------------------------------------------
# Assistance types (DESIGN.md's slugs in its order).
# ---------------------------------------------------------------------------------------------
ASSISTANCE_TYPES: list[tuple[str, dict[str, str]]] = [
    (
        "expertise-advice",
        {
            "en": "Expertise and advice",
            "fr": "Expertise et conseil",
            "es": "Asesoramiento especializado",
            "pt": "Conhecimentos especializados e aconselhamento",
            "ar": "الخبرة والمشورة",
            "zh": "专业知识和咨询",
            "ru": "Экспертные знания и консультации",
        },
    ),
    (
        "training",
        {
            "en": "Training",
            "fr": "Formation",
            "es": "Capacitación",
            "pt": "Formação",
            "ar": "التدريب",
            "zh": "培训",
            "ru": "Обучение",
        },
    ),
    (
        "technology-transfer",
        {
            "en": "Technology transfer",
            "fr": "Transfert de technologie",
            "es": "Transferencia de tecnología",
            "pt": "Transferência de tecnologia",
            "ar": "نقل التكنولوجيا",
            "zh": "技术转让",
            "ru": "Передача технологий",
        },
    ),
    (
        "knowledge-exchange",
        {
            "en": "Knowledge exchange",
            "fr": "Échange de connaissances",
            "es": "Intercambio de conocimientos",
            "pt": "Intercâmbio de conhecimentos",
            "ar": "تبادل المعارف",
            "zh": "知识交流",
            "ru": "Обмен знаниями",
        },
    ),
    (
        "joint-research",
        {
            "en": "Joint research",
            "fr": "Recherche conjointe",
            "es": "Investigación conjunta",
            "pt": "Investigação conjunta",
            "ar": "البحث المشترك",
            "zh": "联合研究",
            "ru": "Совместные исследования",
        },
    ),
    (
        "equipment",
        {
            "en": "Equipment and materials",
            "fr": "Équipement et matériel",
            "es": "Equipos y materiales",
            "pt": "Equipamento e materiais",
            "ar": "المعدات والمواد",
            "zh": "设备和材料",
            "ru": "Оборудование и материалы",
        },
    ),
    (
        "policy-legal",
        {
            "en": "Policy and legal support",
            "fr": "Appui aux politiques et appui juridique",
            "es": "Apoyo normativo y jurídico",
            "pt": "Apoio às políticas e apoio jurídico",
            "ar": "الدعم في مجالي السياسات والتشريعات",
            "zh": "政策和法律支持",
            "ru": "Поддержка в сфере политики и права",
        },
    ),
    (
        "data-systems",
        {
            "en": "Data and information systems",
            "fr": "Données et systèmes d'information",
            "es": "Datos y sistemas de información",
            "pt": "Dados e sistemas de informação",
            "ar": "البيانات ونظم المعلومات",
            "zh": "数据和信息系统",
            "ru": "Данные и информационные системы",
        },
    ),
    (
        "financing",
        {
            "en": "Financing",
            "fr": "Financement",
            "es": "Financiación",
            "pt": "Financiamento",
            "ar": "التمويل",
            "zh": "资金支持",
            "ru": "Финансирование",
        },
    ),
]


# ---------------------------------------------------------------------------------------------
# Building.
# ---------------------------------------------------------------------------------------------
class BuildError(Exception):
    """The sources do not give what the vocabularies need."""


def package_version(name: str) -> str:
    return importlib.metadata.version(name)


def hdx_csv_path() -> Path:
    """The M49 csv shipped by django-countries-hdx (found without importing the package)."""
    spec = importlib.util.find_spec("django_countries_hdx")
    if spec is None or spec.origin is None:
        raise BuildError("django-countries-hdx is not installed (pip install django-countries-hdx)")
    path = Path(spec.origin).parent / "hdx_plus_m49.csv"
    if not path.is_file():
        raise BuildError(f"{path} is missing")
    return path


def read_hdx_rows() -> dict[str, dict[str, str]]:
    """The csv rows that have an ISO 3166-1 alpha-2 code, keyed by it."""
    with hdx_csv_path().open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_code: dict[str, dict[str, str]] = {}
    for row in rows:
        code = row["ISO 3166-1 Alpha 2-Codes"].strip()
        if code:
            if code in by_code:
                raise BuildError(f"{code} appears twice in the csv")
            by_code[code] = row
    return by_code


def m49(value: str) -> str | None:
    """A numeric M49 code as three digits, or None."""
    value = value.strip()
    return f"{int(value):03d}" if value else None


def translator(domain: str, locale: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[locale], fallback=True)


def ordered(names: dict[str, str]) -> dict[str, str]:
    """A names map in the order of LANGS, every language present and non-empty."""
    missing = [lang for lang in LANGS if not names.get(lang, "").strip()]
    if missing:
        raise BuildError(f"names lack {missing}: {names}")
    extra = set(names) - set(LANGS)
    if extra:
        raise BuildError(f"names have unknown languages {sorted(extra)}: {names}")
    return {lang: names[lang].strip() for lang in LANGS}


def build_countries(
    rows: dict[str, dict[str, str]], notes: list[str]
) -> tuple[list[dict[str, Any]], set[str]]:
    """The countries, and the M49 area codes they use."""
    pt = translator("iso3166-1", "pt")
    fallbacks = {lang: translator("iso3166-1", loc) for lang, loc in PYCOUNTRY_LOCALES.items()}
    items: list[dict[str, Any]] = []
    used_areas: set[str] = set()
    iso = {country.alpha_2: country for country in pycountry.countries}
    iso_codes = sorted(iso)
    missing = sorted(set(iso_codes) - set(rows))
    if missing:
        raise BuildError(f"ISO 3166-1 codes without a csv row: {missing}")
    skipped = sorted(set(rows) - set(iso_codes))
    if skipped:
        notes.append(f"csv codes that are not ISO 3166-1, left out: {', '.join(skipped)}")
    for code in iso_codes:
        country = iso[code]
        row = rows[code]
        alpha3 = row["ISO 3166-1 Alpha 3-Codes"].strip()
        if alpha3 != country.alpha_3:
            raise BuildError(f"{code}: csv alpha-3 {alpha3} != ISO {country.alpha_3}")
        number = m49(row["m49 numerical code"])
        if number != country.numeric:
            notes.append(
                f"{code}: csv M49 code {number} differs from ISO numeric {country.numeric}"
            )
        region = m49(row["Region Code"])
        subregion = m49(row["Sub-region Code"])
        intermediate = m49(row["Intermediate Region Code"])
        used_areas.update(area for area in (region, subregion, intermediate) if area)
        names: dict[str, str] = {}
        if code == "TW":
            names = dict(TAIWAN_NAMES)
        else:
            for lang, column in M49_NAME_COLUMNS.items():
                value = M49_NAME_FIXES.get((code, lang)) or row[column].strip()
                if not value:
                    value = fallbacks[lang].gettext(country.name)
                    notes.append(f"{code}/{lang}: no M49 name, pycountry's used")
                names[lang] = value
            names["pt"] = PT_OVERRIDES.get(code) or pt.gettext(country.name)
        items.append(
            {
                "code": code,
                "alpha3": alpha3,
                "m49": number,
                "region": region,
                "subregion": subregion,
                "intermediate_region": intermediate,
                "names": ordered(names),
            }
        )
    return items, used_areas


def build_regions(rows: dict[str, dict[str, str]], used: set[str]) -> list[dict[str, Any]]:
    """The M49 areas the countries use, with the world at the root."""
    levels: dict[str, str] = {WORLD: "world"}
    parents: dict[str, str | None] = {WORLD: None}

    def place(code: str, level: str, parent: str) -> None:
        if levels.setdefault(code, level) != level:
            raise BuildError(f"M49 area {code} is at two levels")
        if parents.setdefault(code, parent) != parent:
            raise BuildError(f"M49 area {code} has two parents in the csv")

    for row in rows.values():
        region = m49(row["Region Code"])
        subregion = m49(row["Sub-region Code"])
        intermediate = m49(row["Intermediate Region Code"])
        if region:
            place(region, "region", WORLD)
        if subregion:
            if not region:
                raise BuildError(f"sub-region {subregion} without a region")
            place(subregion, "subregion", region)
        if intermediate:
            if not subregion:
                raise BuildError(f"intermediate region {intermediate} without a sub-region")
            place(intermediate, "intermediate-region", subregion)
    codes = sorted(used | {WORLD})
    unnamed = [code for code in codes if code not in REGION_NAMES]
    if unnamed:
        raise BuildError(f"M49 areas without names in REGION_NAMES: {unnamed}")
    unused = sorted(set(REGION_NAMES) - set(codes))
    if unused:
        raise BuildError(f"REGION_NAMES has areas no country uses: {unused}")
    for code in codes:
        english = next(
            (
                row[name_column]
                for row in rows.values()
                for code_column, name_column in (
                    ("Region Code", "Region Name"),
                    ("Sub-region Code", "Sub-region Name"),
                    ("Intermediate Region Code", "Intermediate Region Name"),
                )
                if m49(row[code_column]) == code
            ),
            None,
        )
        if english is not None and english != REGION_NAMES[code]["en"]:
            raise BuildError(f"M49 area {code}: csv says {english!r}")
    return [
        {
            "code": code,
            "level": levels[code],
            "parent": parents[code],
            "names": ordered(REGION_NAMES[code]),
        }
        for code in codes
    ]


def flagged(rows: dict[str, dict[str, str]], column: str, codes: set[str]) -> set[str]:
    return {code for code in codes if rows[code][column].strip() == "True"}


def build_groupings(
    rows: dict[str, dict[str, str]], countries: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    codes = {country["code"] for country in countries}
    hdx = f"hdx_plus_m49.csv of django-countries-hdx {package_version('django-countries-hdx')}"

    g77 = set(G77_MEMBERS)
    if len(G77_MEMBERS) != len(g77) or len(g77) != G77_COUNT:
        raise BuildError(f"G-77 list has {len(G77_MEMBERS)} entries, {len(g77)} distinct")

    ldc_flagged = flagged(rows, "LDC", codes)
    still_flagged = sorted(set(LDC_GRADUATED) & ldc_flagged)
    ldc = ldc_flagged - set(LDC_GRADUATED)
    if len(ldc) != LDC_COUNT:
        raise BuildError(f"{len(ldc)} LDCs after the corrections, expected {LDC_COUNT}")
    lldc = flagged(rows, "LLDC", codes)
    sids = flagged(rows, "SIDS", codes)
    lmmc = set(LMMC_FOUNDERS) | set(LMMC_LATER)

    by_code = {country["code"]: country for country in countries}
    m49_developing = {
        code
        for code, country in by_code.items()
        if country["region"]
        and not {country["region"], country["subregion"], country["intermediate_region"]}
        & set(DEVELOPED_AREAS)
        and code not in DEVELOPED_COUNTRIES
    }
    developing = m49_developing | g77 | ldc | lldc | sids
    added = sorted(developing - m49_developing)

    corrections = "; ".join(
        f"{code} graduated on {day}, "
        + ("its csv flag is removed here" if code in still_flagged else "unflagged in the csv")
        for code, day in sorted(LDC_GRADUATED.items(), key=lambda item: item[1], reverse=True)
    )
    groupings: list[dict[str, Any]] = [
        {
            "code": "developing",
            "source": (
                "Ayni's definition: UN Statistics Division, M49 standard, historical "
                "classification of developed and developing regions; with the G-77, LDC, LLDC "
                f"and SIDS lists of this file. Areas from {hdx}."
            ),
            "as_of": REVIEWED_ON,
            "note": (
                "The South for Ayni. A country or territory is developing when (a) the M49 "
                "historical convention counts it in the developing regions, i.e. it has an M49 "
                "region and lies outside Europe (150), Northern America (021) and Australia and "
                "New Zealand (053) and is not Japan; or (b) it is a member of the G-77, an LDC, "
                "an LLDC or a SIDS in this file (these groups are developing by definition). "
                "M49 no longer shows the distinction in its main table (the designation is "
                "kept only as a historical classification), and UNCTAD's own grouping differs "
                "(it counts e.g. Israel and the Republic of Korea as developed; M49's convention "
                "does not). Antarctica, which M49 places in no region, is not included. "
                f"Added by (b): {', '.join(added) or 'none'}."
            ),
            "members": sorted(developing),
        },
        {
            "code": "g77",
            "source": (
                "The Group of 77 at the United Nations, Member States of the Group of 77 "
                "(www.g77.org/doc/members.html); hand-curated in scripts/build_vocabularies.py."
            ),
            "as_of": REVIEWED_ON,
            "note": (
                f"{G77_COUNT} members, China included (statements are made in the name of the "
                "Group of 77 and China) and the State of Palestine. The last change known to "
                "the compiler is the admission of South Sudan (2015). Cross-checked with the "
                "usual description: every UN Member State and Palestine, except the members of "
                "the Council of Europe (save Bosnia and Herzegovina), of the OECD (save Chile, "
                "Colombia and Costa Rica), the full members of the CIS (save Tajikistan), Palau "
                "and Tuvalu. Re-check against g77.org for each release."
            ),
            "members": sorted(g77),
        },
        {
            "code": "ldc",
            "source": (
                "UN-OHRLLS and UN DESA Committee for Development Policy, list of least "
                f"developed countries (44 since 13 December 2024); LDC flag of {hdx}, corrected."
            ),
            "as_of": REVIEWED_ON,
            "note": (
                f"Graduations checked: {corrections}. Bangladesh, Lao "
                "PDR and Nepal are scheduled to graduate on 24 November 2026 (General Assembly "
                "resolution 76/8) and are kept until a release after that date confirms it; "
                "Solomon Islands (expected December 2027) is kept."
            ),
            "members": sorted(ldc),
        },
        {
            "code": "lldc",
            "source": f"UN M49 landlocked developing countries, LLDC flag of {hdx}.",
            "as_of": REVIEWED_ON,
            "note": "The 32 LLDCs of the UN-OHRLLS list, as flagged in the csv.",
            "members": sorted(lldc),
        },
        {
            "code": "sids",
            "source": f"UN M49 small island developing States, SIDS flag of {hdx}.",
            "as_of": REVIEWED_ON,
            "note": (
                "M49's SIDS list as flagged in the csv: UN Member States and non-UN members or "
                "associate members of the UN regional commissions. UN-OHRLLS publishes a longer "
                "list of associate members; Ayni follows M49."
            ),
            "members": sorted(sids),
        },
        {
            "code": "lmmc",
            "source": (
                "Cancún Declaration of Like-Minded Megadiverse Countries (18 February 2002) and "
                "the later accessions announced by the Group (list published by the Government "
                "of Mexico for CBD COP 13, 2016); hand-curated in scripts/build_vocabularies.py."
            ),
            "as_of": REVIEWED_ON,
            "note": (
                "Signatories of the Cancún Declaration: Brazil, China, Colombia, Costa Rica, "
                "Ecuador, India, Indonesia, Kenya, Mexico, Peru, South Africa, Venezuela. "
                "Joined later: Bolivia, Malaysia and the Philippines (2002), the Democratic "
                "Republic of the Congo and Madagascar, Guatemala and Iran (2010)."
            ),
            "members": sorted(lmmc),
        },
    ]
    for grouping in groupings:
        grouping["names"] = ordered(GROUPING_NAMES[grouping["code"]])
        unknown = sorted(set(grouping["members"]) - codes)
        if unknown:
            raise BuildError(f"{grouping['code']}: unknown country codes {unknown}")
    return [
        {key: grouping[key] for key in ("code", "names", "source", "as_of", "note", "members")}
        for grouping in groupings
    ]


def build_subjects() -> list[dict[str, Any]]:
    items = []
    for index, (slug, cbd_code, names) in enumerate(SUBJECTS):
        items.append(
            {
                "slug": slug,
                "group": "thematic" if index < THEMATIC_COUNT else "cross-cutting",
                "cbd_code": cbd_code,
                "parent": SUBJECT_PARENTS.get(slug),
                "names": ordered(names),
            }
        )
    return items


def build_targets() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for number, names in enumerate(AICHI_TARGETS, start=1):
        items.append(
            {
                "code": f"AICHI-TARGET-{number:02d}",
                "framework": "aichi",
                "kind": "target",
                "number": f"{number:02d}",
                "names": ordered(names),
            }
        )
    for letter, names in GBF_GOALS.items():
        items.append(
            {
                "code": f"GBF-GOAL-{letter}",
                "framework": "gbf",
                "kind": "goal",
                "number": letter,
                "names": ordered(names),
            }
        )
    for number, names in enumerate(GBF_TARGETS, start=1):
        items.append(
            {
                "code": f"GBF-TARGET-{number:02d}",
                "framework": "gbf",
                "kind": "target",
                "number": f"{number:02d}",
                "names": ordered(names),
            }
        )
    return items


def build_assistance_types() -> list[dict[str, Any]]:
    return [{"slug": slug, "names": ordered(names)} for slug, names in ASSISTANCE_TYPES]


def build_languages(notes: list[str]) -> list[dict[str, Any]]:
    """ISO 639-1 languages, named from CLDR (babel), else pycountry."""
    locales = {lang: Locale.parse(CLDR_LOCALES[lang]) for lang in LANGS}
    pyc = {lang: translator("iso639-3", loc) for lang, loc in PYCOUNTRY_LOCALES.items()}
    items = []
    iso = {lang.alpha_2: lang for lang in pycountry.languages if hasattr(lang, "alpha_2")}
    codes = sorted(iso)
    for code in codes:
        record = iso[code]
        names = {}
        for lang in LANGS:
            name = locales[lang].languages.get(code)
            if not name:
                name = pyc[lang].gettext(record.name) if lang in pyc else record.name
                notes.append(f"language {code}/{lang}: not in CLDR, pycountry's {name!r} used")
            names[lang] = name
        native = None
        if localedata.exists(code):
            native = Locale.parse(code).languages.get(code)
        items.append({"code": code, "names": ordered(names), "native": native})
    return items


def sources_common() -> dict[str, dict[str, str]]:
    return {
        "hdx": {
            "name": "django-countries-hdx: hdx_plus_m49.csv",
            "detail": (
                f"django-countries-hdx {package_version('django-countries-hdx')}: OCHA's HDX "
                "countries and territories taxonomy joined with the UN M49 standard (M49 codes, "
                "hierarchy, names in the six UN languages, LDC/LLDC/SIDS flags)."
            ),
            "as_of": REVIEWED_ON,
        },
        "pycountry": {
            "name": "pycountry (Debian iso-codes)",
            "detail": (
                f"pycountry {package_version('pycountry')}: ISO 3166-1 and ISO 639 code lists "
                "and their translations."
            ),
            "as_of": REVIEWED_ON,
        },
        "babel": {
            "name": "Babel (Unicode CLDR)",
            "detail": (
                f"Babel {package_version('babel')}: CLDR locale data (language names); "
                "Portuguese is CLDR's pt_PT, Chinese zh_Hans."
            ),
            "as_of": REVIEWED_ON,
        },
        "m49": {
            "name": "UN Statistics Division, Standard country or area codes (M49)",
            "detail": "Names of the M49 areas in the six UN languages, entered by hand.",
            "as_of": REVIEWED_ON,
        },
        "ayni": {
            "name": "Ayni (hand-curated)",
            "detail": (
                "Literals in scripts/build_vocabularies.py: corrections, translations and "
                "curated lists; see SOURCES.md."
            ),
            "as_of": REVIEWED_ON,
        },
        "cbd": {
            "name": "Secretariat of the Convention on Biological Diversity",
            "detail": (
                "Programmes of work and cross-cutting issues, CBD thesaurus codes "
                "(CBD-SUBJECTS), Aichi Biodiversity Targets (decision X/2) and the "
                "Kunming-Montreal Global Biodiversity Framework (decision 15/4)."
            ),
            "as_of": REVIEWED_ON,
        },
        "g77": {
            "name": "The Group of 77 at the United Nations",
            "detail": "Member States of the Group of 77 (www.g77.org/doc/members.html).",
            "as_of": REVIEWED_ON,
        },
        "ldc": {
            "name": "UN-OHRLLS / UN DESA CDP",
            "detail": "List of least developed countries (44 after 13 December 2024).",
            "as_of": REVIEWED_ON,
        },
        "lmmc": {
            "name": "Like-Minded Megadiverse Countries",
            "detail": "Cancún Declaration (18 February 2002) and later accessions.",
            "as_of": REVIEWED_ON,
        },
    }


def vocabulary(sources: Iterable[dict[str, str]], items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"version": VERSION, "sources": list(sources), "items": items}


def build() -> tuple[dict[str, dict[str, Any]], list[str]]:
    notes: list[str] = []
    rows = read_hdx_rows()
    src = sources_common()
    countries, used_areas = build_countries(rows, notes)
    regions = build_regions(rows, used_areas)
    groupings = build_groupings(rows, countries)
    files = {
        "regions": vocabulary([src["m49"], src["hdx"], src["ayni"]], regions),
        "countries": vocabulary([src["hdx"], src["pycountry"], src["ayni"]], countries),
        "groupings": vocabulary(
            [src["hdx"], src["g77"], src["ldc"], src["lmmc"], src["ayni"]], groupings
        ),
        "subjects": vocabulary([src["cbd"], src["ayni"]], build_subjects()),
        "targets": vocabulary([src["cbd"], src["ayni"]], build_targets()),
        "assistance_types": vocabulary([src["ayni"]], build_assistance_types()),
        "languages": vocabulary([src["pycountry"], src["babel"]], build_languages(notes)),
    }
    validate(files)
    return files, notes


# ---------------------------------------------------------------------------------------------
# Validation.
# ---------------------------------------------------------------------------------------------
def validate(files: dict[str, dict[str, Any]]) -> None:
    problems: list[str] = []
    keys = {
        "regions": "code",
        "countries": "code",
        "groupings": "code",
        "subjects": "slug",
        "targets": "code",
        "assistance_types": "slug",
        "languages": "code",
    }
    for name, key in keys.items():
        items = files[name]["items"]
        values = [item[key] for item in items]
        if len(values) != len(set(values)):
            problems.append(f"{name}: duplicate {key}s")
        for item in items:
            if list(item["names"]) != list(LANGS) or not all(item["names"].values()):
                problems.append(f"{name} {item[key]}: names are not the seven languages")
    regions = {region["code"]: region for region in files["regions"]["items"]}
    for region in regions.values():
        parent = region["parent"]
        if (parent is None) != (region["level"] == "world"):
            problems.append(f"region {region['code']}: parent {parent} at level {region['level']}")
        if parent is not None and parent not in regions:
            problems.append(f"region {region['code']}: unknown parent {parent}")
    countries = {country["code"]: country for country in files["countries"]["items"]}
    alpha3s = [country["alpha3"] for country in countries.values()]
    if len(alpha3s) != len(set(alpha3s)):
        problems.append("countries: duplicate alpha-3 codes")
    expected_level = {
        "region": "region",
        "subregion": "subregion",
        "intermediate_region": "intermediate-region",
    }
    for country in countries.values():
        for field, level in expected_level.items():
            code = country[field]
            if code is not None and regions.get(code, {}).get("level") != level:
                problems.append(f"country {country['code']}: {field} {code} is not a {level}")
        if country["subregion"] and regions[country["subregion"]]["parent"] != country["region"]:
            problems.append(f"country {country['code']}: sub-region outside its region")
        intermediate = country["intermediate_region"]
        if intermediate and regions[intermediate]["parent"] != country["subregion"]:
            problems.append(f"country {country['code']}: intermediate region outside sub-region")
    for grouping in files["groupings"]["items"]:
        members = grouping["members"]
        if members != sorted(set(members)):
            problems.append(f"grouping {grouping['code']}: members not sorted or duplicated")
        unknown = [code for code in members if code not in countries]
        if unknown:
            problems.append(f"grouping {grouping['code']}: unknown members {unknown}")
    subjects = [subject["slug"] for subject in files["subjects"]["items"]]
    for subject in files["subjects"]["items"]:
        if subject["parent"] is not None and subject["parent"] not in subjects:
            problems.append(f"subject {subject['slug']}: unknown parent")
    cbd_codes = [s["cbd_code"] for s in files["subjects"]["items"] if s["cbd_code"]]
    if len(cbd_codes) != len(set(cbd_codes)):
        problems.append("subjects: duplicate CBD codes")
    if problems:
        raise BuildError("invalid vocabularies:\n  " + "\n  ".join(problems))


# ---------------------------------------------------------------------------------------------
# Output.
# ---------------------------------------------------------------------------------------------
def render(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def summary(files: dict[str, dict[str, Any]]) -> list[str]:
    lines = [f"vocabularies {VERSION}:"]
    for name, data in files.items():
        lines.append(f"  {name}.json: {len(data['items'])} items")
    for grouping in files["groupings"]["items"]:
        lines.append(f"    grouping {grouping['code']}: {len(grouping['members'])} members")
    levels: dict[str, int] = {}
    for region in files["regions"]["items"]:
        levels[region["level"]] = levels.get(region["level"], 0) + 1
    lines.append("    regions by level: " + ", ".join(f"{k} {v}" for k, v in levels.items()))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the files on disk differ from a build"
    )
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output directory")
    args = parser.parse_args(argv)
    try:
        files, notes = build()
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    stale = []
    for name, data in files.items():
        path = args.out / f"{name}.json"
        text = render(data)
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            args.out.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for note in notes:
        print(f"note: {note}")
    print("\n".join(summary(files)))
    if stale:
        print(f"out of date: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Why a provider matches: structured reasons (a code and its parameters), and their words in
the reader's language.

The phrases live here, in a small dict per language, because the engine is pure (no Django
translation machinery). Parameters hold codes; names come from ``Labels`` and ``Geography`` in
the reader's language when rendered. Counts use a singular and a plural phrase where the
language needs one; Arabic, Chinese and Russian use a "label: number" phrase that needs none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ayni.matching.engine.inputs import Geography, Labels

LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "pt", "ar", "zh", "ru")


@dataclass(frozen=True)
class Reason:
    """One reason: a stable ``code`` (for machines and tests) and its parameters."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


# code -> language -> phrase; a phrase may be a dict {"one": ..., "other": ...} keyed by count.
PHRASES: dict[str, dict[str, Any]] = {
    "text_close": {
        "en": "close in meaning to the need",
        "fr": "proche du besoin par le sens",
        "es": "cercano a la necesidad por su sentido",
        "pt": "próximo da necessidade pelo sentido",
        "ar": "قريب من الاحتياج في المعنى",
        "zh": "内容与需求相近",
        "ru": "близко к потребности по смыслу",
    },
    "subjects": {
        "en": "shared subjects: {subjects}",
        "fr": "thèmes communs : {subjects}",
        "es": "temas comunes: {subjects}",
        "pt": "temas em comum: {subjects}",
        "ar": "مواضيع مشتركة: {subjects}",
        "zh": "共同主题：{subjects}",
        "ru": "общие темы: {subjects}",
    },
    "related_subjects": {
        "en": "related subjects: {subjects}",
        "fr": "thèmes voisins : {subjects}",
        "es": "temas afines: {subjects}",
        "pt": "temas afins: {subjects}",
        "ar": "مواضيع ذات صلة: {subjects}",
        "zh": "相关主题：{subjects}",
        "ru": "смежные темы: {subjects}",
    },
    "targets": {
        "en": "same targets: {targets}",
        "fr": "mêmes objectifs : {targets}",
        "es": "mismas metas: {targets}",
        "pt": "mesmas metas: {targets}",
        "ar": "الأهداف نفسها: {targets}",
        "zh": "相同目标：{targets}",
        "ru": "те же целевые задачи: {targets}",
    },
    "assistance": {
        "en": "offers what is sought: {types}",
        "fr": "offre ce qui est demandé : {types}",
        "es": "ofrece lo que se busca: {types}",
        "pt": "oferece o que se procura: {types}",
        "ar": "يقدم ما هو مطلوب: {types}",
        "zh": "提供所需的支持：{types}",
        "ru": "предлагает то, что нужно: {types}",
    },
    "language": {
        "en": "both work in {languages}",
        "fr": "travaillent tous deux en {languages}",
        "es": "ambos trabajan en {languages}",
        "pt": "ambos trabalham em {languages}",
        "ar": "يعمل الطرفان باللغة {languages}",
        "zh": "双方均使用{languages}工作",
        "ru": "оба работают на языке: {languages}",
    },
    "no_language": {
        "en": "no shared working language",
        "fr": "aucune langue de travail commune",
        "es": "ninguna lengua de trabajo común",
        "pt": "nenhuma língua de trabalho em comum",
        "ar": "لا توجد لغة عمل مشتركة",
        "zh": "没有共同的工作语言",
        "ru": "нет общего рабочего языка",
    },
    "intermediate_region": {
        "en": "same region: {region}",
        "fr": "même région : {region}",
        "es": "misma región: {region}",
        "pt": "mesma região: {region}",
        "ar": "المنطقة نفسها: {region}",
        "zh": "同一区域：{region}",
        "ru": "тот же регион: {region}",
    },
    "subregion": {
        "en": "same subregion: {region}",
        "fr": "même sous-région : {region}",
        "es": "misma subregión: {region}",
        "pt": "mesma sub-região: {region}",
        "ar": "المنطقة دون الإقليمية نفسها: {region}",
        "zh": "同一次区域：{region}",
        "ru": "тот же субрегион: {region}",
    },
    "region": {
        "en": "same region: {region}",
        "fr": "même région : {region}",
        "es": "misma región: {region}",
        "pt": "mesma região: {region}",
        "ar": "الإقليم نفسه: {region}",
        "zh": "同一地区：{region}",
        "ru": "тот же регион: {region}",
    },
    "serves_region": {
        "en": "works in {region}",
        "fr": "travaille en {region}",
        "es": "trabaja en {region}",
        "pt": "atua em {region}",
        "ar": "يعمل في {region}",
        "zh": "在{region}开展工作",
        "ru": "работает в регионе: {region}",
    },
    "outside_scope": {
        "en": "outside the partner scope sought ({scope})",
        "fr": "hors de la portée recherchée ({scope})",
        "es": "fuera del ámbito buscado ({scope})",
        "pt": "fora do âmbito procurado ({scope})",
        "ar": "خارج النطاق المطلوب ({scope})",
        "zh": "超出所寻求的合作范围（{scope}）",
        "ru": "вне искомого охвата ({scope})",
    },
    "south_south": {
        "en": "provider from the South: South-South cooperation",
        "fr": "fournisseur du Sud : coopération Sud-Sud",
        "es": "proveedor del Sur: cooperación Sur-Sur",
        "pt": "provedor do Sul: cooperação Sul-Sul",
        "ar": "مقدم من بلدان الجنوب: تعاون بين بلدان الجنوب",
        "zh": "来自南方的提供方：南南合作",
        "ru": "поставщик с Юга: сотрудничество Юг-Юг",
    },
    "triangular_partner": {
        "en": "from a developed country ({country}): a triangular partner, not South-South",
        "fr": "d'un pays développé ({country}) : partenaire triangulaire, pas Sud-Sud",
        "es": "de un país desarrollado ({country}): socio triangular, no Sur-Sur",
        "pt": "de um país desenvolvido ({country}): parceiro triangular, não Sul-Sul",
        "ar": "من بلد متقدم ({country}): شريك في التعاون الثلاثي وليس تعاوناً بين بلدان الجنوب",
        "zh": "来自发达国家（{country}）：三方合作伙伴，而非南南合作",
        "ru": "из развитой страны ({country}): трёхсторонний партнёр, не Юг-Юг",
    },
    "funder": {
        "en": "funder: can co-finance a triangular cooperation",
        "fr": "bailleur : peut cofinancer une coopération triangulaire",
        "es": "financiador: puede cofinanciar una cooperación triangular",
        "pt": "financiador: pode cofinanciar uma cooperação triangular",
        "ar": "جهة ممولة: يمكنها المشاركة في تمويل تعاون ثلاثي",
        "zh": "资助方：可为三方合作提供联合资金",
        "ru": "донор: может софинансировать трёхстороннее сотрудничество",
    },
    "available": {
        "en": "available in the timeframe",
        "fr": "disponible dans les délais",
        "es": "disponible en el plazo",
        "pt": "disponível no prazo",
        "ar": "متاح ضمن الإطار الزمني",
        "zh": "在所需时间内可提供",
        "ru": "доступен в нужные сроки",
    },
    "partly_available": {
        "en": "available for {share}% of the timeframe",
        "fr": "disponible pendant {share} % de la période",
        "es": "disponible durante el {share} % del plazo",
        "pt": "disponível durante {share}% do prazo",
        "ar": "متاح خلال {share}٪ من الإطار الزمني",
        "zh": "在{share}%的时间内可提供",
        "ru": "доступен {share}% нужного срока",
    },
    "unavailable": {
        "en": "not available in the timeframe",
        "fr": "indisponible dans les délais",
        "es": "no disponible en el plazo",
        "pt": "indisponível no prazo",
        "ar": "غير متاح ضمن الإطار الزمني",
        "zh": "在所需时间内无法提供",
        "ru": "недоступен в нужные сроки",
    },
    "case_studies": {
        "en": {"one": "{count} published case study", "other": "{count} published case studies"},
        "fr": {"one": "{count} étude de cas publiée", "other": "{count} études de cas publiées"},
        "es": {
            "one": "{count} estudio de caso publicado",
            "other": "{count} estudios de caso publicados",
        },
        "pt": {
            "one": "{count} estudo de caso publicado",
            "other": "{count} estudos de caso publicados",
        },
        "ar": "دراسات حالة منشورة: {count}",
        "zh": "已发表案例研究：{count}",
        "ru": "опубликованные тематические исследования: {count}",
    },
    "partnerships": {
        "en": {"one": "{count} completed partnership", "other": "{count} completed partnerships"},
        "fr": {"one": "{count} partenariat achevé", "other": "{count} partenariats achevés"},
        "es": {"one": "{count} alianza concluida", "other": "{count} alianzas concluidas"},
        "pt": {"one": "{count} parceria concluída", "other": "{count} parcerias concluídas"},
        "ar": "شراكات مكتملة: {count}",
        "zh": "已完成的伙伴关系：{count}",
        "ru": "завершённые партнёрства: {count}",
    },
    "reciprocity": {
        "en": "{country} could offer in return: {subjects}",
        "fr": "{country} pourrait offrir en retour : {subjects}",
        "es": "{country} podría ofrecer a cambio: {subjects}",
        "pt": "{country} poderia oferecer em troca: {subjects}",
        "ar": "يمكن أن تقدم {country} في المقابل: {subjects}",
        "zh": "{country}可以回馈：{subjects}",
        "ru": "{country} может предложить взамен: {subjects}",
    },
    "reciprocity_wanted": {
        "en": "{country} could offer in return what {partner} seeks: {subjects}",
        "fr": "{country} pourrait offrir en retour ce que cherche {partner} : {subjects}",
        "es": "{country} podría ofrecer a cambio lo que busca {partner}: {subjects}",
        "pt": "{country} poderia oferecer em troca o que {partner} procura: {subjects}",
        "ar": "يمكن أن تقدم {country} في المقابل ما تبحث عنه {partner}: {subjects}",
        "zh": "{country}可以回馈{partner}所寻求的：{subjects}",
        "ru": "{country} может предложить взамен то, что ищет {partner}: {subjects}",
    },
}

SCOPE_NAMES: dict[str, dict[str, str]] = {
    "subregional": {
        "en": "subregional", "fr": "sous-régionale", "es": "subregional", "pt": "sub-regional",
        "ar": "دون إقليمي", "zh": "次区域", "ru": "субрегиональный",
    },
    "regional": {
        "en": "regional", "fr": "régionale", "es": "regional", "pt": "regional",
        "ar": "إقليمي", "zh": "区域", "ru": "региональный",
    },
    "global": {
        "en": "global", "fr": "mondiale", "es": "mundial", "pt": "global",
        "ar": "عالمي", "zh": "全球", "ru": "глобальный",
    },
}  # fmt: skip

LIST_SEPARATOR: dict[str, str] = {"ar": "، ", "zh": "、"}


def _join(names: Sequence[str], language: str) -> str:
    return LIST_SEPARATOR.get(language, ", ").join(names)


def render_reason(reason: Reason, language: str, labels: Labels, geography: Geography) -> str:
    """The reason in words in ``language`` (English when the language has no phrases)."""
    language = language if language in LANGUAGES else "en"
    phrase: Any = PHRASES[reason.code].get(language) or PHRASES[reason.code]["en"]
    params = reason.params
    values: dict[str, Any] = {}
    if "subjects" in params:
        values["subjects"] = _join(
            [Labels.name(labels.subjects, code, language) for code in params["subjects"]],
            language,
        )
    if "targets" in params:
        values["targets"] = _join(list(params["targets"]), language)
    if "types" in params:
        values["types"] = _join(
            [Labels.name(labels.assistance_types, code, language) for code in params["types"]],
            language,
        )
    if "languages" in params:
        values["languages"] = _join(
            [Labels.name(labels.languages, code, language) for code in params["languages"]],
            language,
        )
    if "region" in params:
        values["region"] = geography.region_name(params["region"], language)
    for key in ("country", "partner"):
        if key in params:
            values[key] = geography.country_name(params[key], language)
    if "scope" in params:
        values["scope"] = SCOPE_NAMES[params["scope"]].get(language, params["scope"])
    for key in ("count", "share"):
        if key in params:
            values[key] = params[key]
    if isinstance(phrase, dict):
        phrase = phrase["one"] if params.get("count") == 1 else phrase["other"]
    return str(phrase).format(**values)


def render_reasons(
    reasons: Sequence[Reason], language: str, labels: Labels, geography: Geography
) -> list[str]:
    """Every reason in words, in order."""
    return [render_reason(reason, language, labels, geography) for reason in reasons]

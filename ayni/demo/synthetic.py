# The word banks hold Cyrillic letters and CJK punctuation on purpose (multilingual text).
"""Synthetic records in the Ayni exchange format, for benchmarks and load tests.

Pure standard library on purpose: no Django, no database. `generate_records` streams plain
dicts, each shaped like one line of the JSON Lines exchange format (the design's "The exchange
format": same field names, codes and language maps), so a benchmark can write them to a file,
feed them to the importer or to the pure matching engine without building a list.

Events are dated from 2027-01-01 on (a fixed day, not today, to stay deterministic) in time
zones without daylight saving time, so each fixed UTC offset is right for its IANA zone.

Guarantees:
- deterministic for a seed (one `random.Random(seed)`, no other source of randomness, the
  vocabulary's frozenset is never iterated);
- ids are `synth-s<seed>:<type>-<n>`, so streams made with different seeds never collide;
- every reference points to an id yielded earlier in the same stream, so a streaming importer
  can resolve it; the first records are one of each type in dependency order;
- memory stays flat: only small pools of recent ids (at most `POOL_SIZE` each) are kept;
- every record is `published` and carries the fields the format requires for its type.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

__all__ = [
    "BOOTSTRAP_ORDER",
    "MAX_CLEARING_HOUSES",
    "POOL_SIZE",
    "RECORD_TYPES",
    "TYPE_WEIGHTS",
    "Vocab",
    "default_vocab_for_tests",
    "generate_records",
]

Record = dict[str, Any]

RECORD_TYPES: tuple[str, ...] = (
    "organization",
    "expert",
    "offer",
    "case-study",
    "resource",
    "need",
    "partnership",
    "event",
    "country-profile",
    "clearing-house",
)

# Share of each type in a long stream, in percent. Country profiles are also capped at one per
# country and clearing-houses at MAX_CLEARING_HOUSES; a capped draw becomes a resource.
TYPE_WEIGHTS: dict[str, float] = {
    "organization": 12.0,
    "expert": 20.0,
    "offer": 12.0,
    "need": 18.0,
    "case-study": 12.0,
    "resource": 14.0,
    "event": 6.0,
    "partnership": 4.0,
    "country-profile": 1.5,
    "clearing-house": 0.5,
}

# The first records of every stream: one of each type, referenced types first.
BOOTSTRAP_ORDER: tuple[str, ...] = (
    "organization",
    "expert",
    "resource",
    "offer",
    "need",
    "partnership",
    "case-study",
    "event",
    "country-profile",
    "clearing-house",
)

POOL_SIZE = 1000
MAX_CLEARING_HOUSES = 6

_SOUTH_SHARE = 0.9  # share of country draws taken from `Vocab.south`
_EVENT_EPOCH = date(2027, 1, 1)  # events fall in the three years from this (fixed) day
_EVENT_SPAN_DAYS = 3 * 365


@dataclass(frozen=True)
class Vocab:
    """The controlled codes a synthetic stream may use.

    `countries` are ISO 3166-1 alpha-2 codes, `south` the subset counted as developing,
    `languages` the ISO 639-1 codes texts are written in (language maps use them as keys),
    `m49_regions` three-digit UN M49 codes. Tuples keep the order, hence determinism.
    """

    countries: tuple[str, ...]
    south: frozenset[str]
    subjects: tuple[str, ...]
    gbf_targets: tuple[str, ...]
    aichi_targets: tuple[str, ...]
    assistance_types: tuple[str, ...]
    languages: tuple[str, ...]
    m49_regions: tuple[str, ...]


def default_vocab_for_tests() -> Vocab:
    """Return a small, hard-coded vocabulary (a subset of the shipped one) for tests."""
    return Vocab(
        countries=(
            "SN", "BR", "ID", "MU", "FJ", "PE", "KE", "IN",
            "CN", "ZA", "MX", "VN", "MA", "NO", "DE", "JP",
        ),
        south=frozenset(
            {"SN", "BR", "ID", "MU", "FJ", "PE", "KE", "IN", "CN", "ZA", "MX", "VN", "MA"}
        ),
        subjects=(
            "agricultural", "forest", "inland-waters", "island", "marine-coastal", "mountain",
            "access-benefit-sharing", "climate-change", "ecosystem-restoration", "health",
            "invasive-alien-species", "monitoring-indicators", "plant-conservation",
            "protected-areas", "sustainable-use", "technology-transfer", "traditional-knowledge",
            "resource-mobilization",
        ),
        gbf_targets=(
            "GBF-TARGET-01", "GBF-TARGET-02", "GBF-TARGET-03", "GBF-TARGET-04",
            "GBF-TARGET-06", "GBF-TARGET-08", "GBF-TARGET-13", "GBF-TARGET-19",
            "GBF-TARGET-21", "GBF-TARGET-22", "GBF-GOAL-A", "GBF-GOAL-C",
        ),
        aichi_targets=("AICHI-TARGET-05", "AICHI-TARGET-09", "AICHI-TARGET-11", "AICHI-TARGET-16"),
        assistance_types=(
            "expertise-advice", "training", "technology-transfer", "knowledge-exchange",
            "joint-research", "equipment", "policy-legal", "data-systems", "financing",
        ),
        languages=("en", "fr", "es", "pt", "ar", "zh", "ru"),
        m49_regions=("002", "011", "014", "005", "013", "029", "035", "034", "054", "009"),
    )  # fmt: skip


def generate_records(count: int, *, seed: int, vocab: Vocab) -> Iterator[Record]:
    """Yield `count` synthetic published records, lazily and deterministically for `seed`.

    Raises ValueError at once (not on first iteration) for a negative count or a vocabulary
    missing codes the records need.
    """
    if count < 0:
        raise ValueError(f"count must be zero or more, got {count}")
    _check_vocab(vocab)
    return _Stream(seed=seed, vocab=vocab).records(count)


def _check_vocab(vocab: Vocab) -> None:
    for field in ("countries", "subjects", "assistance_types", "languages", "m49_regions"):
        if not getattr(vocab, field):
            raise ValueError(f"vocab.{field} must not be empty")


# ---------------------------------------------------------------------------------------------
# Word banks. Every bank is parallel across languages: one choice, rendered in each language of
# a record, gives the same text in every language. A language without a bank falls back to "en".


@dataclass(frozen=True)
class _Topic:
    subjects: tuple[str, ...]
    gbf_targets: tuple[str, ...]
    words: dict[str, str]


_TOPICS: tuple[_Topic, ...] = (
    _Topic(
        ("marine-coastal", "monitoring-indicators", "ecosystem-restoration"),
        ("GBF-TARGET-02", "GBF-TARGET-08"),
        {"en": "mangroves", "fr": "mangroves", "es": "manglares", "pt": "manguezais",
         "ar": "أشجار المانغروف", "zh": "红树林", "ru": "мангровые леса"},
    ),
    _Topic(
        ("marine-coastal", "island", "ecosystem-restoration"),
        ("GBF-TARGET-02", "GBF-TARGET-03"),
        {"en": "coral reefs", "fr": "récifs coralliens", "es": "arrecifes de coral",
         "pt": "recifes de coral", "ar": "الشعاب المرجانية", "zh": "珊瑚礁",
         "ru": "коралловые рифы"},
    ),
    _Topic(
        ("invasive-alien-species", "island"),
        ("GBF-TARGET-06",),
        {"en": "invasive alien species", "fr": "espèces exotiques envahissantes",
         "es": "especies exóticas invasoras", "pt": "espécies exóticas invasoras",
         "ar": "الأنواع الغريبة الغازية", "zh": "外来入侵物种",
         "ru": "инвазивные чужеродные виды"},
    ),
    _Topic(
        ("agricultural", "plant-conservation", "traditional-knowledge"),
        ("GBF-TARGET-04", "GBF-TARGET-13"),
        {"en": "seed banks", "fr": "banques de semences", "es": "bancos de semillas",
         "pt": "bancos de sementes", "ar": "بنوك البذور", "zh": "种子库", "ru": "банки семян"},
    ),
    _Topic(
        ("forest", "monitoring-indicators", "traditional-knowledge"),
        ("GBF-TARGET-01", "GBF-TARGET-22"),
        {"en": "community forests", "fr": "forêts communautaires",
         "es": "bosques comunitarios", "pt": "florestas comunitárias",
         "ar": "الغابات المجتمعية", "zh": "社区森林", "ru": "общинные леса"},
    ),
    _Topic(
        ("inland-waters", "protected-areas"),
        ("GBF-TARGET-02", "GBF-TARGET-11"),
        {"en": "wetlands", "fr": "zones humides", "es": "humedales", "pt": "áreas úmidas",
         "ar": "الأراضي الرطبة", "zh": "湿地", "ru": "водно-болотные угодья"},
    ),
    _Topic(
        ("agricultural", "sustainable-use"),
        ("GBF-TARGET-07", "GBF-TARGET-10"),
        {"en": "pollinators", "fr": "pollinisateurs", "es": "polinizadores",
         "pt": "polinizadores", "ar": "الملقحات", "zh": "传粉昆虫", "ru": "опылители"},
    ),
    _Topic(
        ("marine-coastal", "climate-change"),
        ("GBF-TARGET-02", "GBF-TARGET-08"),
        {"en": "seagrass meadows", "fr": "herbiers marins", "es": "praderas marinas",
         "pt": "pradarias marinhas", "ar": "مروج الأعشاب البحرية", "zh": "海草床",
         "ru": "заросли морских трав"},
    ),
    _Topic(
        ("traditional-knowledge", "access-benefit-sharing"),
        ("GBF-TARGET-22", "GBF-TARGET-13"),
        {"en": "traditional knowledge", "fr": "savoirs traditionnels",
         "es": "conocimientos tradicionales", "pt": "conhecimentos tradicionais",
         "ar": "المعارف التقليدية", "zh": "传统知识", "ru": "традиционные знания"},
    ),
    _Topic(
        ("access-benefit-sharing", "technology-transfer"),
        ("GBF-TARGET-13", "GBF-GOAL-C"),
        {"en": "genetic resources", "fr": "ressources génétiques",
         "es": "recursos genéticos", "pt": "recursos genéticos", "ar": "الموارد الجينية",
         "zh": "遗传资源", "ru": "генетические ресурсы"},
    ),
    _Topic(
        ("plant-conservation", "health", "traditional-knowledge"),
        ("GBF-TARGET-05", "GBF-TARGET-09"),
        {"en": "medicinal plants", "fr": "plantes médicinales", "es": "plantas medicinales",
         "pt": "plantas medicinais", "ar": "النباتات الطبية", "zh": "药用植物",
         "ru": "лекарственные растения"},
    ),
    _Topic(
        ("inland-waters", "sustainable-use"),
        ("GBF-TARGET-05", "GBF-TARGET-09"),
        {"en": "freshwater fisheries", "fr": "pêcheries d'eau douce",
         "es": "pesquerías de agua dulce", "pt": "pescarias de água doce",
         "ar": "مصايد المياه العذبة", "zh": "淡水渔业", "ru": "пресноводные промыслы"},
    ),
    _Topic(
        ("mountain", "sustainable-use", "ecosystem-restoration"),
        ("GBF-TARGET-02", "GBF-TARGET-10"),
        {"en": "mountain grasslands", "fr": "prairies de montagne",
         "es": "pastizales de montaña", "pt": "campos de altitude", "ar": "المراعي الجبلية",
         "zh": "高山草地", "ru": "горные луга"},
    ),
    _Topic(
        ("marine-coastal", "protected-areas"),
        ("GBF-TARGET-03", "GBF-TARGET-04"),
        {"en": "sea turtles", "fr": "tortues marines", "es": "tortugas marinas",
         "pt": "tartarugas marinhas", "ar": "السلاحف البحرية", "zh": "海龟",
         "ru": "морские черепахи"},
    ),
)  # fmt: skip

# (assistance type the action stands for, title template per language)
_ACTIONS: tuple[tuple[str, dict[str, str]], ...] = (
    ("data-systems", {
        "en": "Monitoring of {topic}", "fr": "Suivi des {topic}", "es": "Monitoreo de {topic}",
        "pt": "Monitoramento de {topic}", "ar": "رصد {topic}", "zh": "{topic}监测",
        "ru": "Мониторинг: {topic}"}),
    ("expertise-advice", {
        "en": "Restoration of {topic}", "fr": "Restauration des {topic}",
        "es": "Restauración de {topic}", "pt": "Restauração de {topic}",
        "ar": "استعادة {topic}", "zh": "{topic}恢复", "ru": "Восстановление: {topic}"}),
    ("technology-transfer", {
        "en": "Mapping {topic} with drones", "fr": "Cartographie des {topic} par drone",
        "es": "Mapeo de {topic} con drones", "pt": "Mapeamento de {topic} com drones",
        "ar": "رسم خرائط {topic} بالطائرات المسيّرة", "zh": "无人机{topic}测绘",
        "ru": "Картирование с дронов: {topic}"}),
    ("knowledge-exchange", {
        "en": "Community management of {topic}", "fr": "Gestion communautaire des {topic}",
        "es": "Gestión comunitaria de {topic}", "pt": "Gestão comunitária de {topic}",
        "ar": "الإدارة المجتمعية في مجال {topic}", "zh": "{topic}社区管理",
        "ru": "Общинное управление: {topic}"}),
    ("training", {
        "en": "Training course on {topic}", "fr": "Formation sur les {topic}",
        "es": "Curso de formación sobre {topic}", "pt": "Curso de capacitação sobre {topic}",
        "ar": "دورة تدريبية حول {topic}", "zh": "{topic}培训课程",
        "ru": "Учебный курс: {topic}"}),
    ("joint-research", {
        "en": "Genetic inventory of {topic}", "fr": "Inventaire génétique des {topic}",
        "es": "Inventario genético de {topic}", "pt": "Inventário genético de {topic}",
        "ar": "الجرد الجيني في مجال {topic}", "zh": "{topic}遗传清查",
        "ru": "Генетическая инвентаризация: {topic}"}),
    ("policy-legal", {
        "en": "Legal framework for {topic}", "fr": "Cadre juridique pour les {topic}",
        "es": "Marco jurídico para {topic}", "pt": "Marco legal para {topic}",
        "ar": "الإطار القانوني في مجال {topic}", "zh": "{topic}法律框架",
        "ru": "Правовая база: {topic}"}),
    ("data-systems", {
        "en": "Data systems for {topic}", "fr": "Systèmes de données sur les {topic}",
        "es": "Sistemas de datos sobre {topic}", "pt": "Sistemas de dados sobre {topic}",
        "ar": "نظم البيانات في مجال {topic}", "zh": "{topic}数据系统",
        "ru": "Системы данных: {topic}"}),
)  # fmt: skip

_SENTENCES: dict[str, tuple[str, ...]] = {
    "en": (
        "Partners share field methods and open data.",
        "Local communities and women's groups take part in every step.",
        "The work supports the national biodiversity strategy and action plan.",
        "Training combines field work with online sessions.",
        "Traditional knowledge is recorded with prior informed consent.",
        "Drones and smartphones make monitoring cheaper.",
        "Results feed the national reports to the Convention on Biological Diversity.",
        "Costs are shared between the partner institutions.",
        "Protected area managers and researchers work side by side.",
        "Seedlings come from community nurseries.",
    ),
    "fr": (
        "Les partenaires partagent méthodes de terrain et données ouvertes.",
        "Les communautés locales et les groupements de femmes participent à chaque étape.",
        "Le travail appuie la stratégie et le plan d'action nationaux pour la biodiversité.",
        "La formation associe travail de terrain et sessions en ligne.",
        "Les savoirs traditionnels sont documentés avec le consentement préalable.",
        "Les drones et les téléphones rendent le suivi moins coûteux.",
        "Les résultats alimentent les rapports nationaux à la Convention sur la diversité"
        " biologique.",
        "Les coûts sont partagés entre les institutions partenaires.",
        "Gestionnaires d'aires protégées et chercheurs travaillent côte à côte.",
        "Les plants proviennent de pépinières communautaires.",
    ),
    "es": (
        "Los socios comparten métodos de campo y datos abiertos.",
        "Las comunidades locales y los grupos de mujeres participan en cada etapa.",
        "El trabajo apoya la estrategia y plan de acción nacional de biodiversidad.",
        "La formación combina trabajo de campo y sesiones en línea.",
        "Los conocimientos tradicionales se documentan con consentimiento previo e informado.",
        "Los drones y los teléfonos móviles abaratan el monitoreo.",
        "Los resultados alimentan los informes nacionales al Convenio sobre la Diversidad"
        " Biológica.",
        "Los costos se comparten entre las instituciones socias.",
        "Gestores de áreas protegidas e investigadores trabajan codo a codo.",
        "Las plántulas provienen de viveros comunitarios.",
    ),
    "pt": (
        "Os parceiros compartilham métodos de campo e dados abertos.",
        "As comunidades locais e os grupos de mulheres participam de cada etapa.",
        "O trabalho apoia a estratégia e o plano de ação nacional de biodiversidade.",
        "A capacitação combina trabalho de campo e sessões on-line.",
        "Os conhecimentos tradicionais são registrados com consentimento prévio e informado.",
        "Drones e celulares tornam o monitoramento mais barato.",
        "Os resultados alimentam os relatórios nacionais à Convenção sobre Diversidade Biológica.",
        "Os custos são compartilhados entre as instituições parceiras.",
        "Gestores de áreas protegidas e pesquisadores trabalham lado a lado.",
        "As mudas vêm de viveiros comunitários.",
    ),
    "ar": (
        "يتبادل الشركاء الأساليب الميدانية والبيانات المفتوحة.",
        "تشارك المجتمعات المحلية والمجموعات النسائية في كل مرحلة.",
        "يدعم العمل الاستراتيجية وخطة العمل الوطنية للتنوع البيولوجي.",
        "يجمع التدريب بين العمل الميداني والجلسات عبر الإنترنت.",
        "تُوثَّق المعارف التقليدية بموافقة مسبقة عن علم.",
        "تجعل الطائرات المسيّرة والهواتف الذكية الرصد أقل تكلفة.",
        "تغذي النتائج التقارير الوطنية المقدمة إلى اتفاقية التنوع البيولوجي.",
        "تتقاسم المؤسسات الشريكة التكاليف.",
        "يعمل مديرو المناطق المحمية والباحثون جنبًا إلى جنب.",
        "تأتي الشتلات من مشاتل مجتمعية.",
    ),
    "zh": (
        "合作伙伴共享野外方法和开放数据。",
        "当地社区和妇女团体参与每一个环节。",
        "该工作支持国家生物多样性战略和行动计划。",
        "培训将野外工作与在线课程相结合。",
        "传统知识在事先知情同意的前提下记录。",
        "无人机和智能手机降低了监测成本。",
        "成果将纳入提交《生物多样性公约》的国家报告。",
        "费用由合作机构共同承担。",
        "保护区管理人员与研究人员并肩工作。",
        "苗木来自社区苗圃。",
    ),
    "ru": (
        "Партнёры обмениваются полевыми методами и открытыми данными.",
        "Местные сообщества и женские группы участвуют на каждом этапе.",
        "Работа поддерживает национальную стратегию и план действий по биоразнообразию.",
        "Обучение сочетает полевую работу и онлайн-занятия.",
        "Традиционные знания фиксируются с предварительного осознанного согласия.",
        "Дроны и смартфоны удешевляют мониторинг.",
        "Результаты используются в национальных докладах по Конвенции о биологическом"
        " разнообразии.",
        "Расходы распределяются между партнёрскими организациями.",
        "Руководители охраняемых территорий и исследователи работают бок о бок.",
        "Саженцы поступают из общинных питомников.",
    ),
}

# Short parallel phrases for the secondary language-map fields.
_PHRASES: dict[str, tuple[dict[str, str], ...]] = {
    "eligibility": (
        {"en": "Public institutions of developing countries.",
         "fr": "Institutions publiques des pays en développement.",
         "es": "Instituciones públicas de países en desarrollo.",
         "pt": "Instituições públicas de países em desenvolvimento.",
         "ar": "المؤسسات العامة في البلدان النامية.", "zh": "发展中国家的公共机构。",
         "ru": "Государственные учреждения развивающихся стран."},
        {"en": "Community organizations and NGOs working with a national partner.",
         "fr": "Organisations communautaires et ONG travaillant avec un partenaire national.",
         "es": "Organizaciones comunitarias y ONG que trabajen con un socio nacional.",
         "pt": "Organizações comunitárias e ONGs que trabalhem com um parceiro nacional.",
         "ar": "المنظمات المجتمعية وغير الحكومية العاملة مع شريك وطني.",
         "zh": "与国家合作伙伴合作的社区组织和非政府组织。",
         "ru": "Общинные организации и НКО, работающие с национальным партнёром."},
    ),
    "co_financing": (
        {"en": "Staff time and field logistics.",
         "fr": "Temps de travail du personnel et logistique de terrain.",
         "es": "Tiempo del personal y logística de campo.",
         "pt": "Tempo da equipe e logística de campo.",
         "ar": "وقت الموظفين والخدمات اللوجستية الميدانية.", "zh": "人员时间和野外后勤。",
         "ru": "Рабочее время персонала и полевая логистика."},
        {"en": "Part of the national budget for biodiversity.",
         "fr": "Une partie du budget national pour la biodiversité.",
         "es": "Parte del presupuesto nacional para la biodiversidad.",
         "pt": "Parte do orçamento nacional para a biodiversidade.",
         "ar": "جزء من الميزانية الوطنية للتنوع البيولوجي.",
         "zh": "部分国家生物多样性预算。",
         "ru": "Часть национального бюджета на биоразнообразие."},
    ),
    "offers_in_return": (
        {"en": "Hosting exchange visits to our field sites.",
         "fr": "Accueil de visites d'échange sur nos sites.",
         "es": "Acogida de visitas de intercambio en nuestros sitios.",
         "pt": "Acolhimento de visitas de intercâmbio em nossos locais.",
         "ar": "استضافة زيارات تبادلية إلى مواقعنا الميدانية.",
         "zh": "接待对我们野外站点的交流访问。",
         "ru": "Приём обменных визитов на наших полевых участках."},
        {"en": "Sharing our data and lessons learned.",
         "fr": "Partage de nos données et de nos enseignements.",
         "es": "Compartir nuestros datos y lecciones aprendidas.",
         "pt": "Compartilhamento de nossos dados e lições aprendidas.",
         "ar": "مشاركة بياناتنا والدروس المستفادة.", "zh": "分享我们的数据和经验教训。",
         "ru": "Обмен нашими данными и извлечёнными уроками."},
    ),
    "results": (
        {"en": "National staff now run the work without outside help.",
         "fr": "Le personnel national mène désormais le travail sans aide extérieure.",
         "es": "El personal nacional ya realiza el trabajo sin ayuda externa.",
         "pt": "A equipe nacional agora conduz o trabalho sem ajuda externa.",
         "ar": "يتولى الموظفون الوطنيون العمل الآن دون مساعدة خارجية.",
         "zh": "国家工作人员现在可以独立开展这项工作。",
         "ru": "Национальные специалисты теперь ведут работу без внешней помощи."},
        {"en": "A shared protocol was adopted by three institutions.",
         "fr": "Un protocole commun a été adopté par trois institutions.",
         "es": "Tres instituciones adoptaron un protocolo común.",
         "pt": "Um protocolo comum foi adotado por três instituições.",
         "ar": "اعتمدت ثلاث مؤسسات بروتوكولًا مشتركًا.", "zh": "三个机构采用了共同的规程。",
         "ru": "Три учреждения приняли общий протокол."},
    ),
    "lessons": (
        {"en": "Train on the beneficiary's own equipment.",
         "fr": "Former sur le matériel du bénéficiaire.",
         "es": "Formar con el equipo del beneficiario.",
         "pt": "Capacitar com o equipamento do beneficiário.",
         "ar": "التدريب على معدات الجهة المستفيدة نفسها.",
         "zh": "应使用受益方自己的设备进行培训。",
         "ru": "Обучать на оборудовании получателя."},
        {"en": "Plan field work around the seasons.",
         "fr": "Planifier le travail de terrain selon les saisons.",
         "es": "Planificar el trabajo de campo según las estaciones.",
         "pt": "Planejar o trabalho de campo conforme as estações.",
         "ar": "تخطيط العمل الميداني وفق المواسم.", "zh": "根据季节安排野外工作。",
         "ru": "Планировать полевые работы с учётом сезонов."},
    ),
    "outcome": (
        {"en": "Work plan agreed and first exchange completed.",
         "fr": "Plan de travail convenu et premier échange réalisé.",
         "es": "Plan de trabajo acordado y primer intercambio realizado.",
         "pt": "Plano de trabalho acordado e primeiro intercâmbio realizado.",
         "ar": "تم الاتفاق على خطة العمل وإنجاز أول تبادل.",
         "zh": "工作计划已商定，首次交流已完成。",
         "ru": "План работы согласован, первый обмен проведён."},
        {"en": "Joint training delivered; a case study is being drafted.",
         "fr": "Formation conjointe réalisée ; une étude de cas est en préparation.",
         "es": "Capacitación conjunta realizada; se redacta un estudio de caso.",
         "pt": "Capacitação conjunta realizada; um estudo de caso está em elaboração.",
         "ar": "تم تنفيذ تدريب مشترك، ويجري إعداد دراسة حالة.",
         "zh": "联合培训已完成，案例研究正在撰写。",
         "ru": "Совместное обучение проведено; готовится тематическое исследование."},
    ),
    "bio": (
        {"en": "Specialist in {topic}, with field experience in South-South cooperation.",
         "fr": "Spécialiste des {topic}, avec une expérience de terrain en coopération Sud-Sud.",
         "es": "Especialista en {topic}, con experiencia de campo en cooperación Sur-Sur.",
         "pt": "Especialista em {topic}, com experiência de campo em cooperação Sul-Sul.",
         "ar": "متخصص في {topic}، ذو خبرة ميدانية في التعاون بين بلدان الجنوب.",
         "zh": "{topic}专家，具有南南合作实地经验。",
         "ru": "Специалист в области: {topic}; полевой опыт сотрудничества Юг-Юг."},
    ),
    "profile": (
        {"en": "South-South cooperation profile: strengths in {topic}.",
         "fr": "Profil de coopération Sud-Sud : points forts en matière de {topic}.",
         "es": "Perfil de cooperación Sur-Sur: fortalezas en {topic}.",
         "pt": "Perfil de cooperação Sul-Sul: pontos fortes em {topic}.",
         "ar": "ملف التعاون بين بلدان الجنوب: نقاط القوة في مجال {topic}.",
         "zh": "南南合作概况：在{topic}方面具有优势。",
         "ru": "Профиль сотрудничества Юг-Юг: сильные стороны — {topic}."},
    ),
}  # fmt: skip

# Organization name: template and kinds (centre, institute, network, alliance, fund).
_ORG_NAME: dict[str, str] = {
    "en": "{place} {kind} for {topic}",
    "fr": "{kind} {place} pour les {topic}",
    "es": "{kind} {place} para {topic}",
    "pt": "{kind} {place} para {topic}",
    "ar": "{kind} {place} لشؤون {topic}",
    "zh": "{place}{topic}{kind}",
    "ru": "{kind} «{place}»: {topic}",
}
_ORG_KINDS: dict[str, tuple[str, ...]] = {
    "en": ("Centre", "Institute", "Network", "Alliance", "Fund"),
    "fr": ("Centre", "Institut", "Réseau", "Alliance", "Fonds"),
    "es": ("Centro", "Instituto", "Red", "Alianza", "Fondo"),
    "pt": ("Centro", "Instituto", "Rede", "Aliança", "Fundo"),
    "ar": ("مركز", "معهد", "شبكة", "تحالف", "صندوق"),
    "zh": ("中心", "研究所", "网络", "联盟", "基金"),
    "ru": ("Центр", "Институт", "Сеть", "Альянс", "Фонд"),
}
_FUND_KIND = 4
_KIND_LETTERS = "CINAF"  # last letter of an acronym, one per kind

_EVENT_TYPES: tuple[str, ...] = (
    "conference", "seminar", "workshop", "webinar", "training", "side-event",
)  # fmt: skip
_EVENT_KINDS: dict[str, tuple[str, ...]] = {
    "en": ("Conference", "Seminar", "Workshop", "Webinar", "Training", "Side event"),
    "fr": ("Conférence", "Séminaire", "Atelier", "Webinaire", "Formation", "Événement parallèle"),
    "es": ("Conferencia", "Seminario", "Taller", "Seminario web", "Capacitación",
           "Evento paralelo"),
    "pt": ("Conferência", "Seminário", "Oficina", "Webinário", "Capacitação", "Evento paralelo"),
    "ar": ("مؤتمر", "حلقة دراسية", "ورشة عمل", "ندوة عبر الإنترنت", "تدريب", "حدث جانبي"),
    "zh": ("会议", "研讨会", "讲习班", "网络研讨会", "培训", "边会"),
    "ru": ("Конференция", "Семинар", "Практикум", "Вебинар", "Обучение",
           "Параллельное мероприятие"),
}  # fmt: skip

# Invented place names from parallel syllables, so the same name reads in each script.
_SYLLABLES: dict[str, tuple[str, ...]] = {
    "latin": ("ka", "lo", "mi", "ra", "tu", "sa", "ne", "bo", "ya", "di", "ma", "ko"),
    "ar": ("كا", "لو", "مي", "را", "تو", "سا", "ني", "بو", "يا", "دي", "ما", "كو"),
    "zh": ("卡", "洛", "米", "拉", "图", "萨", "内", "博", "亚", "迪", "马", "科"),
    "ru": ("ка", "ло", "ми", "ра", "ту", "са", "не", "бо", "я", "ди", "ма", "ко"),
}

# Venues in zones without daylight saving time, so the fixed offset is always right.
# (country, city, IANA time zone, UTC offset in minutes)
_VENUES: tuple[tuple[str, str, str, int], ...] = (
    ("SN", "Dakar", "Africa/Dakar", 0),
    ("BR", "Belém", "America/Belem", -180),
    ("BR", "Brasília", "America/Sao_Paulo", -180),
    ("ID", "Bogor", "Asia/Jakarta", 420),
    ("MU", "Port Louis", "Indian/Mauritius", 240),
    ("FJ", "Suva", "Pacific/Fiji", 720),
    ("PE", "Lima", "America/Lima", -300),
    ("KE", "Nairobi", "Africa/Nairobi", 180),
    ("IN", "Bengaluru", "Asia/Kolkata", 330),
    ("CN", "Kunming", "Asia/Shanghai", 480),
    ("ZA", "Cape Town", "Africa/Johannesburg", 120),
    ("MX", "Mérida", "America/Merida", -360),
    ("VN", "Hanoi", "Asia/Bangkok", 420),
    ("CO", "Bogotá", "America/Bogota", -300),
    ("PH", "Manila", "Asia/Manila", 480),
    ("GH", "Accra", "Africa/Accra", 0),
    ("NG", "Lagos", "Africa/Lagos", 60),
    ("TZ", "Arusha", "Africa/Dar_es_Salaam", 180),
    ("MG", "Antananarivo", "Indian/Antananarivo", 180),
    ("BD", "Dhaka", "Asia/Dhaka", 360),
    ("NP", "Kathmandu", "Asia/Kathmandu", 345),
    ("EC", "Quito", "America/Guayaquil", -300),
    ("BO", "La Paz", "America/La_Paz", -240),
    ("MZ", "Maputo", "Africa/Maputo", 120),
    ("TH", "Bangkok", "Asia/Bangkok", 420),
    ("AR", "Buenos Aires", "America/Argentina/Buenos_Aires", -180),
    ("CR", "San José", "America/Costa_Rica", -360),
    ("SC", "Victoria", "Indian/Mahe", 240),
)
_UTC_VENUE = ("", "", "Etc/UTC", 0)

_ORGANIZATION_TYPES: tuple[str, ...] = (
    "government", "research", "academic", "ngo", "intergovernmental", "private", "community",
    "funder",
)  # fmt: skip
_ORGANIZATION_TYPE_WEIGHTS: tuple[int, ...] = (20, 18, 16, 20, 4, 5, 11, 6)
_PROTOCOL_PATHS: dict[str, str] = {
    "oai-pmh": "oai",
    "atom": "feeds/atom.xml",
    "rss": "rss.xml",
    "ayni-jsonl": "export/records.jsonl",
    "cbd-chm": "api/v2013/index",
}
_RESOURCE_TYPES: tuple[str, ...] = (
    "publication", "guidance", "toolkit", "dataset", "video", "training", "website",
)  # fmt: skip
_FOCAL_POINT_ROLES: tuple[str, ...] = (
    "CBD national focal point", "CHM national focal point", "South-South cooperation focal point",
)  # fmt: skip

# Text languages are skewed to en/fr/es; a language without a weight here gets the default.
_LANGUAGE_WEIGHTS: dict[str, int] = {
    "en": 30,
    "fr": 18,
    "es": 18,
    "pt": 8,
    "ar": 5,
    "zh": 5,
    "ru": 5,
}
_DEFAULT_LANGUAGE_WEIGHT = 4
_SECOND_LANGUAGE_SHARE = 0.4


class _Pool:
    """The most recent `size` (id, country) pairs: O(1) memory, O(1) add and pick."""

    __slots__ = ("_items", "_next", "_size")

    def __init__(self, size: int = POOL_SIZE) -> None:
        self._items: list[tuple[str, str]] = []
        self._size = size
        self._next = 0

    def __bool__(self) -> bool:
        return bool(self._items)

    def add(self, record_id: str, country: str) -> None:
        if len(self._items) < self._size:
            self._items.append((record_id, country))
        else:
            self._items[self._next] = (record_id, country)
            self._next = (self._next + 1) % self._size

    def pick(self, rng: random.Random) -> tuple[str, str]:
        return self._items[rng.randrange(len(self._items))]

    def sample(self, rng: random.Random, k: int) -> list[tuple[str, str]]:
        return rng.sample(self._items, min(k, len(self._items)))


class _Stream:
    """One deterministic stream of records; holds only counters and small pools."""

    def __init__(self, *, seed: int, vocab: Vocab) -> None:
        self.rng = random.Random(seed)
        self.vocab = vocab
        self.prefix = f"synth-s{seed}"
        self.south = tuple(c for c in vocab.countries if c in vocab.south)
        self.north = tuple(c for c in vocab.countries if c not in vocab.south)
        self.venues = tuple(v for v in _VENUES if v[0] in vocab.countries) or (_UTC_VENUE,)
        self.language_weights = tuple(
            _LANGUAGE_WEIGHTS.get(lang, _DEFAULT_LANGUAGE_WEIGHT) for lang in vocab.languages
        )
        self.types = tuple(TYPE_WEIGHTS)
        self.type_weights = tuple(TYPE_WEIGHTS.values())
        self.counters: dict[str, int] = dict.fromkeys(RECORD_TYPES, 0)
        self.profiles_left: list[str] = list(vocab.countries)  # bounded by the vocabulary
        self.organizations = _Pool()
        self.funders = _Pool()
        self.experts = _Pool()
        self.needs = _Pool()
        self.resources = _Pool()
        self.builders: dict[str, Callable[[str], Record]] = {
            "organization": self._organization,
            "expert": self._expert,
            "offer": self._offer,
            "case-study": self._case_study,
            "resource": self._resource,
            "need": self._need,
            "partnership": self._partnership,
            "event": self._event,
            "country-profile": self._country_profile,
            "clearing-house": self._clearing_house,
        }

    def records(self, count: int) -> Iterator[Record]:
        for index in range(count):
            yield self._next_record(index)

    # -- choosing the type -------------------------------------------------------------------

    def _next_record(self, index: int) -> Record:
        if index < len(BOOTSTRAP_ORDER):
            record_type = BOOTSTRAP_ORDER[index]
        else:
            record_type = self.rng.choices(self.types, weights=self.type_weights)[0]
        record_type = self._feasible(record_type)
        self.counters[record_type] += 1
        record_id = f"{self.prefix}:{record_type}-{self.counters[record_type]}"
        return self.builders[record_type](record_id)

    def _feasible(self, record_type: str) -> str:
        if record_type == "country-profile" and not self.profiles_left:
            return "resource"
        if record_type == "clearing-house" and self.counters[record_type] >= MAX_CLEARING_HOUSES:
            return "resource"
        if record_type == "partnership" and not self.needs:
            return "need"
        if record_type in ("expert", "offer", "partnership") and not self.organizations:
            return "organization"
        return record_type

    # -- small helpers -----------------------------------------------------------------------

    def _country(self) -> str:
        if self.south and (not self.north or self.rng.random() < _SOUTH_SHARE):
            return self.rng.choice(self.south)
        return self.rng.choice(self.north)

    def _south_countries(self, k: int, exclude: Sequence[str] = ()) -> list[str]:
        pool = [c for c in (self.south or self.vocab.countries) if c not in exclude]
        pool = pool or list(self.vocab.countries)
        return self.rng.sample(pool, min(k, len(pool)))

    def _text_languages(self) -> list[str]:
        rng, languages = self.rng, self.vocab.languages
        first = rng.choices(languages, weights=self.language_weights)[0]
        chosen = [first]
        if len(languages) > 1 and rng.random() < _SECOND_LANGUAGE_SHARE:
            second = first
            while second == first:
                second = rng.choices(languages, weights=self.language_weights)[0]
            chosen.append(second)
        return chosen

    def _working_languages(self, text_languages: list[str]) -> list[str]:
        working = list(text_languages)
        if self.rng.random() < 0.3:
            extra = self.rng.choice(self.vocab.languages)
            if extra not in working:
                working.append(extra)
        return working

    def _codes(self, codes: Sequence[str], low: int, high: int) -> list[str]:
        if not codes:
            return []
        return self.rng.sample(list(codes), min(self.rng.randint(low, high), len(codes)))

    def _topic(self) -> _Topic:
        return self.rng.choice(_TOPICS)

    def _subjects(self, topic: _Topic) -> list[str]:
        subjects = [s for s in topic.subjects if s in self.vocab.subjects]
        extra = self.rng.choice(self.vocab.subjects)
        if extra not in subjects and (not subjects or self.rng.random() < 0.3):
            subjects.append(extra)
        return subjects

    def _gbf(self, topic: _Topic) -> list[str]:
        targets = [t for t in topic.gbf_targets if t in self.vocab.gbf_targets]
        if not targets or self.rng.random() < 0.3:
            for code in self._codes(self.vocab.gbf_targets, 1, 1):
                if code not in targets:
                    targets.append(code)
        return targets

    def _assistance(self, action_type: str) -> list[str]:
        types = [action_type] if action_type in self.vocab.assistance_types else []
        extra = self.rng.choice(self.vocab.assistance_types)
        if extra not in types and extra != "financing" and (not types or self.rng.random() < 0.4):
            types.append(extra)
        return types or [self.vocab.assistance_types[0]]

    def _regions(self, low: int, high: int) -> list[str]:
        return self._codes(self.vocab.m49_regions, low, high)

    def _day(self, start: date, span_days: int) -> date:
        return start + timedelta(days=self.rng.randrange(span_days))

    def _place(self) -> dict[str, str]:
        """Invent a place name, spelt in each script (Latin, Arabic, Chinese, Cyrillic)."""
        picks = [
            self.rng.randrange(len(_SYLLABLES["latin"])) for _ in range(self.rng.randint(2, 3))
        ]
        names = {script: "".join(bank[i] for i in picks) for script, bank in _SYLLABLES.items()}
        names["latin"] = names["latin"].capitalize()
        names["ru"] = names["ru"].capitalize()
        return names

    def _person(self) -> str:
        return f"{self._place()['latin']} {self._place()['latin']}"

    @staticmethod
    def _bank(lang: str) -> str:
        return lang if lang in _SENTENCES else "en"

    def _lstring(self, languages: list[str], render: Callable[[str], str]) -> dict[str, str]:
        return {lang: render(self._bank(lang)) for lang in languages}

    def _title(
        self, languages: list[str], topic: _Topic, template: dict[str, str]
    ) -> dict[str, str]:
        return self._lstring(languages, lambda b: template[b].format(topic=topic.words[b]))

    def _description(self, languages: list[str], title: dict[str, str]) -> dict[str, str]:
        picks = self.rng.sample(range(len(_SENTENCES["en"])), 2)

        def render(lang: str) -> str:
            bank = self._bank(lang)
            sentences = [_SENTENCES[bank][i] for i in picks]
            if bank == "zh":
                return f"{title[lang]}。" + "".join(sentences)
            return f"{title[lang]}. " + " ".join(sentences)

        return {lang: render(lang) for lang in languages}

    def _phrase(
        self, languages: list[str], name: str, topic: _Topic | None = None
    ) -> dict[str, str]:
        variant = self.rng.choice(_PHRASES[name])
        words = topic.words if topic else {}
        return self._lstring(languages, lambda b: variant[b].format(topic=words.get(b, "")))

    def _url(self, record_id: str) -> str:
        local = record_id.split(":", 1)[1]
        return f"https://example.org/{self.prefix}/{local}"

    # -- one builder per record type ---------------------------------------------------------

    def _organization(self, record_id: str) -> Record:
        rng = self.rng
        organization_type = rng.choices(_ORGANIZATION_TYPES, weights=_ORGANIZATION_TYPE_WEIGHTS)[0]
        if organization_type == "funder" and self.north:
            country = rng.choice(self.north)
        else:
            country = self._country()
        topic, place = self._topic(), self._place()
        kind = _FUND_KIND if organization_type == "funder" else rng.randrange(_FUND_KIND)
        languages = self._text_languages()

        def name(bank: str) -> str:
            script = bank if bank in ("ar", "zh", "ru") else "latin"
            return _ORG_NAME[bank].format(
                place=place[script], kind=_ORG_KINDS[bank][kind], topic=topic.words[bank]
            )

        title = self._lstring(languages, name)
        if organization_type == "funder" and "financing" in self.vocab.assistance_types:
            assistance = ["financing"]
        else:
            assistance = self._assistance(rng.choice(_ACTIONS)[0])
        record: Record = {
            "type": "organization",
            "id": record_id,
            "status": "published",
            "name": title,
            "acronym": place["latin"][:3].upper() + _KIND_LETTERS[kind],
            "country": country,
            "organization_type": organization_type,
            "subjects": self._subjects(topic),
            "gbf_targets": self._gbf(topic),
            "aichi_targets": self._codes(self.vocab.aichi_targets, 0, 2),
            "assistance_types": assistance,
            "languages": self._working_languages(languages),
            "regions_served": self._regions(1, 3),
            "description": self._description(languages, title),
            "website": self._url(record_id),
            "centre_of_excellence": rng.random() < 0.15,
        }
        self.organizations.add(record_id, country)
        if organization_type == "funder":
            self.funders.add(record_id, country)
        return record

    def _expert(self, record_id: str) -> Record:
        rng = self.rng
        organization_id, organization_country = self.organizations.pick(rng)
        country = organization_country if rng.random() < 0.8 else self._country()
        topic, action = self._topic(), rng.choice(_ACTIONS)
        languages = self._text_languages()
        available_from = self._day(date(2026, 1, 1), 730)
        record: Record = {
            "type": "expert",
            "id": record_id,
            "status": "published",
            "name": self._person(),
            "country": country,
            "nationality": country if rng.random() < 0.85 else self._country(),
            "subjects": self._subjects(topic),
            "gbf_targets": self._gbf(topic),
            "assistance_types": self._assistance(action[0]),
            "languages": self._working_languages(languages),
            "regions_of_experience": self._regions(1, 3),
            "bio": self._phrase(languages, "bio", topic),
            "available_from": available_from.isoformat(),
            "available_until": (available_from + timedelta(days=rng.randint(90, 900))).isoformat(),
            "consent_public": rng.random() < 0.9,
        }
        if rng.random() < 0.8:
            record["organization"] = organization_id
        if rng.random() < 0.7:
            local = record_id.split(":", 1)[1]
            record["email"] = f"{local}.{self.prefix}@example.org"
        self.experts.add(record_id, country)
        return record

    def _offer(self, record_id: str) -> Record:
        rng = self.rng
        topic, action = self._topic(), rng.choice(_ACTIONS)
        languages = self._text_languages()
        funding = bool(self.funders) and rng.random() < 0.1
        provider: tuple[str, str] | None
        if funding:
            provider = self.funders.pick(rng)
            assistance = [a for a in ("financing",) if a in self.vocab.assistance_types]
            assistance = assistance or self._assistance(action[0])
        else:
            draw = rng.random()
            if draw < 0.55 or not self.experts:
                provider = self.organizations.pick(rng)
            elif draw < 0.9:
                provider = self.experts.pick(rng)
            else:
                provider = None  # a country's offer, no named provider
            assistance = self._assistance(action[0])
        title = self._title(languages, topic, action[1])
        available_from = self._day(date(2026, 6, 1), 730)
        record: Record = {
            "type": "offer",
            "id": record_id,
            "status": "published",
            "title": title,
            "description": self._description(languages, title),
            "provider_country": provider[1] if provider else self._country(),
            "subjects": self._subjects(topic),
            "gbf_targets": self._gbf(topic),
            "assistance_types": assistance,
            "languages": self._working_languages(languages),
            "regions_covered": self._regions(1, 3),
            "eligibility": self._phrase(languages, "eligibility"),
            "available_from": available_from.isoformat(),
            "available_until": (available_from + timedelta(days=rng.randint(90, 730))).isoformat(),
        }
        if provider:
            record["provider"] = provider[0]
        return record

    def _need(self, record_id: str) -> Record:
        rng = self.rng
        topic, action = self._topic(), rng.choice(_ACTIONS)
        languages = self._text_languages()
        institution, country = self.organizations.pick(rng) if self.organizations else ("", "")
        if rng.random() < 0.4 or country not in self.vocab.south:
            # A plain institution name instead of a reference, as the format allows.
            country = self._country()
            institution = f"National Biodiversity Directorate {self._place()['latin']}"
        title = self._title(languages, topic, action[1])
        start = self._day(date(2026, 6, 1), 900)
        record: Record = {
            "type": "need",
            "id": record_id,
            "status": "published",
            "country": country,
            "institution": institution,
            "title": title,
            "description": self._description(languages, title),
            "subjects": self._subjects(topic),
            "gbf_targets": self._gbf(topic),
            "aichi_targets": self._codes(self.vocab.aichi_targets, 0, 1),
            "assistance_types": self._assistance(action[0]),
            "languages": self._working_languages(languages),
            "partner_scope": rng.choice(("subregional", "regional", "global")),
            "timeframe_start": start.isoformat(),
            "timeframe_end": (start + timedelta(days=rng.randint(180, 1095))).isoformat(),
            "co_financing": self._phrase(languages, "co_financing"),
            "offers_in_return": self._phrase(languages, "offers_in_return"),
            "progress": rng.choices(
                ("open", "matched", "in-partnership", "closed"), weights=(60, 15, 15, 10)
            )[0],
        }
        self.needs.add(record_id, country)
        return record

    def _case_study(self, record_id: str) -> Record:
        rng = self.rng
        topic, action = self._topic(), rng.choice(_ACTIONS)
        languages = self._text_languages()
        providers = self._south_countries(rng.randint(1, 2))
        beneficiaries = self._south_countries(rng.randint(1, 3), exclude=providers)
        funders = [self.funders.pick(rng)[0]] if self.funders and rng.random() < 0.2 else []
        if funders:
            modality = "triangular"
        else:
            modality = "regional" if len(beneficiaries) > 1 else "bilateral"
        title = self._title(languages, topic, action[1])
        start = self._day(date(2010, 1, 1), 15 * 365)
        blocks = rng.sample(_ACTIONS, 2)
        record: Record = {
            "type": "case-study",
            "id": record_id,
            "status": "published",
            "title": title,
            "summary": self._description(languages, title),
            "description": self._description(languages, title),
            "provider_countries": providers,
            "beneficiary_countries": beneficiaries,
            "modality": modality,
            "organizations": [o for o, _ in self.organizations.sample(rng, rng.randint(1, 3))],
            "funders": funders,
            "subjects": self._subjects(topic),
            "gbf_targets": self._gbf(topic),
            "aichi_targets": self._codes(self.vocab.aichi_targets, 0, 2),
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=rng.randint(365, 1460))).isoformat(),
            "results": self._phrase(languages, "results"),
            "lessons": self._phrase(languages, "lessons"),
            "building_blocks": [self._title(languages, topic, b[1]) for b in blocks],
            "links": [{"url": self._url(record_id), "name": "Project page"}],
        }
        return record

    def _resource(self, record_id: str) -> Record:
        rng = self.rng
        topic, action = self._topic(), rng.choice(_ACTIONS)
        languages = self._text_languages()
        title = self._title(languages, topic, action[1])
        record: Record = {
            "type": "resource",
            "id": record_id,
            "status": "published",
            "title": title,
            "summary": self._description(languages, title),
            "resource_type": rng.choice(_RESOURCE_TYPES),
            "authors": "; ".join(self._person() for _ in range(rng.randint(1, 3))),
            "publisher": f"{self._place()['latin']} Press",
            "publication_date": self._day(date(2005, 1, 1), 21 * 365).isoformat(),
            "url": self._url(record_id),
            "subjects": self._subjects(topic),
            "gbf_targets": self._gbf(topic),
            "aichi_targets": self._codes(self.vocab.aichi_targets, 0, 2),
            "countries": self._south_countries(rng.randint(1, 3)),
            "languages": languages,
        }
        self.resources.add(record_id, "")
        return record

    def _partnership(self, record_id: str) -> Record:
        rng = self.rng
        languages = self._text_languages()
        providers = [o for o, _ in self.organizations.sample(rng, rng.randint(1, 2))]
        if self.experts and rng.random() < 0.4:
            providers.append(self.experts.pick(rng)[0])
        start = self._day(date(2024, 1, 1), 5 * 365)
        record: Record = {
            "type": "partnership",
            "id": record_id,
            "status": "published",
            "need": self.needs.pick(rng)[0],
            "providers": providers,
            "funders": [self.funders.pick(rng)[0]] if self.funders and rng.random() < 0.3 else [],
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=rng.randint(180, 1095))).isoformat(),
            "outcome": self._phrase(languages, "outcome"),
            "progress": rng.choice(("proposed", "agreed", "active", "completed", "cancelled")),
        }
        return record

    def _event(self, record_id: str) -> Record:
        rng = self.rng
        topic, action = self._topic(), rng.choice(_ACTIONS)
        languages = self._text_languages()
        kind = rng.randrange(len(_EVENT_TYPES))
        event_type = _EVENT_TYPES[kind]
        if event_type == "webinar":
            mode = "virtual"
        else:
            mode = rng.choices(("in-person", "virtual", "hybrid"), weights=(50, 20, 30))[0]
        country, city, zone, offset_minutes = rng.choice(self.venues)
        tz = timezone(timedelta(minutes=offset_minutes))
        day = self._day(_EVENT_EPOCH, _EVENT_SPAN_DAYS)
        start = datetime(day.year, day.month, day.day, rng.randint(8, 15), 0, tzinfo=tz)
        if mode == "virtual" and event_type in ("webinar", "seminar"):
            end = start + timedelta(minutes=rng.choice((60, 90, 120)))
        else:
            end = start + timedelta(days=rng.randint(0, 3), hours=rng.randint(2, 8))

        def title_text(bank: str) -> str:
            name = action[1][bank].format(topic=topic.words[bank])
            separator = "：" if bank == "zh" else ": "
            return f"{_EVENT_KINDS[bank][kind]}{separator}{name}"

        title = self._lstring(languages, title_text)
        record: Record = {
            "type": "event",
            "id": record_id,
            "status": "published",
            "title": title,
            "description": self._description(languages, title),
            "event_type": event_type,
            "mode": mode,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "timezone": zone,
            "organizers": [o for o, _ in self.organizations.sample(rng, rng.randint(1, 2))],
            "languages": self._working_languages(languages),
            "subjects": self._subjects(topic),
            "registration_url": self._url(record_id) + "/register",
            "materials": [r for r, _ in self.resources.sample(rng, rng.randint(0, 2))],
        }
        if mode != "virtual" and country:
            record["city"] = city
            record["country"] = country
        if mode != "in-person":
            record["online_url"] = self._url(record_id) + "/live"
        if event_type == "side-event":
            record["meeting"] = "Synthetic meeting of the Parties"
        return record

    def _country_profile(self, record_id: str) -> Record:
        rng = self.rng
        # Countries of the South get their profile first; the list shrinks as profiles appear.
        south_left = [i for i, c in enumerate(self.profiles_left) if c in self.vocab.south]
        index = rng.choice(south_left) if south_left else rng.randrange(len(self.profiles_left))
        country = self.profiles_left.pop(index)
        languages = self._text_languages()
        topic = self._topic()
        partners: list[str] = self._codes([c for c in self.north if c != country], 0, 2)
        if self.funders and rng.random() < 0.5:
            partners.append(self.funders.pick(rng)[0])
        has_policy = rng.random() < 0.6
        summary = self._phrase(languages, "profile", topic)
        record: Record = {
            "type": "country-profile",
            "id": record_id,
            "status": "published",
            "country": country,
            "ssc_policy": has_policy,
            "ssc_policy_in_development_plan": has_policy and rng.random() < 0.6,
            "focal_points": [
                {"name": self._person(), "role": role}
                for role in rng.sample(_FOCAL_POINT_ROLES, rng.randint(1, 2))
            ],
            "budget_earmarked": rng.random() < 0.3,
            "triangular_partners": partners,
            "nbsap_url": self._url(record_id) + "/nbsap",
            "summary": summary,
        }
        if has_policy:
            record["ssc_policy_url"] = self._url(record_id) + "/policy"
        return record

    def _clearing_house(self, record_id: str) -> Record:
        rng = self.rng
        protocol = rng.choice(tuple(_PROTOCOL_PATHS))
        number = record_id.rsplit("-", 1)[1]
        base = f"https://chm-{number}.{self.prefix}.example.net/"
        return {
            "type": "clearing-house",
            "id": record_id,
            "status": "published",
            "name": f"{self._place()['latin']} Biodiversity Clearing-House (synthetic)",
            "url": base,
            "protocol": protocol,
            "endpoint": base + _PROTOCOL_PATHS[protocol],
            "schedule": rng.choice(("hourly", "daily", "weekly")),
        }

"""cjm's own words in the pictures, the report and `cjm stats`, in the map's language (`lang: ru` or `en`).

The map's texts are drawn as written; only the titles cjm adds (blocks, units, figures' names) are translated
here, and the lanes' titles in `core/lanes.py`. One `Words` per language: mypy refuses a word one language
lacks, and tests/test_words.py a mapping missing a key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from ..analysis.diff import ChangeKind
from ..core.language import Language
from ..core.model import (
    ActionKind,
    ChannelKind,
    Confidence,
    Direction,
    EvidenceKind,
    MapType,
    Meaning,
    Network,
    PlanStatus,
)

TableColumn = Literal[
    "funnel",
    "stage",
    "stage_id",
    "outcome",
    "count",
    "amount",
    "currency",
    "from_previous",
    "from_first",
    "period",
    "channel",
    "kind",
    "crm",
    "feeds",
    "leads",
    "deals",
    "sales",
    "revenue",
    "description",
    "action",
    "delay",
    "text",
    "trigger",
    "page",
    "address",
    "funnel_stages",
    "journey_stages",
    "campaigns",
    "campaign",
    "platform",
    "network",
    "ad_group",
    "keywords",
    "ads",
    "landing",
    "cost",
    "clicks",
]
"""The columns of the block tables (`views.blocks`): the report's tables and `cjm export csv|markdown`."""


@dataclass(frozen=True)
class Words:
    stage: str
    fixes: str
    target: str
    channels: str
    leads: str
    deals: str
    description: str
    site: str
    ppc: str
    crm: str
    manual: str
    not_processed: str
    from_any_stage: str
    cross_sell: str
    conversion: str
    not_promoted: str
    keywords: str
    ads: str
    journey_stages: str
    after: str
    personas: str
    goals: str
    needs: str
    persona_pains: str
    journey: str
    flow: str
    flow_not_drawn: str
    """Where the flow picture would be, when Graphviz could not draw it (in time)."""
    show: str
    lanes: str
    generated_by: str
    actual: str
    period: str
    met: str
    missed: str
    funnels: str
    count: str
    amount: str
    from_previous: str
    from_first: str
    biggest_drop_off: str
    went_on: str
    won: str
    lost: str
    converted: str
    unqualified: str
    revenue: str
    average_deal: str
    gap: str
    status: str
    unknown: str
    no_counts: str
    no_figures: str
    diff_changes: str
    diff_was: str
    diff_moved_from: str
    diff_position: str
    diff_no_changes: str
    diff_not_drawn: str
    diff_change_list: str
    diff_see_all: str
    diff_change: str
    diff_where: str
    feelings: str
    diff_old: str
    diff_new: str
    departments: str
    map: str
    plan: str
    opportunity: str
    score: str
    value: str
    effort: str
    owner: str
    due: str
    hypothesis: str
    moves: str
    ticket: str
    unscored: str
    ranked_by: str
    rice_formula: str
    ice_formula: str
    opportunities_count: str
    value_effort: str
    quick_wins: str
    big_bets: str
    fill_ins: str
    time_sinks: str
    evidence: str
    goal: str
    scenario: str
    research: str
    map_owner: str
    reviewed: str
    review_every: str
    next_review: str
    gap_title: str
    current: str
    ideal: str
    emotion: str
    emotion_scale: str
    """The scale of a map's emotions: "{min}" and "{max}" filled in."""
    persona: str
    average: str
    below_neutral: str
    lowest: str
    biggest_fall: str
    of_total: str
    """A part of a whole: "{n}" of "{total}"."""
    resolved: str
    through: str
    remaining: str
    new_pains: str
    new_in_ideal: str
    kpi_gaps: str
    stage_only_current: str
    stage_only_ideal: str
    pulled_for: str
    """Which period pulled figures cover and when they were pulled: "{period}" and "{day}" filled in."""
    pulled_on: str
    """When figures were pulled, for figures without a period: "{day}" filled in."""
    year: str
    """A year as a period: "{year}"."""
    quarter: str
    """A quarter: "{quarter}" and "{year}"."""
    day: str
    """A day of the year the period ends in: "{d}" (3), "{dd}" (03), "{mon}" (Dec), "{mm}" (12)."""
    day_in_year: str
    """A day with its year: as `day`, and "{year}"."""
    cost: str
    clicks: str
    leads_count: str
    deals_count: str
    sales_count: str
    cost_per_lead: str
    cost_per_sale: str
    return_on_ad_spend: str
    months: Mapping[int, str]
    """A month as a period is named: "July 2026"."""
    months_short: Mapping[int, str]
    """A month in a day: "3 Dec"."""
    channel_kinds: Mapping[ChannelKind, str]
    """The title of each kind of channel in the flow."""
    automation_actions: Mapping[ActionKind, str]
    """What an automation does, by its `action`."""
    networks: Mapping[Network, str]
    """Where a campaign's ads show."""
    map_types: Mapping[MapType, str]
    """The map's `type`, as its badge says."""
    change_kinds: Mapping[ChangeKind, str]
    """`cjm diff`: a change's kind, as its mark says."""
    elements: Mapping[str, str]
    """`cjm diff --render`: what a removed element was, by the list it was in (`stages`, `pages`...)."""
    statuses: Mapping[PlanStatus, str]
    """An opportunity's `status` in the plan."""
    confidences: Mapping[Confidence, str]
    """How sure the map is of an item."""
    evidence_kinds: Mapping[EvidenceKind, str]
    """Where a piece of evidence comes from."""
    interval_units: Mapping[str, str]
    """The units of `review_every` (`day`, `week`, `month`, `year`), after a number."""
    automations: str
    """The block tables (`views.blocks`): their titles, columns and the words in their cells."""
    pages: str
    columns: Mapping[TableColumn, str]
    crm_by_itself: str
    """A channel whose requests reach the CRM by themselves."""
    on_entry: str
    """An automation without a `trigger`: it starts when the deal enters the stage."""
    whole_pipeline: str
    """A page that serves a whole pipeline: "{pipeline}" filled in."""
    delay_units: Mapping[str, str]
    """An automation's delay: minutes, hours, days, weeks (`m`, `h`, `d`, `w`), after a number."""
    watch_problems: str
    """`cjm watch`, over the report in the browser when a save broke the map, and when it was never drawn."""
    watch_not_drawn: str
    picture_size: str
    """The report's switch of the flow picture's size: its legend and its two choices."""
    fit_width: str
    actual_size: str
    fields: Mapping[str, str]
    """`cjm diff --render`: every key of the format, as a note names the field that changed ("факт: было 42")."""
    diff_field_was: str
    """`cjm diff --render`: a field's old value, "{field}" and "{old}" filled in."""
    directions: Mapping[Direction, str]
    """A KPI's `better`: which way is better."""
    meanings: Mapping[Meaning, str]
    """What a lead or deal stage means: on the way, won, lost."""
    languages: Mapping[Language, str]
    """The map's `lang`."""
    yes_no: Mapping[bool, str]
    """A yes-or-no field (a channel's `crm`)."""
    index_title: str
    """The portfolio index (`cjm render --index`): its title, its totals and what each map's card says."""
    index_maps: str
    index_with_problems: str
    index_overdue: str
    index_off_target: str
    index_open_pains: str
    index_opportunities: str
    index_as_of: str
    """Above the cards, with `--today`: "{day}" filled in."""
    index_no_today: str
    """Above the cards, without `--today`: why no review is marked overdue."""
    index_of: str
    """A part of a whole: "{part}" and "{whole}" filled in."""
    index_overdue_mark: str
    index_next_review: str
    index_no_review: str
    index_problems: str
    """A map with problems: the line over its problems."""
    index_not_written: str
    """A valid map with problems of its render (a picture Graphviz could not draw, a link in an output's way)."""
    index_errors: str
    """"{n}" filled in."""
    index_warnings: str
    index_more: str
    """After the problems listed, when there are more: "{n}" filled in, and the command that lists them all."""
    index_no_report: str
    index_more_kpis: str
    """Under the KPIs off target a card lists, when there are more: "{n}" filled in."""

    def block(self, area: str) -> str:
        """The title of a block of the map (`journey`, `deals`, `map` for its header), or of another of its keys."""
        blocks = {"map": self.map, "personas": self.personas, "departments": self.departments}
        blocks |= {"journey": self.journey, "channels": self.channels, "leads": self.leads}
        blocks |= {"deals": self.deals, "site": self.site, "ppc": self.ppc}
        if area in blocks:
            return blocks[area]
        word = self.fields.get(area, area)  # another key of the map (`research`), by its word
        return word[:1].upper() + word[1:]


# Every key of the format in both languages, as the notes of a diff name the field that changed.
_FIELDS: Final[dict[str, tuple[str, str]]] = {
    "action": ("action", "действие"),
    "actions": ("actions", "действия"),
    "actual": ("actual", "факт"),
    "ads": ("ads", "объявления"),
    "amount": ("amount", "сумма"),
    "automations": ("automations", "автоматизации"),
    "backstage": ("backstage", "бэк-офис"),
    "better": ("better", "лучше"),
    "by": ("by", "на сколько"),
    "channel": ("channel", "канал"),
    "channels": ("channels", "каналы"),
    "cjm": ("format version", "версия формата"),
    "clicks": ("clicks", "клики"),
    "confidence": ("confidence", "уверенность"),
    "cost": ("cost", "расход"),
    "count": ("count", "количество"),
    "crm": ("in the CRM", "в CRM"),
    "crm_id": ("CRM id", "id в CRM"),
    "cross_sell": ("cross-sell", "кросс-продажа"),
    "currency": ("currency", "валюта"),
    "date": ("date", "дата"),
    "deal_stages": ("deal stages", "этапы сделок"),
    "deals": ("deals", "сделки"),
    "delay": ("delay", "задержка"),
    "departments": ("departments", "отделы"),
    "description": ("description", "описание"),
    "due": ("due", "срок"),
    "ease": ("ease", "простота"),
    "effort": ("effort", "трудозатраты"),
    "emotion_confidence": ("emotion confidence", "уверенность в эмоции"),
    "emotion_evidence": ("emotion evidence", "подтверждения эмоции"),
    "emotion_scale": ("emotion scale", "шкала эмоций"),
    "emotions": ("emotions", "эмоции"),
    "evidence": ("evidence", "подтверждения"),
    "feeds": ("feeds", "куда поступают заявки"),
    "feelings": ("feelings", "чувства"),
    "fixes": ("fixes", "решает"),
    "frontstage": ("frontstage", "фронт-офис"),
    "goal": ("goal", "цель карты"),
    "goals": ("goals", "цели"),
    "groups": ("ad groups", "группы объявлений"),
    "hypothesis": ("hypothesis", "гипотеза"),
    "ice": ("ICE", "ICE"),
    "id": ("id", "id"),
    "ignore": ("ignored rules", "отключённые правила"),
    "include": ("shared files", "общие файлы"),
    "impact": ("impact", "влияние"),
    "impressions": ("impressions", "показы"),
    "journey": ("journey", "путь клиента"),
    "keywords": ("keywords", "ключевые фразы"),
    "kind": ("kind", "вид"),
    "kpi": ("KPI", "KPI"),
    "kpis": ("KPIs", "KPI"),
    "landing": ("landing page", "посадочная страница"),
    "lang": ("language", "язык"),
    "lead_stages": ("lead stages", "этапы лидов"),
    "leads": ("leads", "лиды"),
    "link": ("link", "ссылка"),
    "max": ("top of the scale", "верх шкалы"),
    "meaning": ("meaning", "смысл этапа"),
    "min": ("bottom of the scale", "низ шкалы"),
    "moves": ("moves", "влияет на KPI"),
    "name": ("name", "название"),
    "needs": ("needs", "потребности"),
    "network": ("network", "сеть"),
    "opportunities": ("opportunities", "возможности"),
    "owner": ("owner", "ответственный"),
    "page": ("page", "страница"),
    "pages": ("pages", "страницы"),
    "pains": ("pains", "боли"),
    "period": ("period", "период"),
    "persona": ("persona", "персона"),
    "personas": ("personas", "персоны"),
    "platform": ("platform", "площадка"),
    "ppc": ("paid campaigns", "реклама"),
    "pulled": ("pulled", "выгрузка"),
    "quote": ("quote", "цитата"),
    "reach": ("reach", "охват"),
    "research": ("research", "исследования"),
    "revenue": ("revenue", "выручка"),
    "review_every": ("review every", "проверять раз в"),
    "reviewed": ("reviewed", "проверена"),
    "rice": ("RICE", "RICE"),
    "role": ("role", "роль"),
    "sales": ("sales", "продажи"),
    "scenario": ("scenario", "сценарий"),
    "site": ("site", "сайт"),
    "source": ("source", "источник"),
    "stages": ("stages", "этапы"),
    "status": ("status", "статус"),
    "support": ("support processes", "поддерживающие процессы"),
    "target": ("target", "цель"),
    "text": ("text", "текст"),
    "thoughts": ("thoughts", "мысли"),
    "ticket": ("ticket", "задача в трекере"),
    "time": ("time", "время"),
    "title": ("title", "заголовок"),
    "touchpoints": ("touchpoints", "точки контакта"),
    "trigger": ("trigger", "условие запуска"),
    "twin": ("twin", "двойник"),
    "type": ("map type", "тип карты"),
    "unit": ("unit", "единица"),
    "url": ("address", "адрес"),
}


def _numbered(*names: str) -> Mapping[int, str]:
    """Names numbered from 1: the months."""
    return dict(enumerate(names, start=1))


ENGLISH: Final = Words(
    stage="Stage",
    fixes="fixes",
    target="target",
    channels="Channels",
    leads="Leads",
    deals="Deals",
    description="Description",
    site="Site",
    ppc="Paid campaigns",
    crm="CRM",
    manual="entered by hand",
    not_processed="not processed",
    from_any_stage="from any stage",
    cross_sell="cross-sell",
    conversion="conversion",
    not_promoted="no campaign promotes it",
    keywords="keywords",
    ads="ads",
    journey_stages="journey",
    after="after",
    personas="Personas",
    goals="Goals",
    needs="Needs",
    persona_pains="Pains",
    journey="Journey",
    flow="Sales system",
    flow_not_drawn="The picture of the sales system could not be drawn: Graphviz failed or ran out of time.",
    show="Show",
    lanes="Lanes",
    generated_by="Made with cjm",
    actual="actual",
    period="period",
    met="target met",
    missed="target missed",
    funnels="Funnels",
    count="Count",
    amount="Amount",
    from_previous="From previous",
    from_first="From first",
    biggest_drop_off="biggest drop-off",
    went_on="went on:",
    won="won",
    lost="lost",
    converted="converted",
    unqualified="unqualified",
    revenue="revenue",
    average_deal="average deal",
    gap="gap",
    status="status",
    unknown="no target or actual",
    no_counts="no counts or amounts",
    no_figures="no figures: the map gives no counts or amounts on lead and deal stages, "
    "and no KPI with both a target and an actual value",
    diff_changes="Changes",
    diff_was="was",
    diff_moved_from="moved from position",
    diff_position="position",
    diff_no_changes="no differences: the map is drawn without marks",
    diff_not_drawn="Removed, not in the pictures",
    diff_change_list="All changes",
    diff_see_all="every change, with its path",
    diff_change="change",
    diff_where="where",
    feelings="Feelings",
    diff_old="old",
    diff_new="new",
    departments="Departments",
    map="Map",
    plan="Plan",
    opportunity="Opportunity",
    score="Score",
    value="value",
    effort="effort",
    owner="Owner",
    due="Due",
    hypothesis="Hypothesis",
    moves="KPIs it moves",
    ticket="Ticket",
    unscored="not scored by",
    ranked_by="ranked by",
    rice_formula="reach × impact × confidence ÷ effort",
    ice_formula="impact × confidence × ease",
    opportunities_count="opportunities",
    value_effort="Value and effort",
    quick_wins="Quick wins",
    big_bets="Big bets",
    fill_ins="Fill-ins",
    time_sinks="Time sinks",
    evidence="Evidence",
    goal="Goal",
    scenario="Scenario",
    research="Research",
    map_owner="Map owner",
    reviewed="Reviewed",
    review_every="review every",
    next_review="next review",
    gap_title="Gap to the ideal",
    current="now",
    ideal="ideal",
    emotion="Emotion",
    emotion_scale="scale {min} … {max}",
    persona="Persona",
    average="Average",
    below_neutral="Below neutral",
    lowest="Lowest",
    biggest_fall="Biggest fall",
    of_total="{n} of {total}",
    resolved="Pains the ideal resolves",
    through="through",
    remaining="Pains that remain",
    new_pains="New pains",
    new_in_ideal="New in the ideal",
    kpi_gaps="KPIs: from actual to target",
    stage_only_current="only in the current map",
    stage_only_ideal="a new stage in the ideal",
    pulled_for="actual for {period}, pulled {day}",
    pulled_on="pulled {day}",
    year="{year}",
    quarter="Q{quarter} {year}",
    day="{d} {mon}",
    day_in_year="{d} {mon} {year}",
    cost="cost",
    clicks="clicks",
    leads_count="leads",
    deals_count="deals",
    sales_count="sales",
    cost_per_lead="cost per lead",
    cost_per_sale="cost per sale",
    return_on_ad_spend="ROAS",
    months=_numbered(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    months_short=_numbered("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    channel_kinds={
        "messenger": "Messengers",
        "site": "Site",
        "chat": "Chats",
        "social": "Social networks",
        "email": "E-mail",
        "phone": "Phone",
        "marketplace": "Marketplaces and classifieds",
        "offline": "Offline",
        "ads": "Ads",
        "referral": "Referrals",
        "other": "Other",
    },
    automation_actions={
        "email": "E-mail",
        "sms": "SMS",
        "message": "Message",
        "call": "Call",
        "task": "Task",
        "notify": "Notify",
        "document": "Document",
        "webhook": "Webhook",
        "other": "Automation",
    },
    networks={
        "search": "search",
        "social": "social",
        "display": "display",
        "video": "video",
    },
    map_types={
        "current": "current state",
        "ideal": "ideal state",
        "day-in-life": "day in the life",
        "blueprint": "service blueprint",
    },
    change_kinds={
        "added": "added",
        "changed": "changed",
        "moved": "moved",
        "removed": "removed",
    },
    elements={
        "stages": "Journey stage",
        "personas": "Persona",
        "channels": "Channel",
        "lead_stages": "Lead stage",
        "deals": "Pipeline",
        "deal_stages": "Deal stage",
        "automations": "Automation",
        "pages": "Page",
        "ppc": "Campaign",
        "groups": "Ad group",
    },
    statuses={
        "idea": "idea",
        "planned": "planned",
        "in-progress": "in progress",
        "done": "done",
        "dropped": "dropped",
    },
    confidences={"observed": "observed", "inferred": "inferred", "assumed": "assumed"},
    evidence_kinds={
        "interview": "interview",
        "survey": "survey",
        "analytics": "analytics",
        "support": "support",
        "observation": "observation",
        "review": "review",
        "other": "other",
    },
    interval_units={"day": "days", "week": "weeks", "month": "months", "year": "years"},
    automations="Automations",
    pages="Site pages",
    columns={
        "funnel": "Funnel",
        "stage": "Stage",
        "stage_id": "Stage id",
        "outcome": "Outcome",
        "count": "Count",
        "amount": "Amount",
        "currency": "Currency",
        "from_previous": "From previous",
        "from_first": "From first",
        "period": "Period",
        "channel": "Channel",
        "kind": "Kind",
        "crm": "CRM",
        "feeds": "Goes to",
        "leads": "Leads",
        "deals": "Deals",
        "sales": "Sales",
        "revenue": "Revenue",
        "description": "Description",
        "action": "Channel",
        "delay": "Delay",
        "text": "What",
        "trigger": "Trigger",
        "page": "Page",
        "address": "Address",
        "funnel_stages": "Funnel stages",
        "journey_stages": "Journey stages",
        "campaigns": "Campaigns",
        "campaign": "Campaign",
        "platform": "Platform",
        "network": "Network",
        "ad_group": "Ad group",
        "keywords": "Keywords",
        "ads": "Ads",
        "landing": "Landing page",
        "cost": "Cost",
        "clicks": "Clicks",
    },
    crm_by_itself="by itself",
    on_entry="the deal enters the stage",
    whole_pipeline="{pipeline} › every stage",
    delay_units={"m": "min", "h": "h", "d": "d", "w": "wk"},
    watch_problems="The map has problems: below is its last good version",
    watch_not_drawn="The map has problems: it has not been drawn yet",
    picture_size="Picture",
    fit_width="fit to the page",
    actual_size="actual size",
    fields={key: en for key, (en, _) in _FIELDS.items()},
    diff_field_was="{field} was: {old}",
    directions={"higher": "higher", "lower": "lower"},
    meanings={"progress": "in progress", "success": "won", "failure": "lost"},
    languages={"en": "English", "ru": "Russian"},
    yes_no={True: "yes", False: "no"},
    index_title="Journey maps",
    index_maps="Maps",
    index_with_problems="With problems",
    index_overdue="Reviews overdue",
    index_off_target="KPIs off target",
    index_open_pains="Open pains",
    index_opportunities="Opportunities",
    index_as_of="Reviews as of {day}",
    index_no_today="Each map's next review is the day shown; made with --today, the index marks those overdue",
    index_of="{part} of {whole}",
    index_overdue_mark="overdue",
    index_next_review="Next review",
    index_no_review="not set",
    index_problems="The map has problems: it is not drawn",
    index_not_written="Not every output of the map was made",
    index_errors="errors: {n}",
    index_warnings="warnings: {n}",
    index_more="and {n} more: cjm validate lists them all",
    index_no_report="no report: rendered without html",
    index_more_kpis="and {n} more in the report",
)

RUSSIAN: Final = Words(
    stage="Этап",
    fixes="решает",
    target="цель",
    channels="Каналы коммуникации",
    leads="Лиды",
    deals="Сделки",
    description="Описание",
    site="Сайт",
    ppc="Реклама",
    crm="CRM",
    manual="вручную",
    not_processed="не обрабатывается",
    from_any_stage="с любой стадии",
    cross_sell="кросс-продажа",
    conversion="конверсия",
    not_promoted="не рекламируется",
    keywords="ключевые фразы",
    ads="объявления",
    journey_stages="этапы",
    after="через",
    personas="Персоны",
    goals="Цели",
    needs="Потребности",
    persona_pains="Боли",
    journey="Путь клиента",
    flow="Система продаж",
    flow_not_drawn="Схему системы продаж не удалось нарисовать: Graphviz не справился или не успел.",
    show="Показать",
    lanes="Строки",
    generated_by="Сделано в cjm",
    actual="факт",
    period="период",
    met="цель достигнута",
    missed="цель не достигнута",
    funnels="Воронки",
    count="Кол-во",
    amount="Сумма",
    from_previous="От предыдущей",
    from_first="От первой",
    biggest_drop_off="наибольшие потери",
    went_on="дошло:",
    won="успешно",
    lost="провалено",
    converted="в сделки",
    unqualified="отсеяно",
    revenue="выручка",
    average_deal="средний чек",
    gap="отклонение",
    status="статус",
    unknown="нет цели или факта",
    no_counts="нет количеств и сумм",
    no_figures="нет цифр: на стадиях лидов и сделок нет количеств и сумм, и нет KPI с целью и фактом",
    diff_changes="Изменения",
    diff_was="было",
    diff_moved_from="перемещено с места",
    diff_position="место",
    diff_no_changes="различий нет: карта нарисована без пометок",
    diff_not_drawn="Удалено, нет на схемах",
    diff_change_list="Все изменения",
    diff_see_all="каждое изменение с его путём",
    diff_change="изменение",
    diff_where="где",
    feelings="Чувства",
    diff_old="было",
    diff_new="стало",
    departments="Отделы",
    map="Карта",
    plan="План",
    opportunity="Возможность",
    score="Оценка",
    value="ценность",
    effort="трудозатраты",
    owner="Ответственный",
    due="Срок",
    hypothesis="Гипотеза",
    moves="Влияет на KPI",
    ticket="Задача",
    unscored="без оценки",
    ranked_by="по оценке",
    rice_formula="охват × влияние × уверенность ÷ трудозатраты",
    ice_formula="влияние × уверенность × простота",
    opportunities_count="возможностей",
    value_effort="Ценность и трудозатраты",
    quick_wins="Быстрые победы",
    big_bets="Крупные ставки",
    fill_ins="Мелкие улучшения",
    time_sinks="Поглотители времени",
    evidence="Подтверждения",
    goal="Цель",
    scenario="Сценарий",
    research="Исследования",
    map_owner="Владелец карты",
    reviewed="Проверена",
    review_every="проверять раз в",
    next_review="следующая проверка",
    gap_title="Разрыв с идеалом",
    current="сейчас",
    ideal="идеал",
    emotion="Эмоция",
    emotion_scale="шкала {min} … {max}",
    persona="Персона",
    average="Среднее",
    below_neutral="Ниже нейтрального",
    lowest="Минимум",
    biggest_fall="Сильнейшее падение",
    of_total="{n} из {total}",
    resolved="Боли, которые решает идеал",
    through="через",
    remaining="Остаются",
    new_pains="Новые боли",
    new_in_ideal="Новое в идеале",
    kpi_gaps="KPI: от факта к цели",
    stage_only_current="только в текущей карте",
    stage_only_ideal="новый этап в идеале",
    pulled_for="факт за {period}, выгружено {day}",
    pulled_on="выгружено {day}",
    year="{year} г.",
    quarter="{quarter} кв. {year}",
    day="{dd}.{mm}",
    day_in_year="{dd}.{mm}.{year}",
    cost="расход",
    clicks="клики",
    leads_count="лиды",
    deals_count="сделки",
    sales_count="продажи",
    cost_per_lead="цена лида",
    cost_per_sale="цена продажи",
    return_on_ad_spend="окупаемость",
    months=_numbered(
        "январь",
        "февраль",
        "март",
        "апрель",
        "май",
        "июнь",
        "июль",
        "август",
        "сентябрь",
        "октябрь",
        "ноябрь",
        "декабрь",
    ),
    months_short=_numbered(
        "янв.", "февр.", "март", "апр.", "май", "июнь", "июль", "авг.", "сент.", "окт.", "нояб.", "дек."
    ),
    channel_kinds={
        "messenger": "Мессенджеры",
        "site": "Сайт",
        "chat": "Чаты",
        "social": "Социальные сети",
        "email": "E-mail",
        "phone": "Телефония",
        "marketplace": "Площадки и классифайды",
        "offline": "Офлайн",
        "ads": "Реклама",
        "referral": "Рекомендации",
        "other": "Другое",
    },
    automation_actions={
        "email": "E-mail",
        "sms": "SMS",
        "message": "Сообщение",
        "call": "Звонок",
        "task": "Задача",
        "notify": "Уведомление",
        "document": "Документ",
        "webhook": "Вебхук",
        "other": "Автоматизация",
    },
    networks={
        "search": "поиск",
        "social": "соцсети",
        "display": "медийная",
        "video": "видео",
    },
    map_types={
        "current": "текущее состояние",
        "ideal": "идеальное состояние",
        "day-in-life": "день из жизни",
        "blueprint": "сервисный блюпринт",
    },
    change_kinds={
        "added": "добавлено",
        "changed": "изменено",
        "moved": "перемещено",
        "removed": "удалено",
    },
    elements={
        "stages": "Этап пути",
        "personas": "Персона",
        "channels": "Канал",
        "lead_stages": "Стадия лида",
        "deals": "Воронка",
        "deal_stages": "Стадия сделки",
        "automations": "Автоматизация",
        "pages": "Страница",
        "ppc": "Кампания",
        "groups": "Группа объявлений",
    },
    statuses={
        "idea": "идея",
        "planned": "запланировано",
        "in-progress": "в работе",
        "done": "сделано",
        "dropped": "отменено",
    },
    confidences={"observed": "наблюдали", "inferred": "вывод", "assumed": "предположение"},
    evidence_kinds={
        "interview": "интервью",
        "survey": "опрос",
        "analytics": "аналитика",
        "support": "поддержка",
        "observation": "наблюдение",
        "review": "отзывы",
        "other": "другое",
    },
    interval_units={"day": "дн.", "week": "нед.", "month": "мес.", "year": "г."},
    automations="Автоматизации",
    pages="Страницы сайта",
    columns={
        "funnel": "Воронка",
        "stage": "Стадия",
        "stage_id": "Код стадии",
        "outcome": "Итог",
        "count": "Кол-во",
        "amount": "Сумма",
        "currency": "Валюта",
        "from_previous": "От предыдущей",
        "from_first": "От первой",
        "period": "Период",
        "channel": "Канал",
        "kind": "Тип",
        "crm": "Попадает в CRM",
        "feeds": "Куда",
        "leads": "Лиды",
        "deals": "Сделки",
        "sales": "Продажи",
        "revenue": "Выручка",
        "description": "Описание",
        "action": "Канал",
        "delay": "Задержка",
        "text": "Что",
        "trigger": "Условие",
        "page": "Страница",
        "address": "Адрес",
        "funnel_stages": "Стадии воронок",
        "journey_stages": "Этапы пути",
        "campaigns": "Кампании",
        "campaign": "Кампания",
        "platform": "Площадка",
        "network": "Сеть",
        "ad_group": "Группа объявлений",
        "keywords": "Ключевые фразы",
        "ads": "Объявления",
        "landing": "Посадочная страница",
        "cost": "Расход",
        "clicks": "Клики",
    },
    crm_by_itself="сам",
    on_entry="сделка перешла на стадию",
    whole_pipeline="{pipeline} › все стадии",
    delay_units={"m": "мин", "h": "ч", "d": "дн.", "w": "нед."},
    watch_problems="В карте ошибки: ниже её последняя исправная версия",
    watch_not_drawn="В карте ошибки: она ещё не нарисована",
    picture_size="Схема",
    fit_width="по ширине страницы",
    actual_size="в натуральную величину",
    fields={key: ru for key, (_, ru) in _FIELDS.items()},
    diff_field_was="{field}: было {old}",
    directions={"higher": "больше", "lower": "меньше"},
    meanings={"progress": "в работе", "success": "успешно", "failure": "провалено"},
    languages={"en": "английский", "ru": "русский"},
    yes_no={True: "да", False: "нет"},
    index_title="Карты пути клиента",
    index_maps="Карты",
    index_with_problems="С ошибками",
    index_overdue="Проверка просрочена",
    index_off_target="KPI не достигли цели",
    index_open_pains="Открытые боли",
    index_opportunities="Возможности",
    index_as_of="Сроки проверки на {day}",
    index_no_today="У каждой карты указан день следующей проверки; с --today индекс отмечает просроченные",
    index_of="{part} из {whole}",
    index_overdue_mark="просрочена",
    index_next_review="Следующая проверка",
    index_no_review="не задана",
    index_problems="В карте ошибки: она не нарисована",
    index_not_written="Не все файлы карты сделаны",
    index_errors="ошибок: {n}",
    index_warnings="предупреждений: {n}",
    index_more="и ещё {n}: все покажет cjm validate",
    index_no_report="нет отчёта: отрисована без html",
    index_more_kpis="и ещё {n} в отчёте",
)

WORDS: Final[Mapping[Language, Words]] = {"en": ENGLISH, "ru": RUSSIAN}


def words(lang: Language) -> Words:
    return WORDS[lang]

"""cjm's own words in the pictures, the report and `cjm stats`, in the map's language (`lang: ru` or `en`),
and numbers written as that language writes them.

The map's texts are drawn as written; only the titles cjm adds (lanes, blocks, units) are translated here.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Final

WORDS: Final[dict[str, dict[str, str]]] = {
    "en": {
        # journey grid lanes
        "stage": "Stage",
        "touchpoints": "Touchpoints",
        "actions": "Actions",
        "thoughts": "Thoughts",
        "emotions": "Emotions",
        "pains": "Pains",
        "opportunities": "Opportunities",
        "frontstage": "Frontstage",
        "backstage": "Backstage",
        "support": "Support processes",
        "owner": "Owner",
        "kpis": "KPIs",
        "line_of_visibility": "line of visibility",
        "line_of_internal_interaction": "line of internal interaction",
        "fixes": "fixes",
        "target": "target",
        # the flow
        "channels": "Channels",
        "leads": "Leads",
        "deals": "Deals",
        "site": "Site",
        "ppc": "Paid campaigns",
        "crm": "CRM",
        "manual": "entered by hand",
        "not_processed": "not processed",
        "from_any_stage": "from any stage",
        "cross_sell": "cross-sell",
        "conversion": "conversion",
        "not_promoted": "no campaign promotes it",
        "keywords": "keywords",
        "ads": "ads",
        "landing": "landing",
        "journey_stages": "journey",
        "after": "after",
        "when": "when",
        "link": "link",
        # channel kinds
        "kind_messenger": "Messengers",
        "kind_site": "Site",
        "kind_chat": "Chats",
        "kind_social": "Social networks",
        "kind_email": "E-mail",
        "kind_phone": "Phone",
        "kind_marketplace": "Marketplaces and classifieds",
        "kind_offline": "Offline",
        "kind_ads": "Ads",
        "kind_referral": "Referrals",
        "kind_other": "Other",
        # automation actions
        "action_email": "E-mail",
        "action_sms": "SMS",
        "action_message": "Message",
        "action_call": "Call",
        "action_task": "Task",
        "action_notify": "Notify",
        "action_document": "Document",
        "action_webhook": "Webhook",
        "action_other": "Automation",
        # networks
        "network_search": "search",
        "network_social": "social",
        "network_display": "display",
        "network_video": "video",
        # the report
        "personas": "Personas",
        "role": "Role",
        "goals": "Goals",
        "needs": "Needs",
        "persona_pains": "Pains",
        "journey": "Journey",
        "flow": "Sales system",
        "show": "Show",
        "lanes": "Lanes",
        "everyone": "everyone",
        "generated_by": "Made with cjm",
        "type_current": "current state",
        "type_ideal": "ideal state",
        "type_day-in-life": "day in the life",
        "type_blueprint": "service blueprint",
        "actual": "actual",
        "period": "period",
        "met": "target met",
        "missed": "target missed",
        # funnel figures
        "funnels": "Funnels",
        "count": "Count",
        "amount": "Amount",
        "from_previous": "From previous",
        "from_first": "From first",
        "biggest_drop_off": "biggest drop-off",
        "went_on": "went on:",
        "won": "won",
        "lost": "lost",
        "converted": "converted",
        "unqualified": "unqualified",
        "revenue": "revenue",
        "average_deal": "average deal",
        "gap": "gap",
        "status": "status",
        "unknown": "no target or actual",
        "no_counts": "no counts or amounts",
        "no_figures": "no figures: the map gives no counts or amounts on lead and deal stages, "
        "and no KPI with both a target and an actual value",
        # cjm diff --render
        "diff_changes": "Changes",
        "diff_added": "added",
        "diff_changed": "changed",
        "diff_moved": "moved",
        "diff_removed": "removed",
        "diff_was": "was",
        "diff_moved_from": "moved from position",
        "diff_position": "position",
        "diff_no_changes": "no differences: the map is drawn without marks",
        "diff_not_drawn": "Removed, not in the pictures",
        "diff_change_list": "All changes",
        "diff_see_all": "every change, with its path",
        "diff_change": "change",
        "diff_where": "where",
        "diff_old": "old",
        "diff_new": "new",
        "departments": "Departments",
        "map": "Map",
        "el_stages": "Journey stage",
        "el_personas": "Persona",
        "el_channels": "Channel",
        "el_lead_stages": "Lead stage",
        "el_deals": "Pipeline",
        "el_deal_stages": "Deal stage",
        "el_automations": "Automation",
        "el_pages": "Page",
        "el_ppc": "Campaign",
        "el_groups": "Ad group",
    },
    "ru": {
        "stage": "Этап",
        "touchpoints": "Точки контакта",
        "actions": "Действия",
        "thoughts": "Мысли",
        "emotions": "Эмоции",
        "pains": "Боли",
        "opportunities": "Возможности",
        "frontstage": "Фронт-офис",
        "backstage": "Бэк-офис",
        "support": "Поддерживающие процессы",
        "owner": "Ответственный",
        "kpis": "KPI",
        "line_of_visibility": "линия видимости",
        "line_of_internal_interaction": "линия внутреннего взаимодействия",
        "fixes": "решает",
        "target": "цель",
        "channels": "Каналы коммуникации",
        "leads": "Лиды",
        "deals": "Сделки",
        "site": "Сайт",
        "ppc": "Реклама",
        "crm": "CRM",
        "manual": "вручную",
        "not_processed": "не обрабатывается",
        "from_any_stage": "с любой стадии",
        "cross_sell": "кросс-продажа",
        "conversion": "конверсия",
        "not_promoted": "не рекламируется",
        "keywords": "ключевые фразы",
        "ads": "объявления",
        "landing": "посадочная",
        "journey_stages": "этапы",
        "after": "через",
        "when": "когда",
        "link": "ссылка",
        "kind_messenger": "Мессенджеры",
        "kind_site": "Сайт",
        "kind_chat": "Чаты",
        "kind_social": "Социальные сети",
        "kind_email": "E-mail",
        "kind_phone": "Телефония",
        "kind_marketplace": "Площадки и классифайды",
        "kind_offline": "Офлайн",
        "kind_ads": "Реклама",
        "kind_referral": "Рекомендации",
        "kind_other": "Другое",
        "action_email": "E-mail",
        "action_sms": "SMS",
        "action_message": "Сообщение",
        "action_call": "Звонок",
        "action_task": "Задача",
        "action_notify": "Уведомление",
        "action_document": "Документ",
        "action_webhook": "Вебхук",
        "action_other": "Автоматизация",
        "network_search": "поиск",
        "network_social": "соцсети",
        "network_display": "медийная",
        "network_video": "видео",
        "personas": "Персоны",
        "role": "Роль",
        "goals": "Цели",
        "needs": "Потребности",
        "persona_pains": "Боли",
        "journey": "Путь клиента",
        "flow": "Система продаж",
        "show": "Показать",
        "lanes": "Строки",
        "everyone": "все",
        "generated_by": "Сделано в cjm",
        "type_current": "текущее состояние",
        "type_ideal": "идеальное состояние",
        "type_day-in-life": "день из жизни",
        "type_blueprint": "сервисный блюпринт",
        "actual": "факт",
        "period": "период",
        "met": "цель достигнута",
        "missed": "цель не достигнута",
        "funnels": "Воронки",
        "count": "Кол-во",
        "amount": "Сумма",
        "from_previous": "От предыдущей",
        "from_first": "От первой",
        "biggest_drop_off": "наибольшие потери",
        "went_on": "дошло:",
        "won": "успешно",
        "lost": "провалено",
        "converted": "в сделки",
        "unqualified": "отсеяно",
        "revenue": "выручка",
        "average_deal": "средний чек",
        "gap": "отклонение",
        "status": "статус",
        "unknown": "нет цели или факта",
        "no_counts": "нет количеств и сумм",
        "no_figures": "нет цифр: на стадиях лидов и сделок нет количеств и сумм, и нет KPI с целью и фактом",
        "diff_changes": "Изменения",
        "diff_added": "добавлено",
        "diff_changed": "изменено",
        "diff_moved": "перемещено",
        "diff_removed": "удалено",
        "diff_was": "было",
        "diff_moved_from": "перемещено с места",
        "diff_position": "место",
        "diff_no_changes": "различий нет: карта нарисована без пометок",
        "diff_not_drawn": "Удалено, нет на схемах",
        "diff_change_list": "Все изменения",
        "diff_see_all": "каждое изменение с его путём",
        "diff_change": "изменение",
        "diff_where": "где",
        "diff_old": "было",
        "diff_new": "стало",
        "departments": "Отделы",
        "map": "Карта",
        "el_stages": "Этап пути",
        "el_personas": "Персона",
        "el_channels": "Канал",
        "el_lead_stages": "Стадия лида",
        "el_deals": "Воронка",
        "el_deal_stages": "Стадия сделки",
        "el_automations": "Автоматизация",
        "el_pages": "Страница",
        "el_ppc": "Кампания",
        "el_groups": "Группа объявлений",
    },
}


def words(lang: str) -> dict[str, str]:
    return WORDS[lang]


_MINUS = "\u2212"  # a minus sign, not a hyphen
_NO_BREAK_SPACE = "\u00a0"


def number(value: float, lang: str) -> str:
    """1240 -> "1,240" (en) or "1 240" (ru: a no-break space, as Russian groups thousands); fractions to two
    places, without trailing zeros, with a decimal comma in Russian: 1240.5 -> "1 240,5"."""
    size = abs(value)
    if size >= 1e15:
        shown = f"{size:.3g}"
    else:
        shown = f"{_half_up(size, 2):,.2f}".rstrip("0").rstrip(".")
        if shown == "0" and size:  # a small fraction keeps its first digits: 0.004, not 0
            shown = f"{size:.2g}"
    if lang == "ru":
        shown = shown.replace(",", _NO_BREAK_SPACE).replace(".", ",")
    return (_MINUS if value < 0 else "") + shown


def signed(value: float, lang: str) -> str:
    """A difference: "+27", "−60", "0"."""
    return ("+" if value > 0 else "") + number(value, lang)


def percent(ratio: float, lang: str) -> str:
    """0.8145 -> "81%"; below 10 %, one decimal place: 0.085 -> "8.5%" ("8,5%" in Russian)."""
    share = 100 * ratio
    if share < 1e15:
        share = float(_half_up(share, 1 if share < 10 else 0))
    return number(share, lang) + "%"


def lost_percent(conversion: float, lang: str) -> str:
    """The share a step loses, "−27%", as the complement of its conversion as shown ("73%"), so that the two
    figures add up to 100% on the page."""
    share = 100 * conversion
    shown = float(_half_up(share, 1 if share < 10 else 0)) if share < 1e15 else share
    return "\u2212" + percent(max(100 - shown, 0) / 100, lang)


def _half_up(value: float, places: int) -> Decimal:
    """Rounded as people round, halves up (Python's `round` rounds them to even: 72.5 -> 72), from the
    number as written (2.675 is 2.67499... in binary). For values below 1e15 (within Decimal's precision)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)

"""Russian translations of the deadline engine (casetracker/deadlines, the deadlines API, the feed page).

Merged by `scripts/fill_translations.py` with the other ru_translations*.py files.
"""

RU = {
    # casetracker/deadlines/rules.py: kinds
    "appeal (KoAP)": "жалоба (КоАП)",
    "fine payment": "уплата штрафа",
    "appeal (UPK)": "апелляция (УПК)",
    "cassation": "кассация",
    "ECHR application": "жалоба в ЕСПЧ",
    "UN Human Rights Committee": "Комитет ООН по правам человека",
    # rules.py: articles, laws, triggers and citations
    "KoAP art. 30.3 part 1": "ч. 1 ст. 30.3 КоАП",
    "Federal Law No. 195-FZ of 30.12.2001, before Federal Law No. 364-FZ": (
        "Федеральный закон от 30.12.2001 № 195-ФЗ, до Федерального закона № 364-ФЗ"
    ),
    "delivery or receipt of the copy of the decision": "вручение или получение копии постановления",
    "10 сутки from delivery or receipt of the copy of the decision; the term ends on its last calendar day even when that is a non-working day (KoAP art. 4.8 part 2).": (
        "10 суток со дня вручения или получения копии постановления; срок истекает в последние сутки, "
        "даже если это нерабочий день (ч. 2 ст. 4.8 КоАП)."
    ),
    "Federal Law No. 364-FZ of 29.10.2024": "Федеральный закон от 29.10.2024 № 364-ФЗ",
    "10 days from delivery or receipt of the copy of the decision; a last day that is a non-working day moves to the next working day (KoAP art. 4.8 part 3).": (
        "10 дней со дня вручения или получения копии постановления; если последний день срока приходится "
        "на нерабочий день, срок истекает в первый следующий рабочий день (ч. 3 ст. 4.8 КоАП)."
    ),
    "KoAP art. 30.3 part 3": "ч. 3 ст. 30.3 КоАП",
    "Federal Law No. 195-FZ of 30.12.2001": "Федеральный закон от 30.12.2001 № 195-ФЗ",
    "Five days for decisions under KoAP arts. 5.1-5.25, 5.45-5.52, 5.56, 5.58 and 5.69 (election offences); a last non-working day moves (KoAP art. 4.8 part 3).": (
        "Пять дней по делам по ст. 5.1–5.25, 5.45–5.52, 5.56, 5.58 и 5.69 КоАП (выборные правонарушения); "
        "последний нерабочий день переносится (ч. 3 ст. 4.8 КоАП)."
    ),
    "KoAP art. 32.2 part 1": "ч. 1 ст. 32.2 КоАП",
    "entry into force of the decision (KoAP art. 31.1)": "вступление постановления в законную силу (ст. 31.1 КоАП)",
    "A fine is paid within 60 days of the decision's entry into force (KoAP art. 31.1: the day after the appeal term ends unappealed); unpaid, it is an offence under KoAP art. 20.25 part 1.": (
        "Штраф уплачивается не позднее 60 дней со дня вступления постановления в законную силу (ст. 31.1 "
        "КоАП: на следующий день после истечения срока обжалования, если оно не обжаловано); неуплата — "
        "правонарушение по ч. 1 ст. 20.25 КоАП."
    ),
    "KoAP arts. 30.12-30.14": "ст. 30.12–30.14 КоАП",
    "entry into force of the decision": "вступление постановления в законную силу",
    "A KoAP decision in force may be appealed in cassation with no term: no deadline is counted.": (
        "Вступившее в силу постановление по КоАП обжалуется в кассации без срока: срок не считается."
    ),
    "UPK art. 389.4 part 1": "ч. 1 ст. 389.4 УПК",
    "Federal Law No. 518-FZ of 31.12.2014": "Федеральный закон от 31.12.2014 № 518-ФЗ",
    "the sentence (for a convict held in custody, delivery of its copy)": (
        "приговор (для осуждённого, содержащегося под стражей, — вручение его копии)"
    ),
    "15 сутки from the sentence or decision, for a convict held in custody from the delivery of its copy; a last non-working day moves to the next working day (UPK art. 128 part 2).": (
        "15 суток со дня постановления приговора или вынесения решения, для осуждённого под стражей — со дня "
        "вручения копии; последний нерабочий день переносится на следующий рабочий (ч. 2 ст. 128 УПК)."
    ),
    "UPK art. 401.3 part 4": "ч. 4 ст. 401.3 УПК",
    "Federal Law No. 15-FZ of 24.02.2021": "Федеральный закон от 24.02.2021 № 15-ФЗ",
    "entry into force of the sentence (UPK art. 390)": "вступление приговора в законную силу (ст. 390 УПК)",
    "Six months from the entry into force of the sentence or final decision (for a convict held in custody, from the delivery of its copy); UPK art. 128 part 2 counts the months.": (
        "Шесть месяцев со дня вступления приговора или иного итогового решения в законную силу (для "
        "осуждённого под стражей — со дня вручения копии); месяцы считаются по ч. 2 ст. 128 УПК."
    ),
    "ECHR art. 35 § 1": "п. 1 ст. 35 Конвенции",
    "the Convention before Protocol No. 15": "Конвенция до Протокола № 15",
    "the final domestic decision": "окончательное решение внутри страны",
    "Six months from the final domestic decision; only for facts up to 16.09.2022.": (
        "Шесть месяцев с окончательного решения внутри страны; только для событий до 16.09.2022."
    ),
    "Protocol No. 15, in force 1.08.2021, art. 4 applied from 1.02.2022": (
        "Протокол № 15, в силе с 1.08.2021, ст. 4 применяется с 1.02.2022"
    ),
    "Four months from a final domestic decision taken on or after 1.02.2022 (Protocol No. 15, art. 8 § 3); only for facts up to 16.09.2022, when Russia ceased to be a party.": (
        "Четыре месяца с окончательного решения, принятого 1.02.2022 или позже (п. 3 ст. 8 Протокола № 15); "
        "только для событий до 16.09.2022, когда Россия перестала быть участницей Конвенции."
    ),
    "Rules of procedure of the Human Rights Committee, rule 99(c)": "Правила процедуры Комитета по правам человека, правило 99(c)",
    "Optional Protocol to the ICCPR": "Факультативный протокол к МПГПП",
    "exhaustion of domestic remedies": "исчерпание внутренних средств защиты",
    "No fixed term; a communication more than five years after the exhaustion of domestic remedies is an abuse of the right of submission unless the delay is justified: the date is a guideline. The route that remains for facts after 16.09.2022.": (
        "Срока нет; сообщение, поданное более чем через пять лет после исчерпания внутренних средств защиты, "
        "считается злоупотреблением правом, если задержка не обоснована: дата — ориентир. Путь, который "
        "остаётся для событий после 16.09.2022."
    ),
    # casetracker/cases/models/court.py: Hearing.appeal_deadline
    "Left blank: counted from receipt of the decision as the law in force counts it (KoAP arts. 30.3 and 4.8, holidays included), from the hearing date while receipt is unknown.": (
        "Если не заполнено: считается со дня получения постановления по действующему закону (ст. 30.3 и 4.8 "
        "КоАП, с учётом праздников), пока дата получения неизвестна — со дня заседания."
    ),
    # services.py, admin.py, serializers: marks
    "The document must belong to the deadline's case.": "Документ должен относиться к делу этого срока.",
    "Say why the deadline is not pursued.": "Укажите, почему срок не используется.",
    "Give the date it was filed.": "Укажите дату подачи.",
    # digest.py
    "Urgent: deadlines due tomorrow": "Срочно: сроки истекают завтра",
    "Due tomorrow:": "Истекают завтра:",
    "Your deadlines and hearings, %(day)s": "Ваши сроки и заседания, %(day)s",
    "The next 7 days:": "Ближайшие 7 дней:",
    # selectors.py: the agenda's headings
    "Overdue": "Просрочено",
    "Today": "Сегодня",
    "This week": "На этой неделе",
    "Next 30 days": "Ближайшие 30 дней",
    # models.py
    "basis": "основание",
    "working day": "рабочий день",
    "Tick for a working day moved onto a weekend (a working Saturday); leave blank for a day off.": (
        "Отметьте для рабочего дня, перенесённого на выходной (рабочая суббота); для выходного оставьте пустым."
    ),
    "reason": "причина",
    "E.g. the government decree, or a regional holiday.": "Например, постановление правительства или региональный праздник.",
    "non-working day": "нерабочий день",
    "non-working days": "нерабочие дни",
    "missed": "пропущен",
    "rule": "правило",
    "due on": "истекает",
    "provisional": "предварительно",
    "filed on": "подано",
    "reason for not pursuing": "почему не используется",
    "deadline": "срок",
    "deadlines": "сроки",
    "secret hash": "хеш секрета",
    "calendar feed": "календарная подписка",
    "calendar feeds": "календарные подписки",
    "Calendar feeds": "Календарные подписки",
    "casetracker: hearings and deadlines": "casetracker: заседания и сроки",
    "Deadlines": "Сроки",
    # the API
    "The article and the law the date is counted by.": "Статья и закон, по которым считается дата.",
    "open, done, dismissed, or missed (open and past due).": ("open, done, dismissed или missed (открыт и истёк)."),
    "Due on or after this date.": "Истекает в этот день или позже.",
    "Due on or before this date.": "Истекает в этот день или раньше.",
    "Deadlines of cases assigned to this user (id).": "Сроки дел, назначенных этому пользователю (id).",
    "The case's reference.": "Номер дела.",
    "Id of the hearing the deadline is counted from; null once that hearing was deleted.": (
        "Id заседания, от которого считается срок; null, если заседание удалено."
    ),
    "What is due.": "Что нужно сделать.",
    "The last day of the term.": "Последний день срока.",
    "Counted from the hearing date: the decision's receipt is not recorded yet.": (
        "Посчитан от даты заседания: дата получения постановления ещё не внесена."
    ),
    "When it was filed (status done).": "Когда подано (статус done).",
    "Id of the document filed, if given.": "Id поданного документа, если указан.",
    "Why it is not pursued (status dismissed).": "Почему не используется (статус dismissed).",
    "done (filed), dismissed (not pursued) or open (undo a mark).": (
        "done (подано), dismissed (не используется) или open (отменить отметку)."
    ),
    "When it was filed; required with done.": "Когда подано; обязательно для done.",
    "Id of the document filed: a document of the deadline's own case.": "Id поданного документа: документа того же дела.",
    "Why it is not pursued; required with dismissed.": "Почему не используется; обязательно для dismissed.",
    "Only deadlines of cases you can see exist for you (404 otherwise).": (
        "Для вас существуют только сроки видимых вам дел (иначе 404)."
    ),
    "RFC 5545: case reference, kind and court only, never a name.": "RFC 5545: только номер дела, вид и суд, никогда не имя.",
    # templates/deadlines/calendar_feeds.html
    "Your new feed address": "Адрес новой подписки",
    "Feed address": "Адрес подписки",
    "Copy it now: it is not stored and cannot be shown again.": (
        "Скопируйте его сейчас: он не хранится и больше не будет показан."
    ),
    "Active feeds": "Действующие подписки",
    "Revoke": "Отозвать",
    "No active feed.": "Действующих подписок нет.",
    "Create a feed address": "Создать адрес подписки",
    "A calendar feed shows the hearings and deadlines of your cases in Google Calendar, Apple Calendar or Thunderbird: case reference, kind and court only, never a name. Anyone who has the address sees them, so keep it to yourself and revoke it if it leaks.": (
        "Календарная подписка показывает заседания и сроки ваших дел в Google Календаре, Apple Календаре или "
        "Thunderbird: только номер дела, вид и суд, никогда не имя. Их видит любой, у кого есть адрес, поэтому "
        "не передавайте его и отзовите, если он утёк."
    ),
}

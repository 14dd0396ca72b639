"""Russian translations of the report exports' strings (casetracker/reports/exports, templates)."""

RU = {
    # Model and formats
    "report as CSV": "отчёт в CSV",
    "report as XLSX": "отчёт в XLSX",
    "report as PDF": "отчёт в PDF",
    "anonymized dataset (CSV)": "обезличенный набор данных (CSV)",
    "filters": "фильтры",
    "steps done": "шагов выполнено",
    "steps in total": "шагов всего",
    "rows written": "записано строк",
    "error": "ошибка",
    "report export": "выгрузка отчёта",
    "report exports": "выгрузки отчётов",
    "Report export #%(pk)s": "Выгрузка отчёта №%(pk)s",
    # Failures shown on the status page
    "The requester may no longer view reports, so the export was not built.": (
        "У запросившего больше нет доступа к отчётам, поэтому выгрузка не создана."
    ),
    "The filters of this export are no longer valid (an event may have been deleted).": (
        "Фильтры этой выгрузки больше не действительны (возможно, акция была удалена)."
    ),
    "Building the export failed. Try again, or ask an administrator to look at the worker log.": (
        "Не удалось создать выгрузку. Попробуйте ещё раз или попросите администратора посмотреть журнал обработчика."
    ),
    # The report's filters
    "yes, counts below %(k)s are hidden": "да, числа меньше %(k)s скрыты",
    # Views and templates
    "The export could not be started: check the filters and choose a format.": (
        "Не удалось начать выгрузку: проверьте фильтры и выберите формат."
    ),
    "Exports": "Выгрузки",
    "in publication mode": "в режиме публикации",
    "Exports use the filters shown above": "Выгрузки используют фильтры, указанные выше",
    "The dataset has one row per detention with a pseudonym per person and no personal value; "
    "people without consent are left out of it.": (
        "В наборе данных одна строка на задержание, у каждого человека псевдоним, персональных данных нет; "
        "люди без согласия в него не входят."
    ),
    "expired": "срок истёк",
    "This export has expired and its file has been removed. Start the export again from the report page.": (
        "Срок хранения этой выгрузки истёк, её файл удалён. Запустите выгрузку заново со страницы отчёта."
    ),
    "reports": "отчёты",
}

RU_PLURAL = {
    "%(counter)s row": ("%(counter)s строка", "%(counter)s строки", "%(counter)s строк", "%(counter)s строки"),
}

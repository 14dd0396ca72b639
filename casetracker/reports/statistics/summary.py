"""The report's figures, each one database aggregate over the matching detentions.

A fixed number of queries whatever the number of rows (pinned by a test): totals in one
pass, one GROUP BY per breakdown, and the court figures over the cases those detentions
belong to. No personal value is read; the person is only ever a key to count distinct.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import Aggregate, Count, FloatField, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth

from casetracker.cases.choices import IdentificationMethod
from casetracker.cases.models import Charge, Detention, EvidenceClaim, Hearing
from casetracker.reports.statistics.filters import ReportFilters, matching_detentions

FACIAL_RECOGNITION_PREFIX = "facial_recognition_"
# An IN list rather than LIKE 'prefix%': the (method, detention) index serves it.
FACIAL_RECOGNITION_METHODS = tuple(
    method for method in IdentificationMethod.values if method.startswith(FACIAL_RECOGNITION_PREFIX)
)

# The exact keys of the summary, in the order the API documents them.
SUMMARY_KEYS = (
    "detentions",
    "people",
    "repeat_detained_people",
    "cases",
    "by_month",
    "by_region",
    "by_city",
    "by_place_type",
    "by_event",
    "by_method",
    "facial_recognition",
    "delayed_identification",
    "footage_lag_days",
    "journalists",
    "minors",
    "outcomes",
    "fines_total",
    "arrest_days_total",
    "by_article",
)


class PercentileMedian(Aggregate):
    """PostgreSQL's continuous median (the mean of the two middle values for an even count)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


@dataclass
class SummaryFigures:
    """The figures (`values`, exactly SUMMARY_KEYS) and how many records stand behind the sums.

    `support` lets publication mode hide a median or a total that a handful of people
    would make identifiable, not only the counts.
    """

    values: dict
    support: dict[str, int] = field(default_factory=dict)


def _number(value: Decimal | int | None) -> int | float:
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _counts(rows, key: str) -> dict[str, int]:
    return {str(row[key]): row["n"] for row in rows if row[key] not in (None, "") and row["n"]}


def _whole(number: float | None) -> float | int | None:
    """3.0 -> 3: a median is shown as a whole number of days whenever it is one."""
    return None if number is None else int(number) if float(number).is_integer() else number


def _middle_value(values: QuerySet, column: str, count: int) -> float | None:
    """The median of `column` over `values` where there is no percentile function (SQLite):
    the database orders them and returns only the one or two middle values."""
    if not count:
        return None
    ordered = values.order_by(column).values_list(column, flat=True)
    middle = list(ordered[(count - 1) // 2 : count // 2 + 1])
    return sum(middle) / len(middle)


def article_key(code: str, number: str, part: str) -> str:
    """An article as the reports key it: "koap 20.2 part 5", or "koap 20.2.2" without a part."""
    return f"{code} {number} part {part}" if part else f"{code} {number}"


def _people_figures(detentions: QuerySet[Detention]) -> dict[str, int]:
    """Detentions, people, repeat detained, journalists and minors in one pass.

    One GROUP BY person (a hash aggregate), then sums over the groups: PostgreSQL's
    COUNT(DISTINCT ...) sorts, which at a million rows costs several times more.
    """
    per_person = detentions.values("case__person").annotate(
        n=Count("pk"),
        journalist=Count("pk", filter=Q(press_vest=True) | Q(case__person__is_journalist=True)),
        minor=Count("pk", filter=Q(is_minor=True)),
    )
    row = per_person.aggregate(
        detentions=Coalesce(Sum("n"), 0),
        people=Count("n"),
        repeat_detained_people=Count("n", filter=Q(n__gte=2)),
        journalists=Coalesce(Sum("journalist"), 0),
        minors=Coalesce(Sum("minor"), 0),
    )
    return {key: int(value) for key, value in row.items()}


def _cases(detentions: QuerySet[Detention]) -> int:
    return detentions.values("case_id").annotate(n=Count("pk")).aggregate(cases=Count("*"))["cases"]


def _by_month(detentions: QuerySet[Detention]) -> dict[str, int]:
    # TruncMonth works in the current (display) time zone: 00:30 Moscow time on the 1st
    # belongs to that month, although it is still the previous month in UTC.
    rows = detentions.annotate(month=TruncMonth("detained_at")).values("month").annotate(n=Count("pk"))
    return {row["month"].strftime("%Y-%m"): row["n"] for row in rows.order_by("month")}


def _by_column(detentions: QuerySet[Detention], column: str) -> dict[str, int]:
    rows = detentions.values(column).annotate(n=Count("pk")).order_by("-n", column)
    return _counts(rows, column)


def _claims_of(detentions: QuerySet[Detention]) -> QuerySet[EvidenceClaim]:
    return EvidenceClaim.objects.filter(detention__in=detentions.values("pk")).order_by()


def _claim_figures(detentions: QuerySet[Detention]) -> dict:
    """by_method, facial_recognition and delayed_identification: detentions with a claim of a kind.

    One GROUP BY detention over the claims with a flag per kind, then a count of the
    groups per flag: the same answer as COUNT(DISTINCT detention) per method, in one pass.
    """
    kinds = {f"method_{method}": Q(method=method) for method in IdentificationMethod.values}
    kinds["facial_recognition"] = Q(method__in=FACIAL_RECOGNITION_METHODS)
    kinds["delayed_identification"] = Q(footage_lag_days__gte=1)
    per_detention = (
        _claims_of(detentions)
        .values("detention")
        .annotate(**{kind: Count("pk", filter=condition) for kind, condition in kinds.items()})
    )
    # The aggregates need names of their own: Django cannot alias one over an annotation.
    row = per_detention.aggregate(**{f"n_{kind}": Count(kind, filter=Q(**{f"{kind}__gt": 0})) for kind in kinds})
    by_method = {method: row[f"n_method_{method}"] for method in IdentificationMethod.values}
    return {
        "by_method": dict(sorted(((m, n) for m, n in by_method.items() if n), key=lambda item: (-item[1], item[0]))),
        "facial_recognition": row["n_facial_recognition"],
        "delayed_identification": row["n_delayed_identification"],
    }


def _footage_lag(detentions: QuerySet[Detention]) -> tuple[dict, int]:
    """The median and longest lag over claims with footage at least a day older, and their number."""
    delayed = _claims_of(detentions).filter(footage_lag_days__gte=1)
    if connection.vendor == "postgresql":
        row = delayed.aggregate(
            claims=Count("pk"), max=Max("footage_lag_days"), median=PercentileMedian("footage_lag_days")
        )
        median = row["median"]
    else:
        row = delayed.aggregate(claims=Count("pk"), max=Max("footage_lag_days"))
        median = _middle_value(delayed, "footage_lag_days", row["claims"])
    return {"median": _whole(median), "max": row["max"]}, row["claims"]


def _court_figures(detentions: QuerySet[Detention]) -> tuple[dict, dict[str, int]]:
    """Outcomes, fines and arrest days of the hearings, and charges per article, of the cases."""
    cases = detentions.values("case_id")
    # Per outcome, with the sums: the totals add up these few rows (blank outcome included).
    per_outcome = (
        Hearing.objects.filter(case_id__in=cases)
        .order_by()
        .values("outcome")
        .annotate(
            n=Count("pk"),
            fines_sum=Sum("fine_amount"),
            arrest_days_sum=Sum("arrest_days"),
            fined=Count("pk", filter=Q(fine_amount__gt=0)),
            arrested=Count("pk", filter=Q(arrest_days__gt=0)),
        )
    )
    per_outcome = list(per_outcome)
    outcomes = _counts(sorted(per_outcome, key=lambda row: (-row["n"], row["outcome"])), "outcome")
    articles = (
        Charge.objects.filter(case_id__in=cases)
        .values("article__code", "article__number", "article__part")
        .annotate(n=Count("pk"))
        .order_by("-n", "article__code", "article__number", "article__part")
    )
    by_article = {
        article_key(row["article__code"], row["article__number"], row["article__part"]): row["n"] for row in articles
    }
    values = {
        "outcomes": outcomes,
        "fines_total": _number(sum((row["fines_sum"] or 0 for row in per_outcome), Decimal(0))),
        "arrest_days_total": _number(sum(row["arrest_days_sum"] or 0 for row in per_outcome)),
        "by_article": by_article,
    }
    support = {
        "fines_total": sum(row["fined"] for row in per_outcome),
        "arrest_days_total": sum(row["arrested"] for row in per_outcome),
    }
    return values, support


def summary_figures(filters: ReportFilters) -> SummaryFigures:
    """Every figure of the report for the detentions the filters select, unsuppressed."""
    detentions = matching_detentions(filters)
    people = _people_figures(detentions)
    claims = _claim_figures(detentions)
    lag, lag_claims = _footage_lag(detentions)
    court, court_support = _court_figures(detentions)
    values = {
        **people,
        "cases": _cases(detentions),
        "by_month": _by_month(detentions),
        "by_region": _by_column(detentions, "region"),
        "by_city": _by_column(detentions, "city"),
        "by_place_type": _by_column(detentions, "place_type"),
        "by_event": _by_column(detentions, "event__name"),
        **claims,
        "footage_lag_days": lag,
        **court,
    }
    return SummaryFigures(
        values={key: values[key] for key in SUMMARY_KEYS},
        support={"footage_lag_days": lag_claims, **court_support},
    )


def publication_threshold() -> int:
    return settings.CASETRACKER_PUBLISH_MIN_CELL


def is_small_count(count: int | None, k: int) -> bool:
    """Whether publication hides `count`: 1 to k-1 (zero reveals nobody)."""
    return count is not None and 0 < count < k


def suppress_counts(value: int | dict | None, k: int) -> int | dict | None:
    """A count, or a map (of maps) of counts, with every count from 1 to k-1 replaced by None."""
    if isinstance(value, dict):
        return {key: suppress_counts(count, k) for key, count in value.items()}
    return None if is_small_count(value, k) else value


def suppress_small_counts(figures: SummaryFigures, k: int) -> dict:
    """Publication mode: every count from 1 to k-1 becomes None, and so does a median or
    total that fewer than k records stand behind (one person's fine is not an aggregate)."""

    def small(count: int | None) -> bool:
        return is_small_count(count, k)

    def hide(value):
        return suppress_counts(value, k)

    values = figures.values
    published = {}
    for key in SUMMARY_KEYS:
        if key == "footage_lag_days":
            hidden = small(figures.support["footage_lag_days"])
            published[key] = {"median": None, "max": None} if hidden else dict(values[key])
        elif key in ("fines_total", "arrest_days_total"):
            published[key] = None if small(figures.support[key]) else values[key]
        else:
            published[key] = hide(values[key])
    return published


def report_summary(filters: ReportFilters) -> dict:
    """The summary as the API returns it: exactly SUMMARY_KEYS, suppressed when `filters.publish`."""
    figures = summary_figures(filters)
    if filters.publish:
        return suppress_small_counts(figures, publication_threshold())
    return figures.values

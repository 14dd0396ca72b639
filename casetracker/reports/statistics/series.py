"""The report page's series beyond the JSON summary, each one database aggregate.

Per day and per week, facial recognition per month, the histogram of days from
footage to detention and the top metro stations by facial-recognition detentions.
One GROUP BY per series over the same `matching_detentions(filters)` as the summary,
so the page's query count does not grow with the data. Python only reshapes the
aggregated rows (a few hundred at most), never the detentions.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, QuerySet, Value, When
from django.db.models.functions import TruncDate, TruncMonth, TruncWeek

from casetracker.cases import domain
from casetracker.cases.choices import PlaceType
from casetracker.cases.models import Detention, EvidenceClaim
from casetracker.reports.statistics.filters import ReportFilters, matching_detentions
from casetracker.reports.statistics.summary import FACIAL_RECOGNITION_METHODS, suppress_counts

SERIES_KEYS = ("by_day", "by_week", "facial_recognition_by_month", "footage_lag_histogram", "top_metro_stations")

# Bins of the footage-lag histogram: (label, first day, last day or None for open-ended).
# Narrow at the start, where "recognized at the turnstile days later" cases cluster,
# wide at the tail (footage reused months later).
LAG_BINS: tuple[tuple[str, int, int | None], ...] = (
    ("1", 1, 1),
    ("2", 2, 2),
    ("3", 3, 3),
    ("4–7", 4, 7),
    ("8–14", 8, 14),
    ("15–30", 15, 30),
    ("31–90", 31, 90),
    ("91+", 91, None),
)
TOP_STATIONS = 10
# A select of more region/city pairs than this is unusable; the form keeps text inputs.
MAX_PLACE_CHOICES = 300


@dataclass(frozen=True)
class ReportSeries:
    """Ordered maps label -> count (None once suppressed by publication mode)."""

    by_day: dict[str, int | None]
    by_week: dict[str, int | None]
    facial_recognition_by_month: dict[str, int | None]
    footage_lag_histogram: dict[str, int | None]
    top_metro_stations: dict[str, int | None]

    def as_dict(self) -> dict[str, dict[str, int | None]]:
        return {key: getattr(self, key) for key in SERIES_KEYS}


def _facial_recognition_claims() -> Exists:
    return Exists(EvidenceClaim.objects.filter(detention=OuterRef("pk"), method__in=FACIAL_RECOGNITION_METHODS))


def _per_period(detentions: QuerySet[Detention], trunc, label_format: str) -> dict[str, int]:
    # The display zone, explicitly: 00:30 Moscow time on the 1st belongs to that day,
    # week and month although it is still the previous day in UTC.
    rows = (
        detentions.annotate(period=trunc("detained_at", tzinfo=domain.display_zone()))
        .values("period")
        .annotate(n=Count("pk"))
        .order_by("period")
    )
    return {row["period"].strftime(label_format): row["n"] for row in rows if row["period"] is not None}


def detentions_by_day(detentions: QuerySet[Detention]) -> dict[str, int]:
    """Detentions per calendar day ("YYYY-MM-DD"), days with none left out."""
    return _per_period(detentions, TruncDate, "%Y-%m-%d")


def detentions_by_week(detentions: QuerySet[Detention]) -> dict[str, int]:
    """Detentions per ISO week, keyed by its Monday ("YYYY-MM-DD")."""
    return _per_period(detentions, TruncWeek, "%Y-%m-%d")


def facial_recognition_by_month(detentions: QuerySet[Detention]) -> dict[str, int]:
    """Per month ("YYYY-MM"): detentions with at least one facial_recognition_* claim."""
    return _per_period(detentions.filter(_facial_recognition_claims()), TruncMonth, "%Y-%m")


def footage_lag_histogram(detentions: QuerySet[Detention]) -> dict[str, int]:
    """Claims with footage at least a day older than the detention, per LAG_BINS bin (zeros kept)."""
    whens = [
        When(footage_lag_days__gte=low, then=Value(index))
        if high is None
        else When(footage_lag_days__gte=low, footage_lag_days__lte=high, then=Value(index))
        for index, (_label, low, high) in enumerate(LAG_BINS)
    ]
    rows = (
        EvidenceClaim.objects.filter(detention__in=detentions.values("pk"), footage_lag_days__gte=1)
        .annotate(bin=Case(*whens, output_field=IntegerField()))
        .values("bin")
        .annotate(n=Count("pk"))
        .order_by("bin")
    )
    counts = {row["bin"]: row["n"] for row in rows}
    # Every bin, zeros included: a histogram's empty bins are part of its shape.
    return {label: counts.get(index, 0) for index, (label, _low, _high) in enumerate(LAG_BINS)}


def top_metro_stations(detentions: QuerySet[Detention], limit: int = TOP_STATIONS) -> dict[str, int]:
    """Metro stations with the most facial-recognition detentions.

    Only places of type metro are ever listed: a home or workplace "place" is an
    address, i.e. personal data.
    """
    rows = (
        detentions.filter(_facial_recognition_claims(), place_type=PlaceType.METRO)
        .exclude(place="")
        .values("place")
        .annotate(n=Count("pk"))
        .order_by("-n", "place")[:limit]
    )
    return {row["place"]: row["n"] for row in rows}


def report_series(filters: ReportFilters) -> ReportSeries:
    """The page's extra series for the detentions the filters select, unsuppressed."""
    detentions = matching_detentions(filters)
    return ReportSeries(
        by_day=detentions_by_day(detentions),
        by_week=detentions_by_week(detentions),
        facial_recognition_by_month=facial_recognition_by_month(detentions),
        footage_lag_histogram=footage_lag_histogram(detentions),
        top_metro_stations=top_metro_stations(detentions),
    )


def publish_series(series: ReportSeries, k: int) -> ReportSeries:
    """Publication mode: every count from 1 to k-1 becomes None (see summary.suppress_counts)."""
    return ReportSeries(**{key: suppress_counts(value, k) for key, value in series.as_dict().items()})


def fill_days(by_day: dict[str, int | None]) -> dict[str, int | None]:
    """`by_day` with the missing days between its first and last as zeros (for a continuous chart)."""
    if not by_day:
        return {}
    days = sorted(by_day)
    first, last = dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1])
    every_day = (str(first + dt.timedelta(days=offset)) for offset in range((last - first).days + 1))
    return {day: by_day.get(day, 0) for day in every_day}


def region_city_pairs(limit: int = MAX_PLACE_CHOICES + 1) -> list[tuple[str, str]]:
    """The distinct (region, city) pairs of all detentions, in order, at most `limit`.

    A plain SELECT DISTINCT reads every entry of the (region, city) index: ~1 million
    at scale, on every page view. This recursive query is a "loose index scan": each
    step asks the index for the first pair after the previous one, so the cost grows
    with the number of distinct pairs (tens), not with the number of detentions.
    Row-value comparison works on PostgreSQL and SQLite (3.15+) alike.
    """
    table = connection.ops.quote_name(Detention._meta.db_table)
    sql = f"""
        WITH RECURSIVE pairs(region, city) AS (
            SELECT * FROM (SELECT region, city FROM {table} ORDER BY region, city LIMIT 1) AS first_pair
            UNION ALL
            SELECT
                (SELECT d.region FROM {table} d WHERE (d.region, d.city) > (p.region, p.city)
                 ORDER BY d.region, d.city LIMIT 1),
                (SELECT d.city FROM {table} d WHERE (d.region, d.city) > (p.region, p.city)
                 ORDER BY d.region, d.city LIMIT 1)
            FROM pairs p WHERE p.region IS NOT NULL
        )
        SELECT region, city FROM pairs WHERE region IS NOT NULL LIMIT %s
    """  # noqa: S608 -- only the quoted table name is interpolated; the limit is a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [limit])
        return [(region, city) for region, city in cursor.fetchall()]

"""The shape of GET /api/v1/reports/summary/, for the OpenAPI schema (the view returns a dict).

Each field's title is the figure's label on the report page, read from the report's
catalogue; the descriptions say what exactly the JSON value holds.
"""

from rest_framework import serializers

from casetracker.reports.statistics.catalogue import summary_label

COUNT_HELP = " Null in publication mode when the count is between 1 and k-1."


def _count(key: str, help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        label=summary_label(key), allow_null=True, min_value=0, help_text=help_text + COUNT_HELP
    )


def _counts(key: str, help_text: str) -> serializers.DictField:
    return serializers.DictField(
        label=summary_label(key),
        child=serializers.IntegerField(allow_null=True, min_value=1),
        help_text=help_text + " Keys with a count of zero are left out." + COUNT_HELP,
    )


class FootageLagSerializer(serializers.Serializer):
    median = serializers.FloatField(
        label=summary_label("footage_lag_days", "median"),
        allow_null=True,
        help_text="Median days; null when there is no such claim.",
    )
    max = serializers.IntegerField(
        label=summary_label("footage_lag_days", "max"),
        allow_null=True,
        help_text="Longest lag in days; null when there is none.",
    )


class ReportSummarySerializer(serializers.Serializer):
    detentions = _count("detentions", "Matching detentions.")
    people = _count("people", "Distinct persons among them.")
    repeat_detained_people = _count("repeat_detained_people", "Persons with two or more matching detentions.")
    cases = _count("cases", "Distinct cases of the matching detentions.")
    by_month = _counts("by_month", 'Detentions per month ("YYYY-MM", display time zone).')
    by_region = _counts("by_region", "Detentions per region.")
    by_city = _counts("by_city", "Detentions per city.")
    by_place_type = _counts("by_place_type", "Detentions per place type.")
    by_event = _counts("by_event", "Detentions per event name (detentions without an event are left out).")
    by_method = _counts("by_method", "Per identification method: detentions with at least one evidence claim of it.")
    facial_recognition = _count("facial_recognition", "Detentions with at least one facial_recognition_* claim.")
    delayed_identification = _count(
        "delayed_identification", "Detentions with a claim whose footage is at least a day older."
    )
    footage_lag_days = FootageLagSerializer(
        help_text="Days from footage to detention over those claims; both null in publication mode "
        "when fewer than k claims stand behind them."
    )
    journalists = _count("journalists", "Detentions of a person marked journalist or of someone in a press vest.")
    minors = _count("minors", "Detentions of people under 18 at the time.")
    outcomes = _counts("outcomes", "Hearings by outcome, over the cases of the matching detentions.")
    fines_total = serializers.FloatField(
        label=summary_label("fines_total"),
        allow_null=True,
        help_text="Sum of fines (roubles) over those hearings; null in publication mode "
        "when 1 to k-1 hearings imposed a fine.",
    )
    arrest_days_total = serializers.IntegerField(
        label=summary_label("arrest_days_total"),
        allow_null=True,
        help_text="Sum of arrest days over those hearings; null in publication mode "
        "when 1 to k-1 hearings imposed an arrest.",
    )
    by_article = _counts("by_article", 'Charges of those cases per article, keyed like "koap 20.2 part 5".')

"""Time the PDF case summary and measure memory while building a ZIP of many.

    .venv/bin/python bench/pdf.py                    # SQLite, temporary file
    .venv/bin/python bench/pdf.py --runs 5 --zip-cases 50
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casetracker .venv/bin/python bench/pdf.py

Uses the throw-away database of bench/admin_changelist.py (a temporary SQLite file, or
`<dbname>_bench` on PostgreSQL, created and dropped) and a temporary PRIVATE_MEDIA_ROOT.
Prints, for a typical case (3 detentions, 6 claims, 4 hearings, 10 documents) and a
large one (50 detentions): the median time of a whole summary (queries, templating,
WeasyPrint, audit), the median time of WeasyPrint alone on the same pre-rendered HTML,
and our overhead = (total - weasyprint) / weasyprint, which must stay under 20%. Then
the peak resident memory while one batch builds a ZIP of --zip-cases summaries, one PDF
at a time (the service the Celery task calls), which must stay under 300 MB.
"""

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.admin_changelist import BenchDatabase, configure_django  # noqa: E402

OVERHEAD_LIMIT = 0.20
MEMORY_LIMIT_MB = 300


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="timed summaries per case (default: 7)")
    parser.add_argument("--zip-cases", type=int, default=200, help="cases in the ZIP batch (default: 200)")
    args = parser.parse_args()
    if args.runs < 1 or args.zip_cases < 1:
        parser.error("--runs and --zip-cases must be positive")
    return args


def rss_mb() -> float:
    """The process's peak resident set so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- Data -----------------------------------------------------------------------


def create_case(n: int, *, detentions: int, claims_per_detention: int, hearings: int, documents: int, lawyer, event):
    from zoneinfo import ZoneInfo

    from casetracker.cases import choices, domain
    from casetracker.cases.models import Case, Detention, Document, EvidenceClaim, Hearing, Person

    moscow = ZoneInfo("Europe/Moscow")
    methods = choices.IdentificationMethod.values
    person = Person.objects.create(
        full_name=f"Соколова Анна Викторовна {n}",
        birth_date=dt.date(1990, 5, 17),
        phone="+7 916 555-12-34",
        email=f"person{n}@example.org",
        social_media="@handle",
        passport_last4="4821",
    )
    case = Case.objects.create(
        person=person, status=choices.CaseStatus.IN_COURT, opened_at=dt.date(2021, 2, 1), summary="Кратко. " * 20
    )
    case.lawyers.add(lawyer)
    rows = Detention.objects.bulk_create(
        Detention(
            case=case,
            detained_at=dt.datetime(2021, 1, 24, 9, tzinfo=moscow) + dt.timedelta(days=k),
            city="Москва",
            region="Москва",
            place_type=choices.PlaceType.METRO,
            place="Пушкинская",
            authority="ОВД Тверской",
            held_at="ОВД Тверской",
            event=event,
            narrative="Задержан у турникета после сигнала системы распознавания. " * 6,
            is_minor=False,
        )
        for k in range(detentions)
    )
    EvidenceClaim.objects.bulk_create(
        EvidenceClaim(
            detention=detention,
            method=methods[(i + j) % len(methods)],
            system_name="Sfera / Face ID",
            camera_location="вестибюль, турникет 3",
            footage_event=event,
            footage_date=event.date,
            footage_lag_days=domain.footage_lag_days(event.date, detention.detained_at),
            source=choices.ClaimSource.POLICE_STATEMENT,
            reliability=choices.Reliability.REPORTED,
            contested=bool(j % 2),
            notes="Со слов сотрудника.",
        )
        for i, detention in enumerate(rows)
        for j in range(claims_per_detention)
    )
    Hearing.objects.bulk_create(
        Hearing(
            case=case,
            court="Тверской районный суд г. Москвы",
            date=dt.date(2021, 2, 3) + dt.timedelta(days=7 * k),
            judge="Судья Петрова",
            outcome=choices.HearingOutcome.FINE,
            fine_amount=15000,
            appeal_deadline=domain.default_appeal_deadline(dt.date(2021, 2, 3) + dt.timedelta(days=7 * k), None),
        )
        for k in range(hearings)
    )
    # Rows only: a summary prints kind, size and hash and never opens the files.
    Document.objects.bulk_create(
        Document(
            case=case,
            kind=choices.DocumentKind.PROTOCOL,
            file=f"bench/{n}-{k}.pdf",
            original_name=f"protocol-{k}.pdf",
            sha256=f"{n:032x}{k:032x}",
            size=100_000 + k,
        )
        for k in range(documents)
    )
    return case


def typical_case(n: int, **kwargs):
    return create_case(n, detentions=3, claims_per_detention=2, hearings=4, documents=10, **kwargs)


# --- Measuring --------------------------------------------------------------------


def time_summary(case, user, *, runs: int) -> dict:
    """CPU-time medians (steady on a shared machine; all of it is in this process).

    Each run times the whole summary and WeasyPrint alone back to back, after a
    garbage collection, so both see the same load; the overhead is the median of the
    per-run ratios. The queries and the templating are also timed on their own.
    """
    import gc
    import io

    from pypdf import PdfReader

    from casetracker.reports.pdf.render import html_to_pdf, render_summary_html
    from casetracker.reports.summaries.selectors import SummaryOptions, case_summary_data
    from casetracker.reports.summaries.services import case_summary_render

    options = SummaryOptions()

    def whole():
        return case_summary_render(case=case, user=user, options=options, source="web")

    def ours():
        return render_summary_html(case_summary_data(case_id=case.pk, user=user, options=options))

    whole()  # warm: fonts, templates
    html = ours()

    def timed(function) -> tuple[float, float, object]:
        gc.collect()
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        result = function()
        return time.process_time() - started_cpu, time.perf_counter() - started_wall, result

    totals, alones, ratios, queries_and_templates, walls = [], [], [], [], []
    for _ in range(runs):
        total, wall, pdf = timed(whole)
        alone, _, _ = timed(lambda: html_to_pdf(html))
        own, _, _ = timed(ours)
        totals.append(total)
        alones.append(alone)
        ratios.append((total - alone) / alone)
        queries_and_templates.append(own)
        walls.append(wall)
    return {
        "total": statistics.median(totals),
        "weasyprint": statistics.median(alones),
        "overhead": statistics.median(ratios),
        "own": statistics.median(queries_and_templates),
        "wall": statistics.median(walls),
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
    }


def build_zip(cases, user) -> dict:
    from casetracker.reports.models import CaseSummaryBatch
    from casetracker.reports.summaries.services import batch_build

    batch = CaseSummaryBatch.objects.create(
        requested_by=user, case_ids=[case.pk for case in cases], language="ru", total=len(cases)
    )
    before = rss_mb()
    started = time.perf_counter()
    batch_build(batch=batch)
    elapsed = time.perf_counter() - started
    batch.refresh_from_db()
    return {
        "seconds": elapsed,
        "peak_mb": rss_mb(),
        "before_mb": before,
        "zip_mb": Path(batch.file.path).stat().st_size / 1e6,
        "done": batch.done,
    }


def main() -> None:
    args = parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="casetracker-bench-media-") as media,
        BenchDatabase(os.environ.get("DATABASE_URL", "")) as database_url,
    ):
        os.environ["CASETRACKER_PRIVATE_MEDIA_ROOT"] = media
        configure_django(database_url)
        from django.contrib.auth.models import Group
        from django.core.management import call_command
        from django.db import connection
        from django.utils import translation

        from casetracker.accounts.models import User
        from casetracker.accounts.roles import LAWYER
        from casetracker.cases.models import Event

        call_command("migrate", verbosity=0, interactive=False)
        translation.activate("ru")
        lawyer = User.objects.create_user(username="bench_lawyer", password=None, is_staff=True)
        lawyer.groups.add(Group.objects.get(name=LAWYER))
        event = Event.objects.create(name="Акция 23 января", date=dt.date(2021, 1, 23), city="Москва")

        print(f"database: {connection.vendor}; median CPU time of {args.runs} runs (wall time of the whole alongside)")
        print(
            f"{'case':<28}  {'pages':>5}  {'total ms':>8}  {'weasyprint ms':>13}  {'overhead':>8}  "
            f"{'queries+templates ms':>20}  {'wall ms':>7}"
        )
        failed = False
        cases = {
            "typical (3 det., 6 claims)": typical_case(0, lawyer=lawyer, event=event),
            "large (50 detentions)": create_case(
                1, detentions=50, claims_per_detention=1, hearings=4, documents=10, lawyer=lawyer, event=event
            ),
        }
        for label, case in cases.items():
            result = time_summary(case, lawyer, runs=args.runs)
            failed |= result["overhead"] >= OVERHEAD_LIMIT
            print(
                f"{label:<28}  {result['pages']:>5}  {result['total'] * 1000:>8.0f}  "
                f"{result['weasyprint'] * 1000:>13.0f}  {result['overhead']:>8.1%}  "
                f"{result['own'] * 1000:>20.0f}  {result['wall'] * 1000:>7.0f}",
                flush=True,
            )

        zip_cases = [typical_case(n, lawyer=lawyer, event=event) for n in range(2, 2 + args.zip_cases)]
        result = build_zip(zip_cases, lawyer)
        failed |= result["peak_mb"] >= MEMORY_LIMIT_MB
        print(
            f"ZIP of {result['done']} summaries: {result['seconds']:.0f} s "
            f"({result['seconds'] / result['done'] * 1000:.0f} ms each), {result['zip_mb']:.1f} MB; "
            f"peak RSS {result['peak_mb']:.0f} MB (before the build {result['before_mb']:.0f} MB, "
            f"+{result['peak_mb'] - result['before_mb']:.0f} MB)"
        )
        print(f"limits: overhead < {OVERHEAD_LIMIT:.0%}, peak RSS < {MEMORY_LIMIT_MB} MB: {'FAIL' if failed else 'ok'}")
        if failed:
            raise SystemExit(1)


if __name__ == "__main__":
    main()

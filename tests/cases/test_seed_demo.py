import io

import pytest
from django.core.management import CommandError, call_command

from casetracker.accounts.models import User
from casetracker.cases.choices import IdentificationMethod
from casetracker.cases.models import Case, Detention, EvidenceClaim, LegalArticle
from casetracker.cases.selectors import cases_visible_to
from casetracker.demo.seed import database_counts


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    return output.getvalue()


def test_seed_demo_twice_gives_the_same_counts(seeded, settings):
    first = database_counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert database_counts() == first
    assert first["cases"] >= 60


def test_seed_demo_covers_the_stories_lawyers_need(seeded):
    assert "lawyer" in seeded and "Demo data ready." in seeded
    assert EvidenceClaim.objects.filter(method=IdentificationMethod.FACIAL_RECOGNITION_METRO).exists()
    assert EvidenceClaim.objects.filter(method=IdentificationMethod.PASSPORT_PHOTO_MATCH).exists()
    assert EvidenceClaim.objects.filter(method=IdentificationMethod.SOCIAL_MEDIA_PHOTOS).exists()
    assert Detention.objects.filter(press_vest=True, case__person__is_journalist=True).exists()
    assert LegalArticle.objects.filter(code="koap", number="20.2", part="5").exists()
    lag_claims = EvidenceClaim.objects.filter(footage_lag_days__gte=1, detention__place_type="metro")
    assert lag_claims.exists(), "metro detentions days after a rally"


def test_seed_demo_users_see_what_their_role_allows(seeded):
    lawyer = User.objects.get(username="lawyer")
    coordinator = User.objects.get(username="coordinator")
    analyst = User.objects.get(username="analyst")
    assert 0 < cases_visible_to(lawyer).count() < Case.objects.count()
    assert cases_visible_to(coordinator).count() == Case.objects.count()
    assert cases_visible_to(analyst).count() == 0


def test_seed_demo_refuses_to_run_in_production(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.filter(username="admin").exists()

import pytest

from tests.api.conftest import api_client, url


def test_requests_past_the_rate_get_429(settings, lawyer, other_lawyer):
    settings.CASETRACKER_API_THROTTLE_RATE = "3/min"
    client = api_client(lawyer)
    assert [client.get(url("events")).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(url("events"))
    assert response.status_code == 429
    assert "detail" in response.json()
    assert int(response["Retry-After"]) > 0
    # Per user: a colleague is not affected.
    assert api_client(other_lawyer).get(url("events")).status_code == 200


@pytest.mark.parametrize("rate", ["600/min", "30/minute", "5/s", "1000/day"])
def test_valid_rates_pass_the_system_check(settings, rate):
    from casetracker.api.checks import check_throttle_rates

    settings.CASETRACKER_API_THROTTLE_RATE = rate
    assert check_throttle_rates(None) == []


@pytest.mark.parametrize("rate", ["600", "fast", "600/fortnight", ""])
def test_malformed_rate_is_a_start_up_error(settings, rate):
    from casetracker.api.checks import check_throttle_rates

    settings.CASETRACKER_API_THROTTLE_RATE = rate
    assert [error.id for error in check_throttle_rates(None)] == ["api.E001"]

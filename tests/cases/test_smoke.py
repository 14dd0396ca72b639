from tests.conftest import client_for


def test_lawyer_sees_own_case_in_changelist_not_foreign(lawyer, own_case, foreign_case):
    response = client_for(lawyer).get("/admin/cases/case/")
    body = response.content.decode()
    assert response.status_code == 200
    assert own_case.reference in body
    assert foreign_case.reference not in body
    assert "Кузнецов" not in body


def test_case_change_and_index(lawyer, own_case, foreign_case):
    client = client_for(lawyer)
    assert client.get(f"/admin/cases/case/{own_case.pk}/change/").status_code == 200
    assert client.get(f"/admin/cases/case/{foreign_case.pk}/change/").status_code == 404
    assert client.get("/admin/").status_code == 200

"""Russian translations of the access policy's strings (the capabilities that are permissions of their own).

Merged by `scripts/fill_translations.py` with the other ru_translations*.py files.
"""

RU = {
    # casetracker/accounts/models.py (User.Meta.permissions)
    "Can view aggregate reports and export them": "Может просматривать сводные отчёты и выгружать их",
    "Can be assigned to cases as their lawyer": "Может быть назначен адвокатом по делам",
}

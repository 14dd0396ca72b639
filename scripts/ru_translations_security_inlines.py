"""Russian translations of the parent-scoped inline formsets' strings (refused foreign record ids).

Merged by `scripts/fill_translations.py` with the other ru_translations*.py files.
"""

RU = {
    # casetracker/cases/admin/formsets.py
    "This record does not belong to this case.": "Эта запись не относится к этому делу.",
    # casetracker/accounts/admin.py
    "This profile does not belong to this user.": "Этот профиль не относится к этому пользователю.",
    # casetracker/audit/models.py
    "refused write": "отклонённая запись",
}

"""Russian translations of the operations app (casetracker/ops): its admin names.

Merged by `scripts/fill_translations.py` with the other ru_translations*.py files.
"""

RU = {
    # casetracker/ops/apps.py
    "Operations": "Эксплуатация",
    # casetracker/ops/models.py
    "component": "компонент",
    "last heartbeat": "последний сигнал",
    "heartbeat": "сигнал работоспособности",
    "heartbeats": "сигналы работоспособности",
}

"""Moscow's 125 district police departments and St Petersburg's 18 district directorates.

Read from fixtures/police_stations.json (name, city, region; addresses are left for the
coordinators, who edit the list). A station already present (same name and city) is
left as it is, so re-running after edits changes nothing.
"""

import json
from pathlib import Path

from django.db import migrations

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "police_stations.json"


def load_stations(apps, schema_editor):
    PoliceStation = apps.get_model("intake", "PoliceStation")
    db = schema_editor.connection.alias
    for row in json.loads(FIXTURE.read_text(encoding="utf-8")):
        PoliceStation.objects.using(db).get_or_create(
            name=row["name"], city=row["city"], defaults={"region": row["region"], "address": row.get("address", "")}
        )


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]

    operations = [migrations.RunPython(load_stations, migrations.RunPython.noop)]

"""Recomputing every person's blind indexes: the backfill of the search keys and a change of key.

Each digest is derived from the decrypted name, birth date and phone, so this is what
makes the index whole after `PersonSearchKey` was introduced (migration 0010) and after
CASETRACKER_BLIND_INDEX_KEY changed (`manage.py rebuild_search_index`). Batched in pk
order, and only what differs is written: a second run changes nothing, an interrupted
one is simply started again.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models, transaction

from casetracker.cases.models.search import search_digests
from casetracker.protected.crypto import blind_index


@dataclass
class RebuildStats:
    examined: int = 0
    persons_changed: int = 0  # persons with a name index or a search key rewritten
    keys_added: int = 0
    keys_removed: int = 0


def search_index_rebuild(
    *,
    person_model: type[models.Model],
    key_model: type[models.Model],
    batch_size: int = 500,
    progress: Callable[[RebuildStats], None] | None = None,
) -> RebuildStats:
    """Make every person's name indexes and search keys what the current key gives.

    Takes the models as arguments so that migration 0010 can run it on its historical
    models (`Person`, `PersonSearchKey` otherwise).
    """
    stats = RebuildStats()
    last_pk = 0
    while True:
        with transaction.atomic():
            batch = list(
                person_model._base_manager.select_for_update()
                .filter(pk__gt=last_pk)
                .order_by("pk")
                .only("pk", "full_name", "birth_date", "phone", "erased_at", "full_name_index", "name_birth_index")[
                    :batch_size
                ]
            )
            if not batch:
                return stats
            last_pk = batch[-1].pk
            _rebuild_batch(batch, key_model, stats)
        stats.examined += len(batch)
        if progress:
            progress(stats)


def _rebuild_batch(batch: list, key_model: type[models.Model], stats: RebuildStats) -> None:
    stored: dict[int, set[str]] = {}
    keys = key_model.objects.filter(person_id__in=[person.pk for person in batch])
    for person_id, digest in keys.values_list("person_id", "digest"):
        stored.setdefault(person_id, set()).add(digest)
    renamed, rekeyed, added = [], [], []
    for person in batch:
        indexes = (
            blind_index.name_index(person.full_name),
            blind_index.name_birth_index(person.full_name, person.birth_date),
        )
        if indexes != (person.full_name_index, person.name_birth_index):
            person.full_name_index, person.name_birth_index = indexes
            renamed.append(person)
        wanted, have = set(search_digests(person)), stored.get(person.pk, set())
        if wanted != have:
            rekeyed.append(person.pk)
            added += [key_model(person_id=person.pk, digest=digest) for digest in sorted(wanted)]
            stats.keys_removed += len(have)
        stats.persons_changed += bool(wanted != have or (renamed and renamed[-1] is person))
    if renamed:
        type(batch[0])._base_manager.bulk_update(renamed, ["full_name_index", "name_birth_index"])
    if rekeyed:
        key_model.objects.filter(person_id__in=rekeyed).delete()
        key_model.objects.bulk_create(added)
    stats.keys_added += len(added)

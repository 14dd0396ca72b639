"""The search keys of a person: keyed digests of each word of the name and of each phone number.

Names and phones are ciphertext, so SQL cannot search them; these digests
(`casetracker.protected.crypto.blind_index`) let a search box find a person by any whole
word of the name or by a phone number. `Person.save()` keeps them in step; the bulk
writers (import, synthetic data) insert `search_keys_of` themselves; an erased person has
none; `manage.py rebuild_search_index` recomputes them all.
"""

from django.db import models

from casetracker.cases.models.people import Person
from casetracker.protected.crypto import blind_index


class PersonSearchKey(models.Model):
    """One digest of a word of a person's name or of one of their phone numbers.

    Which of the two a digest is, and where a word stands in the name, is not stored:
    each person's digests are written in digest order.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=blind_index.DIGEST_LENGTH)

    class Meta:
        # Never shown or edited by anyone: no permissions to hand out.
        default_permissions = ()
        constraints = [
            # Also the index of a search: digest first, the person read from the index.
            models.UniqueConstraint(fields=["digest", "person"], name="person_search_key_unique"),
        ]

    def __str__(self) -> str:
        return f"search key of person #{self.person_id}"


def search_digests(person: Person) -> list[str]:
    """The digests a person is found by; none once erased (the pseudonym is not searchable)."""
    if person.erased_at is not None:
        return []
    return sorted({*blind_index.name_word_indexes(person.full_name), *blind_index.phone_search_indexes(person.phone)})


def search_keys_of(persons: list[Person]) -> list[PersonSearchKey]:
    """Unsaved search keys of saved persons, for a bulk insert."""
    return [
        PersonSearchKey(person_id=person.pk, digest=digest) for person in persons for digest in search_digests(person)
    ]


def search_keys_sync(person: Person, *, created: bool = False) -> None:
    """Make the stored search keys of `person` what its name and phone give now."""
    wanted = set(search_digests(person))
    stored = set() if created else set(PersonSearchKey.objects.filter(person=person).values_list("digest", flat=True))
    if stale := stored - wanted:
        PersonSearchKey.objects.filter(person=person, digest__in=stale).delete()
    if missing := wanted - stored:
        PersonSearchKey.objects.bulk_create([PersonSearchKey(person=person, digest=d) for d in sorted(missing)])

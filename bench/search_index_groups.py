"""What the search keys show to someone who holds the database but not the key.

    .venv/bin/python bench/search_index_groups.py                  # demo data, then 100,000 synthetic detentions
    .venv/bin/python bench/search_index_groups.py --count 20000

Works in a temporary SQLite file (never the developer's database): migrates it, runs
`seed_demo`, measures, adds `generate_cases --count N`, measures again. Each measure reads
only what a database dump holds (digests and who has them) and prints, for the word
index (`cases_personsearchkey`) and the whole-name index (`cases_person.full_name_index`):
how many digests, how many persons share one (the largest groups and their share of all
persons), and how many persons are alone in every group. The last lines use the key,
which an attacker does not have, to name the words behind the largest groups: what a
frequency list of Russian names would let them guess.
"""

import argparse
import collections
import os
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def configure_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "casetracker.settings"
    os.environ["DEBUG"] = "1"  # seed_demo and generate_cases refuse to run otherwise
    os.environ["CELERY_BROKER_URL"] = ""
    os.environ["LOG_LEVEL"] = "WARNING"
    # Throw-away keys for a throw-away database.
    os.environ["CASETRACKER_ENCRYPTION_KEYS"] = "bXBxMGZqdGc2c2R4bG1mZnR6N2NkZzBqcHBzMHR3bXE="
    os.environ["CASETRACKER_BLIND_INDEX_KEY"] = "bench-only-blind-index-key"

    import django

    django.setup()


def group_sizes(pairs: list[tuple[int, str]]) -> collections.Counter:
    """Persons per digest."""
    return collections.Counter(digest for _person, digest in pairs)


def describe(label: str, pairs: list[tuple[int, str]], persons: int) -> dict[str, int]:
    sizes = group_sizes(pairs)
    by_person = collections.defaultdict(list)
    for person, digest in pairs:
        by_person[person].append(sizes[digest])
    largest = sizes.most_common(5)
    in_large = {person for person, digest in pairs if sizes[digest] >= 100}
    alone = sum(1 for groups in by_person.values() if max(groups) == 1)
    print(f"  {label}: {len(pairs)} rows, {len(sizes)} distinct digests")
    print(
        "    largest groups (persons): " + ", ".join(f"{count} ({count / persons:.1%})" for _digest, count in largest)
    )
    print(
        f"    digests shared by 2+ persons: {sum(1 for n in sizes.values() if n > 1)}; "
        f"by 100+: {sum(1 for n in sizes.values() if n >= 100)}, "
        f"holding {len(in_large)} persons ({len(in_large) / persons:.1%})"
    )
    print(f"    persons in no shared group: {alone} ({alone / persons:.1%})")
    return dict(largest)


def measure(title: str) -> None:
    from casetracker.cases.models import Person, PersonSearchKey
    from casetracker.protected.crypto import blind_index

    persons = Person.objects.filter(erased_at__isnull=True).count()
    print(f"{title}: {persons} persons")
    words = list(PersonSearchKey.objects.values_list("person_id", "digest"))
    names = list(Person.objects.filter(erased_at__isnull=True).values_list("pk", "full_name_index"))
    per_person = collections.Counter(person for person, _digest in words)
    print(f"  search keys per person: {dict(sorted(collections.Counter(per_person.values()).items()))}")
    largest = describe("word index", words, persons)
    describe("whole-name index", names, persons)
    # With the key: which words the largest groups are.
    named = {}
    for person in Person.objects.filter(erased_at__isnull=True).only("full_name").iterator():
        for word in blind_index.name_words(person.full_name):
            named.setdefault(blind_index.name_word_indexes(word)[0], word)
        if len(named) > 100_000:
            break
    print("  (with the key) the largest groups are: " + ", ".join(named.get(d, "?") for d in largest))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100_000, help="synthetic detentions (default 100,000)")
    args = parser.parse_args()
    if args.count < 1:
        parser.error("--count must be positive")
    with tempfile.TemporaryDirectory() as tmpdir:
        configure_django(f"sqlite:///{tmpdir}/search_groups.sqlite3")
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("seed_demo", verbosity=0)
        measure("Demo data (seed_demo)")
        call_command("generate_cases", "--count", str(args.count), verbosity=0)
        measure(f"Demo data + generate_cases --count {args.count}")


if __name__ == "__main__":
    main()

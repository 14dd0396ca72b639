"""The cost of encryption at rest: per value, on the case change list, and key rotation.

    .venv/bin/python bench/encryption.py                  # SQLite, temporary file, 10,000 cases
    .venv/bin/python bench/encryption.py --cases 1000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casetracker .venv/bin/python bench/encryption.py

Prints the encrypt and decrypt time of one value, the case change list at N cases
(compare with `bench/admin_changelist.py` run on a checkout from before encryption for
the before/after ratio), and `rotate_keys` throughput in rows per second.
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from admin_changelist import (
    BenchDatabase,
    analyze,
    configure_django,
    create_cases,
    create_events,
    create_users,
    measure,
)


def per_value_timing(samples: int = 2000) -> tuple[float, float]:
    from casetracker.protected.crypto.keys import key_ring

    ring = key_ring()
    text = "Глухин Николай Сергеевич"
    started = time.perf_counter()
    tokens = [ring.encrypt(text) for _ in range(samples)]
    encrypt_us = (time.perf_counter() - started) / samples * 1e6
    started = time.perf_counter()
    for token in tokens:
        ring.decrypt(token)
    decrypt_us = (time.perf_counter() - started) / samples * 1e6
    return encrypt_us, decrypt_us


def rotate(batch_size: int) -> tuple[int, float]:
    from cryptography.fernet import Fernet
    from django.conf import settings
    from django.core.management import call_command

    from casetracker.protected.crypto.rotation import models_with_encrypted_fields

    settings.CASETRACKER_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.CASETRACKER_ENCRYPTION_KEYS]
    rows = sum(model._base_manager.count() for model in models_with_encrypted_fields())
    started = time.perf_counter()
    call_command("rotate_keys", "--batch-size", str(batch_size), stdout=io.StringIO())
    return rows, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args()

    with BenchDatabase(os.environ.get("DATABASE_URL", "")) as database_url:
        configure_django(database_url)
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0, interactive=False)
        encrypt_us, decrypt_us = per_value_timing()
        print(f"one value: encrypt {encrypt_us:.1f} µs, decrypt {decrypt_us:.1f} µs")

        users = create_users()
        events = create_events()
        create_cases(0, args.cases, lawyers=[users["lawyer"], users["colleague"]], events=events)
        analyze()
        for role in ("coordinator", "lawyer"):
            result = measure(users[role], runs=args.runs)
            print(
                f"change list, {args.cases} cases, {connection.vendor}, {role}: median {result['median']:.1f} ms, "
                f"p95 {result['p95']:.1f} ms, {result['queries']} queries"
            )
        rows, seconds = rotate(args.batch_size)
        print(f"rotate_keys: {rows} rows in {seconds:.1f} s = {rows / seconds:.0f} rows/s ({connection.vendor})")


if __name__ == "__main__":
    main()

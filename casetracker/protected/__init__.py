"""Protected storage: the floor below the domain.

Field and file encryption with the key ring (`crypto/`), the private file storage
(`storage.py`), the registry of every kind of encrypted file (`crypto/file_kinds.py`),
PostgreSQL COPY writing (`bulk_copy.py`) and backup and restore (`backup.py`). It imports
nothing of the project's apps: the apps above register what it needs to know.
"""

"""Model fields whose values are stored encrypted (Fernet: AES-128-CBC + HMAC-SHA256).

Our own small fields rather than a package: the ready-made ones store False as NULL or
hand back ciphertext when decryption fails. Here every failure raises, naming the field.
The column is text whatever the Python type; only `isnull` can be queried in SQL.
"""

import datetime as dt

from django.db import models

from casetracker.protected.crypto.keys import key_ring


class EncryptedFieldMixin:
    """Encrypts on the way to the database and decrypts on the way back."""

    def get_internal_type(self) -> str:
        return "TextField"

    def db_type(self, connection):
        return models.TextField().db_type(connection)

    def get_lookup(self, lookup_name: str):
        # Comparing ciphertexts is meaningless; only NULL checks make sense in SQL.
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None

    def get_transform(self, lookup_name: str):
        return None

    def to_plaintext(self, value) -> str:
        return str(value)

    def from_plaintext(self, plaintext: str):
        return self.to_python(plaintext)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return None
        return key_ring().encrypt(self.to_plaintext(value))

    def get_db_prep_value(self, value, connection, prepared: bool = False):
        # No backend adaptation: the prepared value is already the stored text.
        return value if prepared else self.get_prep_value(value)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        label = f"{self.model._meta.label}.{self.name}" if hasattr(self, "model") else self.name
        return self.from_plaintext(key_ring().decrypt(value, label=label))


class EncryptedCharField(EncryptedFieldMixin, models.CharField):
    """max_length limits the plaintext (forms and validation), not the column."""


class EncryptedEmailField(EncryptedFieldMixin, models.EmailField):
    pass


class EncryptedTextField(EncryptedFieldMixin, models.TextField):
    pass


class EncryptedDateField(EncryptedFieldMixin, models.DateField):
    def to_plaintext(self, value: dt.date) -> str:
        return value.isoformat()

    def from_plaintext(self, plaintext: str) -> dt.date:
        return dt.date.fromisoformat(plaintext)


def encrypted_fields(model: type[models.Model]) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields if isinstance(field, EncryptedFieldMixin)]

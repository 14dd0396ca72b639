"""Unsaved model instances built fast: an import builds eight per row, 800,000 for a full file."""

from collections.abc import Callable
from typing import Generic, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


class InstanceFactory(Generic[M]):
    """`factory(**values)` equals `Model(**values)` for values given by attname, about 2.5× faster.

    `Model(**kwargs)` looks every field up among the keyword arguments and calls its
    default; here constant defaults are computed once, callable ones (timezone.now,
    list) once per instance unless a value is given (as `Model()` does), and the
    instance is built from positional values (Django's own fast path, the one
    `Model.from_db` takes). Relations are given by attname (`case_id`), as the
    descriptors (`case=`) are what is slow.
    """

    def __init__(self, model: type[M]) -> None:
        self.model = model
        fields = model._meta.concrete_fields
        self.position = {field.attname: index for index, field in enumerate(fields)}
        # has_default(): a field without one has NOT_PROVIDED, a class, hence "callable".
        dynamic = [field.has_default() and callable(field.default) for field in fields]
        self.constants = [
            None if varies else field.get_default() for field, varies in zip(fields, dynamic, strict=True)
        ]
        self.callables: list[tuple[int, str, Callable[[], object]]] = [
            (index, field.attname, field.get_default)
            for index, (field, varies) in enumerate(zip(fields, dynamic, strict=True))
            if varies
        ]

    def __call__(self, **values: object) -> M:
        row = self.constants.copy()
        for index, attname, default in self.callables:
            if attname not in values:  # as Model(): a given value's default is never computed
                row[index] = default()
        for attname, value in values.items():
            row[self.position[attname]] = value  # KeyError: not a concrete attname
        return self.model(*row)

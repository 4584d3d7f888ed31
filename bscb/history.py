"""Append-only records (the return workflow log, status updates, quarter events, BMG challenges): the guard every
such model shares, on the ground floor so that every app can build on it.

A row is written once and never changed or deleted through the ORM: `save()` of an existing row, `delete()`, and the
bulk `update()` and `delete()` of a queryset (which would bypass the model's methods) all raise ValidationError.
On PostgreSQL a trigger refuses the same at the database (`bscb.db.AppendOnly`), and the foreign keys to what a row
records are PROTECT, so that deleting a parent with history is refused before any DELETE is tried.
"""

from django.core.exceptions import ValidationError
from django.db import models


def _refuse(model, verb):
    raise ValidationError(f"{model._meta.verbose_name_plural.capitalize()} are append-only and cannot be {verb}.")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        _refuse(self.model, "changed")

    def delete(self):
        _refuse(self.model, "deleted")


class AppendOnlyModel(models.Model):
    """Abstract base of an append-only record. Subclasses with a queryset of their own derive it from
    AppendOnlyQuerySet."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            _refuse(type(self), "changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse(type(self), "deleted")

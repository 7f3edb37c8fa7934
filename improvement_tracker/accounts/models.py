"""Organisations: the councils, trusts and partner agencies that own plans and leads."""

from django.db import models

from improvement_tracker.core.models import TimeStampedModel


class Organisation(TimeStampedModel):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

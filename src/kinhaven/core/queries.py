"""Building blocks of scoped queries that every app shares."""

from django.db.models import Q

# Matches no row: what a deny-by-default visibility rule returns when nothing is allowed.
NOTHING = Q(pk__in=[])

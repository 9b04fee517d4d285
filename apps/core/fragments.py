"""HTML fragments drawn once per web process, and the list rows that let a page skip reading
what a drawn card shows.

`{% process_fragment %}` (core_tags) keeps markup that depends on nothing but the values named
in its key: the navigation per section, a list's card per row version. A card named by a
string (`{% process_fragment "hackathon-card" hackathon.card_key %}`) can be looked up here,
so a list can read only each row's key and fetch the full rows, with what they join and
prefetch, for the cards this process has not drawn yet (`rows_for_cards`). Other processes
keep their own copies: a key must change whenever the markup would."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable

from django.db.models import Model, QuerySet
from django.utils.safestring import SafeString

# The navigation's few variants, and the cards of the lists people read most (~2 KB each).
FRAGMENTS_MAX = 4096
_fragments: OrderedDict[tuple, SafeString] = OrderedDict()


def fragment_get(key: tuple) -> SafeString | None:
    html = _fragments.get(key)
    if html is not None:
        _fragments.move_to_end(key)
    return html


def fragment_put(key: tuple, html: SafeString) -> None:
    _fragments[key] = html
    if len(_fragments) > FRAGMENTS_MAX:
        _fragments.popitem(last=False)


def fragments_clear() -> None:
    _fragments.clear()


def rows_for_cards[Row: Model](
    rows: Iterable[Row],
    *,
    card: str,
    key: Callable[[Row], Hashable],
    load: Callable[[list[int]], QuerySet[Row]],
) -> list[Row]:
    """`rows`, read with only the fields their card's key needs, in order, each row whose card
    this process has not drawn replaced by the same row read by `load` (one query for them
    all, plus its prefetches). With every card drawn, the page reads the keys alone."""
    rows = list(rows)
    missing = [row.pk for row in rows if (card, key(row)) not in _fragments]
    if not missing:
        return rows
    full = {row.pk: row for row in load(missing)}
    return [full.get(row.pk, row) for row in rows]

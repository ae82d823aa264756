"""Work shared among processes: every item once, in order, the chunks shrinking."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.common.shares import LARGEST, SMALLEST, shares


@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=1, max_value=16))
def test_every_item_once_in_chunks_that_shrink(count: int, jobs: int) -> None:
    items = list(range(count))
    chunks = shares(items, jobs)
    assert [item for chunk in chunks for item in chunk] == items
    sizes = [len(chunk) for chunk in chunks]
    assert sizes == sorted(sizes, reverse=True)
    assert all(0 < size <= LARGEST for size in sizes)
    assert all(size >= SMALLEST for size in sizes[:-1])


def test_the_last_chunks_are_small_whatever_the_count() -> None:
    assert [len(chunk) for chunk in shares(range(1000), 2)][-4:] == [SMALLEST] * 4

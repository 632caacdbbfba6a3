# SPDX-License-Identifier: MIT
from __future__ import annotations

import pytest

from kzreforms import TAXONOMY, InvalidTypeError, Topic, UnknownTopicError


class TestTaxonomy:
    def test_two_levels(self) -> None:
        """Every topic is top-level or the child of a top-level topic."""
        for t in Topic:
            assert t.parent is None or t.parent.is_top_level
            assert (t.parent is None) == t.is_top_level

    def test_tree_consistent(self) -> None:
        """children and parent agree, and TAXONOMY lists every topic once."""
        listed = [*TAXONOMY, *(c for cs in TAXONOMY.values() for c in cs)]
        assert sorted(listed, key=str) == sorted(Topic, key=str)
        for parent, children in TAXONOMY.items():
            assert frozenset(children) == parent.children
            for c in children:
                assert c.parent is parent
                assert parent.includes(c)
                assert not c.includes(parent)

    def test_with_descendants(self) -> None:
        """A parent's descendants include its children and itself."""
        assert Topic.CHILDREN.with_descendants() == {
            Topic.CHILDREN,
            Topic.CHILD_PROTECTION,
            Topic.EDUCATION,
            Topic.BULLYING,
        }

    def test_parse(self) -> None:
        """Slugs and member names parse; unknown names list close matches."""
        assert Topic.DOMESTIC_VIOLENCE is Topic.parse("domestic-violence")
        assert Topic.DOMESTIC_VIOLENCE is Topic.parse("Domestic Violence")
        assert Topic.DOMESTIC_VIOLENCE is Topic.parse(Topic.DOMESTIC_VIOLENCE)
        with pytest.raises(UnknownTopicError) as ei:
            Topic.parse("domestic-violense")
        assert ei.value.suggestions == ["domestic-violence"]
        assert "did you mean 'domestic-violence'" in str(ei.value)
        assert isinstance(ei.value, LookupError)
        with pytest.raises(InvalidTypeError):
            Topic.parse(5)  # type: ignore[arg-type]
        assert str(Topic.CHILDREN) == "children"

# SPDX-License-Identifier: MIT
"""
The topic taxonomy: a two-level tree of :class:`Topic` members.

A record is tagged with the most specific topics that fit; asking for a parent
includes its children.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING

from ._enums import Named, sealed
from ._errors import UnknownTopicError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = ["TAXONOMY", "Topic"]


class Topic(Named):
    """
    A subject a reform is about.  The value is the topic's slug.

    Top-level topics have children (``Topic.JUSTICE.children``); a child knows
    its ``parent``.  :meth:`parse` reads a slug or a member name and raises
    :class:`~kzreforms.UnknownTopicError` with close matches otherwise.

    .. versionadded:: 0.1.0
    """

    # political
    POLITICAL = "political"
    CONSTITUTION = "constitution"
    ELECTIONS = "elections"
    PARTIES = "parties"
    PARLIAMENT = "parliament"
    LOCAL_GOVERNMENT = "local-government"
    PRESIDENCY = "presidency"
    # justice
    JUSTICE = "justice"
    COURTS = "courts"
    CRIMINAL_LAW = "criminal-law"
    PENITENTIARY = "penitentiary"
    TORTURE_PREVENTION = "torture-prevention"
    DEATH_PENALTY = "death-penalty"
    LAW_ENFORCEMENT = "law-enforcement"
    ADMINISTRATIVE_JUSTICE = "administrative-justice"
    # human-rights institutions
    HUMAN_RIGHTS_INSTITUTIONS = "human-rights-institutions"
    OMBUDSMAN = "ombudsman"
    NATIONAL_PLANS = "national-plans"
    UN_ENGAGEMENT = "un-engagement"
    TREATIES = "treaties"
    # women
    WOMEN = "women"
    GENDER_EQUALITY = "gender-equality"
    DOMESTIC_VIOLENCE = "domestic-violence"
    REPRESENTATION = "representation"
    # children
    CHILDREN = "children"
    CHILD_PROTECTION = "child-protection"
    EDUCATION = "education"
    BULLYING = "bullying"
    # disability
    DISABILITY = "disability"
    # trafficking and migration
    TRAFFICKING = "trafficking"
    MIGRANTS = "migrants"
    STATELESS_PERSONS = "stateless-persons"
    REFUGEES = "refugees"
    # civil society
    CIVIL_SOCIETY = "civil-society"
    ASSOCIATION = "association"
    ASSEMBLY = "assembly"
    PUBLIC_OVERSIGHT = "public-oversight"
    PETITIONS = "petitions"
    TRADE_UNIONS = "trade-unions"
    # media and expression
    MEDIA_AND_EXPRESSION = "media-and-expression"
    DEFAMATION = "defamation"
    MASS_MEDIA = "mass-media"
    # single-level areas and their children
    DIGITAL_GOVERNMENT = "digital-government"
    ANTI_CORRUPTION = "anti-corruption"
    ASSET_RECOVERY = "asset-recovery"
    RELIGION = "religion"
    ENVIRONMENT = "environment"
    POACHING = "poaching"
    RANGERS = "rangers"
    DRUGS = "drugs"
    ROAD_SAFETY = "road-safety"
    SOCIAL_PROTECTION = "social-protection"

    @property
    def parent(self) -> Topic | None:
        """The parent topic, or ``None`` for a top-level topic."""
        return _PARENT.get(self)

    @property
    def children(self) -> frozenset[Topic]:
        """The direct children of this topic (empty for a leaf)."""
        return _CHILDREN.get(self, frozenset())

    @property
    def is_top_level(self) -> bool:
        """Whether this topic has no parent."""
        return self not in _PARENT

    def includes(self, other: Topic) -> bool:
        """Whether *other* is this topic or one of its descendants."""
        t: Topic | None = other
        while t is not None:
            if t is self:
                return True
            t = t.parent
        return False

    def with_descendants(self) -> frozenset[Topic]:
        """This topic and all topics below it."""
        out = {self}
        for c in self.children:
            out |= c.with_descendants()
        return frozenset(out)

    @classmethod
    def _unknown(cls, name: str) -> UnknownTopicError:
        return UnknownTopicError("topic", name, [t.value for t in cls])

    @classmethod
    def parse_many(cls, names: Iterable[Topic | str]) -> frozenset[Topic]:
        """Parse each of *names* (see :meth:`parse`)."""
        return frozenset(cls.parse(n) for n in names)


_TREE: dict[Topic, tuple[Topic, ...]] = {
    Topic.POLITICAL: (
        Topic.CONSTITUTION,
        Topic.ELECTIONS,
        Topic.PARTIES,
        Topic.PARLIAMENT,
        Topic.LOCAL_GOVERNMENT,
        Topic.PRESIDENCY,
    ),
    Topic.JUSTICE: (
        Topic.COURTS,
        Topic.CRIMINAL_LAW,
        Topic.PENITENTIARY,
        Topic.TORTURE_PREVENTION,
        Topic.DEATH_PENALTY,
        Topic.LAW_ENFORCEMENT,
        Topic.ADMINISTRATIVE_JUSTICE,
    ),
    Topic.HUMAN_RIGHTS_INSTITUTIONS: (
        Topic.OMBUDSMAN,
        Topic.NATIONAL_PLANS,
        Topic.UN_ENGAGEMENT,
        Topic.TREATIES,
    ),
    Topic.WOMEN: (Topic.GENDER_EQUALITY, Topic.DOMESTIC_VIOLENCE, Topic.REPRESENTATION),
    Topic.CHILDREN: (Topic.CHILD_PROTECTION, Topic.EDUCATION, Topic.BULLYING),
    Topic.TRAFFICKING: (Topic.MIGRANTS, Topic.STATELESS_PERSONS, Topic.REFUGEES),
    Topic.CIVIL_SOCIETY: (
        Topic.ASSOCIATION,
        Topic.ASSEMBLY,
        Topic.PUBLIC_OVERSIGHT,
        Topic.PETITIONS,
        Topic.TRADE_UNIONS,
    ),
    Topic.MEDIA_AND_EXPRESSION: (Topic.DEFAMATION, Topic.MASS_MEDIA),
    Topic.ANTI_CORRUPTION: (Topic.ASSET_RECOVERY,),
    Topic.ENVIRONMENT: (Topic.POACHING, Topic.RANGERS),
    Topic.DISABILITY: (),
    Topic.DIGITAL_GOVERNMENT: (),
    Topic.RELIGION: (),
    Topic.DRUGS: (),
    Topic.ROAD_SAFETY: (),
    Topic.SOCIAL_PROTECTION: (),
}
_PARENT: dict[Topic, Topic] = {c: p for p, cs in _TREE.items() for c in cs}
_CHILDREN: dict[Topic, frozenset[Topic]] = {p: frozenset(cs) for p, cs in _TREE.items()}

TAXONOMY: Mapping[Topic, tuple[Topic, ...]] = MappingProxyType(_TREE)
"""Each top-level topic and its children, in display order."""


def with_parents(topics: frozenset[Topic]) -> frozenset[Topic]:
    """*topics* and their parents (``Reform.all_topics``, and the packaged index's)."""
    return topics.union([t.parent for t in topics if t.parent is not None])


sealed(Topic)

# SPDX-License-Identifier: MIT
"""
The vocabularies of the records: the enumerations :mod:`kzreforms._model`
uses (stages, kinds, liability, gravity...), and the names of the kinds of
penalty change.

PERF (benchmarks/): kept apart from the record classes, so that the command
line and a first query can name and parse them without importing
``_model``, whose attrs classes are the largest cost of a cold start
(issue #14).  ``_model`` re-exports every name.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from typing import Literal, get_args

from ._enums import Named, Ordered, sealed

__all__ = [
    "CHANGE_KIND_NAMES",
    "ActKind",
    "ChangeKind",
    "Confidence",
    "Gravity",
    "Liability",
    "LinkKind",
    "ReformKind",
    "SourceKind",
    "Stage",
    "TitleLang",
]

MONTHS_PER_YEAR = 12

# ---------------------------------------------------------------------------
# Enumerations
# ---------------------------------------------------------------------------


@sealed
class Liability(Ordered):
    """
    The kind of legal liability an act draws, least to most serious.

    .. versionadded:: 0.1.0
    """

    NONE = "none"
    CIVIL = "civil"
    ADMINISTRATIVE = "administrative"
    CRIMINAL = "criminal"


@sealed
class Gravity(Ordered):
    """
    The Criminal Code's classes of criminal offences (Arts 10-11), least
    grave first.

    For intentional crimes the class follows the maximum prison term: up to 2
    years is minor, up to 5 medium, up to 12 grave, above 12 (or life)
    especially grave.  A criminal misdemeanour carries no imprisonment.

    .. versionadded:: 0.1.0
    """

    CRIMINAL_MISDEMEANOUR = "criminal-misdemeanour"
    MINOR = "minor"
    MEDIUM = "medium"
    GRAVE = "grave"
    ESPECIALLY_GRAVE = "especially-grave"

    @classmethod
    def for_term(
        cls, max_months: int | None, *, life: bool = False, negligent: bool = False
    ) -> Gravity | None:
        """
        The class Art. 11 gives a crime whose maximum term is *max_months*.

        Returns ``None`` when the Code does not tie the class to the term (no
        known maximum and no life imprisonment).

        >>> Gravity.for_term(96)
        <Gravity.GRAVE: 'grave'>
        """
        if negligent:
            if max_months is None:
                return None
            return cls.MINOR if max_months <= 5 * MONTHS_PER_YEAR else cls.MEDIUM
        if life:
            return cls.ESPECIALLY_GRAVE
        if max_months is None:
            return None
        if max_months <= 2 * MONTHS_PER_YEAR:
            return cls.MINOR
        if max_months <= 5 * MONTHS_PER_YEAR:
            return cls.MEDIUM
        if max_months <= 12 * MONTHS_PER_YEAR:
            return cls.GRAVE
        return cls.ESPECIALLY_GRAVE


@sealed
class Confidence(Ordered):
    """
    How well a citation supports the fact it backs, weakest first.

    ``high``: an official text, or two independent sources agree; ``medium``:
    one reputable source; ``low``: unclear, or a draft-stage report.

    .. versionadded:: 0.1.0
    """

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@sealed
class Stage(Ordered):
    """
    A step in a reform's life.

    The lifecycle chain runs ``announced < drafted < adopted < approved <
    signed < published < in-force < applicable < repealed``; ``signed``,
    ``published``, ``in-force``, ``applicable`` and ``repealed`` follow the
    European Legislation Identifier's document, publication, entry-into-force,
    applicability and no-longer-in-force dates.  ``adopted`` is the lower house
    (Mazhilis), ``approved`` the upper house (Senate).  The other stages stand
    outside the chain.

    .. versionadded:: 0.1.0
    """

    ANNOUNCED = "announced"
    DRAFTED = "drafted"
    ADOPTED = "adopted"
    APPROVED = "approved"
    SIGNED = "signed"
    PUBLISHED = "published"
    IN_FORCE = "in-force"
    APPLICABLE = "applicable"
    REPEALED = "repealed"
    # outside the chain
    REFERENDUM = "referendum"
    RATIFIED = "ratified"
    DEPOSITED = "deposited"
    ESTABLISHED = "established"
    LAUNCHED = "launched"
    HELD = "held"
    REPORTED = "reported"
    ELECTED = "elected"
    DETAINED = "detained"
    SENTENCED = "sentenced"
    REPLACED = "replaced"

    @property
    def in_chain(self) -> bool:
        """Whether this stage is on the lifecycle chain."""
        return self.rank <= _REPEALED_RANK


_REPEALED_RANK = 8


@sealed
class ReformKind(Named):
    """
    What sort of thing a reform is.

    .. versionadded:: 0.1.0
    """

    CONSTITUTIONAL_AMENDMENT = "constitutional-amendment"
    CODE = "code"
    CODE_AMENDMENT = "code-amendment"
    LAW = "law"
    DECREE = "decree"
    ACTION_PLAN = "action-plan"
    INSTITUTION = "institution"
    PROGRAMME = "programme"
    PLATFORM = "platform"
    TREATY = "treaty"
    ELECTORAL_CHANGE = "electoral-change"
    POLICY = "policy"
    ADDRESS = "address"
    REPORT = "report"
    EVENT = "event"


@sealed
class ActKind(Named):
    """
    The type of a legal instrument.

    .. versionadded:: 0.1.0
    """

    CONSTITUTION = "constitution"
    CONSTITUTIONAL_LAW = "constitutional-law"
    CODE = "code"
    LAW = "law"
    PRESIDENTIAL_DECREE = "presidential-decree"
    GOVERNMENT_DECREE = "government-decree"
    ORDER = "order"
    TREATY = "treaty"
    RESOLUTION = "resolution"
    OTHER = "other"


@sealed
class SourceKind(Named):
    """
    What sort of publication a source is.

    .. versionadded:: 0.1.0
    """

    OFFICIAL_TEXT = "official-text"
    LEGAL_DATABASE = "legal-database"
    GOVERNMENT = "government"
    INTERNATIONAL = "international"
    NEWS = "news"
    OP_ED = "op-ed"
    ANALYSIS = "analysis"
    ACADEMIC = "academic"
    NGO = "ngo"
    OTHER = "other"


@sealed
class LinkKind(Named):
    """
    How a later record ends (or halts) an earlier one (:class:`StatusLink`).

    ``superseded``: a later act or body takes its place; ``repealed``: it is
    cancelled (no longer in force); ``replaced``: a new text replaces it as a
    whole; ``stalled``: it stopped before taking effect.

    .. versionadded:: 0.2.0
    """

    SUPERSEDED = "superseded"
    REPEALED = "repealed"
    REPLACED = "replaced"
    STALLED = "stalled"


@sealed
class TitleLang(Named):
    """
    The language of an official title: ``ru`` (Russian) or ``kk`` (Kazakh).

    .. versionadded:: 0.2.0
    """

    RU = "ru"
    KK = "kk"


ChangeKind = Literal["new", "criminalisation", "decriminalisation", "harsher", "milder"]
"""The kinds of penalty change :meth:`PenaltyView.of_kind` accepts."""

CHANGE_KIND_NAMES: tuple[ChangeKind, ...] = get_args(ChangeKind)
"""The kinds of penalty change in display order (the keys of ``_penalties.CHANGE_KINDS``)."""

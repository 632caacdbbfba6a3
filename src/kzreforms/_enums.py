# SPDX-License-Identifier: MIT
"""
The one enum base of the library: members that cannot be changed, names
parsed the same way everywhere, and an order by definition where it matters.

Every enum (topics, stages, kinds, gravity, date precision, date modes...)
derives from :class:`Named` or :class:`Ordered` and is finished with
:func:`sealed`, after which its members refuse attribute changes: they are
shared by every record, and ``Stage.SIGNED._name_ = "x"`` would change a
member's hash and break every set holding it.
"""

from __future__ import annotations

import enum
import re
from typing import TYPE_CHECKING, Any, TypeVar

from ._errors import InvalidTypeError, UnknownNameError
from ._text import norm_name

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["Named", "Ordered", "sealed"]

E = TypeVar("E", bound="Named")

_SEALED: set[type[enum.Enum]] = set()
"""The enum classes whose members are complete (filled by :func:`sealed` only)."""


class Named(enum.Enum):
    """An enum whose value is a slug; ``str()`` gives the slug."""

    def __str__(self) -> str:
        return str(self.value)

    def __setattr__(self, name: str, value: object) -> None:
        if type(self) in _SEALED:
            raise AttributeError(
                f"cannot set {name!r}: {type(self).__name__} members are immutable"
            )
        super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete {name!r}: {type(self).__name__} members are immutable")

    @classmethod
    def _unknown(cls, name: str) -> UnknownNameError:
        """The error for a name that is not a member (subclasses may narrow it)."""
        what = re.sub(r"(?<!^)(?=[A-Z])", " ", cls.__name__).lower()
        return UnknownNameError(what, name, [str(m.value) for m in cls])

    @classmethod
    def parse(cls, name: Self | str) -> Self:
        """
        Return the member for a slug (``"in-force"``) or a member name
        (``"IN_FORCE"``); members are returned as they are.

        Raises:
            UnknownNameError: The name is not a member (close matches listed).
            InvalidTypeError: *name* is not a str or a member.
        """
        if isinstance(name, cls):
            return name
        if not isinstance(name, str):
            raise InvalidTypeError(cls.__name__, name, f"a {cls.__name__} or its name as a str")
        try:
            return cls(norm_name(name))
        except ValueError:
            raise cls._unknown(name) from None


class Ordered(Named):
    """An enum ordered by definition order (:attr:`rank`)."""

    @property
    def rank(self) -> int:
        """Position in definition order, from 0."""
        return self._rank_  # type: ignore[attr-defined,no-any-return]

    def __lt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.rank >= other.rank


def sealed(cls: type[E]) -> type[E]:
    """Class decorator: number the members (``rank``), then refuse changes."""
    for i, m in enumerate(cls):
        m._rank_ = i  # before the class is sealed
    _SEALED.add(cls)
    return cls


def member_values(cls: type[Any]) -> list[str]:
    """The slugs of *cls*'s members, in definition order."""
    return [str(m.value) for m in cls]

"""Numbers and lists in words: "three", "40%", "a, b and c", plurals, a round axis top."""

from __future__ import annotations


def listing(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


SMALL_NUMBERS = "zero one two three four five six seven eight nine".split()


def number_words(value: float) -> str:
    """A number as the site's prose prints it: "eight", 33, 2,000 (whole numbers under ten in
    words, as the article prints them)."""
    value = float(value)
    if value.is_integer() and 0 <= value < len(SMALL_NUMBERS):
        return SMALL_NUMBERS[int(value)]
    return f"{value:,.0f}" if value.is_integer() else f"{value:,g}"


def count_words(n: int) -> str:
    """A count in words: "one", "five", 14."""
    return number_words(n)


def percent(share: float) -> str:
    """A share as a whole percentage, "<1%" for a present voice that rounds to 0 % (a voice
    that is there is never shown as none)."""
    return "<1%" if 0 < share < 0.005 else f"{share:.0%}"


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """ "one passage", "14 passages"."""
    return f"{count_words(n)} {noun if n == 1 else nouns or noun + 's'}"


def axis_top(value: float, step: float) -> float:
    """The first multiple of ``step`` above ``value``: room to the right of the longest bar."""
    return step * (value // step + 1)

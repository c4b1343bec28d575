"""The burgerservicenummer and its eleven-test (elfproef)."""

BSN_LENGTH = 9


def is_valid_bsn(value: str) -> bool:
    """True when `value` is nine digits passing the BSN elfproef.

    The weights are 9..2 for the first eight digits and -1 for the last; the
    weighted sum must be divisible by 11 and not zero.
    """
    if len(value) != BSN_LENGTH or not (value.isascii() and value.isdigit()):
        return False
    digits = [int(c) for c in value]
    total = sum(weight * digit for weight, digit in zip(range(9, 1, -1), digits[:8], strict=True))
    total -= digits[8]
    return total != 0 and total % 11 == 0


def complete_bsn(first_eight: str) -> str | None:
    """The valid BSN starting with these eight digits, if one exists (for synthetic data)."""
    digits = [int(c) for c in first_eight]
    total = sum(weight * digit for weight, digit in zip(range(9, 1, -1), digits, strict=True))
    check = total % 11
    if check == 10:
        return None
    candidate = f"{first_eight}{check}"
    return candidate if is_valid_bsn(candidate) else None

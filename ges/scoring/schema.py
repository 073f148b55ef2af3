"""Strict readers for JSON values: each returns None and records a problem instead of raising."""

from collections.abc import Collection, Mapping
from decimal import Decimal, InvalidOperation
from typing import TypeGuard

from ges.scoring.arithmetic import MAX_ADJUSTED, is_reasonable, plain
from ges.scoring.problems import Problems, key_path

type JSONObject = Mapping[str, object]

LARGEST = 10 ** (MAX_ADJUSTED + 1)  # integers below this are reasonable (arithmetic.py)


def to_decimal(value: object) -> Decimal | None:
    """A JSON number or numeric string as an exact Decimal; None when it is not a number.

    Floats come from JSON decoded without `parse_float=Decimal` (Django's JSONField does
    that); their shortest repr is the text the JSON held, so it is read back exactly.
    """
    if type(value) is Decimal:  # the common case: JSON read with parse_float=Decimal
        return value if is_reasonable(value) else None
    if type(value) is int:
        return Decimal(value) if -LARGEST < value < LARGEST else None
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
    else:
        return None
    return number if is_reasonable(number) else None


def is_object(data: object) -> TypeGuard[JSONObject]:
    """A JSON object; dicts are checked first because the Mapping check is slow."""
    return type(data) is dict or isinstance(data, Mapping)


def read_object(
    data: object,
    path: str,
    problems: Problems,
    *,
    required: Collection[str] = (),
    optional: Collection[str] = (),
) -> JSONObject | None:
    if not is_object(data):
        problems.add(path, "ต้องเป็นออบเจกต์ JSON ({...})", "must be a JSON object ({...})")
        return None
    allowed = [*required, *optional]
    for key in data:
        if key not in allowed:
            problems.add(
                key_path(path, str(key)),
                f"ไม่รู้จักคีย์ '{key}' (ใช้ได้: {', '.join(allowed)})",
                f"unknown key '{key}' (allowed: {', '.join(allowed)})",
            )
    for key in required:
        if key not in data:
            problems.add(key_path(path, key), "ต้องระบุ", "is required")
    return data


def read_number(
    value: object,
    path: str,
    problems: Problems,
    *,
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
) -> Decimal | None:
    number = to_decimal(value)
    if number is None:
        problems.add(
            path,
            f"ต้องเป็นตัวเลข (ได้ {_shown(value)})",
            f"must be a number (got {_shown(value)})",
        )
        return None
    if minimum is not None and number < minimum:
        problems.add(
            path,
            f"ต้องไม่น้อยกว่า {plain(minimum)} (ได้ {plain(number)})",
            f"must be at least {plain(minimum)} (got {plain(number)})",
        )
        return None
    if maximum is not None and number > maximum:
        problems.add(
            path,
            f"ต้องไม่เกิน {plain(maximum)} (ได้ {plain(number)})",
            f"must be at most {plain(maximum)} (got {plain(number)})",
        )
        return None
    return number


def read_integer(
    value: object, path: str, problems: Problems, *, minimum: int, maximum: int
) -> int | None:
    number = to_decimal(value)
    if number is None or number != number.to_integral_value():
        problems.add(
            path,
            f"ต้องเป็นจำนวนเต็ม (ได้ {_shown(value)})",
            f"must be an integer (got {_shown(value)})",
        )
        return None
    if not minimum <= number <= maximum:
        problems.add(
            path,
            f"ต้องอยู่ระหว่าง {minimum} ถึง {maximum}",
            f"must be between {minimum} and {maximum}",
        )
        return None
    return int(number)


def read_text(value: object, path: str, problems: Problems) -> str | None:
    if not isinstance(value, str) or not value.strip():
        problems.add(
            path,
            f"ต้องเป็นข้อความที่ไม่ว่าง (ได้ {_shown(value)})",
            f"must be non-empty text (got {_shown(value)})",
        )
        return None
    return value


def read_choice(
    value: object, path: str, problems: Problems, choices: Collection[str]
) -> str | None:
    if not isinstance(value, str) or value not in choices:
        problems.add(
            path,
            f"ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: {', '.join(choices)} (ได้ {_shown(value)})",
            f"must be one of: {', '.join(choices)} (got {_shown(value)})",
        )
        return None
    return value


def read_bool(value: object, path: str, problems: Problems) -> bool | None:
    if not isinstance(value, bool):
        problems.add(
            path,
            f"ต้องเป็น true หรือ false (ได้ {_shown(value)})",
            f"must be true or false (got {_shown(value)})",
        )
        return None
    return value


def read_list(
    value: object, path: str, problems: Problems, *, non_empty: bool = True
) -> list[object] | None:
    if not isinstance(value, list | tuple):
        problems.add(
            path,
            f"ต้องเป็นรายการ ([...]) (ได้ {_shown(value)})",
            f"must be a list (got {_shown(value)})",
        )
        return None
    if non_empty and not value:
        problems.add(path, "ต้องมีอย่างน้อย 1 รายการ", "must have at least one item")
        return None
    return list(value)


def read_texts(value: object, path: str, problems: Problems) -> tuple[str, ...] | None:
    """A list of non-empty strings (step ids, block ids); duplicates are an error."""
    items = read_list(value, path, problems, non_empty=False)
    if items is None:
        return None
    texts: list[str] = []
    for index, item in enumerate(items):
        text = read_text(item, f"{path}[{index}]", problems)
        if text is not None and text in texts:
            problems.add(f"{path}[{index}]", f"'{text}' ซ้ำ", f"'{text}' is repeated")
        elif text is not None:
            texts.append(text)
    return tuple(texts) if len(texts) == len(items) else None


def _shown(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value[:40]}"'
    if isinstance(value, Mapping):
        return "{...}"
    if isinstance(value, list | tuple):
        return "[...]"
    return str(value)[:40]

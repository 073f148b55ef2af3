"""Threshold expressions such as `prev + 2%` or `(prev + 445) / 2`, parsed by hand, never eval'd.

Grammar (`%` binds tightest; `a + b%` is a increased by b percent of a):

    expression := term (("+" | "-") term)*
    term       := unary (("*" | "/") unary)*
    unary      := "-" unary | percent
    percent    := primary "%"?
    primary    := NUMBER | NAME | "(" expression ")"
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero

from ges.scoring.arithmetic import EXACT, HUNDREDTH, divide, is_reasonable, plain

MAX_LENGTH = 200
NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d+)?|\.\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>[-+*/()%−×÷]))"
)
# Explanations print − × ÷; people copy them back, so they mean the same as - * /.
_OPERATOR_ALIASES = {"−": "-", "×": "*", "÷": "/"}


@dataclass(frozen=True, slots=True)
class Number:
    value: Decimal


@dataclass(frozen=True, slots=True)
class Name:
    name: str


@dataclass(frozen=True, slots=True)
class Negate:
    operand: "Node"


@dataclass(frozen=True, slots=True)
class Percent:
    operand: "Node"


@dataclass(frozen=True, slots=True)
class Binary:
    operator: str  # one of + - * /
    left: "Node"
    right: "Node"


type Node = Number | Name | Negate | Percent | Binary


class ExpressionError(ValueError):
    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en


@dataclass(frozen=True, slots=True)
class Expression:
    text: str
    node: Node
    names: frozenset[str]
    constant: Decimal | None  # the value when the expression names no values

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        """The exact value; raises ExpressionError for an unknown name or division by zero."""
        if self.constant is not None:
            return self.constant
        return _evaluate_text(self.text, self.node, values)


def parse_expression(text: str) -> Expression:
    """Parse `text`; raises ExpressionError with a Thai message saying where it went wrong."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"นิพจน์ยาวเกิน {MAX_LENGTH} ตัวอักษร", f"expression longer than {MAX_LENGTH} characters"
        )
    parser = _Parser(text, _tokenize(text))
    node = parser.expression()
    parser.expect_end()
    names = frozenset(_names(node))
    constant = _evaluate_text(text, node, {}) if not names else None
    return Expression(text, node, names, constant)


def constant_expression(value: Decimal) -> Expression:
    text = str(value)
    if "E" in text or "e" in text:
        text = plain(value)
    return Expression(text, Number(value), _NO_NAMES, value)


_NO_NAMES: frozenset[str] = frozenset()


def _evaluate_text(text: str, node: Node, values: Mapping[str, Decimal]) -> Decimal:
    try:
        return _evaluate(node, values)
    except ExpressionError as error:
        raise ExpressionError(
            f"นิพจน์ '{text}': {error.message}", f"expression '{text}': {error.message_en}"
        ) from error


def _tokenize(text: str) -> list[tuple[str, str, int]]:
    tokens: list[tuple[str, str, int]] = []
    position = 0
    stripped_end = len(text.rstrip())
    while position < stripped_end:
        match = _TOKEN.match(text, position)
        if match is None:
            start = position + len(text[position:]) - len(text[position:].lstrip())
            raise ExpressionError(
                f"นิพจน์ '{text}' มีอักขระที่ใช้ไม่ได้ '{text[start]}' ที่ตำแหน่ง {start + 1}",
                f"expression '{text}' has an unexpected character '{text[start]}' "
                f"at position {start + 1}",
            )
        kind = match.lastgroup or "op"
        value = match.group(kind)
        tokens.append((kind, _OPERATOR_ALIASES.get(value, value), match.start(kind) + 1))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str, tokens: list[tuple[str, str, int]]) -> None:
        self.text = text
        self.tokens = tokens
        self.index = 0

    def peek(self) -> str | None:
        if self.index < len(self.tokens):
            return self.tokens[self.index][1]
        return None

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expression(self) -> Node:
        node = self.term()
        while self.peek() in ("+", "-"):
            operator = self.take()[1]
            node = Binary(operator, node, self.term())
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.peek() in ("*", "/"):
            operator = self.take()[1]
            node = Binary(operator, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.peek() == "-":
            self.take()
            return Negate(self.unary())
        node = self.primary()
        if self.peek() == "%":
            self.take()
            return Percent(node)
        return node

    def primary(self) -> Node:
        if self.index >= len(self.tokens):
            raise self.error("ขาดตัวเลขหรือชื่อค่าที่ท้ายนิพจน์", "a number or name is missing at the end")
        kind, value, position = self.take()
        if kind == "number":
            number = Decimal(value)
            if not is_reasonable(number):
                raise self.error(
                    f"ตัวเลข {value} มีหลักมากเกินไป", f"the number {value} has too many digits"
                )
            return Number(number)
        if kind == "name":
            return Name(value)
        if value == "(":
            node = self.expression()
            if self.peek() != ")":
                raise self.error("ขาดวงเล็บปิด ')'", "a closing ')' is missing")
            self.take()
            return node
        raise self.error(
            f"ไม่คาดว่าจะพบ '{value}' ที่ตำแหน่ง {position}",
            f"unexpected '{value}' at position {position}",
        )

    def expect_end(self) -> None:
        if self.index < len(self.tokens):
            _, value, position = self.tokens[self.index]
            raise self.error(
                f"ไม่คาดว่าจะพบ '{value}' ที่ตำแหน่ง {position}",
                f"unexpected '{value}' at position {position}",
            )

    def error(self, message: str, message_en: str) -> ExpressionError:
        return ExpressionError(
            f"นิพจน์ '{self.text}' ไม่ถูกต้อง: {message}",
            f"expression '{self.text}' is invalid: {message_en}",
        )


def _names(node: Node) -> list[str]:
    match node:
        case Number():
            return []
        case Name(name):
            return [name]
        case Negate(operand) | Percent(operand):
            return _names(operand)
        case Binary(_, left, right):
            return _names(left) + _names(right)


def _evaluate(node: Node, values: Mapping[str, Decimal]) -> Decimal:
    match node:
        case Number(value):
            return value
        case Name(name):
            if name not in values:
                raise ExpressionError(f"ไม่มีค่า '{name}'", f"no value named '{name}'")
            return values[name]
        case Negate(operand):
            return EXACT.minus(_evaluate(operand, values))
        case Percent(operand):
            return EXACT.multiply(_evaluate(operand, values), HUNDREDTH)
        case Binary(operator, left, right):
            return _binary(operator, left, right, values)


def _binary(operator: str, left: Node, right: Node, values: Mapping[str, Decimal]) -> Decimal:
    first = _evaluate(left, values)
    if operator in ("+", "-") and isinstance(right, Percent):
        # `prev + 2%` means prev increased by 2 percent of prev, as people write targets.
        share = EXACT.multiply(first, _evaluate(right, values))
        return EXACT.add(first, share) if operator == "+" else EXACT.subtract(first, share)
    second = _evaluate(right, values)
    if operator == "+":
        return EXACT.add(first, second)
    if operator == "-":
        return EXACT.subtract(first, second)
    if operator == "*":
        return EXACT.multiply(first, second)
    try:
        return divide(first, second)
    except DivisionByZero as error:
        raise ExpressionError("หารด้วยศูนย์", "division by zero") from error

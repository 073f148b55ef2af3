"""`ges score` and `ges suggest_targets` as plain functions (the Django commands wrap them).

Exit status: 0 printed a result; 2 the input cannot be used (unreadable, not JSON, or an
invalid document), with every problem listed.
"""

import argparse
import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Protocol, TextIO

from ges.scoring.arithmetic import exact
from ges.scoring.criteria import Direction
from ges.scoring.document import load_document
from ges.scoring.engine import score_document
from ges.scoring.problems import InvalidDocument, Problem
from ges.scoring.report import document_json
from ges.scoring.schema import to_decimal
from ges.scoring.targets import Pattern, Spacing, TargetError, suggest_targets

INVALID = 2


class Writer(Protocol):
    def write(self, text: str, /) -> object: ...


class _Unreadable(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message_en)
        self.problem = problem


def score_main(argv: Sequence[str], stdin: TextIO, stdout: Writer, stderr: Writer) -> int:
    parser = argparse.ArgumentParser(prog="ges score", description=SCORE_HELP)
    add_score_arguments(parser)
    options = parser.parse_args(list(argv))
    return run_score(options.file, stdin, stdout, stderr)


SCORE_HELP = "ให้คะแนนเอกสาร what-if (docs/scoring.md) แล้วพิมพ์ผลเป็น JSON"


def add_score_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="ไฟล์ JSON ของเอกสาร หรือ - เพื่ออ่านจาก standard input")


@exact
def run_score(file: str, stdin: TextIO, stdout: Writer, stderr: Writer) -> int:
    try:
        data = _read_json(file, stdin)
        scored = score_document(load_document(data))
    except _Unreadable as error:
        return _report([error.problem], stdout, stderr)
    except InvalidDocument as error:
        return _report(error.problems, stdout, stderr)
    stdout.write(_dumps(document_json(scored)))
    return 0


def _read_json(file: str, stdin: TextIO) -> object:
    try:
        text = stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise _Unreadable(
            Problem("", f"อ่านไฟล์ {file} ไม่ได้: {error}", f"cannot read {file}: {error}")
        ) from error
    try:
        return json.loads(text.lstrip("\ufeff"), parse_float=Decimal, parse_constant=_no_constant)
    except ValueError as error:
        raise _Unreadable(
            Problem("", f"ไม่ใช่ JSON ที่ถูกต้อง: {error}", f"not valid JSON: {error}")
        ) from error


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number GES accepts")


def _report(problems: list[Problem], stdout: Writer, stderr: Writer) -> int:
    stdout.write(_dumps({"problems": [problem.to_json() for problem in problems]}))
    lines = [f"เอกสารใช้ไม่ได้: พบ {len(problems)} ปัญหา"]
    lines.extend(f"  {problem}" for problem in problems)
    stderr.write("\n".join(lines) + "\n")
    return INVALID


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


SUGGEST_HELP = (
    "เสนอเกณฑ์ 3 หรือ 5 ระดับจากข้อมูลพื้นฐาน ตาม 8 รูปแบบของสำนักงาน ก.พ.ร."
    " เช่น: ges suggest_targets 2562=96.11 2563=100 2564=74.29 2565=83.33"
)


def suggest_main(argv: Sequence[str], stdout: Writer, stderr: Writer) -> int:
    parser = argparse.ArgumentParser(prog="ges suggest_targets", description=SUGGEST_HELP)
    add_suggest_arguments(parser)
    options = parser.parse_args(list(argv))
    return run_suggest(vars(options), stdout, stderr)


def add_suggest_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("baseline", nargs="*", help="ปี=ผล เช่น 2565=83.33 (ปีพุทธศักราช)")
    parser.add_argument("--levels", type=int, choices=(3, 5), default=3)
    parser.add_argument("--pattern", choices=[pattern.value for pattern in Pattern])
    parser.add_argument("--direction", choices=[d.value for d in Direction], default="higher")
    parser.add_argument("--spacing", help="ช่วงห่างระหว่างระดับ เช่น 5%% (ของค่ากลาง) หรือ 300")
    parser.add_argument("--mandate", help="รูปแบบที่ 4: ค่าเป้าหมายที่รัฐบาลกำหนด (ระดับสูงสุด)")
    parser.add_argument("--budget", help="รูปแบบที่ 5: งบประมาณที่ได้รับ")
    parser.add_argument("--unit-cost", help="รูปแบบที่ 5: ต้นทุนต่อหน่วยผลผลิต")
    parser.add_argument("--benchmark", nargs="+", default=[], help="รูปแบบที่ 6: ผลของหน่วยงานเทียบเคียง")
    parser.add_argument("--proportion", help="รูปแบบที่ 7: สัดส่วน เช่น 70:30")
    parser.add_argument("--decimals", type=int, default=2, choices=range(7))


@exact
def run_suggest(options: dict[str, object], stdout: Writer, stderr: Writer) -> int:
    try:
        suggestion = suggest_targets(
            _baseline(options.get("baseline")),
            levels=int(str(options.get("levels", 3))),
            pattern=Pattern(str(options["pattern"])) if options.get("pattern") else None,
            direction=Direction(str(options.get("direction", "higher"))),
            spacing=Spacing.parse(str(options["spacing"])) if options.get("spacing") else None,
            mandate=_number(options.get("mandate"), "--mandate"),
            budget=_number(options.get("budget"), "--budget"),
            unit_cost=_number(options.get("unit_cost"), "--unit-cost"),
            benchmark=_numbers(options.get("benchmark"), "--benchmark"),
            proportion=_proportion(options.get("proportion")),
            decimals=int(str(options.get("decimals", 2))),
        )
    except TargetError as error:
        stdout.write(
            _dumps({"problems": [{"message": error.message, "message_en": error.message_en}]})
        )
        stderr.write(f"เสนอเกณฑ์ไม่ได้: {error.message}\n")
        return INVALID
    stdout.write(_dumps(suggestion.to_json()))
    return 0


def _baseline(items: object) -> list[tuple[int, Decimal]]:
    baseline = []
    for item in items if isinstance(items, list) else []:
        year, _, value = str(item).partition("=")
        number = to_decimal(value)
        if not year.strip().isdigit() or number is None:
            raise TargetError(
                f"ข้อมูลพื้นฐาน '{item}' ต้องอยู่ในรูป ปี=ผล เช่น 2565=83.33",
                f"baseline '{item}' must look like YEAR=VALUE, e.g. 2565=83.33",
            )
        baseline.append((int(year), number))
    return baseline


def _number(value: object, option: str) -> Decimal | None:
    if value is None:
        return None
    number = to_decimal(value)
    if number is None:
        raise TargetError(f"{option} ต้องเป็นตัวเลข (ได้ '{value}')", f"{option} must be a number")
    return number


def _numbers(values: object, option: str) -> list[Decimal]:
    found = [_number(value, option) for value in (values if isinstance(values, list) else [])]
    return [number for number in found if number is not None]


def _proportion(value: object) -> tuple[Decimal, Decimal] | None:
    if value is None:
        return None
    first, _, second = str(value).partition(":")
    parts = (to_decimal(first), to_decimal(second))
    if parts[0] is None or parts[1] is None:
        raise TargetError(
            f"สัดส่วน '{value}' ต้องอยู่ในรูป 70:30", f"proportion '{value}' must look like 70:30"
        )
    return parts[0], parts[1]

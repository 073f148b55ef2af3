"""e-SAR evaluation report pages (seed 000): read them into plain dataclasses, print them back.

A page is a header (รายงานผลการประเมิน, the agency, "/ parent", น้ำหนัก 100, คะแนนการประเมิน,
สรุปผลการประเมิน) and one "รายละเอียดตัวชี้วัด" block per indicator. Every line of a block goes
somewhere: a text field of the indicator (คำอธิบาย, นิยาม, ...), a step, a row of the action
plan, the cascade link, the list of sub-indicators or an evaluation item with its result.
The block's `layout` records, line by line, where each line went and how it was written around
the data (bullets, labels, numbering), so `page_text` prints the page back line for line.

What printing back normalises (and nothing else): line ends become "\\n", the file ends with
one newline, a byte-order mark is dropped, and trailing whitespace (including no-break spaces)
is removed from every line, so whitespace-only lines print as empty lines. The header prints in
seed 000's layout; a published score or summary in the header is not imported (GES computes
scores from results) and a warning says so.

Nothing here touches the database: `ges.indicators.imports` writes what this reads.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from ges.lib.thaidate import THAI_MONTHS, THAI_MONTHS_SHORT

PAGE_TITLE = "รายงานผลการประเมิน"
BLOCK_TITLE = "รายละเอียดตัวชี้วัด"
ITEMS_HEADING = "ประเด็นการประเมิน ผลการดำเนินงาน"
WEIGHT_LABEL = "น้ำหนัก"
SCORE_LABEL = "คะแนนการประเมิน"
SUMMARY_LABEL = "สรุปผลการประเมิน"
HEADER_LABELS = (WEIGHT_LABEL, SCORE_LABEL, SUMMARY_LABEL)
NO_SUMMARY = "-"
PASSED = "ผ่าน"
FAILED = "ไม่ผ่าน"
SAME_AS = "same_as"
PROXY_OF = "proxy_of"
CASCADE_LINES = {
    SAME_AS: "• เป็นตัวชี้วัดที่ถ่ายทอดเป็นตัวเดียวกับ Strategic KPIs “{}”",
    PROXY_OF: "• เป็นตัวชี้วัดทดแทน (Proxy KPIs) ที่ถ่ายทอดจาก Strategic KPIs “{}”",
}
PASSFAIL, NUMBER, TEXT = "passfail", "number", "text"  # = indicators.models.ItemKind
STEPS, PLAN = "steps", "plan"

# Text fields of an indicator, with the label a block writes them under (in print order).
FIELD_LABELS: dict[str, str] = {
    "description": "คำอธิบาย",
    "definitions": "นิยาม",
    "scope": "ขอบเขตการประเมิน",
    "formula": "สูตรการคำนวณ",
    "data_collection": "วิธีการเก็บข้อมูล",
    "data_source": "แหล่งที่มาของข้อมูล",
    "six_month_target": "เป้าหมายการดำเนินงานรอบ 6 เดือน",
    "benefits": "ประโยชน์ที่คาดว่าประชาชนจะได้รับ",
    "conditions": "เงื่อนไข",
    "criteria_note": "เกณฑ์การประเมิน",
}
TEXT_FIELDS = tuple(FIELD_LABELS)
LABEL_FIELDS: dict[str, str] = {label: name for name, label in FIELD_LABELS.items()} | {
    "แนวทางการประเมิน": "criteria_note",
}
ROW_HEADINGS = {"ขั้นตอนการดำเนินงาน": STEPS, "แผนการดำเนินงาน": PLAN, "แผนปฏิบัติงาน": PLAN}
DEFAULT_SECTION = "description"  # where the lines before any label go
MAX_UNIT = 64  # EvaluationItem.unit
MAX_NAME = 255  # Organization.name_th
MAX_INTEGER_DIGITS = 14  # EvaluationItem.result_value: 20 digits, 6 after the point
MAX_FRACTION_DIGITS = 6

_BULLET = r"[•\-–·*]"
_LABEL = re.compile(
    rf"^(?P<pre>\s*(?:{_BULLET}\s*)?(?P<label>{'|'.join(map(re.escape, LABEL_FIELDS))})"
    r"(?:\s*[:：–\-]\s*|\s*$))(?P<text>.*)$"
)
_ROW_HEADING = re.compile(
    rf"^\s*(?P<label>{'|'.join(ROW_HEADINGS)})"
    r"(?:\s*ในปี(?:งบประมาณ)?\s*(?:พ\.ศ\.\s*)?[0-9]{4})?\s*[:：]?$"
)
_ROW_START = re.compile(rf"^(?P<pre>\s*(?:[0-9]{{1,3}}[.)]\s+|{_BULLET}\s*))(?P<text>\S.*)$")
_SUB_HEADER = re.compile(r"มี\s*(?P<count>[0-9]{1,3})\s*ตัวชี้วัดย่อย")  # "X มี 2 ตัวชี้วัดย่อย ..."
_SUB_ROW = re.compile(r"^(?P<pre>\s*[0-9]{1,3}\.[0-9]{1,3}\s+)(?P<name>\S.*)$")
_CASCADE = (
    (SAME_AS, re.compile(r"ถ่ายทอดเป็นตัวเดียวกับ\s*Strategic\s*KPIs?\s*“(?P<kpi>[^“”]*)”")),
    (
        PROXY_OF,
        re.compile(
            r"ตัวชี้วัดทดแทน\s*\(\s*Proxy\s*KPIs?\s*\)\s*ที่ถ่ายทอดจาก\s*Strategic\s*KPIs?\s*“(?P<kpi>[^“”]*)”"
        ),
    ),
)
_ITEM_START = re.compile(rf"^(?P<pre>\s*(?:[0-9]{{1,3}}[.)]\s+|{_BULLET}\s*)?)(?P<text>.*)$")
_PASSFAIL = re.compile(rf"^(?:(?P<text>.*?\S)(?P<sep>\s+))?(?P<result>{FAILED}|{PASSED})$")
_NUMBER = re.compile(
    r"^(?:(?P<text>.*?\S)(?P<sep>\s+))?"
    r"(?P<number>-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)"
    r"(?P<sep2>\s*)\((?P<unit>[^()]*)\)$"
)
_MONTHS = {name: number for number, name in enumerate(THAI_MONTHS, start=1)} | {
    name: number for number, name in enumerate(THAI_MONTHS_SHORT, start=1)
}
_PLAN_MONTH = re.compile(
    rf"\(\s*(?P<month>{'|'.join(map(re.escape, _MONTHS))})\s*(?P<year>[0-9]{{2}}|25[0-9]{{2}})\s*\)$"
)

type Entry = dict[str, Any]  # one line of a block's layout (JSON)


@dataclass(frozen=True)
class Note:
    """A warning or error about the source, with its line number (0: the file as a whole)."""

    line: int
    message: str

    def __str__(self) -> str:
        return (
            _("line %(line)s: %(message)s") % {"line": self.line, "message": self.message}
            if self.line
            else self.message
        )


@dataclass
class Item:
    """One evaluation item (ประเด็นการประเมิน) with the result as the page wrote it."""

    text: str
    kind: str = TEXT
    unit: str = ""
    passed: bool | None = None
    value: Decimal | None = None
    written: str = ""  # the result as written: "ผ่าน", "99.63", "2,247"
    line: int = 0


@dataclass
class Row:
    """A step or an action-plan activity; a row may span several lines."""

    text: str
    months: list[int] = field(default_factory=list)


@dataclass
class IndicatorBlock:
    """What one "รายละเอียดตัวชี้วัด" block holds, and what it prints from."""

    number: str = ""
    name: str = ""
    cascade: str = ""
    strategic_kpi: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    steps: list[Row] = field(default_factory=list)
    plan: list[Row] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    children: list[IndicatorBlock] = field(default_factory=list)
    layout: list[Entry] = field(default_factory=list)
    line: int = 0  # of its title in the source
    lists: bool = False  # it lists sub-indicators: "... มี 2 ตัวชี้วัดย่อย ได้แก่"
    listed: int = 0  # how many it says it has
    listed_names: list[str] = field(default_factory=list)  # the list: "4.1 name", ...
    complete: bool = True  # False: the page ends before its evaluation items

    def field_lines(self, name: str) -> list[str]:
        text = self.fields.get(name, "")
        return text.split("\n") if text else []

    def walk(self) -> list[IndicatorBlock]:
        return [self, *(block for child in self.children for block in child.walk())]


@dataclass
class PageHeader:
    agency: str = ""
    parent: str = ""
    weight: str = "100"
    score: str = ""
    summary: str = ""


@dataclass
class ParsedPage:
    header: PageHeader = field(default_factory=PageHeader)
    indicators: list[IndicatorBlock] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)
    errors: list[Note] = field(default_factory=list)
    lines: int = 0
    dropped: int = 0  # the line of a last block cut before its items, which is left out

    @property
    def ok(self) -> bool:
        return not self.errors

    def blocks(self) -> list[IndicatorBlock]:
        """Every indicator in page order, sub-indicators after their parent."""
        return [block for top in self.indicators for block in top.walk()]


# --- reading -------------------------------------------------------------------------------


def read_page(data: bytes, *, year: int | None = None) -> ParsedPage:
    """Read the bytes of a page; a file that is not UTF-8 text gives errors and nothing else."""
    warnings: list[Note] = []
    if not data.strip():
        return ParsedPage(errors=[Note(0, _("The file is empty."))])
    if b"\x00" in data:
        return ParsedPage(errors=[Note(0, _("The file is not text (it holds binary data)."))])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.reason != "unexpected end of data":
            line = data[: error.start].count(b"\n") + 1
            message = _("The file is not UTF-8 text (byte %(byte)s cannot be read).")
            return ParsedPage(errors=[Note(line, message % {"byte": error.start + 1})])
        # A download cut in the middle of a character: keep what is whole, say so.
        text = data[: error.start].decode("utf-8-sig")
        warnings.append(
            Note(
                text.count("\n") + 1,
                _("The file ends in the middle of a character; the page seems cut short."),
            )
        )
    page = parse_page(text, year=year)
    page.warnings[:0] = warnings
    return page


def source_lines(text: str) -> list[str]:
    """The lines of a page as they are compared with a printed page (see the module's doc)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip() for line in lines]


def parse_page(text: str, *, year: int | None = None) -> ParsedPage:
    """Read the text of an e-SAR report page. Never raises on any text."""
    lines = source_lines(text)
    page = ParsedPage(lines=len(lines))
    titles = [number for number, line in enumerate(lines) if line.strip() == BLOCK_TITLE]
    _read_header(lines[: titles[0]] if titles else lines, page)
    if page.errors:
        return page
    if not titles:
        page.errors.append(
            Note(len(lines), _("The page has no indicator block (รายละเอียดตัวชี้วัด).")),
        )
        return page
    bounds = [*titles, len(lines)]
    blocks = [
        _read_block(lines, start, end, page, year) for start, end in itertools.pairwise(bounds)
    ]
    last = blocks[-1]
    if not last.complete:
        page.warnings.append(
            Note(
                last.line,
                _(
                    "The page ends before this indicator's evaluation items "
                    "(ประเด็นการประเมิน ผลการดำเนินงาน); it seems cut short, so this block "
                    "was not imported."
                ),
            )
        )
        blocks.pop()
        page.dropped = last.line
    page.indicators = _assemble(blocks, page)
    return page


def _read_header(lines: list[str], page: ParsedPage) -> None:
    filled = [(number + 1, line.strip()) for number, line in enumerate(lines) if line.strip()]
    starts = [index for index, (_number, line) in enumerate(filled) if line == PAGE_TITLE]
    if not starts:
        page.errors.append(
            Note(
                filled[0][0] if filled else 1,
                _(
                    "This is not an e-SAR evaluation report: it should start with รายงานผลการประเมิน."
                ),
            )
        )
        return
    for number, _line in filled[: starts[0]]:
        page.warnings.append(Note(number, _("Text before the report title was ignored.")))
    rest = filled[starts[0] + 1 :]
    if not rest or rest[0][1] in HEADER_LABELS or rest[0][1].startswith("/"):
        number = rest[0][0] if rest else filled[starts[0]][0]
        page.errors.append(Note(number, _("The agency's name is missing after the report title.")))
        return
    header = page.header
    number, header.agency = rest.pop(0)
    if len(header.agency) > MAX_NAME:
        page.errors.append(Note(number, _("The agency's name is too long (over 255 characters).")))
    if rest and rest[0][1].startswith("/"):
        number, line = rest.pop(0)
        header.parent = line[1:].strip()
        if len(header.parent) > MAX_NAME:
            page.errors.append(
                Note(number, _("The parent's name is too long (over 255 characters)."))
            )
    values = {WEIGHT_LABEL: "", SCORE_LABEL: "", SUMMARY_LABEL: ""}
    while rest:
        number, line = rest.pop(0)
        if line in values and rest and rest[0][1] not in HEADER_LABELS:
            values[line] = rest.pop(0)[1]
        elif line not in values:
            page.warnings.append(
                Note(number, _("This line is not part of the report header; it was ignored."))
            )
    header.weight = values[WEIGHT_LABEL] or header.weight
    header.score, header.summary = values[SCORE_LABEL], values[SUMMARY_LABEL]
    if header.weight != "100":
        page.warnings.append(Note(0, _("The header gives a total weight other than 100.")))
    if values[SCORE_LABEL] or values[SUMMARY_LABEL] not in ("", NO_SUMMARY):
        page.warnings.append(
            Note(
                0,
                _(
                    "The page's published score and summary were not imported: GES computes "
                    "them from the results."
                ),
            )
        )


class _BlockReader:
    """Reads the lines of one block into an IndicatorBlock, line by line."""

    def __init__(self, block: IndicatorBlock, page: ParsedPage, year: int | None) -> None:
        self.block = block
        self.page = page
        self.year = year
        self.section = DEFAULT_SECTION
        self.in_items = False
        self.after_row = False  # the previous line was a step or plan row
        self.items_heading = False
        self.field_lines: dict[str, list[str]] = {}  # joined into block.fields at the end
        self.rows: dict[str, list[list[str]]] = {STEPS: [], PLAN: []}  # the lines of each row

    def add(self, entry: Entry) -> None:
        self.block.layout.append(entry)

    def read(self, raw: str, number: int) -> None:
        if not raw:
            self.add({"k": "blank"})
            self.after_row = False
            return
        stripped = raw.strip()
        pre = raw[: len(raw) - len(raw.lstrip())]
        if stripped == ITEMS_HEADING:
            self.in_items = self.items_heading = True
            self.add(_with_pre({"k": "items"}, pre))
        elif self.in_items:
            self.read_item(raw, number)
        elif self.read_cascade(raw) or self.read_sub_indicators(raw):
            pass
        elif heading := _ROW_HEADING.match(raw):
            self.section = ROW_HEADINGS[heading.group("label")]
            self.add({"k": "heading", "s": self.section, "text": raw})
        elif match := _LABEL.match(raw):
            self.section = LABEL_FIELDS[match.group("label")]
            if match.group("text"):
                self.add_field_line(match.group("pre"), match.group("text"))
            else:
                self.add({"k": "label", "f": self.section, "text": raw})
        elif self.section in (STEPS, PLAN):
            self.read_row(raw, pre, stripped)
            return
        else:
            self.add_field_line(pre, stripped)
        self.after_row = False

    def add_field_line(self, pre: str, text: str) -> None:
        lines = self.field_lines.setdefault(self.section, [])
        self.add(_with_pre({"k": "field", "f": self.section, "i": len(lines)}, pre))
        lines.append(text)

    def read_row(self, raw: str, pre: str, stripped: str) -> None:
        rows = self.rows[self.section]
        match = _ROW_START.match(raw)
        if match:
            rows.append([match.group("text")])
            pre = match.group("pre")
        elif self.after_row and rows:
            rows[-1].append(stripped)  # a row written over several lines
        else:
            rows.append([stripped])
        self.add(_with_pre({"k": self.section, "i": len(rows) - 1, "ln": len(rows[-1]) - 1}, pre))
        self.after_row = True

    def finish(self) -> None:
        block = self.block
        block.fields = {name: "\n".join(lines) for name, lines in self.field_lines.items()}
        block.steps = [Row("\n".join(lines)) for lines in self.rows[STEPS]]
        block.plan = [Row("\n".join(lines)) for lines in self.rows[PLAN]]
        for row in block.plan:
            row.months = plan_months(row.text, self.year)
        block.complete = bool(block.items) or (block.lists and not self.items_heading)

    def read_cascade(self, raw: str) -> bool:
        if self.block.cascade:
            return False
        for kind, pattern in _CASCADE:
            if match := pattern.search(raw):
                self.block.cascade = kind
                self.block.strategic_kpi = match.group("kpi").strip()
                start, end = match.span("kpi")
                self.add({"k": "cascade", "as": kind, "pre": raw[:start], "post": raw[end:]})
                if raw[start:end] != self.block.strategic_kpi:
                    self.block.layout[-1]["text"] = raw[start:end]
                return True
        return False

    def read_sub_indicators(self, raw: str) -> bool:
        block = self.block
        match = None if block.lists else _SUB_HEADER.search(raw)
        name = raw[: match.start()].strip() if match else ""
        if match and name:
            block.lists = True
            block.listed = int(match.group("count"))
            block.name = name
            pre = raw[: len(raw) - len(raw.lstrip())]
            post = raw[len(pre) + len(name) :]
            self.add(_with_pre({"k": "name", "post": post}, pre))
            return True
        if block.lists and (match := _SUB_ROW.match(raw)):
            block.listed_names.append(match.group("name"))
            self.add({"k": "child", "i": len(block.listed_names) - 1, "pre": match.group("pre")})
            return True
        return False

    def read_item(self, raw: str, number: int) -> None:
        start = _ITEM_START.match(raw)
        assert start is not None  # the pattern matches any line
        item = read_item(start.group("text"), number, self.page.warnings)
        self.block.items.append(item)
        entry = _with_pre({"k": "item", "i": len(self.block.items) - 1}, start.group("pre"))
        self.add(entry | _item_spacing(start.group("text")))


def _with_pre(entry: Entry, pre: str) -> Entry:
    if pre:
        entry["pre"] = pre
    return entry


def read_item(text: str, line: int, warnings: list[Note]) -> Item:
    """One evaluation item line (without its bullet): `text ผ่าน`, `text 99.63 (ร้อยละ)`, ..."""
    if match := _PASSFAIL.match(text):
        result = match.group("result")
        return Item(match.group("text") or "", PASSFAIL, "", result == PASSED, None, result, line)
    if match := _NUMBER.match(text):
        written, unit = match.group("number"), match.group("unit")
        value = _number(written)
        if value is not None and len(unit) <= MAX_UNIT:
            return Item(match.group("text") or "", NUMBER, unit, None, value, written, line)
        warnings.append(
            Note(
                line,
                _(
                    "The result is too large or too long to keep as a number; the line was kept as text."
                ),
            )
        )
        return Item(text, TEXT, line=line)
    warnings.append(
        Note(
            line,
            _(
                "No result found at the end of this evaluation item (ผ่าน, ไม่ผ่าน or a number "
                "with its unit in brackets); it was kept as a text item."
            ),
        )
    )
    return Item(text, TEXT, line=line)


def _number(written: str) -> Decimal | None:
    try:
        value = Decimal(written.replace(",", ""))
    except InvalidOperation:
        return None
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    fraction = max(-exponent, 0)
    if fraction > MAX_FRACTION_DIGITS or len(digits) - fraction > MAX_INTEGER_DIGITS:
        return None
    return value


def _item_spacing(text: str) -> Entry:
    """The spaces around a result when they are not the usual single ones."""
    spacing: Entry = {}
    match = _PASSFAIL.match(text) or _NUMBER.match(text)
    if match and (match.group("sep") or " ") != " ":
        spacing["sep"] = match.group("sep")
    if match and "sep2" in match.groupdict() and match.group("sep2") != " ":
        spacing["sep2"] = match.group("sep2")
    return spacing


def plan_months(text: str, year: int | None) -> list[int]:
    """The month a plan row names at its end, "(ตุลาคม 65)", as an offset in fiscal year `year`."""
    match = _PLAN_MONTH.search(text)
    if match is None or year is None:
        return []
    written = int(match.group("year"))
    be_year = written if written > 100 else 2500 + written
    offset = (be_year - (year - 1)) * 12 + _MONTHS[match.group("month")] - 10
    return [offset] if 0 <= offset <= 14 else []


def _read_block(
    lines: list[str], start: int, end: int, page: ParsedPage, year: int | None
) -> IndicatorBlock:
    block = IndicatorBlock(line=start + 1)
    title = lines[start]
    block.layout.append(_with_pre({"k": "title"}, title[: len(title) - len(title.lstrip())]))
    reader = _BlockReader(block, page, year)
    for number in range(start + 1, end):
        reader.read(lines[number], number + 1)
    reader.finish()
    return block


def _assemble(blocks: list[IndicatorBlock], page: ParsedPage) -> list[IndicatorBlock]:
    """Number the blocks 1..N; the blocks after one that lists sub-indicators are its children
    (N.1, N.2, ...), named from the list. Sub-indicators have no sub-indicators of their own."""
    indicators: list[IndicatorBlock] = []
    position = 0
    while position < len(blocks):
        parent = blocks[position]
        position += 1
        parent.number = str(len(indicators) + 1)
        wanted = max(parent.listed, len(parent.listed_names)) if parent.lists else 0
        while len(parent.children) < wanted and position < len(blocks):
            child = blocks[position]
            position += 1
            index = len(parent.children)
            child.number = f"{parent.number}.{index + 1}"
            if child.lists:
                message = _(
                    "A sub-indicator lists sub-indicators of its own: the blocks after it are "
                    "read as indicators of the agency."
                )
                page.warnings.append(Note(child.line, message))
            if not child.name and index < len(parent.listed_names):
                child.name = parent.listed_names[index]
            _finish(child)
            _fix_child_rows(child)
            parent.children.append(child)
        if len(parent.children) < wanted:
            page.warnings.append(
                Note(
                    parent.line,
                    _("This indicator lists %(listed)s sub-indicators but only %(found)s follow.")
                    % {"listed": wanted, "found": len(parent.children)},
                )
            )
        _finish(parent)
        _fix_child_rows(parent)
        indicators.append(parent)
    return indicators


def _finish(block: IndicatorBlock) -> None:
    """Give a block its name: e-SAR blocks carry none, so it comes from what the block says."""
    if block.name:
        return
    first_field = next((block.field_lines(name)[0] for name in block.fields), "")
    candidates = [
        block.strategic_kpi,
        next((item.text for item in block.items if item.text), ""),
        _ROW_START.sub(r"\g<text>", first_field),  # without its bullet
    ]
    name = next((text.strip() for text in candidates if text.strip()), "")
    block.name = name or f"ตัวชี้วัดที่ {block.number}"


def _fix_child_rows(parent: IndicatorBlock) -> None:
    """A row of the sub-indicator list prints the child's name; keep the listed text where
    it differs (or the child is missing) so the page prints back as it was."""
    for entry in parent.layout:
        if entry["k"] == "child":
            index = entry["i"]
            listed = parent.listed_names[index]
            child = parent.children[index] if index < len(parent.children) else None
            if child is None or child.name != listed:
                entry["text"] = listed


# --- printing ------------------------------------------------------------------------------


def header_lines(header: PageHeader) -> list[str]:
    """The report header as e-SAR prints it (seed 000)."""
    lines = [PAGE_TITLE, "", header.agency, ""]
    if header.parent:
        lines.append(f"/ {header.parent}")
    lines += [WEIGHT_LABEL, header.weight, SCORE_LABEL]
    if header.score:
        lines.append(header.score)
    return [*lines, SUMMARY_LABEL, header.summary or NO_SUMMARY, ""]


def page_text(header: PageHeader, indicators: list[IndicatorBlock]) -> str:
    lines = header_lines(header)
    for top in indicators:
        for block in top.walk():
            lines += block_lines(block)
    return "\n".join(lines) + "\n"


def item_line(item: Item) -> str:
    return _item_text(item, {})


def _item_text(item: Item, entry: Entry) -> str:
    result = result_text(item, entry.get("sep2", " "))
    if not result:
        return item.text
    if not item.text:
        return result
    return f"{item.text}{entry.get('sep', ' ')}{result}"


def result_text(item: Item, space: str = " ") -> str:
    """The result as the report prints it: ผ่าน, ไม่ผ่าน, 99.63 (ร้อยละ)."""
    if item.kind == PASSFAIL and item.passed is not None:
        return PASSED if item.passed else FAILED
    if item.kind == NUMBER and item.value is not None:
        written = item.written if _number(item.written) == item.value else plain(item.value)
        return f"{written}{space}({item.unit})" if item.unit else written
    return item.written if item.kind == TEXT else ""


def plain(value: Decimal) -> str:
    """A Decimal without trailing zeros or exponent: 100.000000 -> 100, 99.630000 -> 99.63."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def block_lines(block: IndicatorBlock) -> list[str]:
    """The lines of one block: its layout, completed by whatever the indicator holds now that
    the layout does not place (edited after the import, or made in GES without a layout)."""
    layout = block.layout if valid_layout(block.layout) else default_layout(block)
    last = {_family(entry): position for position, entry in enumerate(layout)}
    placed = _placed(layout)
    missing = _missing(default_layout(block), set(last))
    lines: list[str] = []
    items_at: int | None = None
    for position, entry in enumerate(layout):
        if entry["k"] == "items" and items_at is None:
            items_at = len(lines)
        line = _entry_line(block, entry)
        if line is not None:
            lines.append(line)
        family = _family(entry)
        if family and last[family] == position:
            lines += _leftovers(block, family, placed)
    if missing:
        extra = [line for entry in missing if (line := _entry_line(block, entry)) is not None]
        at = len(lines) if items_at is None else items_at
        lines[at:at] = extra
    return lines


# The keys each kind of layout entry needs, and their types (a layout is JSON in the database).
_ENTRY_KEYS: dict[str, dict[str, type]] = {
    "blank": {},
    "title": {},
    "items": {},
    "label": {"f": str, "text": str},
    "heading": {"s": str, "text": str},
    "field": {"f": str, "i": int},
    STEPS: {"i": int, "ln": int},
    PLAN: {"i": int, "ln": int},
    "item": {"i": int},
    "cascade": {"as": str},
    "name": {"post": str},
    "child": {"i": int},
}
_OPTIONAL_KEYS = {"k": str, "pre": str, "post": str, "text": str, "sep": str, "sep2": str}


def valid_layout(layout: object) -> bool:
    """A non-empty list of entries this module can print; anything else prints by default."""
    if not isinstance(layout, list) or not layout:
        return False
    for entry in layout:
        if not isinstance(entry, dict) or entry.get("k") not in _ENTRY_KEYS:
            return False
        needed = _ENTRY_KEYS[entry["k"]]
        for key, value in entry.items():
            wanted = needed.get(key) or _OPTIONAL_KEYS.get(key)
            if wanted is None or not isinstance(value, wanted) or isinstance(value, bool):
                return False
            if isinstance(value, int) and value < 0:
                return False
        if any(key not in entry for key in needed):
            return False
        if entry["k"] in ("field", "label") and entry["f"] not in FIELD_LABELS:
            return False
    return True


def _missing(default: list[Entry], present: set[str]) -> list[Entry]:
    """The parts of the default layout whose family the layout lacks, with their blank lines."""
    missing: list[Entry] = []
    taking = False
    for entry in default:
        family = _family(entry)
        if family:
            taking = family not in present and family != "title"
        if taking:
            missing.append(entry)
    return missing


def _family(entry: Entry) -> str:
    kind = entry["k"]
    if kind in ("field", "label"):
        return f"field:{entry['f']}"
    if kind in ("item", "items"):
        return "items"
    if kind == "heading":
        return str(entry["s"])
    if kind in ("name", "child"):
        return "children"  # the list of sub-indicators prints as the page wrote it
    return "" if kind == "blank" else str(kind)


def _placed(layout: list[Entry]) -> set[tuple[str, int, int]]:
    placed: set[tuple[str, int, int]] = set()
    for entry in layout:
        if "i" in entry:
            placed.add((_family(entry), entry["i"], entry.get("ln", 0)))
    return placed


def _entry_line(block: IndicatorBlock, entry: Entry) -> str | None:
    kind = entry["k"]
    pre = str(entry.get("pre", ""))
    if kind == "blank":
        return ""
    if kind == "title":
        return pre + BLOCK_TITLE
    if kind == "items":
        return pre + ITEMS_HEADING
    if kind in ("label", "heading"):
        return str(entry["text"])
    if kind == "field":
        lines = block.field_lines(entry["f"])
        return pre + lines[entry["i"]] if entry["i"] < len(lines) else None
    if kind in (STEPS, PLAN):
        rows = block.steps if kind == STEPS else block.plan
        if entry["i"] >= len(rows):
            return None
        row_lines = rows[entry["i"]].text.split("\n")
        return pre + row_lines[entry["ln"]] if entry["ln"] < len(row_lines) else None
    if kind == "item":
        if entry["i"] >= len(block.items):
            return None
        return pre + _item_text(block.items[entry["i"]], entry)
    if kind == "cascade":
        if not block.cascade:
            return None
        if block.cascade != entry.get("as"):
            return CASCADE_LINES[block.cascade].format(block.strategic_kpi)
        written = str(entry.get("text", ""))  # the KPI with the spaces the page had around it
        kpi = written if written.strip() == block.strategic_kpi else block.strategic_kpi
        return f"{pre}{kpi}{entry.get('post', '')}"
    if kind == "name":
        return f"{pre}{block.name}{entry['post']}"
    if kind == "child":
        if "text" in entry:
            return f"{pre}{entry['text']}"
        index = entry["i"]
        return f"{pre}{block.children[index].name}" if index < len(block.children) else None
    return None


def _leftovers(block: IndicatorBlock, family: str, placed: set[tuple[str, int, int]]) -> list[str]:
    """Lines of `family` the layout does not place, printed after its last placed line."""
    if family.startswith("field:"):
        name = family.removeprefix("field:")
        return [
            line
            for index, line in enumerate(block.field_lines(name))
            if (family, index, 0) not in placed
        ]
    if family in (STEPS, PLAN):
        rows = block.steps if family == STEPS else block.plan
        lines = []
        for index, row in enumerate(rows):
            for number, line in enumerate(row.text.split("\n")):
                if (family, index, number) not in placed:
                    lines.append(_row_prefix(family, index) + line if number == 0 else line)
        return lines
    if family == "items":
        return [
            item_line(item)
            for index, item in enumerate(block.items)
            if (family, index, 0) not in placed
        ]
    return []


def _row_prefix(family: str, index: int) -> str:
    return f"{index + 1}. " if family == STEPS else "- "


def default_layout(block: IndicatorBlock) -> list[Entry]:
    """How a block prints when it was not imported: e-SAR's order, a blank line between parts."""
    layout: list[Entry] = [{"k": "title"}, {"k": "blank"}]
    if block.cascade:
        layout += [{"k": "cascade", "as": ""}, {"k": "blank"}]
    if block.children:
        count = len(block.children)
        layout += [{"k": "name", "post": f" มี {count} ตัวชี้วัดย่อย ได้แก่"}, {"k": "blank"}]
        for index, child in enumerate(block.children):
            layout += [{"k": "child", "i": index, "pre": f"{child.number} "}, {"k": "blank"}]
    for name in TEXT_FIELDS:
        count = len(block.field_lines(name))
        if count > 1:  # a label on its own line, then the lines (paragraphs, lists) under it
            layout.append({"k": "label", "f": name, "text": f"{FIELD_LABELS[name]} :"})
        for index in range(count):
            pre = f"{FIELD_LABELS[name]} : " if count == 1 else ""
            layout.append(_with_pre({"k": "field", "f": name, "i": index}, pre))
        if count:
            layout.append({"k": "blank"})
    for family, heading, rows in (
        (STEPS, "ขั้นตอนการดำเนินงาน", block.steps),
        (PLAN, "แผนการดำเนินงาน", block.plan),
    ):
        if rows:
            layout += [{"k": "heading", "s": family, "text": heading}, {"k": "blank"}]
        for index, row in enumerate(rows):
            for number in range(row.text.count("\n") + 1):
                pre = _row_prefix(family, index) if number == 0 else ""
                layout.append(_with_pre({"k": family, "i": index, "ln": number}, pre))
            layout.append({"k": "blank"})
    if block.items:
        layout.append({"k": "items"})
        layout += [{"k": "item", "i": index} for index in range(len(block.items))]
        layout.append({"k": "blank"})
    return layout

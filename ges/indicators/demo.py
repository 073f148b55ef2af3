"""Demo indicators, transcribed from the seed documents. Loading twice changes nothing.

- FY2566 standard indicators of the departments framework (seed 001, indicators 5 and 6, which
  the Office of the Permanent Secretary, Ministry of Finance adopts as "ตัวชี้วัดเดิม").
- The Office of the Permanent Secretary, Ministry of Finance (OPS-MOF), FY2566: all six
  indicators of seed 001 as structured data.
- FY2555 standard indicators of the departments framework (seed 004, slides 17-18), with their
  owners and weights; the slides give no criteria.

Texts are as the seeds write them (typos included); lists are simple HTML, the formatted-text
format of indicator fields. Where a seed says nothing, the field stays empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any

from ges.audit.log import Actor, record
from ges.frameworks.demo import demo_framework
from ges.frameworks.models import Component, Framework, FrameworkKind
from ges.indicators.imports import ImportSummary, import_esar_file
from ges.indicators.models import (
    AgencyValue,
    Baseline,
    EvaluationItem,
    Indicator,
    ItemKind,
    PlanActivity,
    Step,
)
from ges.orgs.models import Organization

OPS_MOF = "OPS-MOF"
DEMO_SEEDS = Path(__file__).resolve().parent.parent / "demo_seeds"
# e-SAR report pages imported as they are: (file in ges/demo_seeds, agency code, year, kind).
DEMO_ESAR_PAGES = (("000_f2d4ae963f1b8038.txt", "BB", 2566, FrameworkKind.DEPARTMENTS),)


def ul(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def ol(*items: str) -> str:
    return "<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>"


def p(text: str) -> str:
    return f"<p>{escape(text, quote=False)}</p>"


def term(name: str, rest: str) -> str:
    return f"<strong>{escape(name, quote=False)}</strong> {escape(rest, quote=False)}"


@dataclass(frozen=True)
class DemoBaseline:
    series: str
    year: int
    value_text: str
    value: str | None = None  # the number in value_text, when there is one
    note: str = ""


@dataclass(frozen=True)
class DemoItem:
    text: str
    kind: str = ItemKind.PASS_FAIL
    unit: str = ""


@dataclass(frozen=True)
class DemoIndicator:
    number: str
    name_th: str
    component: str | None
    weight: int
    criteria: dict[str, Any] | None = None
    standard_number: str = ""  # an agency's copy of this framework's standard indicator
    owner: str = ""  # organisation code
    responsible_unit: str = ""  # organisation code
    responsible_unit_name: str = ""
    unit: str = ""
    direction: str = "higher"
    description: str = ""
    definitions: str = ""
    scope: str = ""
    data_collection: str = ""
    data_source: str = ""
    formula: str = ""
    six_month_target: str = ""
    benefits: str = ""
    conditions: str = ""
    criteria_note: str = ""
    national_strategy: str = ""
    baselines: tuple[DemoBaseline, ...] = ()
    steps: tuple[str, ...] = ()
    plan: tuple[tuple[str, tuple[int, ...]], ...] = ()  # (activity, month offsets)
    items: tuple[DemoItem, ...] = ()
    children: tuple[DemoIndicator, ...] = field(default=())


def milestone(*levels: tuple[int, str]) -> dict[str, Any]:
    """3-level milestone criteria: each level's description is its one step."""
    return {
        "kind": "milestone",
        "levels": [{"score": score, "steps": [text]} for score, text in levels],
    }


def dashes(*years: int) -> tuple[DemoBaseline, ...]:
    return tuple(DemoBaseline("ผลการดำเนินงาน", year, "-") for year in years)


# ---------------------------------------------------------------------------------------------
# FY2566 standard indicators (seed 001, indicators 5 and 6)
# ---------------------------------------------------------------------------------------------

DATA_BASE = "เป้าหมายขั้นต้น (50)"
DATA_BASE_ITEMS = (
    "มีรายชื่อชุดข้อมูลที่มีคุณค่าสามารถนำไปใช้ตอบโจทย์การพัฒนาประเทศหรือการบริการประชาชน",
    "มีคำอธิบายชุดข้อมูล (Metadata) ที่สอดคล้องตามมาตรฐานที่ สพร. กำหนด (14 รายการ) ของทุกชุดข้อมูล",
    "มีคำอธิบายทรัพยากรข้อมูล (Resource) ของชุดข้อมูลเปิดทั้งหมด",
)
DATA_CATALOG = (
    "มีระบบบัญชีข้อมูลหน่วยงาน (Agency Data Catalog) พร้อมแจ้ง URL ระบบบัญชีข้อมูลหน่วยงาน "
    "และชุดข้อมูล คำอธิบายชุดข้อมูล ถูกนำขึ้นที่ระบบบัญชีข้อมูลหน่วยงาน และทรัพยากรข้อมูล "
    "(Resource) ของชุดข้อมูลเปิดทั้งหมด (15 คะแนน)"
)
DATA_GD_CATALOG = "ชุดข้อมูลเปิดทั้งหมด ถูกนำมาลงทะเบียนในระบบบัญชีข้อมูลภาครัฐ (GD Catalog) (10 คะแนน)"
DATA_QUALITY = "คุณภาพทุกชุดข้อมูลเป็นไปตามมาตรฐานคุณลักษณะแบบเปิดที่ สพร. กำหนด (20 คะแนน)"
DATA_USE = (
    "นำข้อมูลเปิดไปใช้ประโยชน์ได้อย่างเป็นรูปธรรมตอบโจทย์ตามประเด็นขอบเขตการนำข้อมูลไปใช้ประโยชน์"
    "อย่างน้อย 1 ชุดข้อมูล (5 คะแนน)"
)

# Points with prerequisite blocks (DOMAIN.md): the 50-point base counts when all its items are
# met; the standard target's +15 and +10 need the base; the advanced target's +20 and +5 need
# both blocks of the standard target, as the 50/75/100 columns of the seed's table read.
DATA_CATALOG_CRITERIA: dict[str, Any] = {
    "kind": "points",
    "blocks": [
        {"id": DATA_BASE, "points": 50, "items": list(DATA_BASE_ITEMS)},
        {"id": DATA_CATALOG, "points": 15, "requires": [DATA_BASE]},
        {"id": DATA_GD_CATALOG, "points": 10, "requires": [DATA_BASE]},
        {"id": DATA_QUALITY, "points": 20, "requires": [DATA_CATALOG, DATA_GD_CATALOG]},
        {"id": DATA_USE, "points": 5, "requires": [DATA_CATALOG, DATA_GD_CATALOG]},
    ],
}

STANDARD_DIGITIZE = DemoIndicator(
    number="5",
    name_th="การพัฒนาระบบข้อมูลให้เป็นดิจิทัล (Digitize Data) ทั้งข้อมูลที่ใช้ภายในหน่วยงาน "
    "และข้อมูลที่จะเผยแพร่สู่หน่วยงานภายนอก/สาธารณะ เพื่อนำไปสู่การเปิดเผยข้อมูลภาครัฐ (Open Data)",
    component="PT",
    weight=15,
    # The agencies send their templates to, and are tracked by, สสช. (NSO).
    owner="NSO",
    unit="คะแนน",
    definitions=ul(
        term(
            "บัญชีข้อมูล",
            "หมายถึง เอกสารแสดงบรรดารายการของชุดข้อมูล "
            "ที่จำแนกแยกแยะโดยการจัดกลุ่มหรือจัดประเภทข้อมูลที่อยู่ในความครอบครองหรือควบคุมของหน่วยงานของรัฐ",
        ),
        term(
            "คำอธิบายข้อมูลที่สอดคล้องตามมาตรฐานที่ สพร. กำหนด",
            "หมายถึง คำอธิบายข้อมูลส่วนหลัก (Mandatory Metadata) สำหรับชุดข้อมูลภาครัฐ "
            "เป็นส่วนที่บังคับต้องทำการอธิบายข้อมูล ประกอบด้วยคำอธิบายข้อมูล จำนวน 14 รายการสำหรับ "
            "1 ชุดข้อมูล ที่หน่วยงานของรัฐต้องจัดทำและระบุรายละเอียด",
        ),
        term(
            "ระบบบัญชีข้อมูล",
            "คือ ระบบงานที่ทำหน้าที่บริหารจัดการบัญชีข้อมูลของหน่วยงาน เช่น CKAN หรือ อื่น ๆ",
        ),
        term(
            "ข้อมูลสาธารณะ",
            "หมายถึง ข้อมูลที่สามารถเปิดเผยได้สามารถนำไปใช้ได้อย่างอิสระไม่ว่าจะเป็นข้อมูลข่าวสาร"
            "/ข้อมูลส่วนบุคคล/ข้อมูลอิเล็กทรอนิกส์ เป็นต้น",
        ),
        term(
            "คุณลักษณะแบบเปิด",
            "หมายถึง คุณลักษณะของไฟล์ที่ไม่ถูกจำกัดด้วยเงื่อนไขต่าง ๆ จากเจ้าของผลิตภัณฑ์ "
            "สามารถเข้าถึงได้อย่างเสรีโดยไม่เสียค่าใช้จ่าย ใช้งานหรือประมวลผลได้หลากหลายซอฟต์แวร์",
        ),
    )
    + p(
        "ที่มา: ประกาศคณะกรรมการพัฒนารัฐบาลดิจิทัล เรื่อง "
        "มาตรฐานและหลักเกณฑ์การเปิดเผยข้อมูลเปิดภาครัฐในรูปแบบข้อมูลดิจิทัลต่อสาธารณะ"
    ),
    description="<p><strong>แนวทางการประเมิน</strong></p>"
    + ul(
        "1) ส่วนราชการต้องเลือกประเด็นการดำเนินงานภายใต้ขอบเขตการนำข้อมูลไปใช้ประโยชน์อย่างน้อย 1 ประเด็น "
        "ที่มีชุดข้อมูลที่สามารถนำไปใช้ประโยชน์ต่อไปได้ เพื่อใช้ในการจัดทำบัญชีชุดข้อมูล (Data Catalog)",
        "2) ส่วนราชการต้องจัดทำชุดข้อมูลที่สัมพันธ์กับกระบวนการทำงานตามขอบเขตการนำข้อมูลไปใช้ประโยชน์ "
        "โดยต้องเป็นกระบวนการทำงานภายใต้ภารกิจหลักที่มีผลกระทบต่อให้บริการประชาชนในระดับสูง",
        "3) ให้มีคำอธิบายข้อมูลส่วนหลัก (Mandatory Metadata) 14 รายการตามมาตรฐานที่ สพร. กำหนด",
        "4) ชุดข้อมูลที่ขึ้นในระบบบัญชีข้อมูลของหน่วยงาน (Agency Data Catalog) จะเป็นชุดข้อมูลที่ สสช. "
        "ใช้ติดตามในการลงทะเบียนระบบบริการบัญชีข้อมูลภาครัฐ (Government Data Catalog) ต่อไป",
        "5) กำหนดให้ส่วนราชการมีระบบบัญชีข้อมูล พร้อมมีข้อมูลสาธารณะ (Open data) "
        "ในระบบบัญชีข้อมูลเพื่อเผยแพร่ให้เป็นไปตามมาตรฐานรัฐบาลดิจิทัลว่าด้วยแนวทางการเปิดเผยข้อมูลเปิดภาครัฐ"
        "ในรูปแบบดิจิทัลต่อสาธารณะ ร้อยละ 100 ของบัญชีข้อมูล ตามแนวทางที่ สพร. กำหนด",
        "6) ชุดข้อมูลเปิด (Open data) ต้องเป็นข้อมูลที่ประชาชนหรือผู้รับบริการต้องการและสามารถนำไปใช้ประโยชน์"
        "ต่อไปได้ หรือส่วนราชการสามารถนำชุดข้อมูลมาใช้ในการวิเคราะห์ประกอบการวางแผน พัฒนางานได้",
        "7) การนำข้อมูลเปิดไปใช้ประโยชน์อย่างเป็นรูปธรรม "
        "ประเมินจากหลักฐานที่แสดงให้เห็นถึงการนำชุดข้อมูลมาวิเคราะห์ประกอบการปฏิบัติงาน เช่น "
        "รายงานวิเคราะห์จากชุดข้อมูล / การมี dashboard จากชุดข้อมูล เป็นต้น",
    ),
    scope="<p><strong>ขอบเขตการนำข้อมูลไปใช้ประโยชน์</strong></p>"
    + ul(
        "1) แผนระดับ 2 (แผนแม่บทภายใต้ยุทธศาสตร์ชาติ แผนการปฏิรูปประเทศ "
        "แผนพัฒนาการเศรษฐกิจและสังคมแห่งชาติ นโยบายและแผนระดับชาติว่าด้วยความมั่นคงแห่งชาติ) "
        "และ แผนระดับ 3 ที่เกี่ยวข้องกับการกิจของหน่วยงาน"
        + ul("ผลการดำเนินงานตามตัวชี้วัด", "ผลการดำเนินงานตามแผนที่เกี่ยวข้อง"),
        "2) ชุดข้อมูลสนับสนุนการให้บริการประชาชน (e-Service)",
        "3) ดัชนี/ตัวชี้วัดระดับสากล*",
        "4) สถิติทางการ (21 สาขา)",
        "5) การดำเนินงานตามนโยบายของรัฐบาล หรือมติ ครม.",
        "6) ภารกิจหลักของหน่วยงาน",
    )
    + p(
        "หมายเหตุ : * หน่วยงานที่ต้องดำเนินการตามตัวชี้วัดการจัดทำชุดข้อมูลตัวชี้วัด"
        "สำหรับการรายงานการจัดอันดับขีดความสามารถในการแข่งขันของประเทศ โดย IMD "
        "ให้นำเป็นชุดข้อมูลที่ต้องดำเนินการเพิ่มเติมจาก 5 ชุดข้อมูลที่กำหนดตามเงื่อนไขตัวชี้วัด"
    ),
    criteria=DATA_CATALOG_CRITERIA,
    six_month_target="หน่วยงานส่ง Template 1 (ชื่อชุดข้อมูล) และ Template 2 (Metadata) ให้ สสช. "
    "ภายใน มี.ค. 2566",
    conditions=ol(
        "ในแต่ละชุดข้อมูล (Data Set) ต้องมีการจัดทำคำอธิบายข้อมูล (Metadata) ครบถ้วนจำนวน 14 รายการ "
        "หากส่วนราชการมีการจัดทำรายละเอียดไม่ครบ 14 รายการในแต่ละชุดข้อมูล จะไม่นับผลการดำเนินงาน",
        "หน่วยงานจัดทำชุดข้อมูลไม่น้อยกว่า 5 ชุดข้อมูล",
    ),
    items=tuple(
        DemoItem(text)
        for text in (*DATA_BASE_ITEMS, DATA_CATALOG, DATA_GD_CATALOG, DATA_QUALITY, DATA_USE)
    ),
)

# Seed 001 shows the group of agencies whose FY2565 score passed 400 (OPS-MOF: 431.73):
# 400 / คะแนนปี 65 / คะแนนปี 65 + 2%. It shows no other group.
PMQA_CRITERIA: dict[str, Any] = {
    "kind": "groups",
    "by": "prev",
    "groups": [
        {
            "min": 400,
            "max": None,
            "criteria": {
                "kind": "levels",
                "direction": "higher",
                "thresholds": ["400", "prev", "prev + 2%"],
                "scores": [50, 75, 100],
            },
        }
    ],
}

STANDARD_PMQA = DemoIndicator(
    number="6",
    name_th="การประเมินสถานะของหน่วยงานในการเป็นระบบราชการ 4.0 (PMQA 4.0)",
    component="PT",
    weight=15,
    owner="OPDC",
    unit="คะแนน",
    description=ul(
        "PMQA 4.0 คือ เครื่องมือการประเมินระบบการบริหารของส่วนราชการในเชิงบูรณาการ "
        "เพื่อเชื่อมโยงยุทธศาสตร์ของส่วนราชการกับเป้าหมาย และทิศทางการพัฒนาของประเทศ "
        "โดยมีวัตถุประสงค์เพื่อเป็นแนวทางให้ส่วนราชการพัฒนาไปสู่ระบบราชการ 4.0",
        "เพื่อประเมินความสามารถในการบริหารจัดการภายในหน่วยงานและความพยายามของส่วนราชการ"
        "ในการขับเคลื่อนงานให้บรรลุเป้าหมายอย่างยั่งยืน",
        "พิจารณาจากความสามารถในการพัฒนาการดำเนินงานเพื่อยกระดับผลการประเมินสถานะการเป็นระบบราชการ 4.0 "
        "(PMQA 4.0) โดยมีเป้าหมายให้ส่วนราชการมีคะแนนผลการประเมินในชั้นตอนที่ 1 ปีงบประมาณ พ.ศ. 2564 "
        "ดีขึ้นจากผลคะแนนในชั้นตอนที่ 1 ปีงบประมาณ พ.ศ. 2563",
        "พิจารณาจากผลการประเมินสถานะการเป็นระบบราชการ 4.0 (PMQA 4.0) "
        "ซึ่งเป็นคะแนนเฉลี่ยในภาพรวมทั้ง 7 หมวด ประกอบด้วย หมวด 1 การนำองค์การ "
        "หมวด 2 การวางแผนเชิงยุทธศาสตร์ หมวด 3 การให้ความสำคัญกับผู้รับบริการและผู้มีส่วนได้ส่วนเสีย "
        "หมวด 4 การวัด การวิเคราะห์และการจัดการความรู้ หมวด 5 การมุ่งเน้นบุคลากร "
        "หมวด 6 การมุ่งเน้นระบบปฏิบัติการ และ หมวด 7 ผลลัพธ์การดำเนินการ",
    ),
    criteria=PMQA_CRITERIA,
    six_month_target="ดำเนินการสมัครขอรับรางวัลคุณภาพการบริหารจัดการภาครัฐ 4.0 ประจำปี พ.ศ. 2566",
    steps=(
        "ขั้นตอนที่ 1 การตรวจพิจารณาจากเอกสารการสมัครเบื้องต้น "
        "(หากได้ 400 คะแนนขึ้นไป จะผ่านไปประเมินในขั้นตอนที่ 2)",
        "ขั้นตอนที่ 2 การตรวจเอกสารรายงานผลการดำเนินการพัฒนาองค์การสู่ระบบราชการ 4.0 "
        "(Application Report) (หากได้ 400 คะแนน จะผ่านไปประเมินในขั้นตอนที่ 3)",
        "ขั้นตอนที่ 3 การตรวจประเมินในพื้นที่ปฏิบัติงาน เพื่อยืนยันผลการตรวจ Application Report",
    ),
    benefits=ul(
        "เพิ่มศักยภาพของหน่วยงานในการเป็นระบบราชการ 4.0 "
        "เพื่อผลักดันการดำเนินงานในการขับเคลื่อนยุทธศาสตร์ และแผนระดับประเทศ "
        "โดยมีเป้าหมายเพื่อประโยชน์สุขของประชาชน"
    ),
    # The item as OPDC's e-SAR reports it (seed 000).
    items=(DemoItem("ผลการประเมินสถานะการเป็นระบบราชการ 4.0 (PMQA 4.0)", ItemKind.NUMBER, "คะแนน"),),
)

FY2566_STANDARD_INDICATORS = (STANDARD_DIGITIZE, STANDARD_PMQA)

# ---------------------------------------------------------------------------------------------
# OPS-MOF, FY2566 (seed 001)
# ---------------------------------------------------------------------------------------------

MAIN_MISSION = "ภารกิจหลักของส่วนราชการ"

INSPECTION_LEVELS = (
    (
        50,
        "จัดทำแผนการตรวจราชการของผู้ตรวจราชการกระทรวงการคลัง ประจำปีงบประมาณ พ.ศ. 2566 "
        "เสนอรัฐมนตรีเพื่ออนุมัติแผนฯ และตรวจติดตามได้ 200 หน่วย",
    ),
    (75, "ตรวจติดตามได้ 826 หน่วย และมีรายงานสรุปข้อเสนอแนะจากการตรวจราชการไตรมาส 1 - 3"),
    (
        100,
        "มีรายงานผลการดำเนินงานตามข้อเสนอแนะจากการตรวจติดตามของส่วนราชการในสังกัด ในไตรมาสที่ 1 - 2 "
        "เสนอผู้บริหารเพื่อทราบ",
    ),
)

INSPECTION = DemoIndicator(
    number="1",
    name_th="ระดับความสำเร็จของการตรวจติดตามหน่วยงานในสังกัดกระทรวงการคลัง",
    component="PB",
    weight=20,
    responsible_unit="OPS-MOF-IAE",
    responsible_unit_name="สำนักตรวจสอบและประเมินผล",
    definitions="หน่วยรับตรวจ หมายถึง หน่วยงานในสังกัดกระทรวงการคลังทั้งในส่วนกลางและส่วนภูมิภาค",
    scope="1 ตุลาคม 2565 – 30 กันยายน 2566",
    data_collection="เก็บข้อมูลตลอดช่วงปีงบประมาณ พ.ศ. 2566",
    data_source="รายงานผลการตรวจราชการ",
    baselines=tuple(
        DemoBaseline(series, year, text, value)
        for series in ("จำนวนหน่วยงานทั้งหมด", "ผลการดำเนินงาน")
        for year, text, value in (
            (2562, "900 หน่วย", "900"),
            (2563, "- 900 หน่วย", "900"),
            (2564, "826 หน่วย", "826"),
            (2565, "826 หน่วย", "826"),
        )
    ),
    steps=(
        "จัดทำแผนการตรวจราชการของผู้ตรวจราชการกระทรวงการคลัง ประจำปีงบประมาณ พ.ศ. 2566",
        "รวบรวมข้อมูลพื้นฐานของจังหวัดนั้น ๆ "
        "ข้อมูลทางด้านเศรษฐกิจและข้อมูลรายงานผลการดำเนินงานของหน่วยงานในสังกัดกระทรวงการคลัง "
        "รวมทั้งปัญหาและอุปสรรคในการดำเนินงาน",
        "จัดทำหนังสือถึงหน่วยงานต้นสังกัดของหน่วยงาน "
        "และรัฐวิสาหกิจในสังกัดกระทรวงการคลังเพื่อประชุมชี้แจงผลการดำเนินงาน "
        "ปัญหาอุปสรรคและข้อเสนอแนะในประเด็นที่เกี่ยวข้องกับกระทรวงการคลัง "
        "พร้อมทั้งหนังสือถึงผู้ว่าราชการจังหวัด และภาคเอกชน",
        "ลงพื้นที่ตรวจเยี่ยมหน่วยงานราชการและรัฐวิสาหกิจในสังกัดกระทรวงการคลัง "
        "เพื่อรับทราบปัญหาและอุปสรรคในการปฏิบัติงาน",
        "จัดทำรายงานผลการตรวจราชการของผู้ตรวจราชการกระทรวงการคลังเพื่อนำเสนอปลัดกระทรวงการคลัง",
        "จัดทำสรุปข้อเสนอแนะรายไตรมาสเสนอปลัดกระทรวงการคลังเพื่อรายงานรัฐมนตรีว่าการกระทรวงการคลังเพื่อทราบ "
        "และ ลงนามในหนังสือแจ้งหน่วยงานในสังกัดที่เกี่ยวข้องเพื่อดำเนินการปรับปรุงแก้ไขตามประเด็นตามข้อเสนอแนะ",
        "สรุปผลการดำเนินงานตามข้อเสนอแนะของผู้ตรวจราชการจากหน่วยงานที่เกี่ยวข้องเสนอผู้บริหารกระทรวงการคลังรับทราบ",
    ),
    criteria=milestone(*INSPECTION_LEVELS),
    criteria_note="รายงานผลการดำเนินงานตามข้อเสนอแนะจากการตรวจติดตามของส่วนราชการในสังกัด ไตรมาสที่ 3 - 4 "
    "เสนอเป็นเป้าหมายขั้นต่ำของปีงบประมาณถัดไป",
    six_month_target=INSPECTION_LEVELS[0][1],
    benefits=ul(
        "หน่วยงานและรัฐวิสาหกิจในสังกัดกระทรวงการคลังที่ได้รับการตรวจได้รับทราบนโยบายที่สำคัญเร่งด่วนของรัฐบาล "
        "กระทรวงการคลังและสามารถนำข้อเสนอแนะไปปรับใช้เพื่อแก้ไขปัญหาในพื้นที่อย่างเป็นรูปธรรม",
        "ประชาชนได้รับประโยชน์อย่างทั่วถึงจากนโยบายที่สำคัญของรัฐบาล "
        "ผ่านการตรวจติดตามของผู้ตรวจราชการกระทรวงการคลัง",
    ),
    # Months 12-14: ต.ค.-ธ.ค. of FY2567 ("ไตรมาส 1 (ปี 67)").
    plan=(
        ("จัดทำแผนการตรวจราชการของผู้ตรวจราชการกระทรวงการคลัง", (0,)),
        ("ลงพื้นที่ตรวจราชการ", (2,)),
        ("จัดทำรายงานผลการตรวจราชการรายพื้นที่", (2,)),
        ("จัดทำรายงานผลการตรวจในภาพรวม รายไตรมาส", (3, 6, 9, 12)),
        (
            "จัดทำสรุปข้อเสนอแนะรายไตรมาส "
            "แจ้งหน่วยงานในสังกัดที่เกี่ยวข้องเพื่อดำเนินการปรับปรุงแก้ไขตามประเด็นข้อเสนอแนะ",
            (3, 6, 9, 12),
        ),
        (
            "สรุปผลการดำเนินงานตามข้อเสนอแนะของผู้ตรวจราชการกระทรวงการคลังรายไตรมาส เสนอผู้บริหารทราบ",
            (5, 8, 11, 14),
        ),
    ),
    national_strategy=MAIN_MISSION,
    items=tuple(DemoItem(text) for _, text in INSPECTION_LEVELS),
)

ACTION_PLAN_NAME = (
    "ร้อยละความสำเร็จของการดำเนินงานตามแผนปฏิบัติการรายปี (พ.ศ. 2566) ของสำนักงานปลัดกระทรวงการคลัง"
)

ACTION_PLAN = DemoIndicator(
    number="2",
    name_th=ACTION_PLAN_NAME,
    component="PB",
    weight=20,
    responsible_unit="OPS-MOF-PSB",
    responsible_unit_name="สำนักนโยบายและยุทธศาสตร์",
    unit="ร้อยละ",
    description="เป็นการติดตามผลการดำเนินงานโครงการภายใต้แผนปฏิบัติการรายปี (พ.ศ. 2566) "
    "ของสำนักงานปลัดกระทรวงการคลัง โดยการหาค่าเฉลี่ยของร้อยละความสำเร็จของการดำเนินโครงการ"
    "ภายใต้แผนปฏิบัติการรายปี (พ.ศ. 2566) ของสำนักงานปลัดกระทรวงการคลัง "
    "จากระบบติดตามผลการดำเนินงานตามแผนปฏิบัติการสำนักงานปลัดกระทรวงการคลัง (OPS Plan)",
    baselines=(
        DemoBaseline("ผลการดำเนินงาน", 2562, "96.11", "96.11"),
        DemoBaseline("ผลการดำเนินงาน", 2563, "100", "100"),
        DemoBaseline("ผลการดำเนินงาน", 2564, "74.29", "74.29"),
        DemoBaseline(
            "ผลการดำเนินงาน", 2565, "83.33", "83.33", note="ผลการดำเนินงาน ณ ไตรมาสที่ 3/2565"
        ),
    ),
    criteria={
        "kind": "levels",
        "direction": "higher",
        "thresholds": [80, 85, 90],
        "scores": [50, 75, 100],
    },
    six_month_target="มีแผนปฏิบัติการรายปี (พ.ศ. 2566) ของสำนักงานปลัดกระทรวงการคลัง "
    "ที่รัฐมนตรีว่าการกระทรวงการคลังให้ความเห็นชอบ ภายในไตรมาสแรก",
    steps=(
        "จัดทำแผนปฏิบัติการรายปี (พ.ศ. 2566) ของสำนักงานปลัดกระทรวงการคลัง "
        "และเสนอต่อผู้บริหารกระทรวงการคลังให้ความเห็นชอบ",
        "ติดตามผลการดำเนินงานโครงการภายใต้แผนปฏิบัติการรายปี (พ.ศ. 2566) "
        "ของสำนักงานปลัดกระทรวงการคลัง "
        "จากระบบติดตามผลการดำเนินงานตามแผนปฏิบัติการสำนักงานปลัดกระทรวงการคลัง (OPS Plan)",
    ),
    benefits="ความสำเร็จของการดำเนินงานของสำนักงานปลัดกระทรวงการคลังส่งผลต่อการบรรลุเป้าหมายของยุทธศาสตร์ชาติ "
    "แผนแม่บทภายใต้ยุทธศาสตร์ชาติ และนโยบายระดับชาติอื่น ๆ",
    national_strategy=MAIN_MISSION,
    items=(DemoItem(ACTION_PLAN_NAME, ItemKind.NUMBER, "ร้อยละ"),),
)

GFMIS_LEVELS = (
    (
        50,
        "มีการอนุมัติโครงการ การแต่งตั้งคณะกรรมการของกระบวนการจัดซื้อจัดจ้าง และการจัดทำร่างขอบเขตของงาน (TOR)",
    ),
    (75, "มีการลงนามในสัญญา"),
    (
        100,
        "มีการจัดเตรียมระบบโครงสร้างพื้นฐาน เพื่อรองรับการเชื่อมโยงข้อมูล กับกรมส่งเสริมการปกครองท้องถิ่น",
    ),
)

GFMIS_STEPS = (
    "ขั้นตอนที่ 1 การอนุมัติ และจัดทำโครงการ",
    "ขั้นตอนที่ 2 การแต่งตั้งคณะกรรมการของกระบวนการจัดซื้อจัดจ้าง และการจัดทำร่างขอบเขตของงาน (TOR)",
    "ขั้นตอนที่ 3 การลงนามในสัญญา",
    "ขั้นตอนที่ 4 การออกแบบระบบ Hardware และ Software",
    "ขั้นตอนที่ 5 การติดตั้งระบบ Hardware และ Software",
)

GFMIS = DemoIndicator(
    number="3",
    name_th="ระดับความสำเร็จของการจัดทำระบบการเชื่อมโยงระบบบริหารการเงินการคลังภาครัฐแบบอิเล็กทรอนิกส์ใหม่ "
    "(New GFMIS Thai) กับระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น (e-LAAS)",
    component="PB",
    weight=15,
    # Seed 001 names no responsible unit for this indicator.
    description="การจัดทำระบบการเชื่อมโยงข้อมูลระหว่างระบบ New GFMIS Thai กับระบบ e-LAAS "
    "เป็นดำเนินการเพื่อให้สอดคล้องกับแผนพัฒนาและมุ่งไปสู่การเป็นรัฐบาลดิจิทัล (Digital Government) "
    "ให้สามารถบูรณาการข้อมูลระหว่างระบบให้สามารถเชื่อมต่อกันได้ ลดการบันทึกข้อมูลซ้ำทั้งสองระบบ "
    "สามารถนำข้อมูลทุกประเภทรายรับและทุกประเภทรายจ่าย มาวิเคราะห์เพิ่มเติมได้ในอนาคต "
    "รวมถึงรองรับการปฏิบัติทางด้านบัญชีให้สอดคล้องกับระเบียบการบริหารตามพระราชบัญญัติวินัยการเงินการคลัง "
    "ทำให้รัฐบาล สำนักงานงบประมาณ และกระทรวงการคลัง "
    "สามารถเห็นภาพรวมการเงินการคลังประเทศได้ครบถ้วนจนถึงระดับ อปท. "
    "ซึ่งเป็นการบูรณาการข้อมูลเพื่อการบริหารการเงินการคลังที่เป็นเอกภาพ "
    "ระหว่างระบบบริหารการเงินการคลังภาครัฐแบบอิเล็กทรอนิกส์ใหม่ (New GFMIS Thai) "
    "กับระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น (e-LAAS)",
    steps=GFMIS_STEPS,
    baselines=dashes(2562, 2563, 2564, 2565),
    benefits="รองรับนโยบาย Digital Government ของรัฐบาล "
    "และรองรับการจัดสรรงบประมาณลงท้องถิ่น (อปท.) ตามนโยบายของรัฐบาล "
    "ซึ่งสามารถเป็นต้นแบบการบริหารการเงินการคลัง และเป็นทางเลือกให้หน่วยงานภาครัฐ "
    "และรัฐวิสาหกิจอื่น ๆ",
    criteria=milestone(*GFMIS_LEVELS),
    six_month_target="มีการลงนามในสัญญา",
    conditions="การจัดทำระบบการเชื่อมโยงระหว่างระบบ New GFMIS Thai กับระบบ e-LAAS "
    "เป็นไปตามกรอบแนวทางการเชื่อมโยงตามมติ ครม. เมื่อวันที่ 28 พ.ค. 62 "
    "เพื่อรองรับ พรบ.วินัยการเงินการคลังภาครัฐ พ.ศ. 2561 และ พรบ.วิธีการงบประมาณ พ.ศ. 2561 "
    "โดยในการขับเคลื่อนการดำเนินการเพื่อให้บรรลุตามวัตถุประสงค์ดังกล่าว "
    "จะมีการจัดทำบันทึกข้อตกลงความร่วมมือของหน่วยงานระหว่างกัน (MOU) อย่างไรก็ตาม "
    "ขอให้สำนักงาน ก.พร. ประสานกับกรมส่งเสริมการปกครองท้องถิ่น "
    "เพื่อเตรียมความพร้อมในการปรับปรุงระบบและการดำเนินการด้านงบประมาณ "
    "ให้สามารถเชื่อมโยงข้อมูลได้ในปีงบประมาณ พ.ศ. 2567 โดยกำหนดเป็น KPI ด้วย "
    "เพื่อลดความเสี่ยงและเกิดผลสัมฤทธิ์ได้ตามวัตถุประสงค์ต่อไป",
    # The plan's table runs over FY2566 and FY2567; its first row heads the OPS-MOF steps.
    plan=(
        (
            "สำนักงานปลัดกระทรวงการคลัง "
            "จัดทำโครงการพัฒนาการเชื่อมโยงข้อมูลระบบบริหารการเงินการคลังภาครัฐแบบอิเล็กทรอนิกส์ใหม่ "
            "(New GFMS Thai) กับระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น (e-LAAS)",
            (),
        ),
        (GFMIS_STEPS[0], (0,)),
        (GFMIS_STEPS[1], (0,)),
        (GFMIS_STEPS[2], (12,)),
        (GFMIS_STEPS[3], (12,)),
        (GFMIS_STEPS[4], (12,)),
        (
            "กรมส่งเสริมการปกครองท้องถิ่น ปรับปรุงระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น (e-LAAS) "
            "เพื่อให้สามารถเชื่อมโยงและแลกเปลี่ยนข้อมูล",
            (12,),
        ),
    ),
    national_strategy=MAIN_MISSION,
    items=tuple(DemoItem(text) for _, text in GFMIS_LEVELS),
)

EXIM_LEVELS = (
    (50, "กำหนดรูปแบบชุดข้อมูล"),
    (75, "วางแผนการดำเนินงานและออกแบบระบบ"),
    (100, "เชื่อมโยงและแลกเปลี่ยนข้อมูลได้สำเร็จ"),
)

EXIM_STEPS = (
    "ศึกษากฎหมาย หลักเกณฑ์ และมาตรฐานการเชื่อมโยงและแลกเปลี่ยนข้อมูลที่เกี่ยวข้อง",
    "กำหนดแนวทางการเชื่อมโยงและแลกเปลี่ยนข้อมูล",
    "ประสานงาน และประชุมหารือกับหน่วยงานที่เกี่ยวข้อง",
    "จัดทำต้นแบบระบบงานและการเชื่อมโยงข้อมูลกับหน่วยงานที่เกี่ยวข้อง (Prototype)",
    "พัฒนาระบบเชื่อมโยงและแลกเปลี่ยนข้อมูลกับหน่วยงานที่เกี่ยวข้อง",
    "ทดสอบระบบการเชื่อมโยงและแลกเปลี่ยนข้อมูล",
    "ระบบสามารถเชื่อมโยงและแลกเปลี่ยนข้อมูลได้สำเร็จ",
)

EXIM = DemoIndicator(
    number="4",
    name_th="ระดับความสำเร็จของการดำเนินงานเชื่อมโยงและแลกเปลี่ยนข้อมูล "
    "กับธนาคารเพื่อการส่งออกและนำเข้าแห่งประเทศไทย (EXIM Bank)",
    component="PB",
    weight=15,
    responsible_unit="OPS-MOF-ICT",
    responsible_unit_name="ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร",
    description="ตามประกาศคณะกรรมการรัฐบาลดิจิทัล พ.ศ. 2563 "
    "พ.ร.บ. การบริหารงานและการให้บริการภาครัฐระบบดิจิทัล พ.ศ. 2562 "
    "และ พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562 ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร "
    "สำนักงานปลัดกระทรวงการคลัง เป็นหน่วยงานหลักบริหารจัดการข้อมูลด้านเศรษฐกิจการเงินการคลังของประเทศ "
    "มีความจำเป็นต้องพัฒนาระบบเชื่อมโยงและแลกเปลี่ยนข้อมูลของกระทรวงการคลัง "
    "มุ่งเน้นปรับปรุงกระบวนการและเทคโนโลยีให้ทันสมัย"
    "และตอบสนองต่อการบริหารจัดการฐานข้อมูลขนาดใหญ่ของหน่วยงานต่าง ๆ "
    "ในสังกัดกระทรวงการคลังตามนโยบายรัฐบาลในการเชื่อมโยงและเปลี่ยนและการนำข้อมูลไปใช้ของหน่วยงานภาครัฐ "
    "ถูกต้อง ครบถ้วน เป็นปัจจุบัน รักษาความเป็นส่วนตัว "
    "และสามารถเชื่อมโยงกันได้อย่างมีประสิทธิภาพและมั่นคงปลอดภัยตามกรอบกำกับดูแลข้อมูล "
    "มุ่งเน้นการดำเนินงานของส่วนกลางด้วยข้อมูลที่มีคุณภาพ ถูกต้องและทันต่อเวลา "
    "ทำให้การดำเนินงานของหน่วยงานภาครัฐมีประสิทธิภาพสูงขึ้น",
    baselines=dashes(2562, 2563, 2564, 2565),
    criteria=milestone(*EXIM_LEVELS),
    six_month_target="ทำข้อตกลงระหว่างหน่วยงานเจ้าของเรื่องกับธนาคารเพื่อการส่งออกและนำเข้าแห่งประเทศไทย "
    "(EXIM Bank)",
    steps=EXIM_STEPS,
    benefits=ul(
        "กระทรวงการคลังมีระบบเชื่อมโยงและแลกเปลี่ยนข้อมูลที่มีประสิทธิภาพและมีมาตรฐานตามกรอบกำกับดูแลข้อมูลภาครัฐ",
        "กระทรวงการคลังสามารถรองรับการเชื่อมโยงข้อมูลด้านเศรษฐกิจการเงินการคลังจากหน่วยงานภายใน "
        "หน่วยงานภายนอก ภาคประชาชนและภาคธุรกิจ",
        "กระทรวงการคลังมีช่องทางในการเผยแพร่ข้อมูลข่าวสารแก่ภาคสาธารณะที่ถูกต้องและมีมาตรฐาน",
    ),
    # The seed's bars are dated Dec 2023 - Dec 2024 under a FY2566 (Oct 2022 - Sep 2023)
    # header; the months are placed on that header, so the last bars run into FY2567's
    # first quarter (months 12-14).
    plan=(
        (EXIM_STEPS[0], (2,)),
        (EXIM_STEPS[1], (1, 2)),
        (EXIM_STEPS[2], (2, 3)),
        (EXIM_STEPS[3], (4, 5)),
        (EXIM_STEPS[4], (6, 7, 8, 9, 10, 11)),
        (EXIM_STEPS[5], (12, 13)),
        (EXIM_STEPS[6], (14,)),
    ),
    national_strategy=MAIN_MISSION,
    items=tuple(DemoItem(text) for _, text in EXIM_LEVELS),
)

PMQA_TABLE = (
    "<table><thead><tr><th>เป้าหมายขั้นต้น (50 คะแนน)</th><th>เป้าหมายมาตรฐาน (75 คะแนน)</th>"
    "<th>เป้าหมายขั้นสูง (100 คะแนน)</th></tr></thead><tbody>"
    "<tr><td>400</td><td>คะแนนปี 65</td><td>คะแนนปี 65 + 2%</td></tr>"
    "<tr><td>379.27</td><td>431.73</td><td>440.36</td></tr>"
    "</tbody></table>"
)

OPS_MOF_INDICATORS = (
    INSPECTION,
    ACTION_PLAN,
    GFMIS,
    EXIM,
    replace(STANDARD_DIGITIZE, standard_number="5", owner=""),
    replace(
        STANDARD_PMQA,
        standard_number="6",
        owner="",
        baselines=(
            DemoBaseline("ผลการดำเนินงาน", 2564, "407.69 คะแนน", "407.69"),
            DemoBaseline("ผลการดำเนินงาน", 2565, "431.73 คะแนน", "431.73"),
        ),
        # The seed's criteria table as written: its second row puts 379.27 under the
        # minimum target that its first row sets at 400.
        criteria_note=PMQA_TABLE,
    ),
)

# Values choosing OPS-MOF's group of a standard indicator: "คะแนนปี 65" of PMQA 4.0.
OPS_MOF_VALUES = (("prev", "431.73", "คะแนนปี 65"),)

# ---------------------------------------------------------------------------------------------
# FY2555 standard indicators of departments (seed 004, slides 17-18)
# ---------------------------------------------------------------------------------------------

FY2555_STANDARD_INDICATORS = (
    DemoIndicator(
        "1",
        "ระดับความสำเร็จของร้อยละเฉลี่ยถ่วงน้ำหนักในการบรรลุเป้าหมายตามแผนปฏิบัติราชการของกระทรวง"
        "และนโยบายสำคัญ/พิเศษของรัฐบาล",
        "EXT-EFF",
        20,
        owner="OPDC",
        # Sub-indicator weights are shares of the parent: 15 and 5 of its 20.
        children=(
            DemoIndicator(
                "1.1",
                "ระดับความสำเร็จของร้อยละเฉลี่ยถ่วงน้ำหนักในการบรรลุเป้าหมายตามแผนปฏิบัติราชการของกระทรวง",
                None,
                75,
                owner="OPDC",
            ),
            DemoIndicator(
                "1.2",
                "ระดับความสำเร็จในการขับเคลื่อนนโยบายสำคัญ/พิเศษของรัฐบาล",
                None,
                25,
                owner="OPDC",
            ),
        ),
    ),
    DemoIndicator(
        "2",
        "ระดับความสำเร็จของร้อยละเฉลี่ยถ่วงน้ำหนักในการดำเนินการตามแผนปฏิบัติราชการของกระทรวง"
        "ที่มีเป้าหมายร่วมกันระหว่างกระทรวง",
        "EXT-EFF",
        10,
        owner="OPDC",
    ),
    DemoIndicator(
        "3",
        "ระดับความสำเร็จของร้อยละเฉลี่ยถ่วงน้ำหนักในการบรรลุเป้าหมายตามแผนปฏิบัติราชการของกลุ่มภารกิจ",
        "EXT-EFF",
        10,
        owner="OPDC",
    ),
    DemoIndicator(
        "4",
        "ระดับความสำเร็จของร้อยละเฉลี่ยถ่วงน้ำหนัก "
        "ในการบรรลุเป้าหมายตามแผนปฏิบัติราชการ/ภารกิจหลักของกรมหรือเทียบเท่า",
        "EXT-EFF",
        20,
        owner="OPDC",
    ),
    DemoIndicator("5", "ร้อยละของระดับความพึงพอใจของผู้รับบริการ", "EXT-QUA", 7, owner="OPDC"),
    DemoIndicator("6", "ร้อยละของระดับความพึงพอใจของผู้กำหนดนโยบาย", "EXT-QUA", 3, owner="OPDC"),
    DemoIndicator("7", "ระดับความสำเร็จของการจัดทำต้นทุนต่อหน่วยผลผลิต", "INT-EFC", 5, owner="CGD"),
    DemoIndicator("8", "ร้อยละความสำเร็จของการเบิกจ่ายเงินงบประมาณตามแผน", "INT-EFC", 5, owner="CGD"),
    DemoIndicator(
        "9",
        "ระดับความสำเร็จของปริมาณผลผลิตที่ทำได้จริง เปรียบเทียบกับเป้าหมายผลผลิตตามเอกสารงบประมาณรายจ่าย",
        "INT-EFC",
        5,
        owner="BB",
    ),
    DemoIndicator("10", "ระดับความสำเร็จของการพัฒนาสมรรถนะของบุคลากร", "INT-DEV", 5, owner="OPDC"),
    DemoIndicator("11", "ระดับความสำเร็จของการพัฒนาปรับปรุงสารสนเทศ", "INT-DEV", 5, owner="OPDC"),
    DemoIndicator("12", "ระดับความสำเร็จของการพัฒนาปรับปรุงวัฒนธรรมองค์การ", "INT-DEV", 5, owner="OPDC"),
)

# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


def load_indicators(actor: Actor) -> int:
    """Create the demo indicators that are missing; returns how many top-level ones were created.

    An indicator that exists already (same framework, agency and number) is left as it is, so
    running this again, or after people edited the demo, changes nothing.
    """
    fy2566 = demo_framework(2566, FrameworkKind.DEPARTMENTS)
    fy2555 = demo_framework(2555, FrameworkKind.DEPARTMENTS)
    created = 0
    standards: dict[str, Indicator] = {}
    for spec in FY2566_STANDARD_INDICATORS:
        standards[spec.number], new = _ensure(actor, fy2566, None, spec)
        created += new
    agency = Organization.objects.get(code=OPS_MOF)
    for spec in OPS_MOF_INDICATORS:
        standard = standards[spec.standard_number] if spec.standard_number else None
        _, new = _ensure(actor, fy2566, agency, spec, standard=standard)
        created += new
    for name, value, note in OPS_MOF_VALUES:
        AgencyValue.objects.get_or_create(
            framework=fy2566,
            organization=agency,
            name=name,
            defaults={"value": Decimal(value), "note": note},
        )
    for spec in FY2555_STANDARD_INDICATORS:
        _, new = _ensure(actor, fy2555, None, spec)
        created += new
    return created


def load_esar_pages(actor: Actor) -> list[ImportSummary]:
    """Import the demo's e-SAR pages (the Budget Bureau, seed 000) for the agencies that have
    no indicators in that framework yet; importing again would only rewrite the same rows."""
    summaries = []
    for name, code, year, kind in DEMO_ESAR_PAGES:
        imported = Indicator.objects.filter(
            framework__fiscal_year__year=year, framework__kind=kind, organization__code=code
        ).exists()
        if not imported:
            summaries.append(import_esar_file(DEMO_SEEDS / name, year, kind, actor=actor))
    return summaries


def _ensure(
    actor: Actor,
    framework: Framework,
    organization: Organization | None,
    spec: DemoIndicator,
    *,
    standard: Indicator | None = None,
) -> tuple[Indicator, int]:
    existing = Indicator.objects.filter(
        framework=framework, organization=organization, number=spec.number
    ).first()
    if existing is not None:
        return existing, 0
    indicator = _create(framework, organization, spec, standard=standard, parent=None, order=0)
    record(
        actor,
        "standard_indicator.created" if organization is None else "indicator.created",
        indicator,
        after={
            "framework": framework.pk,
            "organization": organization.code if organization else None,
            "number": spec.number,
            "source": "demo",
        },
    )
    return indicator, 1


def _create(
    framework: Framework,
    organization: Organization | None,
    spec: DemoIndicator,
    *,
    standard: Indicator | None,
    parent: Indicator | None,
    order: int,
) -> Indicator:
    component = (
        Component.objects.get(framework=framework, code=spec.component) if spec.component else None
    )
    indicator = Indicator.objects.create(
        framework=framework,
        organization=organization,
        standard=standard,
        owner=_org(spec.owner),
        component=component,
        parent=parent,
        number=spec.number,
        order=order or _order(spec.number),
        name_th=spec.name_th,
        weight=Decimal(spec.weight),
        responsible_unit=_org(spec.responsible_unit),
        responsible_unit_name=spec.responsible_unit_name,
        unit=spec.unit,
        direction=spec.direction,
        description=spec.description,
        definitions=spec.definitions,
        scope=spec.scope,
        data_collection=spec.data_collection,
        data_source=spec.data_source,
        formula=spec.formula,
        six_month_target=spec.six_month_target,
        benefits=spec.benefits,
        conditions=spec.conditions,
        criteria_note=spec.criteria_note,
        national_strategy=spec.national_strategy,
        criteria=spec.criteria,
    )
    Baseline.objects.bulk_create(
        Baseline(
            indicator=indicator,
            series=baseline.series,
            year=baseline.year,
            value=Decimal(baseline.value) if baseline.value is not None else None,
            value_text=baseline.value_text,
            note=baseline.note,
            order=position,
        )
        for position, baseline in enumerate(spec.baselines, start=1)
    )
    Step.objects.bulk_create(
        Step(indicator=indicator, order=position, text=text)
        for position, text in enumerate(spec.steps, start=1)
    )
    PlanActivity.objects.bulk_create(
        PlanActivity(indicator=indicator, order=position, text=text, months=list(months))
        for position, (text, months) in enumerate(spec.plan, start=1)
    )
    EvaluationItem.objects.bulk_create(
        EvaluationItem(
            indicator=indicator, order=position, text=item.text, kind=item.kind, unit=item.unit
        )
        for position, item in enumerate(spec.items, start=1)
    )
    for position, child in enumerate(spec.children, start=1):
        _create(framework, organization, child, standard=None, parent=indicator, order=position)
    return indicator


def _org(code: str) -> Organization | None:
    return Organization.objects.get(code=code) if code else None


def _order(number: str) -> int:
    return int(number.split(".")[0])

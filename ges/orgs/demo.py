"""Demo organisations and people, named in the seed documents. Loading twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from ges.audit.log import Actor
from ges.orgs import actions
from ges.orgs.models import Organization, OrganizationKind, Role, User

K = OrganizationKind

# (code, parent code, kind, Thai name, English name, short name)
DEMO_ORGANIZATIONS: list[tuple[str, str, str, str, str, str]] = [
    ("OPM", "", K.MINISTRY, "สำนักนายกรัฐมนตรี", "Office of the Prime Minister", "สร."),
    ("BB", "OPM", K.DEPARTMENT, "สำนักงบประมาณ", "Bureau of the Budget", "สงป."),
    (
        "OPDC",
        "OPM",
        K.DEPARTMENT,
        "สำนักงานคณะกรรมการพัฒนาระบบราชการ",
        "Office of the Public Sector Development Commission",
        "สำนักงาน ก.พ.ร.",
    ),
    (
        "NESDC",
        "OPM",
        K.DEPARTMENT,
        "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ",
        "Office of the National Economic and Social Development Council",
        "สศช.",
    ),
    (
        "NSC",
        "OPM",
        K.DEPARTMENT,
        "สำนักงานสภาความมั่นคงแห่งชาติ",
        "Office of the National Security Council",
        "สมช.",
    ),
    (
        "DGA",
        "OPM",
        K.PUBLIC_ORGANIZATION,
        "สำนักงานพัฒนารัฐบาลดิจิทัล (องค์การมหาชน)",
        "Digital Government Development Agency",
        "สพร.",
    ),
    ("MOF", "", K.MINISTRY, "กระทรวงการคลัง", "Ministry of Finance", "กค."),
    (
        "OPS-MOF",
        "MOF",
        K.DEPARTMENT,
        "สำนักงานปลัดกระทรวงการคลัง",
        "Office of the Permanent Secretary, Ministry of Finance",
        "สป.กค.",
    ),
    (
        "OPS-MOF-IAE",
        "OPS-MOF",
        K.DIVISION,
        "สำนักตรวจสอบและประเมินผล",
        "Inspection and Evaluation Bureau",
        "",
    ),
    (
        "OPS-MOF-PSB",
        "OPS-MOF",
        K.DIVISION,
        "สำนักนโยบายและยุทธศาสตร์",
        "Policy and Strategy Bureau",
        "",
    ),
    (
        "OPS-MOF-ICT",
        "OPS-MOF",
        K.DIVISION,
        "ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร",
        "Information and Communication Technology Centre",
        "ศทส.",
    ),
    ("CGD", "MOF", K.DEPARTMENT, "กรมบัญชีกลาง", "The Comptroller General's Department", "บก."),
    (
        "EXIM",
        "MOF",
        K.PUBLIC_ORGANIZATION,
        "ธนาคารเพื่อการส่งออกและนำเข้าแห่งประเทศไทย",
        "Export-Import Bank of Thailand",
        "EXIM Bank",
    ),
    ("MOC", "", K.MINISTRY, "กระทรวงพาณิชย์", "Ministry of Commerce", "พณ."),
    ("DITP", "MOC", K.DEPARTMENT, "กรมส่งเสริมการส่งออก", "Department of Export Promotion", "สอ."),
    ("MOI", "", K.MINISTRY, "กระทรวงมหาดไทย", "Ministry of Interior", "มท."),
    ("CDD", "MOI", K.DEPARTMENT, "กรมการพัฒนาชุมชน", "Community Development Department", "พช."),
    (
        "DLA",
        "MOI",
        K.DEPARTMENT,
        "กรมส่งเสริมการปกครองท้องถิ่น",
        "Department of Local Administration",
        "สถ.",
    ),
    (
        "DDPM",
        "MOI",
        K.DEPARTMENT,
        "กรมป้องกันและบรรเทาสาธารณภัย",
        "Department of Disaster Prevention and Mitigation",
        "ปภ.",
    ),
    (
        "MDES",
        "",
        K.MINISTRY,
        "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม",
        "Ministry of Digital Economy and Society",
        "ดศ.",
    ),
    ("NSO", "MDES", K.DEPARTMENT, "สำนักงานสถิติแห่งชาติ", "National Statistical Office", "สสช."),
    (
        "PG-C1",
        "",
        K.PROVINCE_GROUP,
        "กลุ่มจังหวัดภาคกลางปริมณฑล",
        "Central Metropolitan Province Group",
        "",
    ),
    ("NBI", "PG-C1", K.PROVINCE, "จังหวัดนนทบุรี", "Nonthaburi Province", "นบ."),
    ("PTE", "PG-C1", K.PROVINCE, "จังหวัดปทุมธานี", "Pathum Thani Province", "ปท."),
    ("NBI-CITY", "NBI", K.LOCAL_GOVERNMENT, "เทศบาลนครนนทบุรี", "Nonthaburi City Municipality", ""),
]

DEMO_PASSWORD = "ges-demo-2569"


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    role: Role
    organization_code: str


DEMO_PEOPLE = [
    DemoPerson("opdc.admin", "สมศรี", "ผู้ดูแลกรอบ", Role.FRAMEWORK_ADMIN, "OPDC"),
    DemoPerson("opdc.evaluator", "สมชาย", "กรรมการประเมิน", Role.EVALUATOR, "MOF"),
    DemoPerson("cgd.owner", "วิไล", "เจ้าภาพตัวชี้วัด", Role.INDICATOR_OWNER, "CGD"),
    DemoPerson("mof.editor", "ปรีชา", "ผู้ประสานงาน", Role.AGENCY_EDITOR, "OPS-MOF"),
    DemoPerson("mof.approver", "มาลี", "ผู้บริหาร", Role.AGENCY_APPROVER, "OPS-MOF"),
    DemoPerson("mof.viewer", "อนันต์", "ผู้ติดตาม", Role.VIEWER, "MOF"),
    DemoPerson("mof.useradmin", "กนก", "ผู้ดูแลผู้ใช้", Role.ORG_ADMIN, "OPS-MOF"),
]
# The evaluator also sits on the committees of these ministries.
EXTRA_MEMBERSHIPS = [("opdc.evaluator", Role.EVALUATOR, "OPM")]


def load_organizations(actor: Actor) -> int:
    """Create the demo organisations that are missing; returns how many were created."""
    created = 0
    for code, parent_code, kind, name_th, name_en, short_name in DEMO_ORGANIZATIONS:
        if Organization.objects.filter(code=code).exists():
            continue
        parent = Organization.objects.get(code=parent_code) if parent_code else None
        actions.create_organization(
            actor,
            parent,
            kind=kind,
            code=code,
            name_th=name_th,
            name_en=name_en,
            short_name=short_name,
        )
        created += 1
    return created


def load_people(actor: Actor) -> int:
    created = 0
    for person in DEMO_PEOPLE:
        user = User.objects.filter(username=person.username).first()
        if user is None:
            user = User.objects.create_user(
                person.username,
                email=f"{person.username}@example.go.th",
                password=DEMO_PASSWORD,
                first_name=person.first_name,
                last_name=person.last_name,
            )
            created += 1
        organization = Organization.objects.get(code=person.organization_code)
        actions.grant_role(actor, user, organization, person.role)
    for username, role, code in EXTRA_MEMBERSHIPS:
        user = User.objects.get(username=username)
        actions.grant_role(actor, user, Organization.objects.get(code=code), role)
    return created

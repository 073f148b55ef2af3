"""The Thai catalogue is in use: key labels come out in the official Thai wording.

`make test` compiles the catalogue before pytest; `scripts/check-translations` (in `make lint`)
keeps every entry translated.
"""

import re

import pytest
from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from ges.orgs.models import OrganizationKind, Role
from ges.web.context_processors import NAV_LINKS
from ges.web.django_messages import MESSAGES

THAI = re.compile("[\u0e00-\u0e7f]")
NAV_THAI = {
    "home": "หน้าแรก",
    "frameworks:list": "กรอบการประเมิน",
    "indicators:mine": "ตัวชี้วัด",
    "orgs:tree": "หน่วยงาน",
    "orgs:people": "ผู้ใช้และบทบาท",
    "orgs:import": "นำเข้ารายชื่อหน่วยงาน",
    "audit:log": "บันทึกการเปลี่ยนแปลง",
}
ROLE_THAI = {
    Role.FRAMEWORK_ADMIN: "ผู้ดูแลกรอบการประเมิน (สำนักงาน ก.พ.ร.)",
    Role.EVALUATOR: "กรรมการ/ผู้ประเมิน",
    Role.INDICATOR_OWNER: "หน่วยงานเจ้าภาพตัวชี้วัด",
    Role.AGENCY_EDITOR: "ผู้ประสานงานตัวชี้วัดของหน่วยงาน",
    Role.AGENCY_APPROVER: "ผู้บริหารผู้รับรองข้อมูล",
    Role.VIEWER: "ผู้ติดตามผล",
    Role.ORG_ADMIN: "ผู้ดูแลผู้ใช้ของหน่วยงาน",
}
KIND_THAI = {
    OrganizationKind.MINISTRY: "กระทรวง",
    OrganizationKind.DEPARTMENT: "กรม/ส่วนราชการ",
    OrganizationKind.PROVINCE_GROUP: "กลุ่มจังหวัด",
    OrganizationKind.PROVINCE: "จังหวัด",
    OrganizationKind.BUDGET_UNIT: "หน่วยรับงบประมาณ",
    OrganizationKind.LOCAL_GOVERNMENT: "องค์กรปกครองส่วนท้องถิ่น",
    OrganizationKind.PUBLIC_ORGANIZATION: "องค์การมหาชน",
    OrganizationKind.DIVISION: "หน่วยงานภายใน",
}
MESSAGES_THAI = {
    "Log in": "เข้าสู่ระบบ",
    "Log out": "ออกจากระบบ",
    "Government Evaluation System": "ระบบประเมินผลภาคราชการแบบบูรณาการ",
    "Indicator owner (organisation code)": "หน่วยงานเจ้าภาพตัวชี้วัด (รหัสหน่วยงาน)",
    "6-month target": "เป้าหมายการดำเนินงาน รอบ 6 เดือน",
    "Benefits to the public": "ประโยชน์ที่ประชาชนจะได้รับ",
    "Minimum target": "เป้าหมายขั้นต้น",
    "Standard target": "เป้าหมายมาตรฐาน",
    "Advanced target": "เป้าหมายขั้นสูง",
}


def test_it_labels_the_navigation_in_thai():
    with translation.override("th"):
        labels = {link.url_name: str(link.label) for link in NAV_LINKS}
    assert {name: labels.get(name) for name in NAV_THAI} == NAV_THAI
    assert all(THAI.search(label) for label in labels.values()), labels


def test_it_names_every_role_and_organisation_kind_in_thai():
    assert set(Role) == set(ROLE_THAI)
    assert set(OrganizationKind) == set(KIND_THAI)
    with translation.override("th"):
        assert {role: str(role.label) for role in Role} == ROLE_THAI
        assert {kind: str(kind.label) for kind in OrganizationKind} == KIND_THAI


@pytest.mark.parametrize(("msgid", "thai"), MESSAGES_THAI.items())
def test_it_translates_key_messages(msgid, thai):
    with translation.override("th"):
        assert gettext(msgid) == thai


def test_it_keeps_english_english():
    with translation.override("en"):
        labels = {link.url_name: str(link.label) for link in NAV_LINKS}
        assert (labels["home"], labels["frameworks:list"]) == ("Home", "Frameworks")
        assert str(Role.VIEWER.label) == "Viewer"
        assert str(OrganizationKind.MINISTRY.label) == "Ministry"
        for msgid in MESSAGES_THAI:
            assert gettext(msgid) == msgid
        assert errors_of(forms.CharField(max_length=3), "abcd") == [
            "Ensure this value has at most 3 characters (it has 4)."
        ]


def test_it_fills_placeholders_and_plurals_in_thai():
    with translation.override("th"):
        assert gettext("Fiscal year %(year)s") % {"year": 2567} == "ปีงบประมาณ พ.ศ. 2567"
        assert (
            translation.ngettext("%(counter)s unit", "%(counter)s units", 3) % {"counter": 3}
            == "3 หน่วยงาน"
        )


def test_it_serves_the_login_page_in_thai(client, db):
    page = client.get(reverse("login")).content.decode()
    assert '<button type="submit" class="button">เข้าสู่ระบบ</button>' in page
    assert "ลืมรหัสผ่าน?" in page
    assert "Log in" not in page


def errors_of(field: forms.Field, value: str) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        field.clean(value)
    return caught.value.messages


def test_it_words_djangos_own_messages_in_thai():
    with translation.override("th"):
        untranslated = [message for message in MESSAGES if gettext(message) == message]
    assert untranslated == []


def test_it_shows_djangos_form_errors_in_thai():
    with translation.override("th"):
        assert errors_of(forms.CharField(max_length=3), "abcd") == [
            "ต้องไม่เกิน 3 ตัวอักษร (ขณะนี้มี 4 ตัวอักษร)"
        ]
        assert errors_of(forms.IntegerField(), "x") == ["กรุณากรอกเป็นจำนวนเต็ม"]
        assert errors_of(forms.DecimalField(max_digits=4, decimal_places=1), "1.25") == [
            "ทศนิยมต้องไม่เกิน 1 ตำแหน่ง"
        ]
        assert errors_of(forms.CharField(), "") == ["กรุณากรอกข้อมูลช่องนี้"]


def test_it_explains_the_password_rules_in_thai():
    with translation.override("th"):
        with pytest.raises(ValidationError) as caught:
            password_validation.validate_password("1234")
        problems = caught.value.messages
        rules = password_validation.password_validators_help_texts()
    assert "รหัสผ่านสั้นเกินไป ต้องมีอย่างน้อย 8 ตัวอักษร" in problems
    assert "รหัสผ่านนี้เป็นตัวเลขทั้งหมด" in problems
    assert rules and all(THAI.search(text) for text in [*problems, *rules])

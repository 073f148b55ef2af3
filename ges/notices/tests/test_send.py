"""`send`: one notice and one e-mail per distinct active person, only once the change commits;
a failing e-mail is logged and changes nothing else."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import transaction

from conftest import World
from ges import notices
from ges.notices.models import Notice
from ges.testing import make_user


def send_to(users: list[Any], url: str = "/agreements/1/") -> None:
    notices.send(users, subject="เรื่องทดสอบ", body="รายละเอียด", url=url)


def test_it_sends_one_notice_and_one_mail_per_distinct_active_person(
    world: World, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.SITE_URL = "https://ges.example.go.th"
    world.editor.email = "editor@example.go.th"
    world.editor.save()
    world.approver.email = "approver@example.go.th"
    world.approver.save()
    gone = make_user("gone", email="gone@example.go.th", is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        send_to([world.editor, world.approver, world.editor, gone, world.nobody])

    assert sorted(Notice.objects.values_list("user__username", flat=True)) == [
        "approver",
        "editor",
        "nobody",
    ]
    notice = Notice.objects.get(user=world.editor)
    assert (notice.subject, notice.body, notice.url, notice.read_at) == (
        "เรื่องทดสอบ",
        "รายละเอียด",
        "/agreements/1/",
        None,
    )
    # nobody has no address: a notice, no mail
    assert sorted(message.to[0] for message in mail.outbox) == [
        "approver@example.go.th",
        "editor@example.go.th",
    ]
    message = mail.outbox[0]
    assert message.subject == "เรื่องทดสอบ"
    assert "รายละเอียด" in message.body
    assert "https://ges.example.go.th/agreements/1/" in message.body


def test_it_waits_for_the_commit(world: World, django_capture_on_commit_callbacks: Any) -> None:
    world.editor.email = "editor@example.go.th"
    world.editor.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_to([world.editor])
    assert not Notice.objects.exists() and mail.outbox == []
    for callback in callbacks:
        callback()
    assert Notice.objects.filter(user=world.editor).count() == 1
    assert len(mail.outbox) == 1


def test_it_sends_nothing_when_the_change_is_rolled_back(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    world.editor.email = "editor@example.go.th"
    world.editor.save()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_to([world.editor])
        raise RuntimeError("the change failed")
    assert not Notice.objects.exists() and mail.outbox == []


def test_it_logs_a_failing_mail_and_keeps_the_notices(
    world: World,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: Any,
    caplog: Any,
) -> None:
    def broken(backend: Any, messages: Any) -> int:
        raise ConnectionRefusedError("no SMTP server")

    for user, address in ((world.editor, "editor@example.go.th"), (world.approver, "a@x.go.th")):
        user.email = address
        user.save()
    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    with django_capture_on_commit_callbacks(execute=True):
        send_to([world.editor, world.approver])

    assert Notice.objects.count() == 2
    failures = [r for r in caplog.records if r.name == "ges.notices" and r.levelname == "ERROR"]
    assert len(failures) == 2 and "editor@example.go.th" in failures[0].getMessage()


def test_it_does_nothing_for_nobody(world: World, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_to([])
    assert callbacks == [] and not Notice.objects.exists()

"""The inbox page: every provider's tasks (oldest waiting first), then the person's own notices;
following a notice marks it read; nobody reads or marks another person's notices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from conftest import World
from ges.notices import inbox
from ges.notices.inbox import Task, register, tasks_for, unregister, waited
from ges.notices.models import Notice
from ges.orgs.models import User

NOW = dt.datetime(2023, 11, 20, 9, 0, tzinfo=dt.UTC)
URL = reverse("notices:inbox")


def task(title: str, *, days: int | None, due: dt.date | None = None, **values: Any) -> Task:
    return Task(
        title=title,
        detail=values.get("detail", ""),
        url=values.get("url", "/agreements/"),
        due=due,
        waiting_since=NOW - dt.timedelta(days=days) if days is not None else None,
        progress=values.get("progress"),
        kind=values.get("kind", "test"),
    )


@pytest.fixture
def provider(world: World, monkeypatch: Any) -> Iterator[None]:
    """The only provider: the apps' own ones are tested with their apps."""
    monkeypatch.setattr(inbox, "PROVIDERS", [])

    def tasks(user: User) -> list[Task]:
        if user != world.editor:
            return []
        return [
            task("งานใหม่", days=1),
            task("งานไม่ระบุเวลา", days=None),
            task("งานเก่าที่สุด", days=12, due=dt.date(2023, 11, 30), progress=(3, 20)),
        ]

    register(tasks)
    register(tasks)  # twice: once
    yield
    unregister(tasks)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def notice(
    user: User, subject: str, *, hours: int = 0, read: bool = False, url: str = ""
) -> Notice:
    return Notice.objects.create(
        user=user,
        subject=subject,
        body="เนื้อความ",
        url=url or "/agreements/",
        created_at=NOW - dt.timedelta(hours=hours),
        read_at=NOW if read else None,
    )


def test_it_lists_every_providers_tasks_oldest_waiting_first(world: World, provider: None) -> None:
    assert len(inbox.PROVIDERS) == 1
    titles = [t.title for t in tasks_for(world.editor)]
    assert titles == ["งานเก่าที่สุด", "งานใหม่", "งานไม่ระบุเวลา"]
    assert tasks_for(world.approver) == []


def test_it_says_how_long_a_task_has_waited() -> None:
    with translation.override("en"):
        assert waited(NOW - dt.timedelta(minutes=20), NOW) == "waiting less than an hour"
        assert waited(NOW - dt.timedelta(hours=5), NOW) == "waiting 5 hours"
        assert waited(NOW - dt.timedelta(days=1), NOW) == "waiting 1 day"
        assert waited(NOW - dt.timedelta(days=12), NOW) == "waiting 12 days"
        assert waited(None, NOW) == ""


def test_it_shows_the_tasks_then_the_own_notices_newest_first(
    world: World, provider: None, login: Any, django_assert_max_num_queries: Any
) -> None:
    notice(world.editor, "เก่า อ่านแล้ว", hours=30, read=True)
    notice(world.editor, "ใหม่ ยังไม่อ่าน", hours=1)
    notice(world.approver, "ของผู้อื่น")
    client = login(world.editor)
    client.get(URL)

    # session, user, roles (the nav), unread notices (the nav), notices counted, notices
    with django_assert_max_num_queries(6), translation.override("th"):
        response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert [row.task.title for row in response.context["tasks"]] == [
        "งานเก่าที่สุด",
        "งานใหม่",
        "งานไม่ระบุเวลา",
    ]
    assert html.index("งานเก่าที่สุด") < html.index("งานใหม่") < html.index("ใหม่ ยังไม่อ่าน")
    assert "30 พ.ย. 2566" in html or "30 พฤศจิกายน 2566" in html  # the due date in B.E.
    assert response.context["tasks"][0].waited  # how long, in words
    assert [n.subject for n in response.context["notices"]] == ["ใหม่ ยังไม่อ่าน", "เก่า อ่านแล้ว"]
    assert html.count("notice--unread") == 1
    assert "ของผู้อื่น" not in html


def test_it_counts_unread_notices_in_the_navigation(world: World, login: Any) -> None:
    notice(world.editor, "หนึ่ง")
    notice(world.editor, "สอง")
    notice(world.editor, "อ่านแล้ว", read=True)
    notice(world.approver, "ของผู้อื่น")
    response = login(world.editor).get(reverse("home"))
    inbox = [link for link in response.context["nav_links"] if link.url_name == "notices:inbox"]
    assert inbox[0].count == 2
    assert 'class="nav-count">2<' in response.content.decode()
    anonymous = response.client.__class__().get(reverse("home"))
    assert "notices:inbox" not in [link.url_name for link in anonymous.context["nav_links"]]


def test_it_marks_a_notice_read_when_followed(world: World, login: Any) -> None:
    mine = notice(world.editor, "ของฉัน", url="/agreements/7/")
    response = login(world.editor).get(reverse("notices:follow", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == "/agreements/7/"
    mine.refresh_from_db()
    assert mine.read_at == NOW


def test_it_refuses_another_persons_notice(world: World, login: Any) -> None:
    theirs = notice(world.approver, "ของผู้อื่น")
    for user in (world.editor, world.framework_admin):
        response = login(user).get(reverse("notices:follow", args=[theirs.pk]))
        assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_it_marks_only_the_own_notices_read(world: World, login: Any) -> None:
    mine = [notice(world.editor, "หนึ่ง"), notice(world.editor, "สอง")]
    theirs = notice(world.approver, "ของผู้อื่น")
    client = login(world.editor)
    assert client.get(reverse("notices:read_all")).status_code == 405
    response = client.post(reverse("notices:read_all"))
    assert response.status_code == 302 and response["Location"] == URL
    assert all(Notice.objects.get(pk=n.pk).read_at == NOW for n in mine)
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_it_does_not_follow_a_link_off_the_site(world: World, login: Any) -> None:
    odd = notice(world.editor, "ลิงก์ภายนอก", url="https://evil.example/")
    response = login(world.editor).get(reverse("notices:follow", args=[odd.pk]))
    assert response.status_code == 302 and response["Location"] == URL


def test_it_asks_strangers_to_log_in(world: World, client: Any) -> None:
    mine = notice(world.editor, "ของฉัน")
    for url in (URL, reverse("notices:follow", args=[mine.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(reverse("notices:read_all"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    mine.refresh_from_db()
    assert mine.read_at is None


def test_it_pages_the_notices(world: World, login: Any) -> None:
    for number in range(35):
        notice(world.editor, f"เรื่อง {number}", hours=number)
    response = login(world.editor).get(URL, {"page": 2})
    assert [n.subject for n in response.context["notices"]] == [
        f"เรื่อง {number}" for number in range(30, 35)
    ]
    assert timezone.now() == NOW

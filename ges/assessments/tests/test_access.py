"""Who sees which submission and result: 404 outside the scope, 403 when the role is too low."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from ges.assessments.access import (
    get_result_for_user,
    get_submission_for_user,
    may,
    visible_submissions,
)
from ges.assessments.tests.scenario import Scenario, build, scenario
from ges.orgs.permissions import Perm

__all__ = ["scenario"]


def test_it_shows_each_role_the_submissions_of_its_scope(world: Any, scenario: Scenario) -> None:
    other = build(world.other_department, scenario.framework, scenario.round)
    mine = {scenario.submission.pk}
    both = mine | {other.submission.pk}
    seen = {
        name: set(visible_submissions(getattr(world, name)).values_list("pk", flat=True))
        for name in ("framework_admin", "evaluator", "owner", "editor", "approver", "viewer")
    }
    assert seen == {
        "framework_admin": both,
        "evaluator": mine,
        "owner": set(),  # an indicator owner at CGD: the sibling's subtree only
        "editor": mine,
        "approver": mine,
        "viewer": mine,
    }
    assert set(visible_submissions(world.outsider).values_list("pk", flat=True)) == {
        other.submission.pk
    }
    assert not visible_submissions(world.nobody).exists()
    assert not visible_submissions(world.org_admin).exists()


@pytest.mark.parametrize("name", ["outsider", "nobody", "org_admin", "owner"])
def test_it_answers_404_outside_the_scope(world: Any, scenario: Scenario, name: str) -> None:
    user = getattr(world, name)
    with pytest.raises(Http404):
        get_submission_for_user(user, scenario.submission.pk)
    with pytest.raises(Http404):
        get_result_for_user(user, scenario.levels.pk)


@pytest.mark.parametrize(
    ("name", "perm"),
    [
        ("viewer", Perm.SUBMISSION_EDIT),
        ("approver", Perm.SUBMISSION_EDIT),
        ("editor", Perm.SUBMISSION_SUBMIT),
        ("evaluator", Perm.SUBMISSION_EDIT),
        ("editor", Perm.SUBMISSION_REVIEW),
        ("framework_admin", Perm.SUBMISSION_EDIT),
        ("framework_admin", Perm.SUBMISSION_SUBMIT),
    ],
)
def test_it_answers_403_when_the_role_lacks_the_permission(
    world: Any, scenario: Scenario, name: str, perm: Perm
) -> None:
    user = getattr(world, name)
    assert get_submission_for_user(user, scenario.submission.pk) == scenario.submission
    with pytest.raises(PermissionDenied):
        get_submission_for_user(user, scenario.submission.pk, perm)
    with pytest.raises(PermissionDenied):
        get_result_for_user(user, scenario.levels.pk, perm)
    assert not may(user, perm, scenario.submission)


@pytest.mark.parametrize(
    ("name", "perm"),
    [
        ("editor", Perm.SUBMISSION_EDIT),
        ("approver", Perm.SUBMISSION_SUBMIT),
        ("evaluator", Perm.SUBMISSION_REVIEW),
        ("framework_admin", Perm.SUBMISSION_REVIEW),
    ],
)
def test_it_returns_the_object_when_allowed(
    world: Any, scenario: Scenario, name: str, perm: Perm
) -> None:
    user = getattr(world, name)
    assert get_submission_for_user(user, scenario.submission.pk, perm) == scenario.submission
    result = get_result_for_user(user, scenario.levels.pk, perm)
    assert result == scenario.levels and result.submission.organization == world.department
    assert may(user, perm, scenario.submission)


def test_it_answers_404_for_an_unknown_pk(world: Any) -> None:
    with pytest.raises(Http404):
        get_submission_for_user(world.framework_admin, 999_999)
    with pytest.raises(Http404):
        get_result_for_user(world.framework_admin, 999_999)

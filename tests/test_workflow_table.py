"""The transition table itself: every step from every status, for every role (no database)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cms import model
from cms.domain import workflow
from cms.domain.workflow import TRANSITIONS, Action
from cms.errors import Forbidden, InvalidTransition

WRITER = model.Principal(user_id="a" * 24, role=model.Role.WRITER)
OTHER_WRITER = model.Principal(user_id="b" * 24, role=model.Role.WRITER)
EDITOR = model.Principal(user_id="c" * 24, role=model.Role.EDITOR)
ADMIN = model.Principal(user_id="d" * 24, role=model.Role.ADMIN)
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def story(status: model.Status, owner: str = WRITER.user_id) -> model.Article:
    return model.Article(
        id="e" * 24,
        slug="s",
        headline="h",
        status=status,
        owner_id=owner,
        created_at=NOW,
        updated_at=NOW,
    )


ALL_STEPS = [(status, action) for status in model.Status for action in Action]


@pytest.mark.parametrize(("status", "action"), ALL_STEPS)
def test_every_step_not_in_the_table_is_an_invalid_transition(
    status: model.Status, action: Action
) -> None:
    if (status, action) in TRANSITIONS:
        target, roles = TRANSITIONS[(status, action)]
        who = ADMIN if model.Role.ADMIN in roles else model.SCHEDULER
        assert workflow.next_status(who, story(status), action) is target
        return
    with pytest.raises(InvalidTransition) as raised:
        workflow.next_status(ADMIN, story(status), action)
    assert raised.value.extensions["status"] == status.value


@pytest.mark.parametrize(("status", "action"), sorted(TRANSITIONS))
def test_roles_outside_the_table_are_forbidden(status: model.Status, action: Action) -> None:
    _, roles = TRANSITIONS[(status, action)]
    for principal in (WRITER, EDITOR, ADMIN, model.SCHEDULER):
        if principal.role in roles:
            workflow.next_status(principal, story(status), action)
        else:
            with pytest.raises(Forbidden):
                workflow.next_status(principal, story(status), action)


def test_writers_act_only_on_their_own_stories() -> None:
    workflow.next_status(WRITER, story(model.Status.DRAFT), Action.SUBMIT)
    with pytest.raises(Forbidden):
        workflow.next_status(OTHER_WRITER, story(model.Status.DRAFT), Action.SUBMIT)
    workflow.check_can_edit(WRITER, story(model.Status.DRAFT))
    with pytest.raises(Forbidden):
        workflow.check_can_edit(OTHER_WRITER, story(model.Status.DRAFT))
    with pytest.raises(Forbidden):
        workflow.check_can_edit(WRITER, story(model.Status.IN_REVIEW))
    workflow.check_can_edit(EDITOR, story(model.Status.PUBLISHED, owner="f" * 24))


def test_taken_down_and_archived_stories_cannot_be_edited() -> None:
    for status in (model.Status.TAKEN_DOWN, model.Status.ARCHIVED):
        with pytest.raises(InvalidTransition):
            workflow.check_can_edit(ADMIN, story(status))


def test_the_path_of_a_story() -> None:
    """draft -> review -> changes requested -> review -> approved -> scheduled -> published."""
    path = [
        (Action.SUBMIT, model.Status.IN_REVIEW),
        (Action.REQUEST_CHANGES, model.Status.CHANGES_REQUESTED),
        (Action.SUBMIT, model.Status.IN_REVIEW),
        (Action.APPROVE, model.Status.APPROVED),
        (Action.SCHEDULE, model.Status.SCHEDULED),
        (Action.PUBLISH, model.Status.PUBLISHED),
        (Action.UNPUBLISH, model.Status.UNPUBLISHED),
        (Action.TAKE_DOWN, model.Status.TAKEN_DOWN),
        (Action.ARCHIVE, model.Status.ARCHIVED),
    ]
    status = model.Status.DRAFT
    for action, expected in path:
        status = workflow.next_status(ADMIN, story(status), action)
        assert status is expected

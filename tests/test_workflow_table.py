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


def test_a_role_that_could_never_take_the_step_is_forbidden_whatever_the_status() -> None:
    """A writer asking to publish a story in review is told no for who they are, not told to
    try steps they could not take either."""
    with pytest.raises(Forbidden) as raised:
        workflow.next_status(WRITER, story(model.Status.IN_REVIEW), Action.PUBLISH)
    assert raised.value.message == "A writer may not publish a story."
    with pytest.raises(Forbidden):
        workflow.next_status(OTHER_WRITER, story(model.Status.PUBLISHED), Action.SUBMIT)


def test_an_invalid_transition_lists_only_the_steps_this_user_may_take() -> None:
    with pytest.raises(InvalidTransition) as raised:
        workflow.next_status(WRITER, story(model.Status.IN_REVIEW), Action.ARCHIVE)
    assert raised.value.extensions["allowedActions"] == []
    with pytest.raises(InvalidTransition) as raised:
        workflow.next_status(EDITOR, story(model.Status.IN_REVIEW), Action.PUBLISH)
    assert raised.value.extensions["allowedActions"] == ["REQUEST_CHANGES", "APPROVE"]
    with pytest.raises(InvalidTransition) as raised:
        workflow.next_status(EDITOR, story(model.Status.TAKEN_DOWN), Action.PUBLISH)
    assert raised.value.extensions["allowedActions"] == []  # only an admin archives it


@pytest.mark.parametrize(
    ("who", "status", "action", "message"),
    [
        (EDITOR, model.Status.IN_REVIEW, Action.PUBLISH, "A story in review cannot be published."),
        (ADMIN, model.Status.ARCHIVED, Action.TAKE_DOWN, "An archived story cannot be taken down."),
        (WRITER, model.Status.DRAFT, Action.APPROVE, "A writer may not approve a story."),
        (
            EDITOR,
            model.Status.TAKEN_DOWN,
            Action.ARCHIVE,
            "An editor may not archive a taken-down story.",
        ),
    ],
)
def test_messages_name_the_status_in_words(
    who: model.Principal, status: model.Status, action: Action, message: str
) -> None:
    with pytest.raises((Forbidden, InvalidTransition)) as raised:
        workflow.next_status(who, story(status), action)
    assert raised.value.message == message
    assert "_" not in raised.value.message


def test_allowed_actions_are_the_steps_next_status_accepts() -> None:
    for status in model.Status:
        for who in (WRITER, OTHER_WRITER, EDITOR, ADMIN):
            listed = workflow.allowed_actions(who, story(status))
            for action in Action:
                try:
                    workflow.next_status(who, story(status), action)
                except (Forbidden, InvalidTransition):
                    assert action not in listed, (who, status, action)
                else:
                    assert action in listed, (who, status, action)
            try:
                workflow.check_can_edit(who, story(status))
            except (Forbidden, InvalidTransition):
                assert not workflow.can_edit(who, story(status))
            else:
                assert workflow.can_edit(who, story(status))

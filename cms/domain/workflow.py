"""The editorial state machine, as one table: (status, action) -> (next status, who may).

Every workflow step, whether it comes from the API, the CLI or the scheduler, is checked here.
Writers act only on their own stories; editors and admins on any; the scheduler (SYSTEM) only
releases embargoed stories and takes expired ones down at their time, and hands an embargoed
story that cannot go live back to the desk.
"""

from __future__ import annotations

from enum import StrEnum

from cms.errors import Forbidden, InvalidTransition
from cms.model import Article, Principal, Role, Status

WRITER, EDITOR, ADMIN, SYSTEM = Role.WRITER, Role.EDITOR, Role.ADMIN, Role.SYSTEM
ANYONE = frozenset({WRITER, EDITOR, ADMIN})
DESK = frozenset({EDITOR, ADMIN})


class Action(StrEnum):
    SUBMIT = "SUBMIT"
    REQUEST_CHANGES = "REQUEST_CHANGES"
    APPROVE = "APPROVE"
    PUBLISH = "PUBLISH"
    SCHEDULE = "SCHEDULE"
    UNSCHEDULE = "UNSCHEDULE"
    UNPUBLISH = "UNPUBLISH"
    TAKE_DOWN = "TAKE_DOWN"
    ARCHIVE = "ARCHIVE"


D, R, C, A = Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.APPROVED
S, P, U, T, X = (
    Status.SCHEDULED,
    Status.PUBLISHED,
    Status.UNPUBLISHED,
    Status.TAKEN_DOWN,
    Status.ARCHIVED,
)

TRANSITIONS: dict[tuple[Status, Action], tuple[Status, frozenset[Role]]] = {
    (D, Action.SUBMIT): (R, ANYONE),
    (C, Action.SUBMIT): (R, ANYONE),
    (R, Action.REQUEST_CHANGES): (C, DESK),
    (A, Action.REQUEST_CHANGES): (C, DESK),
    (R, Action.APPROVE): (A, DESK),
    (A, Action.PUBLISH): (P, DESK),
    (P, Action.PUBLISH): (P, DESK),  # re-publish the working copy's edits
    (U, Action.PUBLISH): (P, DESK),
    (S, Action.PUBLISH): (P, DESK | {SYSTEM}),  # now, or by the scheduler at publish_at
    (A, Action.SCHEDULE): (S, DESK),
    (U, Action.SCHEDULE): (S, DESK),
    (S, Action.SCHEDULE): (S, DESK),  # move an embargo in one step (the agenda's reschedule)
    (P, Action.SCHEDULE): (P, DESK),  # a live story: schedule its unpublish time only
    (S, Action.UNSCHEDULE): (A, DESK | {SYSTEM}),  # the scheduler: when it cannot publish
    (P, Action.UNPUBLISH): (U, DESK | {SYSTEM}),
    (P, Action.TAKE_DOWN): (T, DESK),
    (U, Action.TAKE_DOWN): (T, DESK),
    (S, Action.TAKE_DOWN): (T, DESK),
    (D, Action.ARCHIVE): (X, ANYONE),
    (C, Action.ARCHIVE): (X, ANYONE),
    (U, Action.ARCHIVE): (X, DESK),
    (T, Action.ARCHIVE): (X, frozenset({ADMIN})),
}

# Who may change a story's content, by status (writers only their own, see can_edit).
EDITABLE: dict[Status, frozenset[Role]] = {
    D: ANYONE,
    C: ANYONE,
    R: DESK,
    A: DESK,
    S: DESK,
    P: DESK,
    U: DESK,
}


# How messages name a story by its status, and a step by what it does to a story.
STORY_IN: dict[Status, str] = {
    D: "a draft",
    R: "a story in review",
    C: "a story sent back for changes",
    A: "an approved story",
    S: "a scheduled story",
    P: "a published story",
    U: "an unpublished story",
    T: "a taken-down story",
    X: "an archived story",
}
ROLE_WORDS: dict[Role, str] = {
    WRITER: "A writer",
    EDITOR: "An editor",
    ADMIN: "An admin",
    SYSTEM: "The scheduler",
}
STEP_WORDS: dict[Action, tuple[str, str]] = {  # (to do it, done)
    Action.SUBMIT: ("submit", "submitted"),
    Action.REQUEST_CHANGES: ("send back for changes", "sent back for changes"),
    Action.APPROVE: ("approve", "approved"),
    Action.PUBLISH: ("publish", "published"),
    Action.SCHEDULE: ("schedule", "scheduled"),
    Action.UNSCHEDULE: ("unschedule", "unscheduled"),
    Action.UNPUBLISH: ("unpublish", "unpublished"),
    Action.TAKE_DOWN: ("take down", "taken down"),
    Action.ARCHIVE: ("archive", "archived"),
}

# Who may take each step from some status: a role outside it could never take the step.
EVER_ALLOWED: dict[Action, frozenset[Role]] = {
    action: frozenset().union(*(roles for (_, a), (_, roles) in TRANSITIONS.items() if a is action))
    for action in Action
}


def is_own(principal: Principal, article: Article) -> bool:
    return article.owner_id == principal.user_id


def _acts_on(principal: Principal, article: Article) -> bool:
    """Writers act only on their own stories; everyone else on any."""
    return principal.role is not WRITER or is_own(principal, article)


def _check_ownership(principal: Principal, article: Article) -> None:
    if not _acts_on(principal, article):
        raise Forbidden("Writers may act only on their own stories.")


def may_take(principal: Principal, article: Article, action: Action) -> bool:
    """Whether this principal may take this step on this story now, by the table."""
    step = TRANSITIONS.get((article.status, action))
    return step is not None and principal.role in step[1] and _acts_on(principal, article)


def allowed_actions(principal: Principal, article: Article) -> list[Action]:
    """The steps this principal may take on this story now, in the table's order of actions."""
    return [action for action in Action if may_take(principal, article, action)]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def next_status(principal: Principal, article: Article, action: Action) -> Status:
    """The status this step leads to, or the reason it may not be taken.

    Who is asking comes first: a role that could never take the step, or a writer asking about
    someone else's story, is FORBIDDEN whatever the status; only then does the status decide,
    and INVALID_TRANSITION lists the steps this principal could take instead.
    """
    to_do, done = STEP_WORDS[action]
    if principal.role not in EVER_ALLOWED[action]:
        raise Forbidden(f"{ROLE_WORDS[principal.role]} may not {to_do} a story.")
    _check_ownership(principal, article)
    story = STORY_IN[article.status]
    step = TRANSITIONS.get((article.status, action))
    if step is None:
        raise InvalidTransition(
            f"{_capitalised(story)} cannot be {done}.",
            status=article.status.value,
            action=action.value,
            allowedActions=[a.value for a in allowed_actions(principal, article)],
        )
    target, roles = step
    if principal.role not in roles:
        raise Forbidden(f"{ROLE_WORDS[principal.role]} may not {to_do} {story}.")
    return target


def can_edit(principal: Principal, article: Article) -> bool:
    """Whether this principal may change the story's content now, by ``EDITABLE``."""
    roles = EDITABLE.get(article.status)
    return roles is not None and principal.role in roles and _acts_on(principal, article)


def check_can_edit(principal: Principal, article: Article) -> None:
    """Nothing, when ``can_edit``; else the reason, in the same order as ``next_status``."""
    story = STORY_IN[article.status]
    roles = EDITABLE.get(article.status)
    if roles is None:
        raise InvalidTransition(
            f"{_capitalised(story)} cannot be edited.", status=article.status.value
        )
    if principal.role not in roles:
        raise Forbidden(f"{ROLE_WORDS[principal.role]} may not edit {story}.")
    _check_ownership(principal, article)


def check_can_preview(principal: Principal, article: Article) -> None:
    """Writers preview their own stories, in any status; the desk any story. (A story that was
    taken down is previewed by nobody: see ``editing.mint_preview``.)"""
    _check_ownership(principal, article)


def check_desk(principal: Principal) -> None:
    """Corrections, previews and other desk work: editors and admins."""
    if principal.role not in DESK:
        raise Forbidden("Only editors and admins may do this.")

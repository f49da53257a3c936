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


def is_own(principal: Principal, article: Article) -> bool:
    return article.owner_id == principal.user_id


def _check_ownership(principal: Principal, article: Article) -> None:
    if principal.role is WRITER and not is_own(principal, article):
        raise Forbidden("Writers may act only on their own stories.")


def next_status(principal: Principal, article: Article, action: Action) -> Status:
    """The status this step leads to, or the reason it may not be taken."""
    step = TRANSITIONS.get((article.status, action))
    if step is None:
        allowed = sorted(a.value for (status, a) in TRANSITIONS if status is article.status)
        raise InvalidTransition(
            f"A {article.status} story cannot take the step {action}.",
            status=article.status.value,
            action=action.value,
            allowedActions=allowed,
        )
    target, roles = step
    if principal.role not in roles:
        raise Forbidden(f"A {principal.role.lower()} may not {action.lower().replace('_', ' ')}.")
    _check_ownership(principal, article)
    return target


def check_can_edit(principal: Principal, article: Article) -> None:
    roles = EDITABLE.get(article.status)
    if roles is None:
        raise InvalidTransition(
            f"A {article.status} story cannot be edited.", status=article.status.value
        )
    if principal.role not in roles:
        raise Forbidden(f"A {principal.role.lower()} may not edit a {article.status} story.")
    _check_ownership(principal, article)


def check_desk(principal: Principal) -> None:
    """Corrections, previews and other desk work: editors and admins."""
    if principal.role not in DESK:
        raise Forbidden("Only editors and admins may do this.")

"""Who may call a field at all: field guards of the editors' schema (strawberry permissions).

Which step of the workflow someone may take, and who may change accounts, authors, sections
and ad slots, is the domain's to decide (``cms.domain.workflow``, ``accounts``, ``directory``);
a guard here only says that a family of fields needs a signed-in caller.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.permission import BasePermission

from cms.api.context import ManagementContext


class SignedIn(BasePermission):
    """The field needs a signed-in caller (a bearer token or the desk's cookie that holds).

    Without one, the answer is the refusal the request's credentials earned: UNAUTHENTICATED
    with its ``reason`` (EXPIRED, REVOKED) or none when nothing was sent, CSRF_CHECK_FAILED for
    a cookie without the desk's header, SERVICE_UNAVAILABLE when the database could not tell.
    It is raised here because ``on_unauthorized`` cannot see the request.
    """

    def has_permission(
        self, source: Any, info: strawberry.Info[ManagementContext, None], **kwargs: Any
    ) -> bool:
        info.context.actor()  # raises the refusal when there is no caller
        return True

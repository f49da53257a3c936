"""Password resets on /admin/graphql: an admin gives a user a temporary password."""

from __future__ import annotations

import strawberry

from cms.api.editorial import ManagementInfo, User
from cms.api.permissions import SignedIn
from cms.domain import accounts


@strawberry.type(description="A new password for a user: shown this once, never stored in clear.")
class PasswordReset:
    user: User
    temporary_password: str = strawberry.field(
        description="Give it to the user; it works until they change it."
    )


@strawberry.type
class PasswordMutations:
    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Give a user a new random password and end every session of theirs at once "
        "(admins only).",
    )
    async def reset_password(self, info: ManagementInfo, id: strawberry.ID) -> PasswordReset:
        user, temporary = await accounts.reset_password(
            info.context.store, info.context.actor(), user_id=str(id)
        )
        return PasswordReset(user=User.build(user), temporary_password=temporary)

"""Who someone is in a support channel."""
from __future__ import annotations

import enum


class Role(str, enum.Enum):
    """Agents, leads and managers are staff; customers ask; observers (home-org bystanders) are ignored."""

    AGENT = "agent"
    LEAD = "lead"
    MANAGER = "manager"
    CUSTOMER = "customer"
    OBSERVER = "observer"

    @property
    def is_staff(self) -> bool:
        return self in (Role.AGENT, Role.LEAD, Role.MANAGER)


#: Stored role values of staff, for queries over messages.
STAFF_ROLE_VALUES = (Role.AGENT.value, Role.LEAD.value, Role.MANAGER.value)

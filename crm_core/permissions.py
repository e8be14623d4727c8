"""Who may see and change what. Enforced inside the services, never left to the edges.

- admin: everything.
- manager: sees and edits the customers owned by anyone in the team, and unowned ones.
- rep: sees their own, their team's and unowned customers; edits only their own or unowned ones.
- service: sees every customer (any customer may call in), works on tickets, cannot edit
  customers or record deals.
Inactive staff can do nothing.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select, true

from crm_core.customers.models import Customer
from crm_core.errors import ForbiddenError
from crm_core.staff.models import Role, Staff

SALES_ROLES = frozenset({Role.REP, Role.MANAGER, Role.ADMIN})
TICKET_ROLES = frozenset({Role.SERVICE, Role.MANAGER, Role.ADMIN})


def require_active(actor: Staff) -> None:
    if not actor.active:
        raise ForbiddenError("staff.inactive", staff_id=actor.id)


def require_role(actor: Staff, roles: frozenset[Role], action: str) -> None:
    require_active(actor)
    if actor.role not in roles:
        raise ForbiddenError("forbidden.role", action=action, role=actor.role.value)


def require_admin(actor: Staff, action: str) -> None:
    require_role(actor, frozenset({Role.ADMIN}), action)


def visible_customers(actor: Staff) -> ColumnElement[bool]:
    """SQL condition selecting the customers `actor` may see."""
    if actor.role in (Role.ADMIN, Role.SERVICE):
        return true()
    conditions: list[ColumnElement[bool]] = [
        Customer.owner_id.is_(None),
        Customer.owner_id == actor.id,
    ]
    if actor.team_id is not None:
        teammates = select(Staff.id).where(Staff.team_id == actor.team_id).scalar_subquery()
        conditions.append(Customer.owner_id.in_(teammates))
    return or_(*conditions)


def can_view_customer(actor: Staff, customer: Customer, owner: Staff | None) -> bool:
    if not actor.active:
        return False
    if actor.role in (Role.ADMIN, Role.SERVICE) or customer.owner_id is None:
        return True
    if customer.owner_id == actor.id:
        return True
    return owner is not None and actor.team_id is not None and owner.team_id == actor.team_id


def can_edit_customer(actor: Staff, customer: Customer, owner: Staff | None) -> bool:
    if not actor.active or actor.role is Role.SERVICE:
        return False
    if actor.role is Role.ADMIN or customer.owner_id in (None, actor.id):
        return True
    return (
        actor.role is Role.MANAGER
        and owner is not None
        and actor.team_id is not None
        and owner.team_id == actor.team_id
    )


def can_assign_to(actor: Staff, new_owner: Staff) -> bool:
    """Reps keep customers for themselves; managers hand them within the team; admins anywhere."""
    if actor.role is Role.ADMIN:
        return True
    if new_owner.id == actor.id:
        return True
    return (
        actor.role is Role.MANAGER
        and actor.team_id is not None
        and new_owner.team_id == actor.team_id
    )

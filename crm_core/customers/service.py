"""Customers and contacts: create (refusing duplicates), read within permissions, update."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field
from pydantic.json_schema import SkipJsonSchema
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, lazyload

from crm_core import permissions
from crm_core.audit import service as audit
from crm_core.audit.models import AuditAction
from crm_core.context import Origin
from crm_core.customers.models import Contact, Customer, CustomerAlias, CustomerStatus
from crm_core.customers.schemas import ContactCreate, CustomerCreate, CustomerUpdate
from crm_core.errors import (
    AmbiguousError,
    DuplicateError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
)
from crm_core.listing import Page, paginate
from crm_core.normalize import normalize_name
from crm_core.staff.models import Role, Staff


def find_duplicate(
    *, session: Session, names: Iterable[str], exclude_customer_id: int | None = None
) -> Customer | None:
    """The existing customer whose name or an alias normalizes like any of `names`."""
    keys = {normalize_name(name) for name in names} - {""}
    if not keys:
        return None
    by_name = select(Customer.id).where(Customer.normalized_name.in_(keys))
    by_alias = select(CustomerAlias.customer_id).where(CustomerAlias.normalized_alias.in_(keys))
    query = select(Customer).where(or_(Customer.id.in_(by_name), Customer.id.in_(by_alias)))
    if exclude_customer_id is not None:
        query = query.where(Customer.id != exclude_customer_id)
    return session.scalars(query.order_by(Customer.id).limit(1)).first()


def create(
    *,
    session: Session,
    actor: Staff,
    data: CustomerCreate,
    origin: Origin,
    force: bool = False,
) -> Customer:
    """Create a customer. A normalized-name clash is refused unless `force` (a true homonym)."""
    permissions.require_role(actor, permissions.SALES_ROLES, "customer.create")
    names = [data.name, *data.aliases]
    _refuse_self_duplicates(names)
    if not force:
        _refuse_duplicate(session=session, names=names, exclude_customer_id=None)
    owner_id = data.owner_id
    if owner_id is None and actor.role in (Role.REP, Role.MANAGER):
        owner_id = actor.id
    if owner_id is not None:
        _check_assignable(session=session, actor=actor, owner_id=owner_id)
    customer = Customer(
        name=data.name,
        normalized_name=normalize_name(data.name),
        industry=data.industry,
        region=data.region,
        tier=data.tier,
        status=data.status,
        owner_id=owner_id,
        phone=data.phone,
        email=data.email,
        created_at=origin.at,
        updated_at=origin.at,
    )
    audit.add_created(session=session, actor=actor, origin=origin, entity=customer)
    _add_aliases(
        session=session, actor=actor, origin=origin, customer=customer, aliases=data.aliases
    )
    return customer


def update(
    *,
    session: Session,
    actor: Staff,
    customer_id: int,
    changes: CustomerUpdate,
    origin: Origin,
    force: bool = False,
) -> Customer:
    customer = get_for_edit(session=session, actor=actor, customer_id=customer_id)
    fields = changes.model_dump(exclude_unset=True)
    new_names = [n for n in [fields.get("name"), *(fields.get("aliases") or [])] if n]
    if new_names:
        _refuse_self_duplicates(
            [fields.get("name") or customer.name, *(fields.get("aliases") or customer.alias_names)]
        )
        if not force:
            _refuse_duplicate(session=session, names=new_names, exclude_customer_id=customer.id)
    if "owner_id" in fields and fields["owner_id"] is not None:
        _check_assignable(session=session, actor=actor, owner_id=fields["owner_id"])
    with audit.tracking_update(session=session, actor=actor, origin=origin, entity=customer):
        aliases = fields.pop("aliases", None)
        for key, value in fields.items():
            setattr(customer, key, value)
        if "name" in fields:
            customer.normalized_name = normalize_name(customer.name)
        customer.updated_at = origin.at
    if aliases is not None:
        _replace_aliases(
            session=session, actor=actor, origin=origin, customer=customer, aliases=aliases
        )
    return customer


# Aliases load only if someone reads them: most callers (logging a visit) never do. Built once:
# every chat message that writes passes here.
_WITHOUT_ALIASES = [lazyload(Customer.aliases)]


def get(*, session: Session, actor: Staff, customer_id: int) -> Customer:
    """A customer the actor may see; NotFound or Forbidden otherwise."""
    permissions.require_active(actor)
    customer = session.get(Customer, customer_id, options=_WITHOUT_ALIASES)
    if customer is None:
        raise NotFoundError("customer.not_found", customer_id=customer_id)
    if not permissions.can_view_customer(actor, customer, _owner(session, customer)):
        raise ForbiddenError("customer.forbidden", customer_id=customer_id)
    return customer


def get_for_edit(*, session: Session, actor: Staff, customer_id: int) -> Customer:
    customer = get(session=session, actor=actor, customer_id=customer_id)
    if not permissions.can_edit_customer(actor, customer, _owner(session, customer)):
        raise ForbiddenError("customer.forbidden_edit", customer_id=customer_id)
    return customer


def find_by_name(*, session: Session, actor: Staff, name: str) -> Customer:
    """Exact (normalized) match on a name or alias among the customers the actor may see."""
    permissions.require_active(actor)
    key = normalize_name(name)
    by_alias = select(CustomerAlias.customer_id).where(CustomerAlias.normalized_alias == key)
    matches = list(
        session.scalars(
            select(Customer)
            .where(or_(Customer.normalized_name == key, Customer.id.in_(by_alias)))
            .where(permissions.visible_customers(actor))
            .order_by(Customer.id)
            .limit(10)
        )
    )
    if not matches:
        raise NotFoundError("customer.not_found", name=name)
    if len(matches) > 1:
        raise AmbiguousError(
            "customer.ambiguous", name=name, candidates=[(c.id, c.name) for c in matches]
        )
    return matches[0]


def search(
    *, session: Session, actor: Staff, query: str | None = None, limit: int = 50, offset: int = 0
) -> list[Customer]:
    """Customers the actor may see, filtered by a substring of name, alias or phone."""
    permissions.require_active(actor)
    statement = select(Customer).where(permissions.visible_customers(actor))
    if query:
        pattern = f"%{_escape_like(query.strip())}%"
        alias_hits = select(CustomerAlias.customer_id).where(
            CustomerAlias.alias.ilike(pattern, escape="\\")
        )
        statement = statement.where(
            or_(
                Customer.name.ilike(pattern, escape="\\"),
                Customer.phone.like(pattern, escape="\\"),
                Customer.id.in_(alias_hits),
            )
        )
    statement = (
        statement.order_by(Customer.id).limit(max(1, min(limit, 1000))).offset(max(offset, 0))
    )
    return list(session.scalars(statement))


def count_visible(*, session: Session, actor: Staff) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(Customer).where(permissions.visible_customers(actor))
        )
        or 0
    )


def highest_id(*, session: Session) -> int:
    """The newest customer's id (ids are never reused), so a cache can tell it is behind."""
    return session.scalar(select(func.max(Customer.id))) or 0


def directory(
    *, session: Session, actor: Staff | None = None, after_id: int = 0
) -> list[tuple[int, str, list[str]]]:
    """(id, name, aliases) of every customer (or every one `actor` may see), for the parser's
    customer index. Two queries, whatever the size; `after_id` fetches only newer customers,
    which is how a running bot picks up customers created elsewhere."""
    statement = (
        select(Customer.id, Customer.name).where(Customer.id > after_id).order_by(Customer.id)
    )
    if actor is not None:
        statement = statement.where(permissions.visible_customers(actor))
    aliases: dict[int, list[str]] = {}
    for customer_id, alias in session.execute(
        select(CustomerAlias.customer_id, CustomerAlias.alias)
        .where(CustomerAlias.customer_id > after_id)
        .order_by(CustomerAlias.id)
    ):
        aliases.setdefault(customer_id, []).append(alias)
    return [(row.id, row.name, aliases.get(row.id, [])) for row in session.execute(statement)]


def add_contact(
    *, session: Session, actor: Staff, customer_id: int, data: ContactCreate, origin: Origin
) -> Contact:
    customer = get(session=session, actor=actor, customer_id=customer_id)
    contact = Contact(customer_id=customer.id, created_at=origin.at, **data.model_dump())
    audit.add_created(session=session, actor=actor, origin=origin, entity=contact)
    return contact


def contacts(*, session: Session, actor: Staff, customer_id: int) -> list[Contact]:
    customer = get(session=session, actor=actor, customer_id=customer_id)
    return list(
        session.scalars(
            select(Contact).where(Contact.customer_id == customer.id).order_by(Contact.id)
        )
    )


def _owner(session: Session, customer: Customer) -> Staff | None:
    return session.get(Staff, customer.owner_id) if customer.owner_id is not None else None


def _check_assignable(*, session: Session, actor: Staff, owner_id: int) -> None:
    owner = session.get(Staff, owner_id)
    if owner is None or not owner.active:
        raise NotFoundError("staff.not_found", staff_id=owner_id)
    if not permissions.can_assign_to(actor, owner):
        raise ForbiddenError("customer.forbidden_owner", owner_id=owner_id)


def _refuse_self_duplicates(names: Sequence[str]) -> None:
    keys = [normalize_name(name) for name in names]
    if len(set(keys)) != len(keys):
        # An alias that only repeats the name adds nothing; say so rather than storing noise.
        raise InvalidInputError("customer.alias_repeats_name")


def _refuse_duplicate(
    *, session: Session, names: Sequence[str], exclude_customer_id: int | None
) -> None:
    match = find_duplicate(session=session, names=names, exclude_customer_id=exclude_customer_id)
    if match is not None:
        raise DuplicateError("customer.duplicate", match_id=match.id, match_name=match.name)


def _add_aliases(
    *, session: Session, actor: Staff, origin: Origin, customer: Customer, aliases: Sequence[str]
) -> None:
    for alias in aliases:
        row = CustomerAlias(
            customer_id=customer.id, alias=alias, normalized_alias=normalize_name(alias)
        )
        audit.add_created(session=session, actor=actor, origin=origin, entity=row)
    session.expire(customer, ["aliases"])


def _replace_aliases(
    *, session: Session, actor: Staff, origin: Origin, customer: Customer, aliases: Sequence[str]
) -> None:
    current = {alias.alias: alias for alias in customer.aliases}
    for text, row in current.items():
        if text not in aliases:
            before = audit.snapshot(row)
            session.delete(row)
            session.flush()
            audit.record(
                session=session,
                actor=actor,
                origin=origin,
                action=AuditAction.DELETE,
                entity=row,
                before=before,
            )
    _add_aliases(
        session=session,
        actor=actor,
        origin=origin,
        customer=customer,
        aliases=[alias for alias in aliases if alias not in current],
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# --- read side and contact edits for the API ---------------------------------------------------

CUSTOMER_SORTS = {
    "id": Customer.id,
    "name": Customer.name,
    "created_at": Customer.created_at,
    "updated_at": Customer.updated_at,
}


def list_page(
    *,
    session: Session,
    actor: Staff,
    query: str | None = None,
    status: CustomerStatus | None = None,
    owner_id: int | None = None,
    industry: str | None = None,
    region: str | None = None,
    tier: str | None = None,
    sort: str = "id",
    limit: int = 50,
    offset: int = 0,
) -> Page[Customer]:
    """Customers the actor may see (filtered in SQL), searched by a substring of the name, an
    alias or the phone, filtered by exact field values, sorted and paged."""
    permissions.require_active(actor)
    statement = select(Customer).where(permissions.visible_customers(actor))
    if query and query.strip():
        pattern = f"%{_escape_like(query.strip())}%"
        alias_hits = select(CustomerAlias.customer_id).where(
            CustomerAlias.alias.ilike(pattern, escape="\\")
        )
        statement = statement.where(
            or_(
                Customer.name.ilike(pattern, escape="\\"),
                Customer.phone.like(pattern, escape="\\"),
                Customer.id.in_(alias_hits),
            )
        )
    for column, value in (
        (Customer.status, status),
        (Customer.owner_id, owner_id),
        (Customer.industry, industry),
        (Customer.region, region),
        (Customer.tier, tier),
    ):
        if value is not None:
            statement = statement.where(column == value)
    return paginate(
        session=session,
        statement=statement,
        sort=sort,
        allowed=CUSTOMER_SORTS,
        tiebreak=Customer.id,
        limit=limit,
        offset=offset,
    )


class ContactUpdate(BaseModel):
    """Only the fields given are changed; null clears an optional field."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    # Not nullable (left out = unchanged); optional fields below take null to clear them.
    name: Annotated[str, Field(min_length=1, max_length=120)] | SkipJsonSchema[None] = None
    title: str | None = Field(default=None, max_length=120)
    phone: str | None = Field(default=None, max_length=40)
    email: EmailStr | None = None
    wechat_id: str | None = Field(default=None, max_length=64)
    notes: str | None = Field(default=None, max_length=4000)


def get_contact(*, session: Session, actor: Staff, contact_id: int) -> Contact:
    """A contact of a customer the actor may see."""
    permissions.require_active(actor)
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFoundError("contact.not_found", contact_id=contact_id)
    get(session=session, actor=actor, customer_id=contact.customer_id)
    return contact


def update_contact(
    *, session: Session, actor: Staff, contact_id: int, changes: ContactUpdate, origin: Origin
) -> Contact:
    """Edit a contact; whoever may add contacts to the customer (see `add_contact`) may edit."""
    contact = get_contact(session=session, actor=actor, contact_id=contact_id)
    fields = changes.model_dump(exclude_unset=True)
    if fields.get("name", "") is None:
        raise InvalidInputError("contact.name_required", contact_id=contact_id)
    with audit.tracking_update(session=session, actor=actor, origin=origin, entity=contact):
        for key, value in fields.items():
            setattr(contact, key, value)
    return contact

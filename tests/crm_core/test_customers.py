import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_core.audit.models import AuditEntry
from crm_core.context import Origin
from crm_core.customers import service as customers
from crm_core.customers.models import Customer, CustomerAlias
from crm_core.customers.schemas import ContactCreate, CustomerCreate, CustomerUpdate
from crm_core.errors import (
    AmbiguousError,
    DuplicateError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
)
from crm_core.staff.models import Role, Staff
from tests.conftest import StaffFactory


def _create(
    session: Session, actor: Staff, origin: Origin, name: str, *aliases: str, force: bool = False
) -> Customer:
    return customers.create(
        session=session,
        actor=actor,
        data=CustomerCreate(name=name, aliases=list(aliases)),
        origin=origin,
        force=force,
    )


def test_create_sets_owner_normalized_name_and_audits(
    session: Session, make_staff: StaffFactory, origin: Origin
) -> None:
    rep = make_staff(Role.REP)
    customer = _create(session, rep, origin, "厦门蓝湾医疗科技有限公司", "蓝湾", "蓝湾医疗")
    assert customer.owner_id == rep.id
    assert customer.normalized_name == "厦门蓝湾医疗科技"
    assert customer.alias_names == ["蓝湾", "蓝湾医疗"]
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.change_set == origin.change_set).order_by(AuditEntry.id)
    ).all()
    assert [(e.entity_type, e.action.value) for e in entries] == [
        ("customers", "create"),
        ("customer_aliases", "create"),
        ("customer_aliases", "create"),
    ]
    assert entries[0].after is not None and entries[0].after["name"] == "厦门蓝湾医疗科技有限公司"
    assert entries[0].actor_id == rep.id and entries[0].channel == "cli"


@pytest.mark.parametrize(
    ("new_name", "new_aliases"),
    [
        ("厦门蓝湾医疗科技股份有限公司", ()),  # same name, another legal suffix
        ("厦门蓝湾医疗科技", ()),
        ("蓝湾", ()),  # an existing alias used as a name
        ("Blue Bay Medical", ("蓝湾医疗",)),  # a new alias clashing with an existing alias
        ("ＢＬＵＥ　ＢＡＹ", ()),  # full-width English alias
    ],
)
def test_duplicate_customers_are_refused_naming_the_match(
    session: Session,
    make_staff: StaffFactory,
    origin: Origin,
    new_name: str,
    new_aliases: tuple[str, ...],
) -> None:
    rep = make_staff(Role.REP)
    existing = _create(
        session, rep, origin, "厦门蓝湾医疗科技有限公司", "蓝湾", "蓝湾医疗", "Blue Bay"
    )
    before = session.scalar(select(func.count()).select_from(Customer))
    with pytest.raises(DuplicateError) as caught:
        _create(session, rep, Origin(at=origin.at), new_name, *new_aliases)
    assert caught.value.code == "customer.duplicate"
    assert caught.value.params == {"match_id": existing.id, "match_name": existing.name}
    assert session.scalar(select(func.count()).select_from(Customer)) == before


def test_force_allows_a_true_homonym(
    session: Session, make_staff: StaffFactory, origin: Origin
) -> None:
    rep = make_staff(Role.REP)
    first = _create(session, rep, origin, "Apex Ltd")
    second = _create(session, rep, origin, "Apex Limited", force=True)
    assert first.id != second.id
    assert first.normalized_name == second.normalized_name == "apex"


def test_alias_repeating_the_name_is_invalid(
    session: Session, make_staff: StaffFactory, origin: Origin
) -> None:
    with pytest.raises(InvalidInputError):
        _create(session, make_staff(Role.REP), origin, "Acme Corp", "ACME")


def test_update_renames_replaces_aliases_and_checks_duplicates(
    session: Session, make_staff: StaffFactory, origin: Origin
) -> None:
    rep = make_staff(Role.REP)
    acme = _create(session, rep, origin, "Acme Corp", "ACM")
    _create(session, rep, origin, "Globex")
    with pytest.raises(DuplicateError):
        customers.update(
            session=session,
            actor=rep,
            customer_id=acme.id,
            changes=CustomerUpdate(name="Globex Inc"),
            origin=origin,
        )
    updated = customers.update(
        session=session,
        actor=rep,
        customer_id=acme.id,
        changes=CustomerUpdate(name="Acme Industries", aliases=["Acme", "AI"]),
        origin=origin,
    )
    assert updated.name == "Acme Industries"
    assert updated.normalized_name == "acmeindustries"
    assert sorted(updated.alias_names) == ["AI", "Acme"]
    aliases = session.scalars(
        select(CustomerAlias.normalized_alias).where(CustomerAlias.customer_id == acme.id)
    )
    assert sorted(aliases) == ["acme", "ai"]


def test_visibility_by_role_and_team(
    session: Session, make_staff: StaffFactory, origin: Origin
) -> None:
    east_rep = make_staff(Role.REP, "East")
    east_rep2 = make_staff(Role.REP, "East")
    east_manager = make_staff(Role.MANAGER, "East")
    south_rep = make_staff(Role.REP, "South")
    south_manager = make_staff(Role.MANAGER, "South")
    service = make_staff(Role.SERVICE, "Service")
    admin = make_staff(Role.ADMIN, None)
    mine = _create(session, east_rep, origin, "Mine Co")
    teammates = _create(session, east_rep2, origin, "Teammate Co")
    southern = _create(session, south_rep, origin, "Southern Co")
    unowned = customers.create(
        session=session, actor=admin, data=CustomerCreate(name="Pool Co"), origin=origin
    )
    assert unowned.owner_id is None

    def visible(actor: Staff) -> set[str]:
        return {c.name for c in customers.search(session=session, actor=actor, limit=1000)}

    assert visible(east_rep) == {"Mine Co", "Teammate Co", "Pool Co"}
    assert visible(east_manager) == {"Mine Co", "Teammate Co", "Pool Co"}
    assert visible(south_manager) == {"Southern Co", "Pool Co"}
    assert {"Mine Co", "Teammate Co", "Southern Co", "Pool Co"} <= visible(service)
    assert {"Mine Co", "Teammate Co", "Southern Co", "Pool Co"} <= visible(admin)

    with pytest.raises(ForbiddenError):
        customers.get(session=session, actor=south_rep, customer_id=mine.id)
    # Reps read their teammates' customers but only edit their own; managers edit the team's.
    with pytest.raises(ForbiddenError):
        customers.update(
            session=session,
            actor=east_rep,
            customer_id=teammates.id,
            changes=CustomerUpdate(tier="A"),
            origin=origin,
        )
    customers.update(
        session=session,
        actor=east_manager,
        customer_id=teammates.id,
        changes=CustomerUpdate(tier="A"),
        origin=origin,
    )
    with pytest.raises(ForbiddenError):
        customers.update(
            session=session,
            actor=east_manager,
            customer_id=southern.id,
            changes=CustomerUpdate(tier="A"),
            origin=origin,
        )
    with pytest.raises(ForbiddenError):
        customers.update(
            session=session,
            actor=service,
            customer_id=mine.id,
            changes=CustomerUpdate(tier="A"),
            origin=origin,
        )
    with pytest.raises(ForbiddenError):
        _create(session, service, origin, "Service Created Co")


def test_reassignment_rules(session: Session, make_staff: StaffFactory, origin: Origin) -> None:
    rep = make_staff(Role.REP, "East")
    teammate = make_staff(Role.REP, "East")
    manager = make_staff(Role.MANAGER, "East")
    outsider = make_staff(Role.REP, "South")
    customer = _create(session, rep, origin, "Handover Co")
    with pytest.raises(ForbiddenError):
        customers.update(
            session=session,
            actor=rep,
            customer_id=customer.id,
            changes=CustomerUpdate(owner_id=teammate.id),
            origin=origin,
        )
    customers.update(
        session=session,
        actor=manager,
        customer_id=customer.id,
        changes=CustomerUpdate(owner_id=teammate.id),
        origin=origin,
    )
    assert customer.owner_id == teammate.id
    with pytest.raises(ForbiddenError):
        customers.update(
            session=session,
            actor=manager,
            customer_id=customer.id,
            changes=CustomerUpdate(owner_id=outsider.id),
            origin=origin,
        )


def test_inactive_staff_can_do_nothing(
    session: Session, make_staff: StaffFactory, origin: Origin
) -> None:
    rep = make_staff(Role.REP)
    customer = _create(session, rep, origin, "Dormant Rep Co")
    rep.active = False
    with pytest.raises(ForbiddenError) as caught:
        customers.get(session=session, actor=rep, customer_id=customer.id)
    assert caught.value.code == "staff.inactive"
    with pytest.raises(ForbiddenError):
        _create(session, rep, origin, "Another Co")


def test_find_by_name_exact_alias_ambiguous_and_unknown(
    session: Session, make_staff: StaffFactory, origin: Origin
) -> None:
    rep = make_staff(Role.REP)
    blue_bay = _create(session, rep, origin, "厦门蓝湾医疗科技有限公司", "蓝湾")
    assert customers.find_by_name(session=session, actor=rep, name="蓝湾").id == blue_bay.id
    assert (
        customers.find_by_name(session=session, actor=rep, name="厦门蓝湾医疗科技").id
        == blue_bay.id
    )
    _create(session, rep, origin, "Apex Ltd")
    _create(session, rep, origin, "Apex Corp", force=True)
    with pytest.raises(AmbiguousError) as caught:
        customers.find_by_name(session=session, actor=rep, name="apex")
    assert len(caught.value.params["candidates"]) == 2
    with pytest.raises(NotFoundError):
        customers.find_by_name(session=session, actor=rep, name="Nobody Inc")


def test_search_matches_alias_and_phone_and_escapes_wildcards(
    session: Session, make_staff: StaffFactory, origin: Origin
) -> None:
    rep = make_staff(Role.REP)
    customers.create(
        session=session,
        actor=rep,
        data=CustomerCreate(name="Procter & Gamble", aliases=["P&G"], phone="+86 21 5555 0101"),
        origin=origin,
    )
    _create(session, rep, origin, "100% Juice Co")
    assert [c.name for c in customers.search(session=session, actor=rep, query="p&g")] == [
        "Procter & Gamble"
    ]
    assert [c.name for c in customers.search(session=session, actor=rep, query="5555")] == [
        "Procter & Gamble"
    ]
    assert [c.name for c in customers.search(session=session, actor=rep, query="100%")] == [
        "100% Juice Co"
    ]
    assert customers.search(session=session, actor=rep, query="_") == []


def test_contacts_belong_to_visible_customers(
    session: Session, make_staff: StaffFactory, origin: Origin
) -> None:
    rep = make_staff(Role.REP, "East")
    stranger = make_staff(Role.REP, "South")
    customer = _create(session, rep, origin, "Contact Co")
    contact = customers.add_contact(
        session=session,
        actor=rep,
        customer_id=customer.id,
        data=ContactCreate(name="周主任", title="采购部主任", wechat_id="zhou_lw"),
        origin=origin,
    )
    assert [
        c.id for c in customers.contacts(session=session, actor=rep, customer_id=customer.id)
    ] == [contact.id]
    with pytest.raises(ForbiddenError):
        customers.add_contact(
            session=session,
            actor=stranger,
            customer_id=customer.id,
            data=ContactCreate(name="X"),
            origin=origin,
        )


def test_directory_lists_visible_customers_with_aliases(
    session: Session, make_staff: StaffFactory, origin: Origin
) -> None:
    east = make_staff(Role.REP, "East")
    south = make_staff(Role.REP, "South")
    mine = _create(session, east, origin, "厦门蓝湾医疗科技有限公司", "蓝湾", "蓝湾医疗")
    _create(session, south, origin, "Southern Co")
    rows = customers.directory(session=session, actor=east)
    assert (mine.id, mine.name, ["蓝湾", "蓝湾医疗"]) in rows
    assert "Southern Co" not in {name for _, name, _ in rows}
    assert "Southern Co" in {name for _, name, _ in customers.directory(session=session)}

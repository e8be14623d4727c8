from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_core.audit import service as audit
from crm_core.audit.models import AuditAction, AuditEntry
from crm_core.context import Origin
from crm_core.customers import service as customers
from crm_core.customers.models import Customer, CustomerAlias
from crm_core.customers.schemas import CustomerCreate, CustomerUpdate
from crm_core.errors import UndoError
from crm_core.staff.models import Channel, Role, Staff
from tests.conftest import NOW, StaffFactory


def _customer(session: Session, actor: Staff, name: str, *aliases: str, at: Origin) -> Customer:
    return customers.create(
        session=session,
        actor=actor,
        data=CustomerCreate(name=name, aliases=list(aliases)),
        origin=at,
    )


def _count(session: Session, model: type[Customer] | type[CustomerAlias]) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_undo_create_removes_the_records_and_is_audited(
    session: Session, make_staff: StaffFactory
) -> None:
    rep = make_staff(Role.REP)
    created = Origin(channel=Channel.TELEGRAM, message_id="tg-1", at=NOW)
    customer = _customer(session, rep, "Undo Me Co", "UMC", at=created)
    customer_id = customer.id
    before = (_count(session, Customer), _count(session, CustomerAlias))

    undo_origin = Origin(channel=Channel.TELEGRAM, message_id="tg-2", at=NOW + timedelta(minutes=9))
    result = audit.undo_last(session=session, actor=rep, origin=undo_origin)

    assert result.change_set == created.change_set
    assert sorted(result.entries) == [
        ("customer_aliases", result.entries[0][1], AuditAction.DELETE),
        ("customers", customer_id, AuditAction.DELETE),
    ]
    assert (_count(session, Customer), _count(session, CustomerAlias)) == (
        before[0] - 1,
        before[1] - 1,
    )
    assert session.get(Customer, customer_id) is None
    undo_entries = session.scalars(
        select(AuditEntry).where(AuditEntry.change_set == undo_origin.change_set)
    ).all()
    assert {entry.undo_of for entry in undo_entries} == {created.change_set}
    assert {entry.source_message_id for entry in undo_entries} == {"tg-2"}
    originals = session.scalars(
        select(AuditEntry).where(AuditEntry.change_set == created.change_set)
    ).all()
    assert all(entry.undone_at == undo_origin.at for entry in originals)


def test_undo_update_restores_previous_values_including_aliases(
    session: Session, make_staff: StaffFactory
) -> None:
    rep = make_staff(Role.REP)
    customer = _customer(session, rep, "Before Co", "BC", at=Origin(at=NOW))
    customer_id = customer.id
    edit = Origin(at=NOW + timedelta(minutes=1))
    customers.update(
        session=session,
        actor=rep,
        customer_id=customer_id,
        changes=CustomerUpdate(name="After Co", tier="A", aliases=["AC"]),
        origin=edit,
    )
    audit.undo_change_set(
        session=session,
        actor=rep,
        change_set=edit.change_set,
        origin=Origin(at=NOW + timedelta(minutes=2)),
    )
    restored = session.get_one(Customer, customer_id)
    assert restored.name == "Before Co"
    assert restored.normalized_name == "before"
    assert restored.tier is None
    assert restored.alias_names == ["BC"]


def test_undo_is_refused_after_the_window(session: Session, make_staff: StaffFactory) -> None:
    rep = make_staff(Role.REP)
    created = Origin(at=NOW)
    _customer(session, rep, "Late Co", at=created)
    with pytest.raises(UndoError) as caught:
        audit.undo_change_set(
            session=session,
            actor=rep,
            change_set=created.change_set,
            origin=Origin(at=NOW + timedelta(minutes=10, seconds=1)),
        )
    assert caught.value.code == "undo.expired"
    with pytest.raises(UndoError) as caught_last:
        audit.undo_last(session=session, actor=rep, origin=Origin(at=NOW + timedelta(minutes=11)))
    assert caught_last.value.code == "undo.expired"


def test_only_the_author_may_undo(session: Session, make_staff: StaffFactory) -> None:
    rep = make_staff(Role.REP)
    admin = make_staff(Role.ADMIN, None)
    created = Origin(at=NOW)
    _customer(session, rep, "Mine Co", at=created)
    with pytest.raises(UndoError) as caught:
        audit.undo_change_set(
            session=session, actor=admin, change_set=created.change_set, origin=Origin(at=NOW)
        )
    assert caught.value.code == "undo.not_author"


def test_undo_twice_and_undo_of_undo_are_refused(
    session: Session, make_staff: StaffFactory
) -> None:
    rep = make_staff(Role.REP)
    created = Origin(at=NOW)
    _customer(session, rep, "Once Co", at=created)
    result = audit.undo_change_set(
        session=session, actor=rep, change_set=created.change_set, origin=Origin(at=NOW)
    )
    with pytest.raises(UndoError) as again:
        audit.undo_change_set(
            session=session, actor=rep, change_set=created.change_set, origin=Origin(at=NOW)
        )
    assert again.value.code == "undo.already_undone"
    with pytest.raises(UndoError) as undo_undo:
        audit.undo_change_set(
            session=session, actor=rep, change_set=result.undo_change_set, origin=Origin(at=NOW)
        )
    assert undo_undo.value.code == "undo.is_undo"
    with pytest.raises(UndoError) as last:
        audit.undo_last(session=session, actor=rep, origin=Origin(at=NOW))
    assert last.value.code == "undo.already_undone"


def test_undo_is_refused_when_a_later_change_touched_the_same_record(
    session: Session, make_staff: StaffFactory
) -> None:
    rep = make_staff(Role.REP, "East")
    manager = make_staff(Role.MANAGER, "East")
    created = Origin(at=NOW)
    customer = _customer(session, rep, "Contested Co", at=created)
    customers.update(
        session=session,
        actor=manager,
        customer_id=customer.id,
        changes=CustomerUpdate(tier="B"),
        origin=Origin(at=NOW + timedelta(minutes=1)),
    )
    with pytest.raises(UndoError) as caught:
        audit.undo_change_set(
            session=session,
            actor=rep,
            change_set=created.change_set,
            origin=Origin(at=NOW + timedelta(minutes=2)),
        )
    assert caught.value.code == "undo.overtaken"
    assert session.get(Customer, customer.id) is not None


def test_nothing_to_undo(session: Session, make_staff: StaffFactory) -> None:
    with pytest.raises(UndoError) as caught:
        audit.undo_last(session=session, actor=make_staff(Role.REP), origin=Origin(at=NOW))
    assert caught.value.code == "undo.nothing_to_undo"


def test_noop_update_leaves_no_audit_entry(session: Session, make_staff: StaffFactory) -> None:
    rep = make_staff(Role.REP)
    customer = _customer(session, rep, "Same Co", at=Origin(at=NOW))
    edit = Origin(at=NOW)
    customers.update(
        session=session,
        actor=rep,
        customer_id=customer.id,
        changes=CustomerUpdate(name="Same Co"),
        origin=edit,
    )
    assert (
        session.scalars(select(AuditEntry).where(AuditEntry.change_set == edit.change_set)).all()
        == []
    )


def test_undone_ids_are_not_reused(session: Session, make_staff: StaffFactory) -> None:
    rep = make_staff(Role.REP)
    created = Origin(at=NOW)
    first = _customer(session, rep, "First Co", at=created)
    first_id = first.id
    audit.undo_change_set(
        session=session, actor=rep, change_set=created.change_set, origin=Origin(at=NOW)
    )
    second = _customer(session, rep, "Second Co", at=Origin(at=NOW))
    assert second.id > first_id

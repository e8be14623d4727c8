from datetime import timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy.orm import Session

from crm_core.context import Origin
from crm_core.errors import DuplicateError, ForbiddenError, InvalidInputError, NotFoundError
from crm_core.inbound import service as inbound
from crm_core.staff import service as staff_service
from crm_core.staff.models import Channel, Role, Staff
from crm_core.staff.schemas import StaffCreate
from tests.conftest import NOW, StaffFactory


def test_staff_email_is_unique_case_insensitively(session: Session, system: Staff) -> None:
    data = StaffCreate(email="Zhou.Min@Example.com", name="周敏", role=Role.REP, team="华东")
    staff = staff_service.add(session=session, actor=system, data=data, origin=Origin(at=NOW))
    assert staff.email == "zhou.min@example.com"
    assert staff.team is not None and staff.team.name == "华东"
    with pytest.raises(DuplicateError):
        staff_service.add(
            session=session,
            actor=system,
            data=StaffCreate(email="zhou.min@example.com", name="x", role=Role.REP),
            origin=Origin(at=NOW),
        )


def test_staff_input_is_validated() -> None:
    with pytest.raises(ValidationError):
        StaffCreate(email="not-an-email", name="x", role=Role.REP)
    with pytest.raises(ValidationError):
        StaffCreate(email="a@b.co", name="x", role=Role.REP, timezone="Mars/Base")
    with pytest.raises(ValidationError):
        StaffCreate(email="a@b.co", name="x", role="boss")


def test_only_admins_manage_staff(session: Session, make_staff: StaffFactory) -> None:
    manager = make_staff(Role.MANAGER)
    with pytest.raises(ForbiddenError):
        staff_service.add(
            session=session,
            actor=manager,
            data=StaffCreate(email="new@example.com", name="x", role=Role.REP),
            origin=Origin(at=NOW),
        )


def test_bind_code_binds_once_and_expires(
    session: Session, system: Staff, make_staff: StaffFactory
) -> None:
    rep = make_staff(Role.REP)
    issued = staff_service.issue_bind_code(
        session=session, actor=system, staff=rep, origin=Origin(at=NOW)
    )
    assert len(issued.code) == 8
    assert issued.expires_at == NOW + timedelta(minutes=30)
    assert (
        staff_service.staff_for_identity(
            session=session, channel=Channel.TELEGRAM, external_user_id="777"
        )
        is None
    )

    bound = staff_service.redeem_bind_code(
        session=session,
        code=issued.code.lower(),
        channel=Channel.TELEGRAM,
        external_user_id="777",
        now=NOW,
    )
    assert bound.id == rep.id
    assert (
        staff_service.staff_for_identity(
            session=session, channel=Channel.TELEGRAM, external_user_id="777"
        )
        == rep
    )
    with pytest.raises(ForbiddenError) as used:
        staff_service.redeem_bind_code(
            session=session,
            code=issued.code,
            channel=Channel.WECOM,
            external_user_id="zhoumin",
            now=NOW,
        )
    assert used.value.code == "bind.used"

    late = staff_service.issue_bind_code(
        session=session, actor=system, staff=rep, origin=Origin(at=NOW)
    )
    with pytest.raises(ForbiddenError) as expired:
        staff_service.redeem_bind_code(
            session=session,
            code=late.code,
            channel=Channel.WECOM,
            external_user_id="zhoumin",
            now=NOW + timedelta(minutes=31),
        )
    assert expired.value.code == "bind.expired"
    with pytest.raises(NotFoundError):
        staff_service.redeem_bind_code(
            session=session,
            code="WRONG123",
            channel=Channel.WECOM,
            external_user_id="zhoumin",
            now=NOW,
        )
    with pytest.raises(InvalidInputError):
        staff_service.redeem_bind_code(
            session=session, code="  ", channel=Channel.WECOM, external_user_id="z", now=NOW
        )


def test_deactivated_staff_lose_their_chat_identity(
    session: Session, system: Staff, make_staff: StaffFactory
) -> None:
    rep = make_staff(Role.REP)
    issued = staff_service.issue_bind_code(
        session=session, actor=system, staff=rep, origin=Origin(at=NOW)
    )
    staff_service.redeem_bind_code(
        session=session, code=issued.code, channel=Channel.WECOM, external_user_id="rep1", now=NOW
    )
    staff_service.set_active(
        session=session, actor=system, staff=rep, active=False, origin=Origin(at=NOW)
    )
    assert (
        staff_service.staff_for_identity(
            session=session, channel=Channel.WECOM, external_user_id="rep1"
        )
        is None
    )
    with pytest.raises(ForbiddenError):
        staff_service.issue_bind_code(
            session=session, actor=system, staff=rep, origin=Origin(at=NOW)
        )


def test_a_redelivered_message_is_recognised(session: Session) -> None:
    first = inbound.record_once(
        session=session, channel="telegram", external_id="100:1", received_at=NOW
    )
    again = inbound.record_once(
        session=session, channel="telegram", external_id="100:1", received_at=NOW
    )
    other_channel = inbound.record_once(
        session=session, channel="wecom", external_id="100:1", received_at=NOW
    )
    assert (first, again, other_channel) == (True, False, True)
    # The transaction is still usable after the duplicate (no aborted transaction on PostgreSQL).
    assert inbound.record_once(
        session=session, channel="telegram", external_id="100:2", received_at=NOW
    )

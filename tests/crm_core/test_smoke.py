from sqlalchemy.orm import Session

from crm_core.staff.models import Staff


def test_system_actor_exists(session: Session, system: Staff) -> None:
    assert system.id is not None
    assert session.get(Staff, system.id) is system

"""`crm chat`: the console channel end to end, on a fresh database per engine."""

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from crm_cli.main import app
from crm_core.db import make_engine, make_session_factory
from crm_core.interactions.models import Interaction
from tests.crm_cli.test_cli import crm


def test_chat_as_the_demo_rep_writes_and_undoes(db_url: str) -> None:
    code, output = crm(db_url, "demo")
    assert code == 0, output
    engine = make_engine(db_url)
    try:
        _chat_and_check(db_url, make_session_factory(engine))
    finally:
        engine.dispose()


def _chat_and_check(db_url: str, sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        before = len(session.scalars(select(Interaction.id)).all())
    # the reply to the second note offers "1. Undo": answering 1 presses it
    lines = "拜访了蓝湾医疗，聊了二期扩容\nVisited 青禾食品 today, talked about pricing\n1\n/quit\n"
    result = CliRunner().invoke(app, ["--db", db_url, "chat"], input=lines)
    assert result.exit_code == 0, result.output
    assert "王磊" in result.output
    assert "已保存" in result.output and "Saved" in result.output and "Undone" in result.output
    with sessions() as session:
        logged = session.scalars(
            select(Interaction).where(Interaction.source_channel == "console")
        ).all()
        total = len(session.scalars(select(Interaction.id)).all())
    assert [i.summary for i in logged] == ["拜访了蓝湾医疗，聊了二期扩容"]
    assert total == before + 1


def test_chat_without_demo_needs_a_staff_member(db_url: str) -> None:
    code, output = crm(db_url, "db", "upgrade")
    assert code == 0
    code, output = crm(db_url, "chat")
    assert code == 2
    assert "--as" in output


def test_digest_command_prints_the_digest(db_url: str) -> None:
    code, output = crm(db_url, "demo")
    assert code == 0, output
    code, output = crm(db_url, "digest", "--staff", "zhou.min@demo.crm.example")
    assert code == 0, output
    assert "周敏" in output and "今日简报" in output
    code, output = crm(db_url, "digest", "--staff", "nobody@example.com")
    assert code == 1
    code, output = crm(db_url, "digest", "--staff", "zhou.min@demo.crm.example", "--send")
    assert code == 1 and "Not sent" in output  # no push channel is configured here


def test_worker_once_plans_and_records_digests(db_url: str) -> None:
    code, output = crm(db_url, "demo")
    assert code == 0, output
    code, output = crm(db_url, "worker", "--once", "--interval", "0")
    assert code == 0, output
    assert "push channels configured: -" in output
    assert "0 sent" in output  # nobody in the demo has bound a push channel yet

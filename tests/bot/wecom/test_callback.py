"""The WeCom callback end to end: encrypted XML in, the real engine, replies through the active
API (a fake WeCom server on loopback), records in a real database on both engines."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from bot.channels.wecom.callback import WeComReplySender, wecom_callback_router
from bot.channels.wecom.client import TokenCache, WeComClient
from bot.channels.wecom.crypto import WeComCrypto
from bot.engine import ConversationEngine
from crm_core import migrate
from crm_core.context import Origin
from crm_core.customers import service as customers
from crm_core.customers.schemas import CustomerCreate
from crm_core.db import make_engine, make_session_factory
from crm_core.interactions.models import Interaction
from crm_core.staff import service as staff_service
from crm_core.staff.models import Role
from crm_core.staff.schemas import StaffCreate
from tests.bot.engine_harness import REPO
from tests.bot.wecom.fake_wecom import SEND_PATH, FakeWeCom, serve
from tests.conftest import NOW

CORP_ID = "wwcallbacktest01"
CRYPTO = WeComCrypto(
    token="callbacktoken123",
    encoding_aes_key="6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
    receive_id=CORP_ID,
)
T = int(NOW.timestamp())


@dataclass
class Rig:
    app: FastAPI
    fake: FakeWeCom
    db: Engine
    code: str

    def interactions(self) -> int:
        with make_session_factory(self.db)() as session:
            return session.scalar(select(func.count()).select_from(Interaction)) or 0

    def sent_texts(self) -> list[str]:
        return [call.body["text"]["content"] for call in self.fake.calls_to(SEND_PATH)]


@pytest.fixture
def rig(db_url: str) -> Iterator[Rig]:
    db = make_engine(db_url)
    migrate.upgrade(db)
    with make_session_factory(db).begin() as session:
        system = staff_service.system_actor(session=session)
        rep = staff_service.add(
            session=session,
            actor=system,
            data=StaffCreate(email="rep@example.com", name="王磊", role=Role.REP),
            origin=Origin(at=NOW),
        )
        session.flush()
        customers.create(
            session=session,
            actor=system,
            data=CustomerCreate(
                name="厦门蓝湾医疗科技有限公司", aliases=["蓝湾医疗"], owner_id=rep.id
            ),
            origin=Origin(at=NOW),
        )
        code = staff_service.issue_bind_code(  # valid now: the engine runs on the real clock
            session=session, actor=system, staff=rep, origin=Origin()
        ).code
    engine = ConversationEngine.for_database(db, model_dir=REPO / "var" / "models")
    fake = FakeWeCom(corp_id=CORP_ID)
    with serve(fake) as base_url:
        client = WeComClient(
            corp_id=CORP_ID,
            agent_id=1000002,
            secret=fake.secret,
            api_base=base_url,
            tokens=TokenCache(),
        )
        app = FastAPI()
        app.include_router(
            wecom_callback_router(
                engine=engine, crypto=CRYPTO, sender=WeComReplySender(client), clock=lambda: T
            )
        )
        yield Rig(app, fake, db, code)
        client.close()
    db.dispose()


def _http(rig: Rig) -> httpx.AsyncClient:
    """In-process HTTP; the ASGI call (background work included) completes before it answers."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=rig.app), base_url="http://crm")


async def _post(
    rig: Rig, content: str, msg_id: str, *, timestamp: int = T, tamper: bool = False
) -> int:
    plaintext = (
        f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName>"
        "<FromUserName><![CDATA[zhangsan]]></FromUserName>"
        f"<CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId>"
        "<AgentID>1000002</AgentID></xml>"
    )
    envelope = CRYPTO.encrypt_message(plaintext, timestamp=str(timestamp), nonce="n0nce")
    body = (
        f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName>"
        f"<Encrypt><![CDATA[{envelope.encrypt}]]></Encrypt><AgentID>1000002</AgentID></xml>"
    )
    signature = "0" * 40 if tamper else envelope.msg_signature
    query = urlencode({"msg_signature": signature, "timestamp": timestamp, "nonce": "n0nce"})
    async with _http(rig) as http:
        response = await http.post(f"/wecom/callback?{query}", content=body.encode())
    assert response.content in (b"", b"bad_signature", b"stale_timestamp")
    return response.status_code


async def test_url_verification_answers_the_plaintext(rig: Rig) -> None:
    echo = CRYPTO.encrypt_message("echo-1234", timestamp=str(T), nonce="abc")
    query = urlencode(
        {
            "msg_signature": echo.msg_signature,
            "timestamp": T,
            "nonce": "abc",
            "echostr": echo.encrypt,
        }
    )
    async with _http(rig) as http:
        response = await http.get(f"/wecom/callback?{query}")
        bad = await http.get(f"/wecom/callback?{query.replace('nonce=abc', 'nonce=abd')}")
    assert (response.status_code, response.text) == (200, "echo-1234")
    assert bad.status_code == 403


async def test_binding_then_a_visit_then_a_redelivery(rig: Rig) -> None:
    assert await _post(rig, "拜访了蓝湾医疗", "1") == 200
    assert len(rig.sent_texts()) == 1 and "只为本公司员工服务" in rig.sent_texts()[0]
    assert rig.interactions() == 0  # an unbound member's note is refused, nothing stored
    assert await _post(rig, f"绑定 {rig.code}", "2") == 200
    assert "欢迎" in rig.sent_texts()[-1]
    assert await _post(rig, "拜访了蓝湾医疗，聊了二期扩容", "3") == 200
    assert "已保存" in rig.sent_texts()[-1] and "1. 撤销" in rig.sent_texts()[-1]
    assert rig.interactions() == 1
    sent = len(rig.sent_texts())
    assert (
        await _post(rig, "拜访了蓝湾医疗，聊了二期扩容", "3") == 200
    )  # WeCom retries the same MsgId
    assert (rig.interactions(), len(rig.sent_texts())) == (1, sent)
    assert await _post(rig, "1", "4") == 200  # the numbered Undo
    assert "已撤销" in rig.sent_texts()[-1]
    assert rig.interactions() == 0


async def test_a_bad_signature_or_a_replay_is_refused_and_nothing_happens(rig: Rig) -> None:
    assert await _post(rig, f"绑定 {rig.code}", "10", tamper=True) == 403
    assert await _post(rig, f"绑定 {rig.code}", "11", timestamp=T - 3600) == 403
    assert rig.sent_texts() == []

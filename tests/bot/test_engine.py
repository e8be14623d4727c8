"""The conversation engine, driven as transcripts: message in, reply keys and records out.

Every test runs on SQLite and PostgreSQL (through the `session` fixture).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.engine import ConversationEngine
from bot.messages import render_text
from crm_core.audit.models import AuditEntry
from crm_core.context import Origin
from crm_core.customers import service as customers
from crm_core.customers.models import Customer
from crm_core.customers.schemas import CustomerCreate
from crm_core.deals.models import Deal
from crm_core.followups.models import FollowUp
from crm_core.inbound.models import InboundMessage
from crm_core.interactions.models import Interaction, InteractionKind
from crm_core.staff import service as staff_service
from crm_core.staff.models import ChannelIdentity, Locale, Role, Staff
from crm_core.tickets.models import Priority, Ticket, TicketStatus
from tests.bot.engine_harness import ChatUser, Clock, make_engine
from tests.conftest import NOW, StaffFactory


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def rep(make_staff: StaffFactory) -> Staff:
    return make_staff(Role.REP, "East", name="王磊")


@pytest.fixture
def directory(session: Session, system: Staff, rep: Staff) -> dict[str, Customer]:
    origin = Origin(at=NOW)
    made = {}
    for key, name, aliases in (
        ("lanwan", "厦门蓝湾医疗科技有限公司", ["蓝湾医疗", "蓝湾"]),
        ("qinghe", "杭州青禾食品股份有限公司", ["青禾食品"]),
        ("pemberton", "Pemberton Foods Ltd", ["Pemberton"]),
        ("huaxin_tech", "华信科技有限公司", []),
        ("huaxin_elec", "华信电子有限公司", []),
    ):
        made[key] = customers.create(
            session=session,
            actor=system,
            data=CustomerCreate(name=name, aliases=aliases, owner_id=rep.id),
            origin=origin,
        )
    session.flush()
    return made


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def bot_engine(
    session: Session, directory: dict[str, Customer], clock: Clock
) -> ConversationEngine:
    return make_engine(session, clock)


@pytest.fixture
def user(session: Session, bot_engine: ConversationEngine, clock: Clock, rep: Staff) -> ChatUser:
    session.add(ChannelIdentity(staff_id=rep.id, channel="telegram", external_user_id="tg-1"))
    session.flush()
    return ChatUser(bot_engine, clock)


def test_unbound_users_get_one_refusal_and_nothing_is_stored(
    session: Session, bot_engine: ConversationEngine, clock: Clock
) -> None:
    stranger = ChatUser(bot_engine, clock, user_id="tg-999", language_hint="en")
    before = (_count(session, InboundMessage), _count(session, Interaction))
    assert stranger.say("Visited Pemberton today") and stranger.keys == ["bot.unbound"]
    assert stranger.last[0].locale == "en"
    assert stranger.say("拜访了蓝湾医疗") and stranger.last[0].locale == "zh_CN"
    assert (_count(session, InboundMessage), _count(session, Interaction)) == before


def test_binding_with_a_code_then_chatting(
    session: Session, bot_engine: ConversationEngine, clock: Clock, rep: Staff, system: Staff
) -> None:
    issued = staff_service.issue_bind_code(
        session=session, actor=system, staff=rep, origin=Origin(at=NOW)
    )
    newcomer = ChatUser(bot_engine, clock, user_id="tg-42")
    assert newcomer.say("/start WRONG123") and newcomer.keys == ["error.bind.invalid_code"]
    newcomer.say(f"/start {issued.code}")
    assert newcomer.keys == ["bot.bound"]
    assert "王磊" in render_text(newcomer.last[0])
    newcomer.say("/start")
    assert newcomer.keys == ["bot.already_bound"]


def test_a_visit_is_logged_at_once_with_undo(
    session: Session, user: ChatUser, directory: dict[str, Customer]
) -> None:
    user.say("今天上午拜访了蓝湾医疗，和周主任聊了二期扩容")
    assert user.keys == ["bot.done"]
    interaction = session.scalars(select(Interaction)).one()
    assert interaction.kind is InteractionKind.VISIT
    assert interaction.customer_id == directory["lanwan"].id
    assert interaction.source_channel == "telegram"
    assert "二期扩容" in interaction.summary
    assert user.last[0].locale == "zh_CN"
    # the Undo button reverts exactly that message's writes
    user.press("bot.button.undo")
    assert user.keys == ["bot.undone"]
    assert _count(session, Interaction) == 0
    user.press_data(f"undo:{session.scalars(select(AuditEntry.change_set)).first()}")
    assert user.keys[0].startswith("error.undo")


def test_an_undo_after_its_window_is_refused_and_the_record_stays(
    session: Session, user: ChatUser, clock: Clock
) -> None:
    user.say("今天上午拜访了蓝湾医疗，和周主任聊了二期扩容")
    assert user.keys == ["bot.done"]
    clock.advance(minutes=11)
    user.press("bot.button.undo")
    assert user.keys == ["error.undo.expired"]
    assert _count(session, Interaction) == 1
    user.say("/undo")
    assert user.keys == ["error.undo.expired"]
    assert _count(session, Interaction) == 1


def test_several_actions_in_one_dictated_line_are_written_together(
    session: Session, user: ChatUser
) -> None:
    user.say("刚从蓝湾医疗出来跟周主任聊了二期 下周四再约一次 另外他们那台监护仪又报错了很急")
    assert user.keys == ["bot.done"], user.text
    assert _count(session, Interaction) == 1
    followup = session.scalars(select(FollowUp)).one()
    assert followup.due_at.date().isoformat() == "2026-12-03"
    ticket = session.scalars(select(Ticket)).one()
    assert ticket.priority is Priority.URGENT
    change_sets = set(
        session.scalars(
            select(AuditEntry.change_set).where(
                AuditEntry.entity_type.in_(["interactions", "followups", "tickets"])
            )
        )
    )
    assert len(change_sets) == 1, "one message, one change set: undone together"


def test_a_redelivered_message_changes_nothing_and_is_not_answered(
    session: Session, user: ChatUser
) -> None:
    user.say("Called Pemberton about the renewal")
    assert user.keys == ["bot.done"]
    counts = (_count(session, Interaction), _count(session, InboundMessage))
    assert user.redeliver() == []
    assert (_count(session, Interaction), _count(session, InboundMessage)) == counts


def test_english_text_gets_english_replies(session: Session, user: ChatUser) -> None:
    user.say("Met Priya at Pemberton, call back Friday 3pm")
    assert user.last[0].locale == "en"
    assert "Pemberton Foods Ltd" in user.text


def test_an_ambiguous_customer_is_offered_as_buttons(
    session: Session, user: ChatUser, directory: dict[str, Customer]
) -> None:
    user.say("拜访了华信，聊了报价")
    assert user.keys == ["bot.ask.pick_customer"], user.text
    labels = [b.label_params["name"] for b in user.last[0].flat_buttons if b.label_params]
    assert set(labels) == {"华信科技有限公司", "华信电子有限公司"}
    assert _count(session, Interaction) == 0
    chosen = directory["huaxin_elec"]
    user.press_data(f"{user.last[0].flat_buttons[0].data.split(':')[0]}:c:{chosen.id}")
    assert user.keys == ["bot.done"]
    assert session.scalars(select(Interaction.customer_id)).one() == chosen.id


def test_a_numbered_answer_picks_a_candidate(session: Session, user: ChatUser) -> None:
    user.say("拜访了华信，聊了报价")
    first = user.last[0].flat_buttons[0]
    user.say("1")
    assert user.keys == ["bot.done"]
    assert session.scalars(select(Interaction.customer_id)).one() == int(first.data.split(":")[2])


def test_an_unknown_customer_is_offered_for_creation(session: Session, user: ChatUser) -> None:
    customers_before = _count(session, Customer)
    user.say("拜访了星河贸易有限公司，聊了合作")
    assert user.keys == ["bot.ask.unknown_customer"], user.text
    assert _count(session, Customer) == customers_before
    user.press("bot.button.create_customer")
    assert user.keys == ["bot.done"]
    assert _count(session, Customer) == customers_before + 1
    interaction = session.scalars(select(Interaction)).one()
    created = session.get_one(Customer, interaction.customer_id)
    assert created.name == "星河贸易有限公司"
    # the new customer is known to the parser at once
    user.say("又拜访了星河贸易有限公司")
    assert user.keys == ["bot.done"]


def test_a_missing_date_is_asked_for(session: Session, user: ChatUser) -> None:
    user.say("提醒我跟进一下青禾食品")
    assert user.keys == ["bot.ask.when"], user.text
    user.say("后天下午三点")
    assert user.keys == ["bot.done"]
    followup = session.scalars(select(FollowUp)).one()
    assert followup.due_at.isoformat() == "2026-11-27T07:00:00+00:00"


def test_a_wrong_answer_is_asked_again_and_cancel_ends_it(session: Session, user: ChatUser) -> None:
    user.say("提醒我跟进一下青禾食品")
    user.say("嗯")
    assert user.keys == ["bot.ask_again.when"]
    user.say("/cancel")
    assert user.keys == ["bot.cancelled"]
    assert _count(session, FollowUp) == 0


def test_an_old_button_is_refused(session: Session, user: ChatUser, clock: Clock) -> None:
    user.say("拜访了华信，聊了报价")
    stale = user.last[0].flat_buttons[0].data
    clock.advance(hours=2)
    user.press_data(stale)
    assert user.keys == ["bot.button_expired"]
    assert _count(session, Interaction) == 0


def test_a_voice_note_without_transcriber_is_kept_and_text_requested(
    session: Session, user: ChatUser
) -> None:
    user.voice("voice-file-1")
    assert user.keys == ["bot.voice_disabled"]
    assert session.scalars(select(InboundMessage.voice_ref)).all() == ["voice-file-1"]
    user.say("拜访了蓝湾医疗，聊了二期")
    assert session.scalars(select(Interaction.voice_ref)).one() == "voice-file-1"


def test_a_transcribed_voice_note_is_confirmed_before_writing(
    session: Session, user: ChatUser
) -> None:
    user.voice("voice-2", transcript="嗯那个刚拜访了蓝湾医疗聊了二期")
    assert user.keys == ["bot.confirm.voice"]
    assert "刚拜访了蓝湾医疗" in user.text
    assert _count(session, Interaction) == 0
    user.press("bot.button.confirm")
    assert user.keys == ["bot.done"]
    assert _count(session, Interaction) == 1


def test_text_inside_a_dictated_note_is_data(session: Session, user: ChatUser) -> None:
    user.voice("voice-3", transcript="/undo")
    assert user.keys == ["bot.not_understood"]


def _service_agent(session: Session, user: ChatUser, make_staff: StaffFactory) -> ChatUser:
    """A service agent chatting with the same engine, bound as telegram user tg-s."""
    service = make_staff(Role.SERVICE, "Service")
    session.add(ChannelIdentity(staff_id=service.id, channel="telegram", external_user_id="tg-s"))
    session.flush()
    return ChatUser(user.engine, user.clock, user_id="tg-s")


def test_ticket_update_and_invalid_transition(
    session: Session, user: ChatUser, make_staff: StaffFactory
) -> None:
    user.say("蓝湾医疗反馈监护仪报错，很急")
    ticket = session.scalars(select(Ticket)).one()
    agent = _service_agent(session, user, make_staff)
    agent.say(f"{ticket.number} 已解决")
    assert agent.keys == ["bot.done"], agent.text
    session.refresh(ticket)
    assert ticket.status is TicketStatus.RESOLVED
    agent.say(f"{ticket.number} 已解决")
    assert agent.keys == ["error.ticket.invalid_transition"]


def test_a_deal_with_an_amount(session: Session, user: ChatUser) -> None:
    user.say("跟青禾食品签了三万五")
    assert user.keys == ["bot.done"], user.text
    deal = session.scalars(select(Deal)).one()
    assert deal.amount == 35000
    assert deal.currency == "CNY"
    assert "35,000" in user.text


def test_query_customer_shows_the_latest_contacts(session: Session, user: ChatUser) -> None:
    user.say("拜访了蓝湾医疗，聊了二期扩容")
    user.say("查一下蓝湾医疗")
    assert user.keys == ["bot.card"], user.text
    assert "二期扩容" in user.text


def test_a_customer_with_orders_shows_loyalty_figures_on_the_card(
    session: Session, user: ChatUser
) -> None:
    user.say("查一下蓝湾医疗")
    assert "忠诚度" not in user.text  # no orders yet: nothing to say
    user.say("跟蓝湾医疗签了三万五")
    assert user.keys == ["bot.done"], user.text
    user.say("查一下蓝湾医疗")
    assert user.keys == ["bot.card"], user.text
    assert "忠诚度" in user.text and "健康度" in user.text
    assert "活跃概率" not in user.text  # one buyer is far too few for the models


def test_lang_command_switches_the_staff_language(
    session: Session, user: ChatUser, rep: Staff
) -> None:
    user.say("/lang en")
    assert user.keys == ["bot.lang_set"] and user.last[0].locale == "en"
    session.refresh(rep)
    assert rep.locale is Locale.EN
    user.say("/help")
    assert user.last[0].locale == "en"


def test_a_deactivated_member_is_told_and_nothing_is_stored(
    session: Session, user: ChatUser, rep: Staff, system: Staff
) -> None:
    staff_service.set_active(
        session=session, actor=system, staff=rep, active=False, origin=Origin(at=NOW)
    )
    session.flush()
    messages = _count(session, InboundMessage)
    user.say("拜访了蓝湾医疗")
    assert user.keys == ["bot.deactivated"]
    assert _count(session, InboundMessage) == messages
    assert _count(session, Interaction) == 0


@pytest.mark.parametrize(
    "junk",
    ["", "   ", "😀😀😀", "\x00\x01\x02binary\xff", "ש" * 50, "拜访了蓝湾医疗" + "啊" * 20_000],
)
def test_bad_input_gets_a_clear_reply(session: Session, user: ChatUser, junk: str) -> None:
    replies = user.say(junk)
    assert replies, "every message from a bound user is answered"
    for reply in replies:
        assert render_text(reply) != reply.key, f"missing catalog entry for {reply.key}"


def test_conversation_state_survives_a_new_engine(
    session: Session, user: ChatUser, clock: Clock
) -> None:
    """Any worker can take the next message: the pending question lives in the database."""
    user.say("提醒我跟进一下青禾食品")
    assert user.keys == ["bot.ask.when"]
    other_worker = make_engine(session, clock)
    user.engine = other_worker
    clock.advance(minutes=1)
    user.say("明天上午十点")
    assert user.keys == ["bot.done"]
    assert session.scalars(select(FollowUp.due_at)).one() == NOW.replace(hour=2, minute=0) + (
        timedelta(days=1)
    )


def test_another_teams_customer_is_reported_not_offered_for_creation(
    session: Session, user: ChatUser, system: Staff, make_staff: StaffFactory
) -> None:
    west_rep = make_staff(Role.REP, "West")
    customers.create(
        session=session,
        actor=system,
        data=CustomerCreate(
            name="成都锦城物流有限公司", aliases=["锦城物流"], owner_id=west_rep.id
        ),
        origin=Origin(at=NOW),
    )
    session.flush()
    count_before = _count(session, Customer)
    user.say("拜访了锦城物流，聊了运费")
    assert user.keys == ["bot.customer_not_yours"], user.text
    assert (_count(session, Customer), _count(session, Interaction)) == (count_before, 0)


def test_a_new_request_while_a_question_waits_is_read_as_new(
    session: Session, user: ChatUser
) -> None:
    user.say("拜访了星河贸易有限公司，聊了合作")
    assert user.keys == ["bot.ask.unknown_customer"]
    user.say("查一下蓝湾医疗")
    assert user.keys == ["bot.card"], user.text
    assert _count(session, Interaction) == 0


def test_numbers_answer_the_buttons_just_offered(session: Session, user: ChatUser) -> None:
    user.say("Called Pemberton about the renewal")
    assert user.keys == ["bot.done"]
    user.say("1")  # "1. Undo"
    assert user.keys == ["bot.undone"] and user.last[0].locale == "en"
    assert _count(session, Interaction) == 0


def test_digest_command_shows_todays_digest(session: Session, user: ChatUser) -> None:
    user.say("/digest")
    assert user.keys == ["digest.all_clear"]
    user.say("提醒我今晚八点跟进一下青禾食品")  # 17:30 in Shanghai now
    assert user.keys == ["bot.done"], user.text
    user.say("/digest")
    assert user.keys == ["digest.message"]
    assert "杭州青禾食品股份有限公司" in user.text and "20:00" in user.text


def test_a_guess_below_the_understanding_floor_is_not_understood(
    session: Session, clock: Clock, rep: Staff, directory: dict[str, Customer]
) -> None:
    """The same message is a visit at the default floor and a guess when the floor is above its
    confidence: then nothing is asked and nothing is written."""
    session.add(ChannelIdentity(staff_id=rep.id, channel="telegram", external_user_id="tg-1"))
    session.flush()

    def demanding(engine: ConversationEngine) -> None:
        engine.settings = engine.settings.model_copy(update={"understanding_floor": 1.01})

    doubter = ChatUser(make_engine(session, clock, demanding), clock)
    doubter.say("今天拜访了蓝湾医疗")
    assert doubter.keys == ["bot.not_understood"]
    assert session.scalars(select(Interaction)).all() == []

    believer = ChatUser(make_engine(session, clock), clock)
    believer.say("今天拜访了蓝湾医疗")
    assert believer.keys == ["bot.done"], believer.text


def test_a_refused_write_leaves_none_of_the_message_and_is_recorded_once(
    session: Session, user: ChatUser, make_staff: StaffFactory
) -> None:
    """A visit and a ticket change in one line; the ticket change is refused, so the visit is
    not written either, while the message itself is recorded (its redelivery changes nothing)."""
    user.say("蓝湾医疗反馈监护仪报错，很急")
    ticket = session.scalars(select(Ticket)).one()
    agent = _service_agent(session, user, make_staff)
    agent.say(f"{ticket.number} 已解决")
    assert agent.keys == ["bot.done"], agent.text
    before = (_count(session, Interaction), _count(session, AuditEntry))
    inbound_before = _count(session, InboundMessage)

    line = f"今天拜访了蓝湾医疗，聊了二期扩容，{ticket.number} 已解决"
    planned = user.engine.understanding.parse(line, now=NOW, language_hint=None)
    assert [a.intent for a in planned.actions] == ["log_interaction", "update_ticket"]
    agent.say(line)

    assert agent.keys == ["error.ticket.invalid_transition"], agent.text
    assert (_count(session, Interaction), _count(session, AuditEntry)) == before
    assert _count(session, InboundMessage) == inbound_before + 1
    assert agent.redeliver() == []
    assert _count(session, InboundMessage) == inbound_before + 1
    agent.say("/undo")  # the refused message left nothing to undo: the resolution is undone
    assert agent.keys == ["bot.undone"], agent.text
    session.refresh(ticket)
    assert ticket.status is not TicketStatus.RESOLVED
    agent.say("今天拜访了蓝湾医疗，聊了二期扩容")  # the visit alone is this agent's to write
    assert agent.keys == ["bot.done"], agent.text
    assert _count(session, Interaction) == before[0] + 1

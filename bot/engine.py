"""The conversation engine: one inbound message in, replies out, one transaction in between.

Per message: recognise a redelivery (and stop), find the staff member behind the chat account,
lock the chat's conversation row, then either continue what the conversation was waiting for
(a customer to pick, a missing date, a confirmation) or parse the text into actions. The dedup
record, the conversation state, the CRM writes and their audit commit together; when a service
refuses a write, the whole transaction rolls back and a second one records the message and the
settled conversation, so a refusal leaves no half-written plan. Replies are returned after the
commit, for the channel to send.

Ask, don't guess: a missing slot is asked for, one at a time; several close customers are
offered as buttons; an unknown one is offered for creation. Confident typed parses are written at
once with an Undo button; unsure or dictated ones are shown for confirmation first.
"""

from __future__ import annotations

import functools
import logging
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, lazyload, sessionmaker

from bot import flows, queries
from bot.digest import render as render_digest
from bot.flows import PlannedAction, Setting
from bot.messages import Button, InboundMessage, Reply
from bot.understanding import DEFAULT_MODEL_DIR, Understanding
from crm_core import permissions
from crm_core.audit import service as audit
from crm_core.context import Origin
from crm_core.conversations import service as conversations
from crm_core.customers.models import Customer
from crm_core.db import make_session_factory
from crm_core.digest.compose import compose
from crm_core.errors import DomainError
from crm_core.inbound import service as inbound
from crm_core.settings import Settings, get_settings
from crm_core.staff import service as staff_service
from crm_core.staff.models import Channel, Locale, Staff
from crm_core.timeutil import utcnow
from locales import translate
from nlu.intents import WRITE_INTENTS, dialogue_act, trigger_hits
from nlu.language import detect_language
from nlu.money import find_money
from nlu.slots import find_status, find_tickets
from nlu.timeparse import find_times

log = logging.getLogger(__name__)

_BIND = re.compile(r"^\s*(?:/start|/bind|绑定|bind)\s+(?P<code>[A-Za-z0-9\- ]{4,40})\s*$", re.I)
_COMMAND = re.compile(r"^/(?P<name>[a-z_]+)(?:@\w+)?(?:\s+(?P<arg>.*))?$", re.I | re.S)
MAX_CANDIDATES_SHOWN = 5
# Built once (it runs for nearly every message); who may see which row is decided in Python by
# the same rule the services apply.
_CUSTOMERS_WITH_OWNERS = (
    select(Customer, Staff)
    .outerjoin(Staff, Staff.id == Customer.owner_id)
    .where(Customer.id.in_(bindparam("ids", expanding=True)))
    .options(lazyload(Customer.aliases))
)
TICKET_STATUSES = ("in_progress", "resolved", "closed", "reopened")


class CustomerRef(NamedTuple):
    id: int
    name: str


class _NothingStored(Exception):  # noqa: N818 - a control-flow signal, not an error
    """Raised to roll the whole message back (unbound or deactivated senders leave no trace)."""

    def __init__(self, replies: list[Reply]) -> None:
        super().__init__()
        self.replies = replies


class _WriteRefused(Exception):  # noqa: N818 - a control-flow signal, not an error
    """Raised when a service refuses one of the message's writes: the whole transaction rolls
    back (cheaper than a savepoint around every write, and refusals are rare), then `settle`
    records the message and leaves the conversation as `document` says."""

    def __init__(self, replies: list[Reply], document: dict[str, Any]) -> None:
        super().__init__()
        self.replies = replies
        self.document = document


class ConversationEngine:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        understanding: Understanding,
        *,
        settings: Settings | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessions = sessions
        self.understanding = understanding
        self.settings = settings or get_settings()
        self.clock = clock

    @classmethod
    def for_database(
        cls, db_engine: Engine, *, model_dir: Path = DEFAULT_MODEL_DIR
    ) -> ConversationEngine:
        """The production wiring: sessions on `db_engine`, the index built from its customers."""
        sessions = make_session_factory(db_engine)
        with sessions() as session:
            understanding = Understanding.load(session, model_dir=model_dir)
        return cls(sessions, understanding)

    def handle(self, message: InboundMessage) -> list[Reply]:
        try:
            return self._in_transaction(message, _Turn.run)
        except _NothingStored as refusal:
            return refusal.replies
        except _WriteRefused as refused_write:
            # Nothing of the refused attempt stays; the message is recorded (so a redelivery
            # is recognised) and the conversation settled in a transaction of their own.
            settle = functools.partial(_Turn.settle, refusal=refused_write)
            try:
                return self._in_transaction(message, settle)
            except _NothingStored as late_refusal:
                return late_refusal.replies

    def _in_transaction(
        self, message: InboundMessage, step: Callable[[_Turn], list[Reply]]
    ) -> list[Reply]:
        session = self.sessions()
        try:
            with session.begin():
                return step(_Turn(self, session, message))
        finally:
            session.close()


@dataclass
class _State:
    """The conversation document stored in `conversations.state`."""

    token: str
    locale: str
    actions: list[PlannedAction]
    source_text: str
    source_message: str
    voice: bool = False
    voice_ref: str | None = None
    ask: dict[str, Any] | None = None  # {"index": i, "slot": name}
    confirming: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "token": self.token,
            "locale": self.locale,
            "actions": [action.to_json() for action in self.actions],
            "source_text": self.source_text,
            "source_message": self.source_message,
            "voice": self.voice,
            "voice_ref": self.voice_ref,
            "ask": self.ask,
            "confirming": self.confirming,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> _State | None:
        if not data.get("actions"):
            return None
        return cls(
            token=str(data["token"]),
            locale=str(data["locale"]),
            actions=[PlannedAction.from_json(item) for item in data["actions"]],
            source_text=str(data.get("source_text", "")),
            source_message=str(data.get("source_message", "")),
            voice=bool(data.get("voice")),
            voice_ref=data.get("voice_ref"),
            ask=data.get("ask"),
            confirming=bool(data.get("confirming")),
        )


class _Turn:
    """One message's handling; lives for one transaction."""

    def __init__(self, engine: ConversationEngine, session: Session, message: InboundMessage):
        self.engine = engine
        self.session = session
        self.message = message
        self.now_utc = engine.clock()
        self.channel = Channel(message.channel)
        self.staff: Staff | None = None
        self.conversation: conversations.LockedChat | None = None
        self.document: dict[str, Any] = {}  # the conversation state as this message leaves it
        self.pending_voice_ref: str | None = None
        # The session's identity map holds rows weakly: customers (and their owners) looked up for
        # this message are kept here so the write that follows finds them without another query.
        self.rows_seen: list[Customer | Staff] = []

    # -- entry

    def run(self) -> list[Reply]:
        stopped = self._open()
        if stopped is not None:
            return stopped
        message = self.message
        text = (message.text or "").strip()
        voice_ref = message.voice.file_id if message.voice is not None else None
        offered = list(self.document.get("offered") or [])
        state = _State.from_json(self.document)
        button_data = message.button_data or _numbered_choice(text, offered)
        replies = self._dispatch(text, state, button_data, voice_ref)
        self._remember_offered(replies)
        self._write_document()
        return replies

    def settle(self, refusal: _WriteRefused) -> list[Reply]:
        """The second transaction of a refused write: record the message, settle the state."""
        stopped = self._open()
        if stopped is not None:
            return stopped
        self.document = refusal.document
        self._remember_offered(refusal.replies)
        self._write_document()
        return refusal.replies

    def _open(self) -> list[Reply] | None:
        """Who is writing, whether this is a redelivery, and the chat's locked state. Replies
        when the message stops here (binding, a redelivery)."""
        message = self.message
        text = (message.text or "").strip()
        owner = staff_service.identity_owner(
            session=self.session, channel=self.channel, external_user_id=message.user_id
        )
        bind = _BIND.match(text) if message.voice is None else None
        if bind is not None and (owner is None or not owner.active):
            return self._bind(bind.group("code"))
        if owner is None:
            raise _NothingStored([Reply("bot.unbound", self._hint_locale(None))])
        if not owner.active:
            raise _NothingStored([Reply("bot.deactivated", self._hint_locale(owner))])
        self.staff = owner
        if not inbound.record_once(
            session=self.session,
            channel=message.channel,
            external_id=message.message_id,
            received_at=message.received_at,
            sender_id=message.user_id,
            staff_id=owner.id,
            voice_ref=message.voice.file_id if message.voice is not None else None,
        ):
            return []  # a redelivery: already handled and answered
        self.engine.understanding.refresh(self.session)
        self.conversation = conversations.lock(
            session=self.session,
            channel=message.channel,
            chat_id=message.chat_id,
            now=self.now_utc,
        )
        self.document = self.conversation.state
        self.pending_voice_ref = self.document.get("voice_ref")
        return None

    def _write_document(self) -> None:
        """One write of the conversation state, whatever the message did to it."""
        assert self.conversation is not None
        assert self.staff is not None
        if self.document != self.conversation.state:
            conversations.save(
                session=self.session,
                chat=self.conversation,
                staff_id=self.staff.id,
                state=self.document,
                expires_at=self.now_utc + self.engine.settings.conversation_ttl,
                now=self.now_utc,
            )

    def _dispatch(
        self, text: str, state: _State | None, button_data: str | None, voice_ref: str | None
    ) -> list[Reply]:
        message = self.message
        if button_data is not None:
            return self._on_button(button_data, state)
        if message.voice is not None and message.voice.transcript is None:
            return self._voice_without_transcriber(message.voice.file_id, state)
        if message.voice is not None and message.voice.transcript is not None:
            return self._on_new_text(message.voice.transcript, voice_ref=voice_ref, voice=True)
        if not text:
            return [Reply("bot.empty", self._locale_for(""))]
        if text.startswith("/"):
            return self._on_command(text, state)
        if state is not None:
            answered = self._on_answer(text, state)
            if answered is not None:
                return answered
        return self._on_new_text(text, voice_ref=self.pending_voice_ref, voice=False)

    # -- binding, commands, buttons

    def _bind(self, code: str) -> list[Reply]:
        locale = self._hint_locale(None)
        try:
            with self.session.begin_nested():
                staff = staff_service.redeem_bind_code(
                    session=self.session,
                    code=code,
                    channel=self.channel,
                    external_user_id=self.message.user_id,
                    now=self.now_utc,
                )
        except DomainError as error:
            raise _NothingStored([_error_reply(error, locale)]) from error
        inbound.record_once(
            session=self.session,
            channel=self.message.channel,
            external_id=self.message.message_id,
            received_at=self.message.received_at,
            sender_id=self.message.user_id,
            staff_id=staff.id,
        )
        return [Reply("bot.bound", staff.locale.value, {"name": staff.name})]

    def _on_command(self, text: str, state: _State | None) -> list[Reply]:
        match = _COMMAND.match(text)
        locale = self._staff_locale()
        if match is None:
            return [
                Reply("bot.unknown_command", locale, {"command": text.split(maxsplit=1)[0][:40]})
            ]
        name, arg = match.group("name").lower(), (match.group("arg") or "").strip()
        match name:
            case "start":
                assert self.staff is not None
                return [Reply("bot.already_bound", locale, {"name": self.staff.name})]
            case "help":
                return [Reply("bot.help", locale)]
            case "lang":
                return self._set_language(arg)
            case "undo":
                return self._undo(None, locale)
            case "cancel":
                self._save(None)
                return [Reply("bot.cancelled" if state else "bot.nothing_to_cancel", locale)]
            case "agenda":
                return [queries.agenda(session=self.session, setting=self._setting(locale, ""))]
            case "digest":
                assert self.staff is not None
                digest = compose(
                    session=self.session,
                    staff=self.staff,
                    local_date=self._local_now().date(),
                    now=self.now_utc,
                )
                return [render_digest(digest)]
        return [Reply("bot.unknown_command", locale, {"command": "/" + name})]

    def _set_language(self, arg: str) -> list[Reply]:
        wanted = {
            "zh": Locale.ZH_CN,
            "zh_cn": Locale.ZH_CN,
            "cn": Locale.ZH_CN,
            "中文": Locale.ZH_CN,
        }
        wanted |= {"en": Locale.EN, "english": Locale.EN}
        locale = wanted.get(arg.lower())
        if locale is None:
            return [Reply("bot.lang_usage", self._staff_locale())]
        assert self.staff is not None
        staff_service.set_locale(
            session=self.session, actor=self.staff, locale=locale, origin=self._origin()
        )
        return [Reply("bot.lang_set", locale.value)]

    def _on_button(self, data: str, state: _State | None) -> list[Reply]:
        said_in = self.document.get("said_in")
        locale = state.locale if state is not None else str(said_in or self._staff_locale())
        if data.startswith("undo:"):
            return self._undo(data.removeprefix("undo:"), locale)
        token, _, choice = data.partition(":")
        if state is None or token != state.token:
            return [Reply("bot.button_expired", locale)]
        return self._choose(choice, state)

    def _choose(self, choice: str, state: _State) -> list[Reply]:
        """Apply a pressed (or numbered) choice to the waiting conversation."""
        verb, _, value = choice.partition(":")
        if verb == "x":
            self._save(None)
            return [Reply("bot.cancelled", state.locale)]
        if verb == "ok" and state.confirming:
            return self._apply(state)
        ask = state.ask or {}
        action = state.actions[int(ask.get("index", 0))] if state.actions else None
        if action is None:
            return [Reply("bot.button_expired", state.locale)]
        if verb == "c" and value.isdigit():
            customer = self._visible_customer(int(value))
            if customer is None:
                return [Reply("bot.button_expired", state.locale)]
            self._set_customer(state, int(ask.get("index", 0)), customer)
            return self._advance(state)
        if verb == "none":
            action.declined.extend(
                int(c["id"]) for c in action.slots.get("customer_candidates", []) if "id" in c
            )
            action.slots.pop("customer_candidates", None)
            customer_slot = action.slots.get("customer")
            if isinstance(customer_slot, dict):
                customer_slot.pop("id", None)
            return self._advance(state)
        if verb == "n":
            return self._create_customer_then_continue(state, int(ask.get("index", 0)))
        if verb == "s" and value in TICKET_STATUSES:
            action.slots["status"] = value
            return self._advance(state)
        return [Reply("bot.button_expired", state.locale)]

    # -- answers to a question

    def _on_answer(self, text: str, state: _State) -> list[Reply] | None:
        """Fill what the conversation waits for from `text`; None if it is not an answer."""
        act = _dialogue_act(text)
        if act == "cancel":
            self._save(None)
            return [Reply("bot.cancelled", state.locale)]
        if state.confirming:
            if act == "confirm":
                return self._apply(state)
            return None
        ask = state.ask
        if ask is None:
            return None
        action = state.actions[int(ask["index"])]
        slot = str(ask["slot"])
        language = detect_language(text, default="zh" if state.locale == "zh_CN" else "en")
        reader = _ANSWER_READERS.get(slot)
        if reader is not None and reader(self, text, action, language):
            return self._advance(state)
        if slot in ("when", "amount", "ticket"):
            return [Reply(f"bot.ask_again.{slot}", state.locale)]
        return None  # not an answer: the text is read as a new message

    def _read_customer(self, text: str, action: PlannedAction, language: str) -> bool:
        if trigger_hits(text):
            return False  # "查一下蓝湾" is a new request that names a customer, not an answer
        mentions = self.engine.understanding.index.find(text)
        if mentions:
            mention = mentions[0]
            action.slots["customer"] = {"text": mention.text}
            action.slots["customer_candidates"] = [
                {"id": c.id, "name": c.name, "score": c.score} for c in mention.candidates
            ]
            return True
        name = text.strip()
        if 0 < len(name) <= 60 and "\n" not in name and _looks_like_a_name(name):
            action.slots["customer"] = {"text": name}
            action.slots.pop("customer_candidates", None)
            return True
        return False

    def _read_customer_name(self, text: str, action: PlannedAction, language: str) -> bool:
        name = text.strip()
        if 0 < len(name) <= 200:
            action.slots["customer"] = {"text": name, "id": None}
            return True
        return False

    def _read_when(self, text: str, action: PlannedAction, language: str) -> bool:
        times = find_times(text, self._local_now(), language)
        if not times:
            return False
        mention = times[0]
        day_grain = mention.grain in ("year", "quarter", "month", "week", "day")
        value = mention.value.date().isoformat() if day_grain else mention.value.isoformat()
        action.slots["when"] = {"text": mention.text, "value": value, "grain": mention.grain}
        return True

    def _read_amount(self, text: str, action: PlannedAction, language: str) -> bool:
        money = [m for m in find_money(text, language, default_currency="CNY") if m.value]
        if not money:
            return False
        action.slots["amount"] = {
            "text": money[0].text,
            "value": float(money[0].value or 0),
            "currency": money[0].currency,
        }
        return True

    def _read_ticket(self, text: str, action: PlannedAction, language: str) -> bool:
        found = find_tickets(text)
        digits = text.strip().upper().removeprefix("T").lstrip("-")
        if found:
            action.slots["ticket"] = {"number": found[0].value}
        elif digits.isdigit():
            action.slots["ticket"] = {"number": f"T-{int(digits)}"}
        else:
            return False
        return True

    def _read_status(self, text: str, action: PlannedAction, language: str) -> bool:
        status = find_status(text)
        if status is None:
            return False
        action.slots["status"] = status.value
        return True

    # -- new text

    def _on_new_text(self, text: str, *, voice_ref: str | None, voice: bool) -> list[Reply]:
        understanding = self.engine.understanding
        hint = self.message.language_hint
        result = understanding.parse(text, now=self._local_now(), language_hint=_lang(hint))
        locale = "zh_CN" if result.language == "zh" else "en"
        intents = [action.intent for action in result.actions]
        if not voice and intents in (["confirm"], ["cancel"], ["undo"]):
            return self._dialogue(intents[0], locale)
        planned = [
            PlannedAction(a.intent, a.confidence, dict(a.slots))
            for a in result.actions
            if a.intent not in ("unknown", "confirm", "cancel", "undo")
            and not (
                a.intent in WRITE_INTENTS
                and a.confidence < self.engine.settings.understanding_floor
            )
        ]
        if not planned:
            return [Reply("bot.not_understood", locale)]
        if any(action.intent == "help" for action in planned) and len(planned) == 1:
            self._save(None)
            return [Reply("bot.help", locale)]
        state = _State(
            token=secrets.token_hex(3),
            locale=locale,
            actions=planned,
            source_text=text,
            source_message=self.message.message_id,
            voice=voice,
            voice_ref=voice_ref,
        )
        return self._advance(state)

    def _dialogue(self, act: str, locale: str) -> list[Reply]:
        if act == "undo":
            return self._undo(None, locale)
        if act == "cancel":
            return [Reply("bot.nothing_to_cancel", locale)]
        return [Reply("bot.nothing_to_confirm", locale)]

    def _voice_without_transcriber(self, file_id: str, state: _State | None) -> list[Reply]:
        """No speech model ships with the product: keep the reference, ask for the text."""
        document = state.to_json() if state is not None else {}
        document["voice_ref"] = file_id
        self._store(document)
        return [Reply("bot.voice_disabled", self._staff_locale())]

    # -- the plan

    def _advance(self, state: _State) -> list[Reply]:
        """Settle customers, ask for the first missing slot, or confirm / apply the whole plan."""
        state.ask, state.confirming = None, False
        for index, action in enumerate(state.actions):
            if action.intent in flows.NEEDS_CUSTOMER and action.customer_id is None:
                question = self._resolve_customer(state, index)
                if question is not None:
                    return question
            slot = flows.missing_slot(action)
            if slot is not None:
                return self._ask(state, index, slot)
        writes = [action for action in state.actions if action.writes]
        unsure = any(a.confidence < self.engine.settings.auto_apply_confidence for a in writes)
        if writes and (state.voice or unsure):
            return self._confirm(state)
        return self._apply(state)

    def _resolve_customer(self, state: _State, index: int) -> list[Reply] | None:
        action = state.actions[index]
        slot = action.slots.get("customer")
        candidates = action.slots.get("customer_candidates") or []
        ids = [int(c["id"]) for c in candidates if c.get("id") is not None]
        if isinstance(slot, dict) and slot.get("id") is not None and int(slot["id"]) not in ids:
            ids.insert(0, int(slot["id"]))
        visible = self._visible_customers([i for i in ids if i not in action.declined])
        if isinstance(slot, dict) and slot.get("id") is not None and int(slot["id"]) in visible:
            self._set_customer(state, index, visible[int(slot["id"])])
            return None
        if len(visible) == 1:
            self._set_customer(state, index, next(iter(visible.values())))
            return None
        if not visible and isinstance(slot, dict) and slot.get("id") is not None:
            # It exists, but belongs to another team: say so rather than offer a duplicate.
            self._save(None)
            shown_name = str(slot.get("name") or slot.get("text") or "")
            return [Reply("bot.customer_not_yours", state.locale, {"name": shown_name})]
        if len(visible) > 1:
            shown = list(visible.values())[:MAX_CANDIDATES_SHOWN]
            buttons = [
                Button("bot.button.customer", f"{state.token}:c:{c.id}", {"name": c.name})
                for c in shown
            ]
            buttons.append(Button("bot.button.none_of_these", f"{state.token}:none"))
            return self._question(
                state,
                index,
                "customer",
                Reply(
                    "bot.ask.pick_customer",
                    state.locale,
                    {"text": (slot or {}).get("text", "")},
                    tuple((b,) for b in buttons),
                ),
            )
        name = str(slot["text"]) if isinstance(slot, dict) and slot.get("text") else None
        if name:
            buttons = [
                Button("bot.button.create_customer", f"{state.token}:n", {"name": name[:40]}),
                Button("bot.button.cancel", f"{state.token}:x"),
            ]
            return self._question(
                state,
                index,
                "customer",
                Reply("bot.ask.unknown_customer", state.locale, {"name": name}, ((*buttons,),)),
            )
        return self._ask(state, index, "customer")

    def _ask(self, state: _State, index: int, slot: str) -> list[Reply]:
        if slot == "status":
            buttons = tuple(
                (Button(f"bot.status.{status}", f"{state.token}:s:{status}"),)
                for status in TICKET_STATUSES
            )
            reply = Reply("bot.ask.status", state.locale, {}, buttons)
        else:
            intent = state.actions[index].intent
            reply = Reply(f"bot.ask.{slot}", state.locale, {"intent": _intent_label(intent, state)})
        return self._question(state, index, slot, reply)

    def _question(self, state: _State, index: int, slot: str, reply: Reply) -> list[Reply]:
        state.ask = {"index": index, "slot": slot}
        self._save(state)
        return [reply]

    def _confirm(self, state: _State) -> list[Reply]:
        setting = self._setting(state.locale, state.source_text, state.voice_ref)
        lines = [flows.describe(action, setting).render(state.locale) for action in state.actions]
        state.confirming = True
        buttons: tuple[tuple[Button, ...], ...] = (
            (
                Button("bot.button.confirm", f"{state.token}:ok"),
                Button("bot.button.cancel", f"{state.token}:x"),
            ),
        )
        self._save(state)
        key = "bot.confirm.voice" if state.voice else "bot.confirm"
        params = {"lines": "\n".join(lines), "transcript": state.source_text[:500]}
        return [Reply(key, state.locale, params, buttons)]

    def _apply(self, state: _State) -> list[Reply]:
        """Write every action of the message together, or none of them."""
        setting = self._setting(state.locale, state.source_text, state.voice_ref)
        origin = Origin(channel=self.channel, message_id=state.source_message, at=self.now_utc)
        lines: list[str] = []
        answers: list[Reply] = []
        created: list[tuple[int, str]] = []
        try:
            for action in state.actions:
                if action.customer_id == -1 and created:
                    action.customer_id = created[-1][0]
                if action.writes:
                    line, new_customer = flows.apply(
                        session=self.session, action=action, setting=setting, origin=origin
                    )
                    lines.append(line.render(state.locale))
                    if new_customer is not None:
                        name = flows.describe(action, setting).params["name"]
                        created.append((new_customer, name))
                else:
                    answers.append(self._answer(action, setting))
        except DomainError as error:
            self._save(None)
            if error.code == "customer.duplicate":
                params = {"match_name": error.params.get("match_name", "")}
                refused = [Reply("bot.customer_exists", state.locale, params)]
            else:
                refused = [_error_reply(error, state.locale)]
            raise _WriteRefused(refused, self.document) from error
        for customer_id, name in created:
            self.engine.understanding.add(customer_id, name)
        self._save(None, keep_voice=state.voice_ref is None)
        replies: list[Reply] = []
        if lines:
            undo = Button("bot.button.undo", f"undo:{origin.change_set}")
            replies.append(Reply("bot.done", state.locale, {"lines": "\n".join(lines)}, ((undo,),)))
        return replies + answers

    def _create_customer_then_continue(self, state: _State, index: int) -> list[Reply]:
        action = state.actions[index]
        name = (action.slots.get("customer") or {}).get("text")
        if not name:
            return [Reply("bot.button_expired", state.locale)]
        creation = PlannedAction("create_customer", 1.0, {"customer": {"text": name, "id": None}})
        state.actions.insert(index, creation)
        action.customer_name = name
        action.customer_id = -1  # settled: the customer created just before it in this plan
        return self._advance(state)

    def _answer(self, action: PlannedAction, setting: Setting) -> Reply:
        if action.intent == "query_customer" and action.customer_id is not None:
            return queries.customer_card(
                session=self.session, customer_id=action.customer_id, setting=setting
            )
        if action.intent == "list_agenda":
            return queries.agenda(session=self.session, setting=setting)
        if action.intent == "loyalty_summary":
            return Reply("bot.loyalty_unavailable", setting.locale)
        return Reply("bot.help", setting.locale)

    # -- undo

    def _undo(self, change_set: str | None, locale: str) -> list[Reply]:
        assert self.staff is not None
        origin = self._origin()
        try:
            with self.session.begin_nested():
                if change_set is None:
                    result = audit.undo_last(session=self.session, actor=self.staff, origin=origin)
                else:
                    result = audit.undo_change_set(
                        session=self.session,
                        actor=self.staff,
                        change_set=change_set,
                        origin=origin,
                    )
        except DomainError as error:
            return [_error_reply(error, locale)]
        return [Reply("bot.undone", locale, {"count": len(result.entries)})]

    # -- helpers

    def _set_customer(self, state: _State, index: int, customer: CustomerRef) -> None:
        """Settle the customer, and the same choice for the message's other actions that named
        the customer the same way (one question per message, not one per action)."""
        action = state.actions[index]
        said = _customer_said(action)
        for other in state.actions[index:]:
            if other is action or (
                other.customer_id is None and said and _customer_said(other) == said
            ):
                other.customer_id = customer.id
                other.customer_name = customer.name

    def _visible_customers(self, ids: Iterable[int]) -> dict[int, CustomerRef]:
        """Those of `ids` the staff member may see, in the order given. Whole rows (without
        aliases): the write that usually follows then finds its customer in the session."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        staff = self.staff
        assert staff is not None
        rows = self.session.execute(_CUSTOMERS_WITH_OWNERS, {"ids": wanted}).all()
        self.rows_seen.extend(item for row in rows for item in row if item is not None)
        found = {
            customer.id: CustomerRef(customer.id, customer.name)
            for customer, owner in rows
            if permissions.can_view_customer(staff, customer, owner)
        }
        return {i: found[i] for i in wanted if i in found}

    def _visible_customer(self, customer_id: int) -> CustomerRef | None:
        return self._visible_customers([customer_id]).get(customer_id)

    def _save(self, state: _State | None, *, keep_voice: bool = True) -> None:
        document = state.to_json() if state is not None else {}
        if state is None and keep_voice and self.pending_voice_ref:
            document = {"voice_ref": self.pending_voice_ref}
        self._store(document)

    def _remember_offered(self, replies: list[Reply]) -> None:
        """The buttons just shown, so a channel without buttons can answer "2" instead."""
        offered = [button.data for reply in replies for button in reply.flat_buttons]
        document = {k: v for k, v in self.document.items() if k not in ("offered", "said_in")}
        if offered:
            document["offered"] = offered
            document["said_in"] = replies[-1].locale  # a pressed button answers in that language
        self.document = document

    def _store(self, document: dict[str, Any]) -> None:
        """Set the state this message leaves behind; `run` writes it once at the end."""
        self.document = document

    def _origin(self) -> Origin:
        return Origin(channel=self.channel, message_id=self.message.message_id, at=self.now_utc)

    def _local_now(self) -> datetime:
        zone = ZoneInfo(
            self.staff.timezone if self.staff else self.engine.settings.default_timezone
        )
        return self.now_utc.astimezone(zone)

    def _setting(self, locale: str, source_text: str, voice_ref: str | None = None) -> Setting:
        assert self.staff is not None
        return Setting(
            actor=self.staff,
            locale=locale,
            now=self._local_now(),
            source_text=source_text,
            voice_ref=voice_ref,
        )

    def _staff_locale(self) -> str:
        return self.staff.locale.value if self.staff else self._hint_locale(None)

    def _locale_for(self, text: str) -> str:
        language = detect_language(text, default="")
        if language == "zh":
            return "zh_CN"
        if language == "en":
            return "en"
        return self._staff_locale()

    def _hint_locale(self, staff: Staff | None) -> str:
        """For people we may not know yet: their text's language, else the platform's hint."""
        language = detect_language(self.message.text or "", default="")
        if language in ("zh", "en"):
            return "zh_CN" if language == "zh" else "en"
        hint = _lang(self.message.language_hint)
        if hint is not None:
            return "zh_CN" if hint == "zh" else "en"
        return staff.locale.value if staff is not None else self.engine.settings.default_locale


def _numbered_choice(text: str, offered: list[str]) -> str | None:
    """'2' (or '２') answers the second button offered in the previous reply."""
    number = text.strip().translate(_FULL_WIDTH_DIGITS)
    if offered and number.isdigit() and 1 <= int(number) <= len(offered):
        return offered[int(number) - 1]
    return None


def _customer_said(action: PlannedAction) -> str | None:
    slot = action.slots.get("customer")
    return str(slot.get("text")) if isinstance(slot, dict) and slot.get("text") else None


def _lang(hint: str | None) -> str | None:
    if not hint:
        return None
    return (
        "zh" if hint.lower().startswith("zh") else "en" if hint.lower().startswith("en") else None
    )


def _dialogue_act(text: str) -> str | None:
    return dialogue_act(text)


def _intent_label(intent: str, state: _State) -> str:
    return translate(f"bot.intent.{intent}", state.locale)


def _error_reply(error: DomainError, locale: str) -> Reply:
    return Reply(f"error.{error.code}", locale, dict(error.params))


def _looks_like_a_name(text: str) -> bool:
    """A short answer with no verbs of its own: not a new message in disguise."""
    return not trigger_hits(text) and len(text.split()) <= 6


_AnswerReader = Callable[["_Turn", str, PlannedAction, str], bool]
_ANSWER_READERS: dict[str, _AnswerReader] = {
    "customer": _Turn._read_customer,
    "customer_name": _Turn._read_customer_name,
    "when": _Turn._read_when,
    "amount": _Turn._read_amount,
    "ticket": _Turn._read_ticket,
    "status": _Turn._read_status,
}

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

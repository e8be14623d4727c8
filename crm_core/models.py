"""Every mapped model, imported in one place so the metadata (and Alembic) sees them all."""

from crm_core.audit.models import AuditAction, AuditEntry
from crm_core.auth.models import ApiToken
from crm_core.conversations.models import Conversation
from crm_core.counters import Counter
from crm_core.customers.models import Contact, Customer, CustomerAlias, CustomerStatus
from crm_core.db import Base
from crm_core.deals.models import Deal, DealStage
from crm_core.digest.models import DigestRun, DigestStatus
from crm_core.followups.models import FollowUp, FollowUpStatus
from crm_core.inbound.models import InboundMessage
from crm_core.interactions.models import Interaction, InteractionKind
from crm_core.staff.models import BindCode, Channel, ChannelIdentity, Locale, Role, Staff, Team
from crm_core.tickets.models import Priority, Ticket, TicketStatus

__all__ = [
    "ApiToken",
    "AuditAction",
    "AuditEntry",
    "Base",
    "BindCode",
    "Channel",
    "ChannelIdentity",
    "Contact",
    "Conversation",
    "Counter",
    "Customer",
    "CustomerAlias",
    "CustomerStatus",
    "Deal",
    "DealStage",
    "DigestRun",
    "DigestStatus",
    "FollowUp",
    "FollowUpStatus",
    "InboundMessage",
    "Interaction",
    "InteractionKind",
    "Locale",
    "Priority",
    "Role",
    "Staff",
    "Team",
    "Ticket",
    "TicketStatus",
]

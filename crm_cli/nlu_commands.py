"""`crm parse` and `crm nlu eval`: the parser from the command line, one process for a corpus."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer

from crm_cli.common import CliState, state_of, unit_of_work
from crm_core.customers import service as customer_service
from crm_core.settings import get_settings
from crm_core.staff import service as staff_service
from nlu.classifier import DATA_DIR, IntentClassifier, training_directory
from nlu.customer_index import CustomerIndex, DirectoryEntry
from nlu.evaluation import (
    SCORED_SLOTS,
    GoldReport,
    evaluate_duckling_file,
    evaluate_gold,
    is_duckling,
    load_jsonl,
)
from nlu.parser import ParseContext, parse

MODEL_DIR = Path("var") / "models"


class BadLineError(ValueError):
    """A --jsonl line that cannot be parsed; reported in place, the stream goes on."""


def load_parser_inputs(
    state: CliState, as_email: str | None
) -> tuple[CustomerIndex, IntentClassifier | None, str]:
    """The customer index from the configured database, the intent models, the default zone."""
    with unit_of_work(state) as session:
        actor = staff_service.get_by_email(session=session, email=as_email) if as_email else None
        if as_email and actor is None:
            staff_service.require_by_email(session=session, email=as_email)
        rows = customer_service.directory(session=session, actor=actor)
        timezone = actor.timezone if actor is not None else get_settings().default_timezone
    index = CustomerIndex.build(
        DirectoryEntry(id=row_id, name=name, aliases=tuple(aliases))
        for row_id, name, aliases in rows
    )
    try:
        classifier: IntentClassifier | None = IntentClassifier.load_or_train(MODEL_DIR)
    except FileNotFoundError:
        classifier = None
    return index, classifier, timezone


def resolve_now(now: str | None, timezone: str) -> datetime:
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise BadLineError(f"unknown time zone {timezone!r}") from error
    if now is None:
        return datetime.now(zone)
    try:
        moment = datetime.fromisoformat(now)
    except ValueError as error:
        raise BadLineError(f"not an ISO 8601 time: {now!r}") from error
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def parse_one(
    text: str, now: datetime, index: CustomerIndex, classifier: IntentClassifier | None
) -> dict[str, Any]:
    result = parse(text, ParseContext(now=now, customers=index), classifier=classifier)
    return result.to_json()


def parse_stream(
    lines: Any,
    default_timezone: str,
    index: CustomerIndex,
    classifier: IntentClassifier | None,
    out: Any,
) -> int:
    """One JSON result per input line, in order; a bad line gets an error object, not an exit."""
    count = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise BadLineError('expected an object with a "text" string')
            timezone = record.get("tz") or default_timezone
            if not isinstance(timezone, str):
                raise BadLineError('"tz" must be a string')
            now = resolve_now(record.get("now"), timezone)
            answer = parse_one(record["text"], now, index, classifier)
            if "id" in record:
                answer["id"] = record["id"]
        except (BadLineError, json.JSONDecodeError) as error:
            answer = {"line": number, "error": {"code": "bad_line", "message": str(error)}}
        out.write(json.dumps(answer, ensure_ascii=False) + "\n")
        count += 1
    out.flush()
    return count


def _print_gold(report: GoldReport) -> None:
    typer.echo(
        f"{report.name}: {report.messages.total} messages, {report.intents.total} actions | "
        f"intent {report.intents.rate:.1%}  frame {report.frames.rate:.1%}  "
        f"whole message {report.messages.rate:.1%}"
    )
    counts = report.action_counts
    typer.echo(
        f"  action count right {counts['right']}, too few {counts['too few']}, "
        f"too many {counts['too many']}"
    )
    for group, tally in sorted(report.by_group.items()):
        typer.echo(f"  {group:<12} whole message {tally.rate:.1%} ({tally.correct}/{tally.total})")
    for slot in SCORED_SLOTS:
        if report.slot_expected[slot] or report.slot_found[slot]:
            typer.echo(
                f"  slot {slot:<9} precision {report.precision(slot):.1%}  "
                f"recall {report.recall(slot):.1%}  (expected {report.slot_expected[slot]})"
                + _misses(report, slot)
            )
    lost = ", ".join(f"{slot} {count}" for slot, count in report.frames_lost_to.most_common())
    if lost:
        typer.echo(f"  frames with the right intent lost to: {lost}")
    for (gold, got), count in report.confusions.most_common(8):
        typer.echo(f"  confused {gold} -> {got}: {count}")
    _print_confidence(report)


def _print_confidence(report: GoldReport) -> None:
    sure, unsure = report.sure_frames, report.unsure_frames
    typer.echo(
        f"  confidence >= {report.act_threshold:.2f}: {sure.total} actions, frames right "
        f"{sure.rate:.1%}; below: {unsure.total}, frames right {unsure.rate:.1%}"
    )
    caught = report.wrong_messages_caught
    typer.echo(
        f"  typed messages written at once: {report.sure_messages.total}, wholly right "
        f"{report.sure_messages.rate:.1%}; wrong messages a confirmation would catch: "
        f"{caught.correct}/{caught.total}"
    )
    bands = "  ".join(
        f"{band} {tally.rate:.0%} ({tally.total})"
        for band, tally in sorted(report.intent_by_band.items())
    )
    typer.echo(f"  intent right by confidence: {bands}")


def _misses(report: GoldReport, slot: str) -> str:
    kinds = [(kind, n) for (name, kind), n in sorted(report.slot_misses.items()) if name == slot]
    return ("  misses: " + ", ".join(f"{kind} {n}" for kind, n in kinds)) if kinds else ""


def register(app: typer.Typer) -> None:
    nlu_app = typer.Typer(help="The message parser.", no_args_is_help=True)
    app.add_typer(nlu_app, name="nlu")

    @nlu_app.command("eval")
    def eval_command(
        files: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False)],
        no_classifier: Annotated[bool, typer.Option("--no-classifier")] = False,
    ) -> None:
        """Score golden message files (nlu/data format) and Duckling corpora."""
        index = training_directory(DATA_DIR) or CustomerIndex()
        classifier = None if no_classifier else IntentClassifier.load_or_train(MODEL_DIR)
        for path in files:
            records = load_jsonl(path)
            if is_duckling(records):
                result = evaluate_duckling_file(records, name=path.stem)
                typer.echo(
                    f"{path.stem}: {result.accuracy:.1%} of {result.total}; "
                    f"non-holiday {result.non_holiday_accuracy:.1%}"
                )
                continue
            report = evaluate_gold(
                records,
                lambda text, now: parse(
                    text, ParseContext(now=now, customers=index), classifier=classifier
                ),
                name=path.stem,
                act_threshold=get_settings().auto_apply_confidence,
            )
            _print_gold(report)

    @app.command("parse")
    def parse_command(
        ctx: typer.Context,
        text: Annotated[str | None, typer.Argument(help="The message (omit with --jsonl).")] = None,
        now: Annotated[
            str | None, typer.Option(help="ISO 8601 'now' (default: the clock).")
        ] = None,
        tz: Annotated[str | None, typer.Option("--tz", help="IANA time zone.")] = None,
        as_email: Annotated[
            str | None, typer.Option("--as", help="Parse as this staff member (zone, customers).")
        ] = None,
        jsonl: Annotated[
            bool, typer.Option("--jsonl", help='Read {"text", "now"?, "tz"?} lines from stdin.')
        ] = False,
    ) -> None:
        """Parse a message into CRM actions and print the JSON result."""
        state = state_of(ctx)
        index, classifier, default_timezone = load_parser_inputs(state, as_email)
        timezone = tz or default_timezone
        if jsonl:
            parse_stream(sys.stdin, timezone, index, classifier, sys.stdout)
            return
        if text is None:
            raise typer.BadParameter("give the message text, or --jsonl")
        try:
            moment = resolve_now(now, timezone)
        except BadLineError as error:
            raise typer.BadParameter(str(error)) from error
        typer.echo(json.dumps(parse_one(text, moment, index, classifier), ensure_ascii=False))

"""The message parser: `parse(text, ParseContext) -> ParseResult`. Pure: no database, no network."""

from nlu.parser import Action, ParseContext, ParseResult, parse

__all__ = ["Action", "ParseContext", "ParseResult", "parse"]

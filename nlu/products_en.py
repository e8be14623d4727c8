"""English product names read by their shape, for vocabularies nobody listed.

A rep names a product as a noun for the kind of thing, after the words that name it: a brand, a
model, a use ("Dell Latitude 5440 laptops", "Rational combi ovens", "hydraulic pumps", "route
planning module"). The catalogue cannot list every rep's goods, so what is kept here is the
part that does generalise: the head nouns of the classes of equipment, software and services a
CRM's reps sell (a word list meant to be complete for those classes, not for any one writer's
products), and where a name stops (a count, a date, an amount, a verb of the sentence).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Head nouns of equipment, software and service classes, singular and plural, by trade. Words
# that are as often something else ("line", "plan", "service", "phones", "drivers", "mills")
# are left out: a product they head is still found where a product is expected.
_CLASS_HEADS = {
    # computing and networking
    "it": r"desktops?|notebooks?|workstations?|chromebooks?|switch(?:es)?|firewalls?|"
    r"access[ -]points?|nvrs?|dvrs?|headsets?|keyboards?|copiers?|"
    r"docking[ -]stations?|readers?|tills|kiosks?|thin[ -]clients?",
    # software sold by the seat, module or plan
    "software": r"subscriptions?|add[- ]?ons?|plug-?ins?|"
    r"(?:support|service|maintenance|care|warranty)[ -](?:plans?|packages?|contracts?)",
    # medical devices
    "medical": r"ventilators?|defibrillators?|defibs?|analy[sz]ers?|infusion[ -]sets?|"
    r"syringe[ -]drivers?|endoscopes?|incubators?|centrifuges?|autoclaves?|"
    r"sterili[sz]ers?|nebuli[sz]ers?|oximeters?|thermometers?|hoists?|wheelchairs?|"
    r"stretchers?|beds|x-?rays?|ultrasounds?|ecgs?",
    # plant and industrial parts
    "industrial": r"plcs|compressors?|gearbox(?:es)?|bearings?|belts?|conveyors?|valves?|"
    r"inverters?|generators?|boilers?|actuators?|relays?|transformers?|meters|gauges?|"
    r"filters?|hoses?|spindles?|nozzles?|forklifts?|cranes?|lathes?|welders?|labell?ers?|"
    r"wrappers?|fillers?|cutters?|extruders?|grinders?|mixers?|blowers?|heaters?|"
    r"dehumidifiers?|humidifiers?|chargers?|loggers?|drives|(?:power|battery)[ -]packs?|"
    # parts and handling kit a warehouse or a plant room names: "conveyor rollers", "door seal",
    # "insulated liners", "pallet jacks", "air purifiers", "vat agitators"
    r"rollers?|liners?|seals?|connectors?|purifiers?|agitators?|dispensers?|jacks|shelving",
    # food service and cold chain
    "food": r"ovens?|fryers?|dishwashers?|glasswashers?|grills?|griddles?|fridges?|"
    r"refrigerators?|slicers?|blenders?|warmers?|hobs?|steamers?|proofers?|toasters?|"
    r"(?:ice|coffee|espresso|vending)[ -]machines?|cabinets?",
    # laboratory and process instruments
    "laboratory": r"(?:fume|extraction)[ -](?:hoods?|cupboards?)|extractors?|spectrometers?|"
    r"spectrophotometers?|chromatographs?|microscopes?|(?:check[ -]?)?weighers?|recorders?|"
    r"cold[ -]rooms?",
    # machines in general, when something names which ones ("AOI machine", "wash machines")
    "machines": r"machines?|units?|devices?|systems?|equipment",
}
CLASS_HEADS = "|".join(_CLASS_HEADS.values())

# "Brightwater Utilities plc": after a capitalised word, plc ends a company's name; after a
# lowercase one ("the siemens plc", "a PLC upgrade") it is the controller.
_WORD_BEFORE = re.compile(r"([A-Za-z&]+)[ \t]+$")


def is_company_plc(text: str, start: int) -> bool:
    """ "plc" at `start` ends a company's name rather than naming a controller."""
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    return before is not None and before.group(1)[0].isupper() and text[start].islower()


# Verbs whose object is the goods (buy, trial, replace ...), in every form: said before a
# product's name they are the sentence's, never part of the name ("evaluating RFID readers",
# "swap both Rational combi ovens").
_TRADE_VERBS = """buy buys bought buying order orders ordered ordering trial trials trialled
    trialling trialed trialing test tests tested testing try tries tried trying evaluate evaluates
    evaluated evaluating pilot pilots piloted piloting replace replaces replaced replacing
    upgrade upgrades upgraded upgrading swap swaps swapped swapping install installs installed
    installing fit fits fitted fitting quote quotes quoted quoting sell sells sold selling renew
    renews renewed renewing add adds added adding get gets got getting need needs needed needing
    want wants wanted wanting consider considers considered considering review reviews reviewed
    reviewing demo demos demoed demoing return returns returned returning use uses used using
    run runs ran running repair repairs repaired repairing fix fixes fixed fixing supply supplies
    supplied supplying deliver delivers delivered delivering ship ships shipped shipping lease
    leases leased leasing rent rents rented renting hire hires hired hiring recommend recommends
    recommended recommending show shows showed shown showing like likes liked love loves loved
    hate hates hated prefer prefers preferred choose chooses chose chosen keep keeps kept
    keeping cancel cancels cancelled canceled cancelling drop drops dropped dropping move moves
    moved moving roll rolls rolled rolling trade traded trading""".split()
TRADE_VERBS = frozenset(_TRADE_VERBS)


def after_last_barrier(start: int, end: int, barriers: Sequence[tuple[int, int]]) -> int | None:
    """Where a name found across a time, an amount or a person may start instead: after the
    last of them inside it ("Monday 10 laptops" is the laptops), or None when one covers the
    name's last word."""
    inside = [b for b in barriers if start < b[1] and b[0] < end]
    if not inside:
        return start
    last = max(b[1] for b in inside)
    return None if last >= end else last


# "walk in freezer", "reach-in chiller": the kind of cold store is part of its name (dictation
# drops the hyphen, so the catalogue's "freezer" alone would be read).
_COLD_STORE_KIND = re.compile(r"(?:walk|reach)[- ]in[ \t]+$", re.IGNORECASE)


def with_cold_store_kind(
    text: str, products: Sequence[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Each product widened over a "walk in" / "reach-in" said right before it."""
    widened = []
    for start, end, name in products:
        kind = _COLD_STORE_KIND.search(text, max(0, start - 12), start)
        widened.append(
            (kind.start(), end, text[kind.start() : end]) if kind else (start, end, name)
        )
    return widened

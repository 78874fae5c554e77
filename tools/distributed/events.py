"""Event logs -> per-shopper product sequences, the way the library's pipeline builds them
(src/pipeline/event-log.ts `readEventLog` + `userSequences`, what `storefront-ml train recommend` trains on).

Three inputs, told apart by their content:

* the common e-commerce CSV (``event_time,event_type,product_id,category_id,category_code,brand,price,user_id,
  user_session``): rows become events as ``importEcommerceCsv`` (src/history/csv-import.ts) makes them (``view`` ->
  view, ``cart`` -> cart_add, ``remove_from_cart`` -> cart_remove, ``purchase`` -> purchase; a row the importer
  rejects is an error naming its line, or skipped and counted with ``skip_invalid``); the shopper is ``user_id``,
  else ``user_session``;
* our history export (``{"format": "storefront-ml/history", "version": 1, "events": [...]}``): the shopper is
  ``extras.userId``, else one shopper;
* S3-Rec sequence files (``user item item ...`` per line, oldest first): views at times 0, 1, 2, ...

Then ``userSequences``: view, cart_add and purchase events grouped by shopper in order of first appearance, each
shopper's sorted by time (stable), a product repeated in a row kept once. Item ids stay strings; the vocabulary is
the order of first appearance over the sequences, as in ``trainRecommender`` and ``parseSequences``. No torch here.
"""
from __future__ import annotations

import csv
import io
import json
import math
import os
import re
from dataclasses import dataclass, field

CSV_COLUMNS = ('event_time', 'event_type', 'product_id', 'category_id', 'category_code', 'brand', 'price', 'user_id',
               'user_session')
EVENT_TYPES = {'view': 'view', 'cart': 'cart_add', 'remove_from_cart': 'cart_remove', 'purchase': 'purchase'}
# DEFAULT_INTERACTION_TYPES of src/pipeline/event-log.ts: what `storefront-ml train recommend` learns from.
INTERACTION_TYPES = frozenset(('view', 'cart_add', 'purchase'))
ID_LENGTH = 200          # EVENT_LIMITS.idLength
EXTRAS_VALUE_LENGTH = 256  # EVENT_LIMITS.extrasValueLength
MIN_TIME = 631_152_000_000   # 1990-01-01, validate-event.ts
MAX_TIME = 7_258_118_400_000  # 2200-01-01
TIME_RE = re.compile(r'^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?\s*(UTC|Z|[+-]\d{2}:?\d{2})?$')
DAYS_BEFORE_MONTH = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)


class EventLogError(ValueError):
    """The input cannot be read; the message says what to do."""


@dataclass
class Sequences:
    """Per-shopper product sequences (oldest first) and where they came from."""
    sequences: list[list[str]]
    users: list[str]
    source_format: str
    # Rows (1-based line numbers) that could not become events, with why.
    skipped: list[tuple[int, str]] = field(default_factory=list)
    events: int = 0

    def vocabulary(self) -> list[str]:
        """Product ids in order of first appearance over the sequences (the library's item index order)."""
        seen: dict[str, int] = {}
        for seq in self.sequences:
            for item in seq:
                if item not in seen:
                    seen[item] = len(seen)
        return list(seen)


def _days_from_civil(y: int, m: int, d: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (as Date.parse counts them)."""
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    mp = (m + 9) % 12
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def parse_event_time(value: str) -> float:
    """'2019-10-01 00:00:00 UTC' (or ISO-like) -> ms since the epoch; NaN when unreadable (parseEventTime)."""
    m = TIME_RE.match(value.strip())
    if not m:
        return math.nan
    y, mo, d, hh, mm, ss = (int(m.group(i)) for i in range(1, 7))
    if not (1 <= mo <= 12 and 1 <= d <= 31 and hh <= 24 and mm <= 59 and ss <= 59):
        return math.nan
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    if d > (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[mo - 1]:
        return math.nan
    if hh == 24 and (mm or ss or (m.group(7) and int(m.group(7)[1:] or 0))):
        return math.nan
    frac = m.group(7)
    ms = int((frac[1:] + '000')[:3]) if frac else 0
    zone = m.group(8)
    offset = 0
    if zone and zone not in ('UTC', 'Z'):
        sign = -1 if zone[0] == '-' else 1
        digits = zone[1:].replace(':', '')
        offset = sign * (int(digits[:2]) * 60 + int(digits[2:]))
    days = _days_from_civil(y, mo, d)
    return float(((days * 24 + hh) * 60 + mm - offset) * 60_000 + ss * 1000 + ms)


def _js_number(text: str) -> float:
    """Number(text) for the decimal forms a price column holds; NaN otherwise."""
    try:
        value = float(text)
    except ValueError:
        return math.nan
    if text.lower().lstrip('+-') in ('inf', 'infinity', 'nan'):
        # JS reads 'Infinity' (not 'inf'); either way it is not a finite price.
        return math.nan
    return value


def user_sequences(events: list[dict]) -> tuple[list[str], list[list[str]]]:
    """userSequences (src/pipeline/event-log.ts): interaction events (view, cart_add, purchase) grouped by shopper in
    order of first appearance, each shopper's stably sorted by time, a product repeated in a row kept once."""
    groups: dict[str, list[dict]] = {}
    for e in events:
        if e['type'] in INTERACTION_TYPES and e.get('productId') is not None:
            groups.setdefault(e['userId'], []).append(e)
    users, sequences = [], []
    for user, evs in groups.items():
        evs.sort(key=lambda e: e['time'])  # stable, as Array.prototype.sort
        seq: list[str] = []
        for e in evs:
            if not seq or seq[-1] != e['productId']:
                seq.append(e['productId'])
        users.append(user)
        sequences.append(seq)
    return users, sequences


def read_csv_events(text: str) -> tuple[list[dict], list[tuple[int, str]]]:
    """The events of an e-commerce CSV log (file order) and the skipped rows, as importEcommerceCsv returns them."""
    text = text[1:] if text.startswith('\ufeff') else text
    # newline='' semantics: the csv module handles quoted fields, doubled quotes, CRLF and LF as RFC 4180 says.
    rows = list(csv.reader(io.StringIO(text, newline='')))
    header = [h.strip() for h in (rows[0] if rows else [])]
    at = {c: (header.index(c) if c in header else -1) for c in CSV_COLUMNS}
    missing = [c for c in CSV_COLUMNS if c not in ('category_code', 'brand', 'user_id') and at[c] == -1]
    if missing:
        raise EventLogError(f"CSV: the header lacks {', '.join(missing)}. Expected columns: {','.join(CSV_COLUMNS)}.")
    events: list[dict] = []
    skipped: list[tuple[int, str]] = []
    for r in range(1, len(rows)):
        cells = rows[r]
        if len(cells) == 0 or (len(cells) == 1 and cells[0] == ''):
            continue
        line = r + 1

        def get(c: str) -> str:
            i = at[c]
            return cells[i].strip() if 0 <= i < len(cells) else ''

        type_ = EVENT_TYPES.get(get('event_type'))
        if type_ is None:
            skipped.append((line, f'unknown event_type "{get("event_type")}"'))
            continue
        time = parse_event_time(get('event_time'))
        reason = None
        session, product = get('user_session'), get('product_id')
        category = get('category_code') or get('category_id')
        price = get('price')
        if not math.isfinite(time) or time < 0:
            reason = 'time must be a finite number'
        elif time < MIN_TIME or time > MAX_TIME:
            reason = 'time must be between 1990 and 2200'
        elif not session or len(session) > ID_LENGTH:
            reason = f'sessionId must be a non-empty string of at most {ID_LENGTH} characters'
        elif not product or len(product) > ID_LENGTH:
            reason = f'productId must be a non-empty string of at most {ID_LENGTH} characters'
        elif category and len(category) > ID_LENGTH:
            reason = f'category must be at most {ID_LENGTH} characters'
        elif price != '' and not (math.isfinite(_js_number(price)) and _js_number(price) >= 0):
            reason = 'price must be a finite number >= 0'
        elif any(len(get(c)) > EXTRAS_VALUE_LENGTH for c in ('user_id', 'brand', 'category_id')):
            reason = f'extras values must be at most {EXTRAS_VALUE_LENGTH} characters'
        if reason:
            skipped.append((line, reason))
            continue
        events.append({'type': type_, 'time': time, 'sessionId': session, 'productId': product, 'userId': get('user_id')})
    return events, skipped


def _check_skipped(skipped: list[tuple[int, str]], skip_invalid: bool, source: str) -> None:
    if skipped and not skip_invalid:
        line, reason = skipped[0]
        raise EventLogError(f'{source}: line {line} is malformed: {reason}. Fix that row, or pass --skip-invalid to skip and count such rows.')


def read_csv(text: str, skip_invalid: bool = False, source: str = 'Event log') -> Sequences:
    events, skipped = read_csv_events(text)
    _check_skipped(skipped, skip_invalid, source)
    for e in events:
        e['userId'] = e['userId'] or e['sessionId']
    users, sequences = user_sequences(events)
    return Sequences(sequences, users, 'ecommerce-csv', skipped, len(events))


def read_export(text: str, skip_invalid: bool = False, source: str = 'Event log') -> Sequences:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as error:
        raise EventLogError(f'History export: the text is not valid JSON ({error}). Pass what history.export() wrote.') from error
    if not isinstance(doc, dict) or doc.get('format') != 'storefront-ml/history' or doc.get('version') != 1:
        raise EventLogError('History export: expected {"format": "storefront-ml/history", "version": 1, "events": [...]}.')
    if not isinstance(doc.get('events'), list):
        raise EventLogError('History export: events must be an array.')
    events = []
    for i, e in enumerate(doc['events']):
        if not isinstance(e, dict) or not isinstance(e.get('type'), str) or not isinstance(e.get('time'), (int, float)):
            raise EventLogError(f'History export: event {i} lacks a type or a time. Pass what history.export() wrote.')
        extras = e.get('extras') if isinstance(e.get('extras'), dict) else {}
        events.append({**e, 'userId': str(extras.get('userId', 'shopper'))})
    users, sequences = user_sequences(events)
    return Sequences(sequences, users, 'history-export', [], len(events))


def read_s3rec(text: str, skip_invalid: bool = False, source: str = 'Event log') -> Sequences:
    """Each line's items become views at times 0, 1, 2, ... of its user (as readEventLog's S3-Rec reader)."""
    events, skipped = [], []
    for n, raw in enumerate(text.split('\n')):
        line = raw.strip()
        if not line:
            continue
        tokens = line.split()
        reason = ('a user but no items (each line is "user item item ...")' if len(tokens) < 2
                  else 'an id longer than 200 characters' if any(len(t) > ID_LENGTH for t in tokens)
                  else 'a comma (S3-Rec lines are space-separated: "user item item ...")' if ',' in line else None)
        if reason:
            skipped.append((n + 1, reason))
            continue
        events += [{'type': 'view', 'time': t, 'productId': item, 'userId': tokens[0]} for t, item in enumerate(tokens[1:])]
    _check_skipped(skipped, skip_invalid, source)
    users, sequences = user_sequences(events)
    return Sequences(sequences, users, 's3rec', skipped, len(events))


def detect_format(text: str) -> str:
    head = text.lstrip('\ufeff').lstrip()
    if head.startswith('{'):
        return 'history-export'
    first = head.split('\n', 1)[0]
    if 'event_type' in first and ',' in first:
        return 'ecommerce-csv'
    return 's3rec'


def read_sequences(path: str, fmt: str = 'auto', skip_invalid: bool = False) -> Sequences:
    """Reads `path` in `fmt` ('auto', 'ecommerce-csv', 'history-export', 's3rec') into per-shopper sequences. A
    malformed row raises EventLogError naming its line, unless `skip_invalid` (then it is skipped and counted)."""
    with open(path, encoding='utf-8', newline='') as f:
        text = f.read()
    fmt = detect_format(text) if fmt == 'auto' else fmt
    readers = {'ecommerce-csv': read_csv, 'history-export': read_export, 's3rec': read_s3rec}
    if fmt not in readers:
        raise EventLogError(f'Unknown format "{fmt}". Expected one of: auto, {", ".join(readers)}.')
    data = readers[fmt](text, skip_invalid, os.path.basename(path))
    if not data.sequences:
        raise EventLogError(f'{path}: no shopper has a product event (view, cart, purchase). Check the file.')
    return data

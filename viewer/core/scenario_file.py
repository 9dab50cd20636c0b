"""Scenario files (versioned JSON) and share codes (a short string that round-trips).

File format, version 1::

    {"format": "electoral-map/scenario", "version": 1,
     "title": "…", "note": "…",
     "base": {"year": 2024, "title": "…"},
     "overrides": {"PA": "DEM", "GA": null},
     "locked": ["TX"]}

``overrides`` maps unit codes to a party code of the base results or null (undecided);
units not listed keep the official result.

Version 2 adds forecast mode's state, and is written only when the forecast is not the
year's default (so a scenario without one is still a version 1 file that older versions
of the app read; they refuse a version 2 file rather than drop its forecast)::

    "forecast": {"input": {"kind": "bundled", "year": 2024},   # or "file" + "path",
                                                               # "results" + "swing", "none"
                 "edits": {"PA": 1.5}, "errors": {"national_sd": 3.0, "regional_sd": 1.5,
                 "unit_scale": 1.0}, "draws": 10000, "seed": 2020, "picks": {"PA": "DEM"}}

(viewer/core/forecast/state.py validates it, naming the field: ``forecast.picks.PA``.)

Version 3 adds ratings painted on the map to the forecast, and is written only when there
are some (so older versions of the app refuse it rather than drop them)::

    "forecast": {…, "ratings": {"PA": "Lean DEM", "NV": "Toss-up"}}
"""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any

from viewer.core.errors import InputError
from viewer.core.results import ElectionResults
from viewer.core.safe_read import loads_json
from viewer.core.scenario import Scenario
from viewer.core.units import UNIT_CODES, UNITS

FORMAT = "electoral-map/scenario"
VERSION = 1
FORECAST_VERSION = 2  # a file with forecast state
RATINGS_VERSION = 3  # a file whose forecast has ratings
MAX_BYTES = 1_000_000
MAX_TEXT = 10_000


def scenario_to_json(scenario: Scenario) -> str:
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "title": scenario.title,
        "note": scenario.note,
        "base": {"year": scenario.base.year, "title": scenario.base.title},
        "overrides": {u: scenario.overrides[u] for u in UNIT_CODES if u in scenario.overrides},
        "locked": [u for u in UNIT_CODES if u in scenario.locked],
    }
    if _has_forecast(scenario):
        from viewer.core.forecast.state import state_to_doc

        assert scenario.forecast is not None
        doc["version"] = RATINGS_VERSION if scenario.forecast.ratings else FORECAST_VERSION
        doc["forecast"] = state_to_doc(scenario.forecast, scenario.base.year)
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _has_forecast(scenario: Scenario) -> bool:
    """True when the scenario's forecast is not its year's default (which goes unsaved)."""
    if scenario.forecast is None:
        return False
    from viewer.core.forecast.state import ForecastState

    return scenario.forecast != ForecastState.default(scenario.base.year)


def scenario_from_json(text: str | bytes, base: ElectionResults,
                       source: str = "<scenario>") -> Scenario:
    """Parse and validate; raises InputError naming the file and field."""
    if len(text) > MAX_BYTES:
        raise InputError(source, "a scenario file under 1 MB", got=f"{len(text):,} bytes")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(source, "UTF-8 text") from None
    doc = loads_json(text, source, "a JSON scenario file")
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InputError(source, f"a JSON object with \"format\": \"{FORMAT}\"", field="format")
    version = doc.get("version")
    if version not in (VERSION, FORECAST_VERSION, RATINGS_VERSION) \
            or isinstance(version, bool):  # True == 1
        raise InputError(source, f"version {VERSION}, {FORECAST_VERSION} or "
                         f"{RATINGS_VERSION}", field="version", got=str(version))
    base_doc = doc.get("base", {})
    if not isinstance(base_doc, dict):
        raise InputError(source, "an object", field="base")
    year = base_doc.get("year")
    if year is not None and not isinstance(year, int):
        raise InputError(source, "a whole-number year", field="base.year", got=str(year)[:20])
    if year is not None and base.year is not None and year != base.year:
        raise InputError(source, f"a scenario for the loaded {base.year} results",
                         field="base.year", got=str(year))
    title = _text(doc, "title", source)
    note = _text(doc, "note", source)
    overrides_doc = doc.get("overrides", {})
    if not isinstance(overrides_doc, dict):
        raise InputError(source, "an object of unit: party", field="overrides")
    overrides: dict[str, str | None] = {}
    for unit, value in overrides_doc.items():
        if not isinstance(unit, str) or unit not in UNITS:
            raise InputError(source, "unit codes such as PA, DC or NE-2",
                             field=f"overrides.{str(unit)[:20]}", got=str(unit))
        if unit not in base.units:
            raise InputError(source, f"a unit that had electors in {base.year}",
                             field=f"overrides.{unit}", got=unit)
        if value is not None and (not isinstance(value, str) or value not in base.contenders):
            raise InputError(source, f"one of {', '.join(base.contenders)} or null",
                             field=f"overrides.{unit}", got=str(value))
        if not base.editable and value != base.units[unit].winner:
            raise InputError(source, "no changes: each elector cast two votes before 1804",
                             field=f"overrides.{unit}")
        if value != base.units[unit].winner:
            overrides[unit] = value
    locked_doc = doc.get("locked", [])
    if not isinstance(locked_doc, list) or not all(isinstance(u, str) and u in UNITS
                                                    for u in locked_doc):
        raise InputError(source, "a list of unit codes", field="locked")
    forecast = None
    if "forecast" in doc:
        from viewer.core.forecast.state import state_from_doc

        forecast = state_from_doc(doc["forecast"], year=base.year, parties=base.axis,
                                  units=set(base.units), source=source)
    return Scenario(base, overrides, title, note, set(locked_doc), forecast)


def _text(doc: dict[str, Any], key: str, source: str) -> str:
    value = doc.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise InputError(source, f"a text of at most {MAX_TEXT:,} characters", field=key)
    return value


# -- share codes ----------------------------------------------------------------------
# EM2-<year>-<payload>-<check><damm> (new) and EM1-<year>-<payload>-<check> (old, still
# read). The payload is base32 of a bit string: a 56-bit mask of changed units, 3 bits per
# changed unit (0 undecided, n = n-th party), one flag bit for locks and, if set, a 56-bit
# lock mask.
#
# EM1's one CRC character lets 1 in 32 typos through (13 of the 806 one-character typos of
# the README's example decoded to another map). EM2 ends in two characters:
# - <damm> is a Damm check over the 32 symbols: the quasigroup x∘y = 2·x + y in GF(32)
#   (Damm's field construction, a ≠ 0, 1). Each row and column is a permutation, so any one
#   changed symbol changes the result; (c∘x)∘y = (c∘y)∘x only when x = y, so any swap of
#   two different neighbours does too. Every single substitution and adjacent
#   transposition of year digits, payload and both check characters is caught, for sure.
# - <check> is EM1's CRC character: it makes random damage ~1 in 1024, and a two-character
#   check field never passes EM1's one-character check, so "EM2"→"EM1" is caught as well.
#
# EM3-<year>-<payload>-<check><damm> is an EM2 payload followed by forecast mode's state
# (forecast/state.py: input, edits, error sizes, draws, seed, picks), made only when the
# forecast is not the year's default, so codes without one stay EM2 (and older versions
# of the app refuse an EM3 code rather than drop its forecast). Its Damm chain starts
# with the version digit 3: every step x -> 2·x + s is a permutation, so a chain from
# another start never ends in the same place, and "EM3"→"EM2" (or back) is caught for sure.
#
# EM4-… is an EM3 code whose forecast has ratings painted on the map, after its picks
# (made only when there are some, so that older versions refuse it rather than drop
# them). Its Damm chain starts with 4: "EM4"→"EM3" (or back) is caught the same way.

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_VALUE = {c: i for i, c in enumerate(_ALPHABET)}
_GF32_POLY = 0b100101  # x^5 + x^2 + 1, irreducible: GF(32)
_CODE_SOURCE = "scenario code"
_CODE_FORM = ("a code like EM2-2024-XXXXXXXX-XX (EM3 with a forecast, EM4 with its "
              "ratings, or an older EM1-2024-XXXXXXXX-X)")
_CHAIN_START = {"EM3": [3], "EM4": [4]}  # EM1 and EM2 chains start at 0


def _times2(x: int) -> int:
    x <<= 1
    return x ^ _GF32_POLY if x & 0b100000 else x


def _damm(symbols: list[int]) -> int:
    interim = 0
    for s in symbols:
        interim = _times2(interim) ^ s  # interim ∘ s
    return interim


def _crc_char(year_text: str, payload: str) -> str:
    return _ALPHABET[zlib.crc32(f"{int(year_text)}-{payload}".encode()) % 32]


def _symbols(year_text: str, chars: str, version: str = "EM2") -> list[int]:
    # Year digits are their own values (0–9); the rest are base32 values. Within one
    # position the mapping is one-to-one, which is all the Damm guarantees need.
    start = _CHAIN_START.get(version, [])
    return start + [int(d) for d in year_text] + [_VALUE[c] for c in chars]


def scenario_code(scenario: Scenario) -> str:
    bits = []
    changed = [u in scenario.overrides for u in UNIT_CODES]
    bits.extend(changed)
    for u in UNIT_CODES:
        if u in scenario.overrides:
            value = scenario.overrides[u]
            n = 0 if value is None else scenario.base.contenders.index(value) + 1
            bits.extend(bool(n >> k & 1) for k in (2, 1, 0))
    bits.append(bool(scenario.locked))
    if scenario.locked:
        bits.extend(u in scenario.locked for u in UNIT_CODES)
    version = "EM2"
    if _has_forecast(scenario):
        from viewer.core.forecast.state import write_bits

        assert scenario.forecast is not None
        write_bits(scenario.forecast, scenario.base.axis, bits)
        version = "EM4" if scenario.forecast.ratings else "EM3"
    data = _pack(bits)
    payload = base64.b32encode(data).decode().rstrip("=")
    year = f"{scenario.base.year or 0:04d}"
    crc = _crc_char(year, payload)
    # The check symbol d makes the whole chain end in 0: interim ∘ d = 2·interim + d = 0.
    damm = _ALPHABET[_times2(_damm(_symbols(year, payload + crc, version)))]
    return f"{version}-{year}-{payload}-{crc}{damm}"


def year_of_code(code: str) -> int | None:
    """The election a share code was made for (``EM2-1960-…``), or None when the code does
    not say (an ill-formed code is refused later, with the reason, by scenario_from_code)."""
    parts = code.strip().split("-")
    if len(parts) == 4 and parts[1].isascii() and parts[1].isdigit() and len(parts[1]) == 4:
        return int(parts[1]) or None
    return None


def scenario_from_code(code: str, base: ElectionResults) -> Scenario:
    source = _CODE_SOURCE
    shown = code.strip()[:40]
    parts = code.strip().upper().split("-")
    if (len(parts) != 4 or parts[0] not in ("EM1", "EM2", "EM3", "EM4")
            or not (parts[1].isascii() and parts[1].isdigit())):
        raise InputError(source, _CODE_FORM, got=shown)
    version, year_text, payload, check = parts
    if not payload or any(c not in _VALUE for c in payload):
        raise InputError(source, "letters A–Z and digits 2–7 in the code's third part",
                         got=shown)
    if version == "EM1":  # old codes read as before: one CRC character (misses 1 in 32)
        if _crc_char(year_text, payload) != check:
            raise InputError(source, "a code copied in full (the check character does not "
                             "match: a character is mistyped, missing or swapped)", got=shown)
    else:
        if (len(year_text) != 4 or len(check) != 2
                or any(c not in _VALUE for c in check)):
            raise InputError(source, _CODE_FORM, got=shown)
        if (_damm(_symbols(year_text, payload + check, version)) != 0
                or _crc_char(year_text, payload) != check[0]):
            raise InputError(source, "a code copied in full (the check characters do not "
                             "match: a character is mistyped, missing or swapped)", got=shown)
    year = int(year_text)
    if base.year is not None and year != (base.year or 0):
        raise InputError(source, f"a code for the loaded {base.year} results", got=str(year))
    try:
        data = base64.b32decode(payload + "=" * (-len(payload) % 8))
    except ValueError:
        raise InputError(source, "letters A–Z and digits 2–7", got=payload[:40]) from None
    bits = _unpack(data)
    try:
        pos = 56
        mask = bits[:56]
        overrides: dict[str, str | None] = {}
        for unit, on in zip(UNIT_CODES, mask, strict=True):
            if on and unit not in base.units:
                raise InputError(source, f"a code for the units of {base.year}", got=unit)
            if on:
                n = bits[pos] << 2 | bits[pos + 1] << 1 | bits[pos + 2]
                pos += 3
                if n > len(base.contenders):
                    raise InputError(source, "a party of the loaded results", got=f"#{n}")
                overrides[unit] = None if n == 0 else base.contenders[n - 1]
        locked: set[str] = set()
        if bits[pos]:
            lock_bits = bits[pos + 1:pos + 57]
            if len(lock_bits) < 56:
                raise IndexError
            locked = {u for u, on in zip(UNIT_CODES, lock_bits, strict=True) if on}
            pos += 56
        pos += 1
        forecast = None
        if version in ("EM3", "EM4"):
            from viewer.core.forecast.state import read_bits

            forecast, pos = read_bits(bits, pos, year=base.year, parties=base.axis,
                                      units=set(base.units), source=source,
                                      ratings=version == "EM4")
    except (IndexError, ValueError):
        raise InputError(source, "a complete code", got=shown) from None
    return Scenario(base, overrides, locked=locked, forecast=forecast)


def _pack(bits: list[bool]) -> bytes:
    out = bytearray()
    for i in range(0, len(bits), 8):
        byte = 0
        for j, bit in enumerate(bits[i:i + 8]):
            byte |= int(bit) << (7 - j)
        out.append(byte)
    return bytes(out)


def _unpack(data: bytes) -> list[int]:
    return [b >> (7 - j) & 1 for b in data for j in range(8)]

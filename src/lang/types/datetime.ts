/*
 * System.DateTime and System.TimeSpan as wimsh represents them: a DateTime is a JavaScript Date (local time, to the
 * millisecond), a TimeSpan a PSTimeSpan (a PSObject whose properties are the ones 5.1 lists, computed from its ticks).
 *
 * The texts follow Windows PowerShell 5.1 in the en-US culture:
 *   "$date", [string]$date        the invariant culture: 03/05/2024 14:07:09 (PowerShell converts with it)
 *   $date.ToString(), table cells en-US 'G': 3/5/2024 2:07:09 PM
 *   $date at the console          the DateTime view: Tuesday, March 5, 2024 2:07:09 PM
 *   $date.ToString('yyyy-MM-dd')  .NET's standard and custom format strings
 * [datetime]'...' parses with the invariant culture (month first), and ParseExact with a custom format.
 * This module imports nothing of convert.ts (which imports it): the two would form a cycle.
 */
import { PSObject, makeDouble } from './values';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** 100-nanosecond ticks in a millisecond, and between 0001-01-01 and the Unix epoch. */
export const TICKS_PER_MS = 10000;
const EPOCH_TICKS = 621355968000000000;

const p2 = (n: number): string => (n < 10 ? '0' + n : String(n));

/** The day name (DayOfWeek). */
export function dayName(d: Date): string {
  return DAYS[d.getDay()];
}

/** DateTime.Ticks of a local Date, as .NET counts them for a local DateTime. */
export function dateTicks(d: Date): number {
  return (d.getTime() - d.getTimezoneOffset() * 60000) * TICKS_PER_MS + EPOCH_TICKS;
}

/** The standard formats of en-US (and the invariant culture where they agree). */
const STANDARD: Record<string, string> = {
  d: 'M/d/yyyy',
  D: 'dddd, MMMM d, yyyy',
  f: 'dddd, MMMM d, yyyy h:mm tt',
  F: 'dddd, MMMM d, yyyy h:mm:ss tt',
  g: 'M/d/yyyy h:mm tt',
  G: 'M/d/yyyy h:mm:ss tt',
  m: 'MMMM d',
  M: 'MMMM d',
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  t: 'h:mm tt',
  T: 'h:mm:ss tt',
  y: 'MMMM yyyy',
  Y: 'MMMM yyyy',
};

/** .NET's DateTime.ToString(format) in en-US: the standard one-letter formats and custom patterns. */
export function formatDateTime(d: Date, format?: string): string {
  const f = format === undefined || format === '' ? 'G' : format;
  if (f.length === 1) {
    if (f === 'o' || f === 'O') return formatDateTime(d, "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffzzz");
    if (f === 'r' || f === 'R') {
      const u = new Date(d.getTime() + d.getTimezoneOffset() * 60000);
      return formatDateTime(u, "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'");
    }
    if (f === 'u') {
      const u = new Date(d.getTime() + d.getTimezoneOffset() * 60000);
      return formatDateTime(u, "yyyy'-'MM'-'dd HH':'mm':'ss'Z'");
    }
    if (f === 'U') return formatDateTime(new Date(d.getTime() + d.getTimezoneOffset() * 60000), 'F');
    const std = STANDARD[f];
    if (std) return formatDateTime(d, std);
  }
  return formatCustom(d, f);
}

function offsetText(d: Date, len: number): string {
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const h = Math.floor(Math.abs(off) / 60);
  const m = Math.abs(off) % 60;
  return len === 1 ? sign + h : len === 2 ? sign + p2(h) : sign + p2(h) + ':' + p2(m);
}

/**
 * .NET's custom format patterns (dates and time spans alike): runs of one letter are one field, given to `field`
 * with their length; quotes and backslash give literals; % makes one letter a custom pattern.
 */
function formatPattern(f: string, field: (c: string, n: number) => string): string {
  let out = '';
  for (let i = 0; i < f.length; ) {
    const c = f[i];
    if (c === "'" || c === '"') {
      const j = f.indexOf(c, i + 1);
      out += f.slice(i + 1, j < 0 ? f.length : j);
      i = j < 0 ? f.length : j + 1;
      continue;
    }
    if (c === '\\') {
      out += f[i + 1] ?? '';
      i += 2;
      continue;
    }
    if (c === '%') {
      i++;
      continue;
    }
    let n = 1;
    while (f[i + n] === c) n++;
    i += n;
    out += field(c, n);
  }
  return out;
}

/** A custom date pattern (formatPattern's fields for a Date). */
function formatCustom(d: Date, f: string): string {
  return formatPattern(f, (c, n) => {
    let out = '';
    switch (c) {
      case 'y': {
        const y = d.getFullYear();
        out += n <= 2 ? (n === 1 ? String(y % 100) : p2(y % 100)) : String(y).padStart(n, '0');
        break;
      }
      case 'M':
        out += n === 1 ? String(d.getMonth() + 1) : n === 2 ? p2(d.getMonth() + 1) : n === 3 ? MONTHS[d.getMonth()].slice(0, 3) : MONTHS[d.getMonth()];
        break;
      case 'd':
        out += n === 1 ? String(d.getDate()) : n === 2 ? p2(d.getDate()) : n === 3 ? DAYS[d.getDay()].slice(0, 3) : DAYS[d.getDay()];
        break;
      case 'H':
        out += n === 1 ? String(d.getHours()) : p2(d.getHours());
        break;
      case 'h': {
        const h = d.getHours() % 12 || 12;
        out += n === 1 ? String(h) : p2(h);
        break;
      }
      case 'm':
        out += n === 1 ? String(d.getMinutes()) : p2(d.getMinutes());
        break;
      case 's':
        out += n === 1 ? String(d.getSeconds()) : p2(d.getSeconds());
        break;
      case 'f':
      case 'F': {
        // Fractions of a second: milliseconds, then zeros (a Date holds no finer ticks).
        let frac = (String(d.getMilliseconds()).padStart(3, '0') + '0000').slice(0, n);
        if (c === 'F') frac = frac.replace(/0+$/, '');
        out += frac;
        break;
      }
      case 't':
        out += (d.getHours() < 12 ? 'AM' : 'PM').slice(0, n === 1 ? 1 : 2);
        break;
      case 'z':
        out += offsetText(d, Math.min(n, 3));
        break;
      case 'K':
        out += offsetText(d, 3);
        break;
      case 'g':
        out += 'A.D.';
        break;
      default:
        // Separators and other characters stand for themselves (':' and '/' are en-US's own).
        out += c.repeat(n);
    }
    return out;
  });
}

/** "$date": the invariant culture's general format. */
export function invariantDate(d: Date): string {
  return `${p2(d.getMonth() + 1)}/${p2(d.getDate())}/${d.getFullYear()} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}`;
}

/** The console's view of a DateTime (its DateTime script property: long date, long time). */
export function longDate(d: Date): string {
  return formatDateTime(d, 'dddd, MMMM d, yyyy h:mm:ss tt');
}

/**
 * [datetime]'text' (and [datetime]::Parse): the invariant culture's forms, month first: 2024-03-05,
 * 2024-03-05T14:07:09(.fff)(Z|+01:00), 03/05/2024 14:07, 3/5/2024 2:07:09 PM, March 5, 2024, 5 March 2024 ...
 * A date without a zone is local time (JavaScript would read an ISO date as UTC). undefined when unrecognised.
 */
export function parseDateTime(text: string): Date | undefined {
  const s = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (m) return build(+m[1], +m[2], +m[3], m[4], m[5], m[6], m[7], undefined, m[8]);
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(AM|PM)?)?$/i.exec(s);
  if (m) return build(+m[3], +m[1], +m[2], m[4], m[5], m[6], m[7], m[8]);
  m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?$/i.exec(s);
  if (m) {
    const now = new Date();
    return build(now.getFullYear(), now.getMonth() + 1, now.getDate(), m[1], m[2], m[3], undefined, m[4]);
  }
  if (!/[a-z]/i.test(s)) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function build(y: number, mo: number, d: number, h?: string, mi?: string, se?: string, frac?: string, ampm?: string, zone?: string): Date | undefined {
  let hour = h === undefined ? 0 : +h;
  if (ampm) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (/pm/i.test(ampm) ? 12 : 0);
  }
  const ms = frac ? Math.round(Number('0.' + frac) * 1000) : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || hour > 23 || (mi !== undefined && +mi > 59) || (se !== undefined && +se > 59)) return undefined;
  let r: Date;
  if (zone) {
    const z = /^z$/i.test(zone) ? 0 : (zone[0] === '-' ? -1 : 1) * (+zone.slice(1, 3) * 60 + +zone.slice(-2));
    r = new Date(Date.UTC(y, mo - 1, d, hour, mi === undefined ? 0 : +mi, se === undefined ? 0 : +se, ms) - z * 60000);
  } else r = new Date(y, mo - 1, d, hour, mi === undefined ? 0 : +mi, se === undefined ? 0 : +se, ms);
  // 2024-02-30 is no date: JavaScript would roll it over into March.
  if (!zone && r.getDate() !== d) return undefined;
  return r;
}

/**
 * [datetime]::ParseExact(text, format, provider): the custom pattern read field by field (en-US names); undefined
 * when the text does not match it exactly.
 */
export function parseExact(text: string, format: string): Date | undefined {
  const f = format.length === 1 ? (format === 'o' || format === 'O' ? "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK" : STANDARD[format] ?? format) : format;
  let re = '^';
  const fields: string[] = [];
  for (let i = 0; i < f.length; ) {
    const c = f[i];
    if (c === "'" || c === '"') {
      const j = f.indexOf(c, i + 1);
      re += escapeRe(f.slice(i + 1, j < 0 ? f.length : j));
      i = j < 0 ? f.length : j + 1;
      continue;
    }
    if (c === '\\') {
      re += escapeRe(f[i + 1] ?? '');
      i += 2;
      continue;
    }
    if (c === '%') {
      i++;
      continue;
    }
    let n = 1;
    while (f[i + n] === c) n++;
    i += n;
    const field = c + n;
    if ('yMdHhmsfFtzK'.includes(c)) fields.push(c === 'M' && n >= 3 ? 'MMM' : c === 'd' && n >= 3 ? 'ddd' : c);
    switch (c) {
      case 'y':
        re += n <= 2 ? '(\\d{1,2})' : `(\\d{${n}})`;
        break;
      case 'M':
        re += n === 1 ? '(\\d{1,2})' : n === 2 ? '(\\d{2})' : '([A-Za-z]+)';
        break;
      case 'd':
        re += n === 1 ? '(\\d{1,2})' : n === 2 ? '(\\d{2})' : '([A-Za-z]+)';
        break;
      case 'H':
      case 'h':
      case 'm':
      case 's':
        re += n === 1 ? '(\\d{1,2})' : '(\\d{2})';
        break;
      case 'f':
      case 'F':
        re += `(\\d{${c === 'F' ? 0 : n},${n}})`;
        break;
      case 't':
        re += '(AM|PM|A|P)';
        break;
      case 'z':
      case 'K':
        re += '(Z|[+-]\\d{1,2}(?::?\\d{2})?)';
        break;
      default:
        re += escapeRe(field.length ? c.repeat(n) : '');
    }
  }
  const m = new RegExp(re + '$', 'i').exec(text.trim());
  if (!m) return undefined;
  const now = new Date();
  let y = now.getFullYear();
  let mo = 1;
  let d = 1;
  let h = 0;
  let mi = 0;
  let se = 0;
  let ms = 0;
  let pm: boolean | undefined;
  let zone: number | undefined;
  let sawDate = false;
  fields.forEach((k, idx) => {
    const v = m[idx + 1];
    switch (k) {
      case 'y':
        y = v.length <= 2 ? 2000 + +v - (+v > 49 ? 100 : 0) : +v;
        sawDate = true;
        break;
      case 'M':
        mo = +v;
        sawDate = true;
        break;
      case 'MMM':
        mo = MONTHS.findIndex((x) => x.toLowerCase() === v.toLowerCase() || x.slice(0, 3).toLowerCase() === v.toLowerCase()) + 1;
        sawDate = true;
        break;
      case 'd':
        d = +v;
        sawDate = true;
        break;
      case 'H':
      case 'h':
        h = +v;
        break;
      case 'm':
        mi = +v;
        break;
      case 's':
        se = +v;
        break;
      case 'f':
      case 'F':
        ms = v ? Math.round(Number('0.' + v) * 1000) : 0;
        break;
      case 't':
        pm = /^p/i.test(v);
        break;
      case 'z':
      case 'K':
        zone = /^z$/i.test(v) ? 0 : (v[0] === '-' ? -1 : 1) * (+v.slice(1).split(':')[0].slice(0, 2) * 60 + (+(v.replace(/^[+-]\d{1,2}:?/, '') || 0)));
        break;
    }
  });
  if (!sawDate) {
    mo = now.getMonth() + 1;
    d = now.getDate();
  }
  if (pm !== undefined) h = (h % 12) + (pm ? 12 : 0);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return undefined;
  if (zone !== undefined) return new Date(Date.UTC(y, mo - 1, d, h, mi, se, ms) - zone * 60000);
  const r = new Date(y, mo - 1, d, h, mi, se, ms);
  return r.getDate() === d ? r : undefined;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * System.TimeSpan: a length of time in ticks. Its properties are computed once (it is immutable) in the order 5.1's
 * list view shows them; operators (+, -, comparisons) and "$ts" ([-][d.]hh:mm:ss[.fffffff]) come from its methods.
 */
export class PSTimeSpan extends PSObject {
  constructor(readonly ticks: number) {
    super(undefined, ['System.TimeSpan', 'System.ValueType', 'System.Object']);
    const t = Math.trunc(ticks);
    const ms = t / TICKS_PER_MS;
    const part = (unit: number, mod: number) => Math.trunc(ms / unit) % mod || 0;
    this.set('Days', Math.trunc(ms / 86400000) || 0);
    this.set('Hours', part(3600000, 24));
    this.set('Minutes', part(60000, 60));
    this.set('Seconds', part(1000, 60));
    this.set('Milliseconds', part(1, 1000));
    this.set('Ticks', t);
    this.set('TotalDays', makeDouble(ms / 86400000));
    this.set('TotalHours', makeDouble(ms / 3600000));
    this.set('TotalMinutes', makeDouble(ms / 60000));
    this.set('TotalSeconds', makeDouble(ms / 1000));
    this.set('TotalMilliseconds', makeDouble(ms));
    (this as unknown as { toStringValue: string }).toStringValue = formatTimeSpan(t);
  }

  static fromMs(ms: number): PSTimeSpan {
    return new PSTimeSpan(Math.round(ms * TICKS_PER_MS));
  }

  get ms(): number {
    return this.ticks / TICKS_PER_MS;
  }

  opEquals(b: unknown): boolean {
    return b instanceof PSTimeSpan && b.ticks === this.ticks;
  }

  opCompare(b: unknown): number | undefined {
    if (!(b instanceof PSTimeSpan)) return undefined;
    return this.ticks < b.ticks ? -1 : this.ticks > b.ticks ? 1 : 0;
  }

  opAdd(b: unknown): unknown {
    if (b instanceof PSTimeSpan) return new PSTimeSpan(this.ticks + b.ticks);
    if (b instanceof Date) return new Date(b.getTime() + this.ms);
    return undefined;
  }

  opSubtract(b: unknown): unknown {
    return b instanceof PSTimeSpan ? new PSTimeSpan(this.ticks - b.ticks) : undefined;
  }

  // The methods scripts call ($ts.Add($other), .Negate(), .Duration()): callMethod finds them by this prefix.
  method_add(b: unknown): unknown {
    return this.opAdd(b);
  }

  method_subtract(b: unknown): unknown {
    return this.opSubtract(b);
  }

  method_negate(): PSTimeSpan {
    return new PSTimeSpan(-this.ticks);
  }

  method_duration(): PSTimeSpan {
    return new PSTimeSpan(Math.abs(this.ticks));
  }

  method_compareto(b: unknown): number | undefined {
    return this.opCompare(b);
  }
}

/** TimeSpan.ToString(): the constant ('c') format. */
export function formatTimeSpan(ticks: number): string {
  const neg = ticks < 0;
  const t = Math.abs(ticks);
  const totalSec = Math.floor(t / 10000000);
  const frac = t % 10000000;
  const days = Math.floor(totalSec / 86400);
  const rest = `${p2(Math.floor(totalSec / 3600) % 24)}:${p2(Math.floor(totalSec / 60) % 60)}:${p2(totalSec % 60)}`;
  return (neg ? '-' : '') + (days ? days + '.' : '') + rest + (frac ? '.' + String(frac).padStart(7, '0') : '');
}

/** TimeSpan.ToString(format): 'c', 'g', 'G' and custom patterns (dd, hh, mm, ss, fff, quoted and \-escaped literals). */
export function formatTimeSpanWith(ts: PSTimeSpan, format: string): string {
  if (format === 'c' || format === 't' || format === 'T' || format === '') return formatTimeSpan(ts.ticks);
  const t = Math.abs(ts.ticks);
  const totalSec = Math.floor(t / 10000000);
  const days = Math.floor(totalSec / 86400);
  const h = Math.floor(totalSec / 3600) % 24;
  const mi = Math.floor(totalSec / 60) % 60;
  const s = totalSec % 60;
  const frac = String(t % 10000000).padStart(7, '0');
  const sign = ts.ticks < 0 ? '-' : '';
  if (format === 'g') return sign + (days ? days + ':' : '') + `${h}:${p2(mi)}:${p2(s)}` + (t % 10000000 ? '.' + frac.replace(/0+$/, '') : '');
  if (format === 'G') return sign + `${days}:${p2(h)}:${p2(mi)}:${p2(s)}.${frac}`;
  return formatPattern(format, (c, n) => {
    let out = '';
    switch (c) {
      case 'd':
        out += String(days).padStart(n, '0');
        break;
      case 'h':
        out += n === 1 ? String(h) : p2(h);
        break;
      case 'm':
        out += n === 1 ? String(mi) : p2(mi);
        break;
      case 's':
        out += n === 1 ? String(s) : p2(s);
        break;
      case 'f':
        out += frac.slice(0, n);
        break;
      case 'F':
        out += frac.slice(0, n).replace(/0+$/, '');
        break;
      default:
        out += c.repeat(n);
    }
    return out;
  });
}

/** [timespan]'1.02:03:04.5', '02:03', '5' (days): undefined when not a TimeSpan's text. */
export function parseTimeSpan(text: string): PSTimeSpan | undefined {
  const s = text.trim();
  // d.hh:mm[:ss[.fffffff]] or hh:mm[:ss[.fffffff]]: the days come before a dot, never before the first colon.
  const m = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(s);
  if (m) {
    const [, neg, d, h, mi, se, f] = m;
    if (+h > 23 || +mi > 59 || (se !== undefined && +se > 59)) return undefined;
    const ticks = ((+(d ?? 0) * 86400 + +h * 3600 + +mi * 60 + +(se ?? 0)) * 10000000 + (f ? +f.padEnd(7, '0') : 0)) * (neg ? -1 : 1);
    return new PSTimeSpan(ticks);
  }
  const days = /^(-)?(\d+)$/.exec(s);
  if (days) return new PSTimeSpan(+days[2] * 864000000000 * (days[1] ? -1 : 1));
  return undefined;
}

/** DateTime - DateTime is a TimeSpan, DateTime - TimeSpan a DateTime; other right operands are ticks (as .NET). */
export function dateSubtract(a: Date, b: unknown): Date | PSTimeSpan | undefined {
  if (b instanceof Date) return PSTimeSpan.fromMs(a.getTime() - b.getTime());
  if (b instanceof PSTimeSpan) return new Date(a.getTime() - b.ms);
  return undefined;
}

/** DateTime + TimeSpan. */
export function dateAdd(a: Date, b: unknown): Date | undefined {
  if (b instanceof PSTimeSpan) return new Date(a.getTime() + b.ms);
  return undefined;
}

/*
 * System.Guid: a PSObject with the one property 5.1 shows (Guid), so the console prints it as the table with the
 * Guid column, and "$g" is its 'D' text. Parsing accepts .NET's D, N, B and P forms.
 */
import { PSObject } from './values';

const GUID_ERROR = 'Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).';

export class PSGuid extends PSObject {
  /** 32 lower-case hex digits. */
  constructor(readonly hex: string) {
    super(undefined, ['System.Guid', 'System.ValueType', 'System.Object']);
    this.set('Guid', this.format('D'));
    (this as unknown as { toStringValue: string }).toStringValue = this.format('D');
  }

  /** Guid.ToString(format): D (dashes), N (digits), B {braces}, P (parentheses), X is not offered. */
  format(f: string): string {
    const h = this.hex;
    const d = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    switch (f.toUpperCase()) {
      case 'N':
        return h;
      case 'B':
        return `{${d}}`;
      case 'P':
        return `(${d})`;
      default:
        return d;
    }
  }

  /** The formatted text for ToString(format). */
  formatWith(f: string): string {
    return this.format(f);
  }

  opEquals(b: unknown): boolean {
    if (b instanceof PSGuid) return b.hex === this.hex;
    return typeof b === 'string' && parseGuid(b)?.hex === this.hex;
  }

  opCompare(b: unknown): number | undefined {
    const o = b instanceof PSGuid ? b : typeof b === 'string' ? parseGuid(b) : undefined;
    if (!o) return undefined;
    return this.hex < o.hex ? -1 : this.hex > o.hex ? 1 : 0;
  }

  static readonly empty = new PSGuid('0'.repeat(32));

  /** A version 4 (random) GUID. */
  static create(random: (n: number) => Uint8Array): PSGuid {
    const b = random(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = '';
    for (let i = 0; i < 16; i++) hex += (b[i] < 16 ? '0' : '') + b[i].toString(16);
    return new PSGuid(hex);
  }
}

/** A GUID's text in any of .NET's forms; undefined when it is not one. */
export function parseGuid(text: string): PSGuid | undefined {
  const t = text.trim();
  const m = /^[{(]?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})[)}]?$/i.exec(t) ?? /^()()()()([0-9a-f]{32})$/i.exec(t);
  if (!m) return undefined;
  if ((t[0] === '{' && !t.endsWith('}')) || (t[0] === '(' && !t.endsWith(')'))) return undefined;
  return new PSGuid(m.slice(1).join('').toLowerCase());
}

export { GUID_ERROR };

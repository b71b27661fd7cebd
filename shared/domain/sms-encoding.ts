// SMS length as the network counts it (3GPP TS 23.038 / 23.040): GSM 7-bit default alphabet,
// with the escape-table characters taking two septets, or UCS-2 as soon as one character falls
// outside it. A concatenated message loses room to its header (153 septets or 67 UCS-2 units per
// segment instead of 160 or 70), and a segment never ends between an escape and its character,
// nor between the two halves of a surrogate pair (an emoji is two UCS-2 units).

/** The default alphabet, in table order; 0x1B (ESC) is not a character of its own. */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The default extension table: each is sent as ESC + one septet. */
const GSM_EXTENDED = '\f^{}\\[~]|€';

const basic = new Set(GSM_BASIC);
const extended = new Set(GSM_EXTENDED);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** Units per segment: [single message, segment of a concatenated one]. */
const CAPACITY: Record<SmsEncoding, readonly [number, number]> = { 'GSM-7': [160, 153], 'UCS-2': [70, 67] };

/** The segment budget unless the deployment sets its own (settings.smsMaxSegments, 1–10). */
export const DEFAULT_SMS_MAX_SEGMENTS = 3;
/** Above this a message is a letter, not an alert (and handsets start to lose parts). */
export const SMS_MAX_SEGMENTS_CEILING = 10;

export interface SmsLength {
  readonly encoding: SmsEncoding;
  /** Units as the network counts them: septets for GSM-7, UTF-16 code units for UCS-2. */
  readonly units: number;
  readonly segments: number;
  /** Units per segment at this length (single or concatenated). */
  readonly perSegment: number;
  /** Characters (code points) as the operator sees them. */
  readonly characters: number;
  /** The distinct characters that forced UCS-2, in order of appearance; empty for GSM-7. */
  readonly nonGsm: readonly string[];
}

/** Units per character for one encoding: what a segment boundary may not split. */
function unitSizes(chars: readonly string[], encoding: SmsEncoding): number[] {
  return encoding === 'GSM-7' ? chars.map((ch) => (extended.has(ch) ? 2 : 1)) : chars.map((ch) => ch.length);
}

/** Segments needed when each character's units must stay in one segment. */
function segmentCount(sizes: readonly number[], encoding: SmsEncoding): number {
  const [single, multi] = CAPACITY[encoding];
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total <= single) return 1;
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > multi) {
      segments++;
      used = 0;
    }
    used += size;
  }
  return segments;
}

const isGsm = (ch: string) => basic.has(ch) || extended.has(ch);

export function smsLength(text: string): SmsLength {
  const chars = Array.from(text);
  const nonGsm = [...new Set(chars.filter((ch) => !isGsm(ch)))];
  const encoding: SmsEncoding = nonGsm.length === 0 ? 'GSM-7' : 'UCS-2';
  const sizes = unitSizes(chars, encoding);
  const units = sizes.reduce((a, b) => a + b, 0);
  const segments = segmentCount(sizes, encoding);
  const [single, multi] = CAPACITY[encoding];
  return { encoding, units, segments, perSegment: segments === 1 ? single : multi, characters: chars.length, nonGsm };
}

/**
 * How many characters must go from the end for the text to fit in `maxSegments`; 0 when it fits.
 * Cutting can only help (fewer units, and perhaps back to GSM-7), so the longest prefix that
 * fits is found by bisection.
 */
export function smsExcess(text: string, maxSegments: number): number {
  const chars = Array.from(text);
  const fits = (n: number) => smsLength(chars.slice(0, n).join('')).segments <= maxSegments;
  if (fits(chars.length)) return 0;
  let lo = 0;
  let hi = chars.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return chars.length - lo;
}

const quoted = (chars: readonly string[]) =>
  chars
    .slice(0, 5)
    .map((c) => JSON.stringify(c))
    .join(', ') + (chars.length > 5 ? ', …' : '');

/**
 * The validation message for an SMS (as it will go out, prefix included) over the budget, or
 * undefined when it fits. Says how many characters must go and, for UCS-2, which characters
 * cost the room, since replacing one `ë` or `’` can be cheaper than cutting words.
 */
export function smsBudgetIssue(text: string, maxSegments: number): string | undefined {
  const excess = smsExcess(text, maxSegments);
  if (excess === 0) return undefined;
  const length = smsLength(text);
  const why = length.encoding === 'UCS-2' ? ` (sent as UCS-2, ${CAPACITY['UCS-2'][1]} per segment, because of ${quoted(length.nonGsm)})` : '';
  const segments = maxSegments === 1 ? '1 SMS segment' : `${maxSegments} SMS segments`;
  return `longer than ${segments}${why}: ${excess} ${excess === 1 ? 'character' : 'characters'} must go`;
}

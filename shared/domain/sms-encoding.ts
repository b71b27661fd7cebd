// SMS length as the network counts it: GSM 03.38 (7-bit, with escape-table characters counting
// twice) or UCS-2 as soon as one character falls outside it, and the per-segment budget that
// shrinks once a message needs concatenation headers.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

const basic = new Set(GSM_BASIC);
const extended = new Set(GSM_EXTENDED);

export interface SmsLength {
  readonly encoding: 'GSM-7' | 'UCS-2';
  /** Units as the network counts them: septets for GSM-7, UTF-16 code units for UCS-2. */
  readonly units: number;
  readonly segments: number;
  /** Units per segment at this length (single or concatenated). */
  readonly perSegment: number;
}

export function smsLength(text: string): SmsLength {
  let septets = 0;
  for (const ch of text) {
    if (basic.has(ch)) septets += 1;
    else if (extended.has(ch)) septets += 2;
    else {
      const units = text.length;
      return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67), perSegment: units <= 70 ? 70 : 67 };
    }
  }
  return { encoding: 'GSM-7', units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153), perSegment: septets <= 160 ? 160 : 153 };
}

/** How many units must go for the text to fit in `maxSegments`; 0 when it fits. */
export function smsExcess(text: string, maxSegments: number): number {
  const { encoding, units } = smsLength(text);
  const capacity = maxSegments === 1 ? (encoding === 'GSM-7' ? 160 : 70) : maxSegments * (encoding === 'GSM-7' ? 153 : 67);
  return Math.max(0, units - capacity);
}

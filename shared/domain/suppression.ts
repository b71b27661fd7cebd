// Small-cell suppression: a report cell that counts between 1 and 4 participants (or messages to
// them) is shown as null, and its place is listed, so nobody can be singled out from a report.
// Zero is shown: it says nobody, which singles nobody out.
export const SUPPRESS_BELOW = 5;

export type Suppressed = number | null;

/** The count, or null (and its name noted) when it is 1–4. */
export function suppress(n: number, name: string, suppressed: string[]): Suppressed {
  if (n > 0 && n < SUPPRESS_BELOW) {
    suppressed.push(name);
    return null;
  }
  return n;
}

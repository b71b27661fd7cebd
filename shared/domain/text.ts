// Free text from operators and app users must survive every channel it goes to: UTF-8, URLs
// (encodeURIComponent throws on a lone surrogate), XML and SSML. Bad text is refused at the API;
// text stored before these checks is repaired where it is rendered, so no renderer throws.
import { z } from 'zod';

// With the u flag a surrogate pair is one code point, so these classes match only lone halves.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const LONE_SURROGATES = /[\uD800-\uDFFF]/gu;
/** Not XML 1.0 characters (so not in SSML, CAP or Atom): controls bar tab/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
export const NOT_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/gu;

/** No lone surrogate (String.prototype.isWellFormed, which ES2023's lib does not type). */
export const isWellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);

/** Lone surrogates become U+FFFD, as String.prototype.toWellFormed does: for text already stored. */
export const toWellFormed = (s: string): string => s.replace(LONE_SURROGATES, '\uFFFD');

/** Text as XML may carry it: characters XML cannot hold at all are dropped (escaping cannot help). */
export const xmlChars = (s: string): string => s.replace(NOT_XML_CHARS, '');

/** "U+000B" for the first character XML cannot carry, or undefined when there is none. */
export function firstNonXmlChar(s: string): string | undefined {
  const c = s.match(new RegExp(NOT_XML_CHARS.source, 'u'))?.[0];
  return c === undefined ? undefined : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The refinement every free-text field carries: it must be encodable. */
export const wellFormed = <T extends z.ZodString>(schema: T): T =>
  schema.refine(isWellFormed, { message: 'holds a character that cannot be encoded (a lone UTF-16 surrogate); send valid Unicode text' });

/** Trimmed, non-empty, at most `max` characters, encodable: the shape of an operator's text. */
export const text = (max: number) => wellFormed(z.string().trim().min(1).max(max));

/** Text that is spoken (SSML): also refused when it holds a control character, named by code point. */
export const spokenText = (max: number) =>
  text(max).superRefine((s, ctx) => {
    const c = firstNonXmlChar(s);
    if (c && isWellFormed(s)) ctx.addIssue({ code: 'custom', message: `holds the control character ${c}, which cannot be spoken; remove it` });
  });

/**
 * At most `max` UTF-16 units, with "…" when clipped, cut between graphemes (never inside an emoji
 * or a letter with its accent), so the result is still well-formed text.
 */
export function clipText(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)) {
    if (out.length + segment.length > max - 1) break;
    out += segment;
  }
  return `${out.trimEnd()}…`;
}

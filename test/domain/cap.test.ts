// CAP 1.2 messages for every bulletin kind, validated against the official OASIS schema (read
// from ../shared beside the checkout; skipped with a reason where that folder is absent).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { capIdentifier, capMessage, capTime, CAP_SENDER } from '#shared/domain/cap';
import { alerted, BASE, cancelled, ended, HOSTILE, PERSONAL, POLYGON, updated } from './public-fixtures';

const XSD = fileURLToPath(new URL('../../../shared/schemas/CAP-v1.2.xsd', import.meta.url));
const hasSchema = existsSync(XSD);

const alert = alerted();
const moved = updated(alert, 'Gezien bij het station, gebied verplaatst', '2026-11-29T10:30:00.000Z', POLYGON);
const done = ended(moved, 'Dank voor uw hulp.', '2026-11-29T11:00:00.000Z');
const withdrawn = cancelled(alert, 'Dit bericht was een vergissing.', '2026-11-29T10:20:00.000Z');
const exercise = alerted({ exercise: true });
const hostile = updated(alerted({ title: `Titel ${HOSTILE}` }), HOSTILE, '2026-11-29T10:30:00.000Z');

const documents: [string, string][] = [
  ['alert (circle)', capMessage(alert, BASE)!],
  ['update with a moved polygon', capMessage(moved, BASE)!],
  ['end', capMessage(done, BASE)!],
  ['cancel', capMessage(withdrawn, BASE)!],
  ['exercise', capMessage(exercise, BASE)!],
  ['hostile operator text', capMessage(hostile, BASE)!],
  ['an earlier bulletin of an ended action', capMessage(done, BASE, 1)!],
];

const tag = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);

describe('CAP messages', () => {
  it('types the thread Alert, Update, Update (all clear) and Cancel, referencing every earlier message', () => {
    const [a, u, e] = [capMessage(done, BASE, 0)!, capMessage(done, BASE, 1)!, capMessage(done, BASE, 2)!];
    expect(tag(a, 'msgType')).toEqual(['Alert']);
    expect(tag(a, 'references')).toEqual([]);
    expect(tag(u, 'msgType')).toEqual(['Update']);
    expect(tag(u, 'references')).toEqual([`${CAP_SENDER},${capIdentifier(alert.id, 0)},2026-11-29T11:15:30+01:00`]);
    expect(tag(e, 'msgType')).toEqual(['Update']);
    expect(tag(e, 'references')[0]!.split(' ')).toEqual([
      `${CAP_SENDER},${capIdentifier(alert.id, 0)},2026-11-29T11:15:30+01:00`,
      `${CAP_SENDER},${capIdentifier(alert.id, 1)},2026-11-29T11:30:00+01:00`,
    ]);
    expect(tag(e, 'responseType')).toEqual(['AllClear']);
    expect(tag(e, 'urgency')).toEqual(['Past']);
    expect(tag(e, 'description')[0]).toBe('Verdachte aangehouden. Dank voor uw hulp.');
    const c = capMessage(withdrawn, BASE)!;
    expect(tag(c, 'msgType')).toEqual(['Cancel']);
    expect(tag(c, 'identifier')).toEqual([`urn:burgernet:${alert.id}:1`]);
  });

  it('fills status, scope, info and area as the profile says', () => {
    const doc = capMessage(alert, BASE)!;
    expect(tag(doc, 'status')).toEqual(['Actual']);
    expect(tag(doc, 'scope')).toEqual(['Public']);
    expect(tag(doc, 'language')).toEqual(['nl-NL']);
    expect(tag(doc, 'category')).toEqual(['Security']);
    expect(tag(doc, 'urgency')).toEqual(['Immediate']);
    expect(tag(doc, 'severity')).toEqual(['Moderate']);
    expect(tag(doc, 'certainty')).toEqual(['Observed']);
    expect(tag(doc, 'responseType')).toEqual(['Monitor']);
    expect(tag(doc, 'headline')).toEqual(['Overval juwelier']);
    expect(tag(doc, 'web')).toEqual([`${BASE.baseUrl}/public/actions/${alert.id}`]);
    expect(tag(doc, 'circle')).toEqual(['52.091,5.121 1.3']);
    expect(tag(capMessage(moved, BASE)!, 'polygon')).toEqual(['52.07,4.281 52.07,4.32 52.09,4.32 52.09,4.281 52.07,4.281']);
    expect(tag(capMessage(alerted({ type: 'vermist-kind' }), BASE)!, 'severity')).toEqual(['Severe']);
    expect(tag(capMessage(alerted({ type: 'vermissing' }), BASE)!, 'category')).toEqual(['Rescue']);
  });

  it('marks exercises as CAP status Exercise, with OEFENING in the headline', () => {
    const doc = capMessage(exercise, BASE)!;
    expect(tag(doc, 'status')).toEqual(['Exercise']);
    expect(tag(doc, 'headline')).toEqual(['OEFENING Overval juwelier']);
    expect(tag(doc, 'note')[0]).toMatch(/OEFENING/);
  });

  it('escapes operator text and leaves out what XML cannot carry', () => {
    const doc = capMessage(hostile, BASE)!;
    expect(doc).not.toContain('<script>');
    expect(doc).not.toContain(']]>');
    expect(doc).not.toMatch(/[\u0001\u0008\uFFFE]/);
    expect(doc).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ]]&gt; &apos;quote&apos;');
  });

  it('contains nothing personal', () => {
    for (const [, doc] of documents) for (const p of PERSONAL) expect(doc).not.toContain(p);
  });

  it('writes times with seconds and the Amsterdam offset, never Z', () => {
    expect(capTime('2026-11-29T10:15:30.999Z')).toBe('2026-11-29T11:15:30+01:00');
    expect(capTime('2026-07-01T22:30:00.000Z')).toBe('2026-07-02T00:30:00+02:00');
    // The night summer time ends: 00:59:59Z is still +02:00, 01:00:00Z is +01:00.
    expect(capTime('2026-10-25T00:59:59.000Z')).toBe('2026-10-25T02:59:59+02:00');
    expect(capTime('2026-10-25T01:00:00.000Z')).toBe('2026-10-25T02:00:00+01:00');
  });
});

describe.skipIf(!hasSchema)(`CAP 1.2 schema${hasSchema ? '' : ' (skipped: ../shared/schemas/CAP-v1.2.xsd is not beside this checkout)'}`, () => {
  const schema = hasSchema ? readFileSync(XSD, 'utf8') : '';
  const validate = (xml: string) => validateXML({ xml: [{ fileName: 'message.xml', contents: xml }], schema: [schema] });

  it.each(documents)('validates: %s', async (_name, xml) => {
    const result = await validate(xml);
    expect(result.errors.map((e) => e.message)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('is a real check: a message the schema forbids fails', async () => {
    const bad = capMessage(alert, BASE)!.replace('<status>Actual</status>', '<status>Real</status>').replace(/\+01:00<\/sent>/, 'Z</sent>');
    const result = await validate(bad);
    expect(result.valid).toBe(false);
    expect(result.errors.length).toBeGreaterThanOrEqual(2);
  });
});

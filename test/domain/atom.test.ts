import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { atomFeed } from '#shared/domain/atom';
import { capMessage } from '#shared/domain/cap';
import { jsonFeed } from '#shared/domain/public-feed';
import { alerted, BASE, cancelled, ended, HOSTILE, PERSONAL, POLYGON, updated } from './public-fixtures';

const config = { ...BASE, recentHours: 24, lookbackDays: 30 };
const now = new Date('2026-11-29T12:00:00.000Z');
const circle = alerted({ id: 'act_11111111-1111-4111-8111-111111111111', createdAt: '2026-11-29T10:40:00.000Z' });
const polygon = ended(updated(alerted(), 'Gezien bij het station', '2026-11-29T10:30:00.000Z', POLYGON), 'Dank.', '2026-11-29T11:00:00.000Z');
const hostile = alerted({ id: 'act_22222222-2222-4222-8222-222222222222', title: HOSTILE, description: { text: HOSTILE } });

describe('Atom feed', () => {
  const xml = atomFeed([circle, polygon, hostile], config, now);

  it('is well-formed XML', async () => {
    const result = await validateXML({ xml: [{ fileName: 'feed.xml', contents: xml }], normalization: 'format' });
    expect(result.errors.map((e) => e.message)).toEqual([]);
    expect(result.normalized).toContain('<feed');
  });

  it('is a real check: a broken document fails', async () => {
    const result = await validateXML({ xml: [{ fileName: 'feed.xml', contents: xml.replace('</feed>', '') }], normalization: 'format' });
    expect(result.valid).toBe(false);
  });

  it('has one entry per action with links to the JSON item, the CAP message and WhatsApp', () => {
    expect(xml.match(/<entry>/g)).toHaveLength(3);
    expect(xml).toContain(`<link rel="related" type="application/cap+xml" title="CAP 1.2" href="${BASE.baseUrl}/public/actions/${circle.id}.cap"/>`);
    expect(xml).toContain(`href="https://wa.me/?text=Burgernet%3A%20Overval%20juwelier%20https%3A%2F%2Ffeed.burgernet.test%2Fpublic%2Factions%2F${circle.id}"`);
    expect(xml).toContain('<georss:point>52.091 5.121</georss:point>');
    expect(xml).toContain('<georss:polygon>52.07 4.281 52.07 4.32 52.09 4.32 52.09 4.281 52.07 4.281</georss:polygon>');
    expect(xml).toContain('<updated>2026-11-29T11:00:00.000Z</updated>');
  });

  it('escapes hostile operator text', () => {
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain(']]>');
    expect(xml).toContain('&lt;script&gt;');
  });

  it('is valid with no actions at all', async () => {
    const empty = atomFeed([], config, now);
    expect(empty).toContain(`<updated>${now.toISOString()}</updated>`);
    expect((await validateXML({ xml: [{ fileName: 'feed.xml', contents: empty }], normalization: 'format' })).errors).toEqual([]);
  });
});

describe('everything public', () => {
  const actions = [circle, polygon, hostile, cancelled(alerted(), 'Vergissing', '2026-11-29T10:20:00.000Z')];
  const outputs: [string, string][] = [
    ['JSON', JSON.stringify(jsonFeed(actions, config, now))],
    ['Atom', atomFeed(actions, config, now)],
    ...actions.flatMap((a) => a.bulletins.map((b): [string, string] => [`CAP ${a.id}:${b.seq}`, capMessage(a, BASE, b.seq)!])),
  ];

  it.each(outputs)('%s: no coordinate more precise than three decimals (~100 m)', (_name, text) => {
    // Every decimal number in the output; timestamps carry at most three (milliseconds).
    const precise = text.match(/\d+\.\d{4,}/g) ?? [];
    expect(precise).toEqual([]);
  });

  it.each(outputs)('%s: no personal data', (_name, text) => {
    for (const p of PERSONAL) expect(text).not.toContain(p);
  });
});

// Free text at the boundary and on the way out: a lone surrogate is refused by every action text
// field and repaired in what is already stored; spoken text names a control character it refuses;
// clipping never splits an emoji; SSML drops what XML cannot carry.
import { describe, expect, it } from 'vitest';
import { clipText, isWellFormed, toWellFormed } from '#shared/domain/text';
import { cancelActionSchema, createActionSchema, endActionSchema, updateActionSchema } from '#shared/domain/action';
import { createCampaignSchema } from '#shared/domain/campaigns';
import { tipSchema } from '#shared/domain/tips';
import { voiceSsml } from '#shared/domain/render';
import { whatsappLink } from '#shared/domain/public-feed';

const LONE = '\ud83d';
const alert = {
  type: 'heterdaad',
  title: 'Overval',
  description: { text: 'Man met rode jas', person: { name: 'Piet' }, vehicle: { make: 'Volvo' } },
  area: { center: { lat: 52.09, lon: 5.12 }, radiusMeters: 1000 },
  channels: ['sms', 'voice', 'push'],
  messages: { sms: 'Gezocht: man', voice: 'Let op: man met rode jas', push: { title: 'Burgernet', body: 'Gezocht: man' } },
};
const followUp = { text: 'Nog steeds gezocht', messages: { sms: 'Update', voice: 'Update', push: { title: 'Update', body: 'Nog gezocht' } } };

type Schema = { safeParse: (v: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } };
/** Sets `value` at `path` in a copy of `body`. */
function withAt(body: unknown, path: readonly string[], value: string): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}
const issuesAt = (schema: Schema, body: unknown) => (schema.safeParse(body).error?.issues ?? []).map((i) => ({ path: i.path.join('.'), message: i.message }));

describe('well-formed text', () => {
  it('tells lone surrogates from pairs and repairs them to U+FFFD', () => {
    expect(isWellFormed('hulp 🚓 nodig')).toBe(true);
    expect(isWellFormed(`hulp ${LONE} nodig`)).toBe(false);
    expect(isWellFormed('\udc00x')).toBe(false);
    expect(toWellFormed(`a${LONE}b\udc00c🚓`)).toBe('a\ufffdb\ufffdc🚓');
  });

  const cases: [string, Schema, unknown, string[]][] = [
    ['create', createActionSchema, alert, ['title']],
    ['create', createActionSchema, alert, ['description', 'text']],
    ['create', createActionSchema, alert, ['description', 'person', 'name']],
    ['create', createActionSchema, alert, ['description', 'vehicle', 'make']],
    ['create', createActionSchema, alert, ['messages', 'sms']],
    ['create', createActionSchema, alert, ['messages', 'voice']],
    ['create', createActionSchema, alert, ['messages', 'push', 'title']],
    ['create', createActionSchema, alert, ['messages', 'push', 'body']],
    ['update', updateActionSchema, followUp, ['text']],
    ['update', updateActionSchema, followUp, ['messages', 'sms']],
    ['end', endActionSchema, { ...followUp, outcome: 'gevonden' }, ['text']],
    ['cancel', cancelActionSchema, followUp, ['text']],
    ['cancel', cancelActionSchema, followUp, ['messages', 'push', 'body']],
    ['tip', tipSchema, { text: 'Ik zag hem' }, ['text']],
    ['campaign', createCampaignSchema, { name: 'Utrecht', period: { from: '2026-03-01', to: '2026-04-01' }, channels: ['sms'] }, ['name']],
  ];
  it.each(cases)('%s refuses a lone surrogate in %#', (_name, schema, body, path) => {
    expect(schema.safeParse(body).success).toBe(true);
    const issues = issuesAt(schema, withAt(body, path, `Gezocht ${LONE} man`));
    expect(issues).toEqual([{ path: path.join('.'), message: expect.stringContaining('cannot be encoded') }]);
  });

  it('accepts emoji and accents', () => {
    expect(createActionSchema.safeParse(withAt(alert, ['title'], 'Vermist kind 🚸 Zoë')).success).toBe(true);
  });
});

describe('spoken text', () => {
  it.each([
    ['\u000b', 'U+000B'],
    ['\u0000', 'U+0000'],
    ['\u001f', 'U+001F'],
    ['\uffff', 'U+FFFF'],
  ])('refuses %j in the voice text, naming its code point', (char, code) => {
    expect(issuesAt(createActionSchema, withAt(alert, ['messages', 'voice'], `Let op${char} man`))).toEqual([{ path: 'messages.voice', message: expect.stringContaining(code) }]);
    expect(issuesAt(updateActionSchema, withAt(followUp, ['messages', 'voice'], `Let op${char} man`))).toEqual([{ path: 'messages.voice', message: expect.stringContaining(code) }]);
  });

  it('refuses a control character in a follow-up text, which is spoken when voice has no own wording', () => {
    expect(issuesAt(endActionSchema, { text: 'Gevonden\u000bin het park', outcome: 'gevonden' })).toEqual([{ path: 'text', message: expect.stringContaining('U+000B') }]);
  });

  it('keeps tabs and line breaks', () => {
    expect(createActionSchema.safeParse(withAt(alert, ['messages', 'voice'], 'Let op:\tman\r\nmet jas')).success).toBe(true);
  });

  it('SSML drops characters XML cannot carry from text stored before the check', () => {
    const ssml = voiceSsml({ exercise: false }, { messages: { voice: `Let op\u000b man\u0000 ${LONE}<jas>` } }, 'nl');
    expect(ssml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(isWellFormed(ssml)).toBe(true);
    expect(ssml).toContain('<p>Let op man &lt;jas&gt;</p>');
  });
});

describe('clipping', () => {
  it('never cuts inside an emoji or a grapheme', () => {
    // 63 units before the emoji: a cut at 64 units (65 with "…") falls between its two halves.
    const title = `Burgernet update: ${'x'.repeat(45)}🚓 einde`;
    expect(clipText(title, 65)).toBe(`Burgernet update: ${'x'.repeat(45)}…`);
    expect(clipText(`Burgernet update: ${'x'.repeat(44)}🚓 einde`, 65)).toBe(`Burgernet update: ${'x'.repeat(44)}🚓…`);
    expect(clipText('e\u0301'.repeat(40), 10)).toBe(`${'e\u0301'.repeat(4)}…`);
    expect(clipText('kort', 65)).toBe('kort');
  });
});

describe('WhatsApp link', () => {
  it('does not throw on stored text with a lone surrogate', () => {
    expect(whatsappLink(`Burgernet: ${LONE}`, 'https://x/a')).toBe(`https://wa.me/?text=${encodeURIComponent('Burgernet: \ufffd https://x/a')}`);
  });
});

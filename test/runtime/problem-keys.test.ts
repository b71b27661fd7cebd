// A 400 for unknown body keys names the keys that look like field names and only counts the rest:
// a key can carry data (a phone number, a postcode), and the answer must not repeat it.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpProblem } from '#shared/http/problem';

const body = z.object({ text: z.string() }).strict();
const problemFor = (input: Record<string, unknown>) => {
  const parsed = body.safeParse({ text: 'x', ...input });
  if (parsed.success) throw new Error('expected a refusal');
  return HttpProblem.fromZod(parsed.error, '');
};

describe('unknown keys in a 400', () => {
  it('names a key that looks like a field name', () => {
    const p = problemFor({ line2: 1 });
    expect(p.status).toBe(400);
    expect(p.detail).toContain('"line2"');
  });

  it.each(['tel_0612345678', 'n06_12_34_56_78', '0612345678', 'x3511AB', 'tel-06-1234-5678'])('counts %s and never repeats it or its digits', (key) => {
    const p = problemFor({ [key]: true, note: 1 });
    const text = JSON.stringify({ detail: p.detail, errors: p.errors });
    expect(text).not.toContain(key);
    expect(text).not.toMatch(/\d{3}/);
    expect(p.detail).toContain('1 unrecognized key that is not a field name');
    expect(p.detail).toContain('"note"');
  });
});

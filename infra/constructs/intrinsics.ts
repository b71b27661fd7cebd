// What a string CloudFormation builds at deploy (Fn::Join of literals, Ref, Fn::GetAtt, Fn::If)
// will read like, from its resolved template form: rendered with stand-ins for the names only the
// deployment knows, or measured at its longest. Used to keep a function's configuration inside
// Lambda's environment limit, and by the tests to read that configuration back.

type Reference = { readonly Ref: string } | { readonly 'Fn::GetAtt': readonly [string, string] };

export interface Rendering {
  /** What a Ref or Fn::GetAtt becomes. */
  readonly token: (reference: Reference) => string;
  /** Fn::If conditions: true takes the first branch, false the second; one not named renders as If(condition,then,else). */
  readonly conditions?: Readonly<Record<string, boolean>>;
}

function parts(value: unknown): { kind: 'text'; text: string } | { kind: 'ref'; ref: Reference } | { kind: 'join'; separator: string; items: readonly unknown[] } | { kind: 'if'; condition: string; then: unknown; otherwise: unknown } {
  if (typeof value === 'string' || typeof value === 'number') return { kind: 'text', text: String(value) };
  const v = (value ?? {}) as Record<string, unknown>;
  if ('Ref' in v || 'Fn::GetAtt' in v) return { kind: 'ref', ref: v as Reference };
  if (Array.isArray(v['Fn::Join'])) {
    const [separator, items] = v['Fn::Join'] as [string, unknown[]];
    return { kind: 'join', separator, items };
  }
  if (Array.isArray(v['Fn::If'])) {
    const [condition, then, otherwise] = v['Fn::If'] as [string, unknown, unknown];
    return { kind: 'if', condition, then, otherwise };
  }
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

/** The text the value becomes, references replaced by `token`. */
export function render(value: unknown, how: Rendering): string {
  const p = parts(value);
  switch (p.kind) {
    case 'text':
      return p.text;
    case 'ref':
      return how.token(p.ref);
    case 'join':
      return p.items.map((i) => render(i, how)).join(p.separator);
    case 'if': {
      const given = how.conditions?.[p.condition];
      if (given === undefined) return `If(${p.condition},${render(p.then, how)},${render(p.otherwise, how)})`;
      return render(given ? p.then : p.otherwise, how);
    }
  }
}

/** The most bytes the value can take once deployed, each reference taken at `referenceBytes`. */
export function longest(value: unknown, referenceBytes: number): number {
  const p = parts(value);
  switch (p.kind) {
    case 'text':
      return Buffer.byteLength(p.text, 'utf8');
    case 'ref':
      return referenceBytes;
    case 'join':
      return p.items.reduce<number>((n, i) => n + longest(i, referenceBytes), 0) + Math.max(0, p.items.length - 1) * Buffer.byteLength(p.separator, 'utf8');
    case 'if':
      return Math.max(longest(p.then, referenceBytes), longest(p.otherwise, referenceBytes));
  }
}

/** Every Fn::If condition the value depends on. */
export function conditionsIn(value: unknown): string[] {
  const p = parts(value);
  switch (p.kind) {
    case 'text':
    case 'ref':
      return [];
    case 'join':
      return [...new Set(p.items.flatMap(conditionsIn))].sort();
    case 'if':
      return [...new Set([p.condition, ...conditionsIn(p.then), ...conditionsIn(p.otherwise)])].sort();
  }
}

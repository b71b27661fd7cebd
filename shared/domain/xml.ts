// A small XML writer for the public feed (CAP, Atom). Every text and attribute value goes through
// one escaping function, so operator text cannot open a tag, close a CDATA section or break the
// document; characters XML 1.0 cannot carry at all are dropped rather than escaped.
import { xmlChars } from './text';

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string | undefined>>;
  /** Elements, or strings as text; undefined children are left out (optional elements). */
  readonly children: readonly (XmlElement | string | undefined)[];
}

const ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };

/** Text or attribute value as XML: escaped, with characters XML cannot carry removed. */
export const xmlEscape = (s: string): string => xmlChars(s).replace(/[<>&"']/g, (c) => ENTITIES[c]!);

export function el(name: string, attrs: XmlElement['attrs'] = {}, ...children: XmlElement['children']): XmlElement {
  return { name, attrs, children };
}

/** An element holding only text, or nothing at all when the text is undefined. */
export const textEl = (name: string, text: string | undefined, attrs: XmlElement['attrs'] = {}): XmlElement | undefined =>
  text === undefined ? undefined : el(name, attrs, text);

function render(node: XmlElement, depth: number): string {
  const pad = '  '.repeat(depth);
  const attrs = Object.entries(node.attrs)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(v)}"`)
    .join('');
  const children = node.children.filter((c) => c !== undefined);
  if (children.length === 0) return `${pad}<${node.name}${attrs}/>`;
  // Text content stays on the tag's line so no whitespace is added to it.
  if (children.every((c) => typeof c === 'string')) return `${pad}<${node.name}${attrs}>${children.map(xmlEscape).join('')}</${node.name}>`;
  const inner = children.map((c) => (typeof c === 'string' ? `${pad}  ${xmlEscape(c)}` : render(c, depth + 1))).join('\n');
  return `${pad}<${node.name}${attrs}>\n${inner}\n${pad}</${node.name}>`;
}

/** A whole UTF-8 document with its XML declaration. */
export const xmlDocument = (root: XmlElement): string => `<?xml version="1.0" encoding="UTF-8"?>\n${render(root, 0)}\n`;

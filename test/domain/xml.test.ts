import { describe, expect, it } from 'vitest';
import { el, textEl, xmlDocument, xmlEscape } from '#shared/domain/xml';

describe('xml writer', () => {
  it('escapes markup, CDATA ends and quotes in text and attributes', () => {
    expect(xmlEscape(`<script>alert("x")</script> & ]]> 'q'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ]]&gt; &apos;q&apos;');
    const doc = xmlDocument(el('a', { href: 'https://x.test/?a=1&b="2"' }, 'x < y'));
    expect(doc).toContain('<a href="https://x.test/?a=1&amp;b=&quot;2&quot;">x &lt; y</a>');
  });

  it('drops characters XML 1.0 cannot carry, keeps tabs, newlines and astral characters', () => {
    expect(xmlEscape('a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\uFFFEh\uFFFFi')).toBe('abcdefghi');
    expect(xmlEscape('lone \uD800 high, lone \uDC00 low')).toBe('lone  high, lone  low');
    expect(xmlEscape('tab\there\nline\r🚓')).toBe('tab\there\nline\r🚓');
  });

  it('leaves out optional elements and writes empty ones self-closed', () => {
    const doc = xmlDocument(el('root', {}, textEl('a', undefined), textEl('b', 'x'), el('c', { skip: undefined })));
    expect(doc).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<root>\n  <b>x</b>\n  <c/>\n</root>\n');
  });
});

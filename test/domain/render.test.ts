import { describe, expect, it } from 'vitest';
import { pushNotification, smsText, voiceSsml } from '#shared/domain/render';

const messages = { sms: 'Gezocht: man', voice: 'Let op <script> & "quotes"', push: { title: 'Burgernet', body: 'Gezocht' } };

describe('channel rendering', () => {
  it('escapes the voice script and speaks it twice before the call-back instruction', () => {
    const ssml = voiceSsml({ exercise: false }, { messages }, 'nl');
    expect(ssml).not.toContain('<script>');
    expect(ssml.match(/Let op &lt;script&gt; &amp; &quot;quotes&quot;/g)).toHaveLength(2);
    expect(ssml).toMatch(/0800-0011.*112.*<\/lang><\/speak>$/);
    expect(ssml).toContain('xml:lang="nl-NL"');
  });

  it('prefixes every text with OEFENING in exercise mode', () => {
    expect(smsText({ exercise: true }, { messages })).toBe('OEFENING Gezocht: man');
    expect(pushNotification({ exercise: true }, { messages }).title).toBe('OEFENING Burgernet');
    expect(voiceSsml({ exercise: true }, { messages }, 'en')).toContain('<p>OEFENING Let op');
  });
});

// Turns an action's texts into what each channel delivers. Voice is SSML, so every operator
// text is escaped; the script is spoken twice and ends with the call-back instruction.
import type { Action } from './action';
import type { Language } from '#shared/ports/participant-store';

export const EXERCISE_PREFIX = 'OEFENING ';

const CALLBACK: Record<Language, string> = {
  nl: 'Heeft u iets gezien? Bel gratis 0800-0011. Bij direct gevaar: bel 112.',
  en: 'Have you seen anything? Call 0800-0011 free of charge. In an emergency, call 112.',
};
const AGAIN: Record<Language, string> = { nl: 'Ik herhaal.', en: 'I repeat.' };
const XML_LANG: Record<Language, string> = { nl: 'nl-NL', en: 'en-GB' };

const escapeXml = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

const prefixed = (action: Pick<Action, 'exercise'>, text: string) => (action.exercise ? `${EXERCISE_PREFIX}${text}` : text);

export function smsText(action: Pick<Action, 'exercise' | 'messages'>): string {
  return prefixed(action, action.messages.sms ?? '');
}

export function voiceSsml(action: Pick<Action, 'exercise' | 'messages'>, language: Language): string {
  const script = escapeXml(prefixed(action, action.messages.voice ?? ''));
  return (
    `<speak><lang xml:lang="${XML_LANG[language]}">` +
    `<p>${script}</p><break time="1s"/><p>${AGAIN[language]}</p><p>${script}</p>` +
    `<break time="500ms"/><p>${escapeXml(CALLBACK[language])}</p></lang></speak>`
  );
}

export function pushNotification(action: Pick<Action, 'exercise' | 'messages'>): { title: string; body: string } {
  const push = action.messages.push ?? { title: '', body: '' };
  return { title: prefixed(action, push.title), body: push.body };
}

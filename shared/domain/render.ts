// Turns a bulletin of an action into what each channel delivers. Voice is SSML, so every
// operator text is escaped; the script is spoken twice and ends with the call-back instruction.
// Exercises say so first on every channel.
import { EXERCISE_PREFIX, type Action, type Bulletin, type BulletinKind } from './action';
import type { Language } from '#shared/ports/participant-store';
import { xmlEscape } from './xml';

export { EXERCISE_PREFIX };

/** How a follow-up introduces itself when the operator gives no own wording for a channel. */
export const FOLLOW_UP_LABEL: Record<Exclude<BulletinKind, 'alert'>, string> = {
  update: 'Burgernet update',
  end: 'Burgernet actie beëindigd',
  cancel: 'Burgernet correctie',
};

const CALLBACK: Record<Language, string> = {
  nl: 'Heeft u iets gezien? Bel gratis 0800-0011. Bij direct gevaar: bel 112.',
  en: 'Have you seen anything? Call 0800-0011 free of charge. In an emergency, call 112.',
};
const AGAIN: Record<Language, string> = { nl: 'Ik herhaal.', en: 'I repeat.' };
const XML_LANG: Record<Language, string> = { nl: 'nl-NL', en: 'en-GB' };

/** SSML is XML: control characters and lone surrogates are dropped, the rest escaped (see xml.ts). */
export const escapeXml = xmlEscape;

type Texts = Pick<Bulletin, 'messages'>;
const prefixed = (action: Pick<Action, 'exercise'>, text: string) => (action.exercise ? `${EXERCISE_PREFIX}${text}` : text);

export function smsText(action: Pick<Action, 'exercise'>, bulletin: Texts): string {
  return prefixed(action, bulletin.messages.sms ?? '');
}

export function voiceSsml(action: Pick<Action, 'exercise'>, bulletin: Texts, language: Language): string {
  const script = escapeXml(prefixed(action, bulletin.messages.voice ?? ''));
  return (
    `<speak><lang xml:lang="${XML_LANG[language]}">` +
    `<p>${script}</p><break time="1s"/><p>${AGAIN[language]}</p><p>${script}</p>` +
    `<break time="500ms"/><p>${escapeXml(CALLBACK[language])}</p></lang></speak>`
  );
}

export function pushNotification(action: Pick<Action, 'exercise'>, bulletin: Texts): { title: string; body: string } {
  const push = bulletin.messages.push ?? { title: '', body: '' };
  return { title: prefixed(action, push.title), body: push.body };
}

// What a log line may say about an unexpected error. Our own errors never quote personal data,
// but a library's message can quote its input (a body, a key, a token); so the message is kept
// for its meaning with anything shaped like a phone number, a position or a token masked.
const NUMBER = /\+?\d[\d\s\-().]{6,}\d/g;
const DECIMAL = /-?\d{1,3}\.\d{4,}/g;
const TOKEN = /[A-Za-z0-9_]{32,}/g;

export function errorSummary(err: unknown): { name: string; message: string } {
  const name = err instanceof Error ? err.name : typeof err;
  const text = err instanceof Error ? err.message : String(err);
  return { name, message: text.replace(TOKEN, '[token]').replace(DECIMAL, '[decimal]').replace(NUMBER, '[number]') };
}

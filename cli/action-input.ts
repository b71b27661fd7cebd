// Request bodies from the command line: a JSON file (--file, or - for stdin) and flags on top of
// it. The API validates; here only what cannot be sent at all (a number that is not one) stops.
import { readFileSync } from 'node:fs';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type Flags = Readonly<Record<string, string | boolean | undefined>>;
type Body = Record<string, unknown>;

const text = (flags: Flags, name: string): string | undefined => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);

function number(flags: Flags, name: string): number | undefined {
  const raw = text(flags, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got ${JSON.stringify(raw)}`);
  return n;
}

export function readJsonFile(file: string): Body {
  let raw: string;
  try {
    raw = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw new UsageError(`--file ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new UsageError(`--file ${file}: not JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError(`--file ${file}: must hold one JSON object`);
  return parsed as Body;
}

/** --lat/--lon/--radius (a circle) or --polygon (GeoJSON), when given. */
function areaFrom(flags: Flags): Body | undefined {
  const polygon = text(flags, 'polygon');
  if (polygon !== undefined) {
    try {
      return JSON.parse(polygon) as Body;
    } catch {
      throw new UsageError('--polygon must be a GeoJSON Polygon in JSON');
    }
  }
  const lat = number(flags, 'lat');
  const lon = number(flags, 'lon');
  const radius = number(flags, 'radius');
  if (lat === undefined && lon === undefined && radius === undefined) return undefined;
  if (lat === undefined || lon === undefined || radius === undefined) throw new UsageError('a circle needs --lat, --lon and --radius (metres)');
  return { center: { lat, lon }, radiusMeters: radius };
}

const list = (value: string | undefined) => value?.split(',').map((s) => s.trim()).filter(Boolean);

/** Per-channel texts from --sms, --voice, --push-title/--push-body, over `base`. */
function messagesFrom(flags: Flags, base: unknown): Body | undefined {
  const messages: Body = typeof base === 'object' && base !== null ? { ...(base as Body) } : {};
  const sms = text(flags, 'sms');
  const voice = text(flags, 'voice');
  const pushTitle = text(flags, 'push-title');
  const pushBody = text(flags, 'push-body');
  if (sms !== undefined) messages.sms = sms;
  if (voice !== undefined) messages.voice = voice;
  if (pushTitle !== undefined || pushBody !== undefined) messages.push = { ...(messages.push as Body | undefined), ...(pushTitle !== undefined ? { title: pushTitle } : {}), ...(pushBody !== undefined ? { body: pushBody } : {}) };
  return Object.keys(messages).length > 0 ? messages : undefined;
}

/** POST /actions and /actions/preview. */
export function createBody(flags: Flags): Body {
  const file = text(flags, 'file');
  const body: Body = file ? readJsonFile(file) : {};
  for (const key of ['type', 'title'] as const) if (text(flags, key) !== undefined) body[key] = text(flags, key);
  if (text(flags, 'text') !== undefined) body.description = { ...(body.description as Body | undefined), text: text(flags, 'text') };
  const area = areaFrom(flags);
  if (area) body.area = area;
  const channels = list(text(flags, 'channels'));
  if (channels) body.channels = channels;
  const messages = messagesFrom(flags, body.messages);
  if (messages) body.messages = messages;
  if (flags.exercise === true) body.exercise = true;
  if (!file && Object.keys(body).length === 0) throw new UsageError('give the action as --file FILE.json, or with flags (--type, --title, --text, --lat/--lon/--radius, --channels, --sms, …)');
  return body;
}

/** POST /actions/{id}/updates, /end and /cancel: --text, optionally --outcome, area, channels and texts. */
export function followUpBody(flags: Flags, kind: 'update' | 'end' | 'cancel'): Body {
  const file = text(flags, 'file');
  const body: Body = file ? readJsonFile(file) : {};
  if (text(flags, 'text') !== undefined) body.text = text(flags, 'text');
  if (kind === 'end' && text(flags, 'outcome') !== undefined) body.outcome = text(flags, 'outcome');
  if (kind === 'update') {
    const area = areaFrom(flags);
    if (area) body.area = area;
  }
  const channels = list(text(flags, 'channels'));
  if (channels) body.channels = channels;
  const messages = messagesFrom(flags, body.messages);
  if (messages) body.messages = messages;
  if (body.text === undefined && !file) throw new UsageError(`${kind} needs --text "…"${kind === 'end' ? ' and --outcome aangehouden|gevonden|niet-gevonden|overig' : ''}`);
  return body;
}

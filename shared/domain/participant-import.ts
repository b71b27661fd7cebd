// Migration of the existing register: JSON Lines, one participant a line. Every line is
// validated on its own; bad lines are reported with their number and the rest is imported.
// The id derives from externalId, so re-importing a line updates the participant in place.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { channels } from '#shared/domain/vocabulary';
import type { Participant, ParticipantStore } from '#shared/ports/participant-store';
import { SERVICE_BOUNDS } from './area';
import type { Locate } from './municipality-locator';
import { recordParticipantChanges, type ParticipantUsageDeps } from './participant-usage';

/** E.164; SMS needs a mobile number, which for the Netherlands means +316 and eight digits. */
const E164 = /^\+[1-9]\d{7,14}$/;
const NL_MOBILE = /^\+316\d{8}$/;

export const importLineSchema = z
  .object({
    externalId: z.string().trim().min(1).max(128),
    phone: z.string().regex(E164, 'not an E.164 number such as +31612345678'),
    channels: z
      .array(z.enum(channels).exclude(['push']))
      .min(1, 'at least one of sms, voice')
      .refine((c) => new Set(c).size === c.length, 'a channel is listed twice'),
    lat: z.number().min(SERVICE_BOUNDS.minLat, 'outside the Netherlands').max(SERVICE_BOUNDS.maxLat, 'outside the Netherlands'),
    lon: z.number().min(SERVICE_BOUNDS.minLon, 'outside the Netherlands').max(SERVICE_BOUNDS.maxLon, 'outside the Netherlands'),
    // Without one, the position decides (point in the municipal boundaries) where the import has them.
    municipalityCode: z.string().regex(/^GM\d{4}$/, 'a CBS code such as GM0344').optional(),
    language: z.enum(['nl', 'en']).default('nl'),
    exerciseOptIn: z.boolean().default(false),
  })
  .strict()
  .refine((p) => !p.channels.includes('sms') || !p.phone.startsWith('+31') || NL_MOBILE.test(p.phone), {
    message: 'sms needs a mobile number (+316…)',
    path: ['phone'],
  });

export const participantIdFor = (externalId: string) => `p_${createHash('sha256').update(`import:${externalId}`).digest('hex').slice(0, 24)}`;

export interface ImportReport {
  imported: number;
  rejected: { line: number; reason: string }[];
}

/** Parses one line; returns the participant or the reason it was refused (never the line's content). */
export function parseImportLine(text: string, now: string): Participant | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  const result = importLineSchema.safeParse(raw);
  if (!result.success) return result.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ');
  const p = result.data;
  return {
    id: participantIdFor(p.externalId),
    externalId: p.externalId,
    phone: p.phone,
    channels: p.channels,
    lat: p.lat,
    lon: p.lon,
    ...(p.municipalityCode ? { municipalityCode: p.municipalityCode } : {}),
    language: p.language,
    status: 'active',
    exerciseOptIn: p.exerciseOptIn,
    updatedAt: now,
  };
}

/** A line without a municipality gets the one its position lies in, or is refused. */
function withMunicipality(p: Participant, locate: Locate | undefined): Participant | string {
  if (!locate) return 'municipalityCode: required (no municipal boundaries loaded: npm run import:municipalities)';
  const code = locate(p.lat, p.lon);
  return code ? { ...p, municipalityCode: code } : 'municipalityCode: missing, and the position lies in no known municipality';
}

export interface ImportOptions {
  /** Participants written per store call group; several groups are in flight at once. */
  readonly batch?: number;
  readonly concurrency?: number;
  readonly now?: () => string;
  readonly onProgress?: (linesRead: number) => void;
  /** Finds the municipality of a line that names none; without it such a line is refused. */
  readonly locate?: Locate;
  /** Counts who joined, changed or left per municipality and month (re-import rewrites, never adds). */
  readonly usage?: ParticipantUsageDeps;
  /** The keyed phone hash, so an imported participant can be found by number (STOP, sign-up). */
  readonly phoneKey?: (e164: string) => string;
}

export async function importParticipants(store: ParticipantStore, lines: AsyncIterable<string>, options: ImportOptions = {}): Promise<ImportReport> {
  const batch = options.batch ?? 250;
  const concurrency = options.concurrency ?? 8;
  const now = options.now ?? (() => new Date().toISOString());
  const report: ImportReport = { imported: 0, rejected: [] };
  const inFlight = new Set<Promise<void>>();
  // Within a batch a later line for the same externalId wins, as it would across batches.
  let pending = new Map<string, Participant>();
  let lineNo = 0;

  const flush = async () => {
    if (pending.size === 0) return;
    const group = [...pending.values()];
    pending = new Map();
    const write = store.putMany(group).then(async () => {
      if (options.usage) await recordParticipantChanges(options.usage, group.map((participant) => ({ participant, at: participant.updatedAt })));
      report.imported += group.length;
    });
    inFlight.add(write);
    void write.finally(() => inFlight.delete(write)).catch(() => undefined);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  };

  for await (const text of lines) {
    lineNo++;
    if (text.trim() === '') continue;
    const parsed = parseImportLine(text, now());
    const located = typeof parsed === 'string' || parsed.municipalityCode ? parsed : withMunicipality(parsed, options.locate);
    if (typeof located === 'string') report.rejected.push({ line: lineNo, reason: located });
    else pending.set(located.id, options.phoneKey && located.phone ? { ...located, phoneKey: options.phoneKey(located.phone) } : located);
    if (pending.size >= batch) await flush();
    if (lineNo % 10_000 === 0) options.onProgress?.(lineNo);
  }
  await flush();
  await Promise.all(inFlight);
  return report;
}

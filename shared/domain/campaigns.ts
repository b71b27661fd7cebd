// Recruitment campaigns: a municipality (or a unit, for several of its municipalities or all of
// them) starts one and gets a code for flyers and ads; sign-ups with that code are counted, then
// whether they verified their number, and whether they were still taking part 90 days after.
import { randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { channels } from '#shared/domain/vocabulary';
import type { Caller } from '#shared/domain/vocabulary';
import type { Campaign, CampaignStore } from '#shared/ports/campaign-store';
import type { Clock } from '#shared/ports/clock';
import type { Municipality } from '#shared/ports/municipality-store';
import type { SignupRecord, UsageStore } from '#shared/ports/usage-store';
import { policeUnit } from './police-units';
import { suppress, type Suppressed } from './suppression';
import { DomainError } from './domain-error';
import { text } from './text';

export const RETENTION_DAYS = 90;
const DAY_MS = 86_400_000;

const date = z.iso.date('a date such as 2026-03-01');

export const createCampaignSchema = z
  .object({
    name: text(100),
    period: z
      .object({ from: date, to: date })
      .strict()
      .refine((p) => p.from <= p.to, { message: 'ends before it starts', path: ['to'] }),
    channels: z
      .array(z.enum(channels))
      .min(1, 'choose at least one channel')
      .refine((c) => new Set(c).size === c.length, 'a channel is listed twice'),
    /** A unit's joint campaign: some of its municipalities; absent: all of them. */
    municipalities: z.array(z.string().regex(/^GM\d{4}$/, 'a CBS code such as GM0344')).min(1).max(400).optional(),
  })
  .strict();
export type CreateCampaignInput = z.infer<typeof createCampaignSchema>;

export const campaignPathSchema = z.object({ id: z.string().regex(/^cmp_[0-9a-f-]{36}$/, 'not a campaign id') });

/** A campaign request refused; `field` is the body field it concerns (answered as `body.<field>`). */
export class CampaignError extends DomainError {
  constructor(kind: 'forbidden' | 'invalid' | 'not-found', field: string | undefined, message: string) {
    super(kind, message, field ? `body.${field}` : undefined);
  }
}

export interface CampaignDeps {
  readonly campaigns: CampaignStore;
  readonly usage: UsageStore;
  readonly clock: Clock;
}

/** No 0/O or 1/I: the code is typed from a flyer. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const prefixOf = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[^A-Za-z]/g, '')
    .slice(0, 3)
    .toUpperCase()
    .padEnd(3, 'X');

export function campaignCode(name: string, random: (n: number) => number = randomInt): string {
  return `${prefixOf(name)}-${Array.from({ length: 6 }, () => ALPHABET[random(ALPHABET.length)]).join('')}`;
}

/** Which municipalities a caller may start a campaign for; throws CampaignError otherwise. */
export function campaignMunicipalities(caller: Caller, input: CreateCampaignInput, directory: readonly Municipality[]): { codes: string[]; unit?: string; label: string } {
  if (caller.roles.includes('municipality') && caller.municipality) {
    const own = directory.find((m) => m.code === caller.municipality);
    if (!own) throw new CampaignError('forbidden', undefined, 'your token names no known municipality');
    if (input.municipalities && (input.municipalities.length !== 1 || input.municipalities[0] !== own.code)) {
      throw new CampaignError('forbidden', 'municipalities', 'a municipality runs campaigns for itself; joint campaigns are started by the unit');
    }
    return { codes: [own.code], label: own.name };
  }
  const unit = caller.roles.includes('unit') && caller.unit ? policeUnit(caller.unit) : undefined;
  if (!unit) throw new CampaignError('forbidden', undefined, 'your token names no municipality or unit');
  const inUnit = directory.filter((m) => m.unit === unit.name);
  if (!input.municipalities) return { codes: inUnit.map((m) => m.code), unit: unit.name, label: unit.name };
  const codes = [...new Set(input.municipalities)];
  const outside = codes.filter((c) => !inUnit.some((m) => m.code === c));
  if (outside.length > 0) throw new CampaignError('forbidden', 'municipalities', `not in ${unit.name}: ${outside.join(', ')}`);
  return { codes, label: unit.name };
}

export async function createCampaign(deps: CampaignDeps, caller: Caller, input: CreateCampaignInput, directory: readonly Municipality[]): Promise<Campaign> {
  const scope = campaignMunicipalities(caller, input, directory);
  const base = {
    id: `cmp_${randomUUID()}`,
    name: input.name,
    period: input.period,
    channels: input.channels,
    municipalities: scope.codes,
    ...(scope.unit ? { unit: scope.unit } : {}),
    createdBy: caller.sub,
    createdAt: deps.clock.now().toISOString(),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    const campaign: Campaign = { ...base, code: campaignCode(scope.label) };
    if (!(await deps.campaigns.create(campaign))) continue;
    await Promise.all(scope.codes.map((code) => deps.usage.addCampaignMember(code, campaign.id)));
    return campaign;
  }
  throw new Error('no free campaign code after 5 tries');
}

/** Whether a caller may see a campaign: its municipalities, their unit, or the board. */
export function mayReadCampaign(caller: Caller, campaign: Campaign, directory: readonly Municipality[]): boolean {
  if (caller.roles.includes('board')) return true;
  if (caller.roles.includes('municipality') && caller.municipality && campaign.municipalities.includes(caller.municipality)) return true;
  const unit = caller.roles.includes('unit') && caller.unit ? policeUnit(caller.unit) : undefined;
  return unit !== undefined && campaign.municipalities.some((c) => directory.find((m) => m.code === c)?.unit === unit.name);
}

export interface CampaignFigures {
  readonly signups: Suppressed;
  readonly verified: Suppressed;
  /** Verified at least 90 days ago and still taking part 90 days after verifying. */
  readonly activeAfter90Days: Suppressed;
  /** Verified less than 90 days ago: too early to tell. */
  readonly notYet90Days: Suppressed;
}

export function campaignFigures(signups: readonly SignupRecord[], now: Date, onlyMunicipality?: string): { figures: CampaignFigures; suppressed: string[] } {
  const list = onlyMunicipality ? signups.filter((s) => s.municipalityCode === onlyMunicipality) : signups;
  const verified = list.filter((s) => s.verifiedAt);
  const matured = (s: SignupRecord) => Date.parse(s.verifiedAt!) + RETENTION_DAYS * DAY_MS <= now.getTime();
  const stayed = verified.filter((s) => matured(s) && (!s.leftAt || Date.parse(s.leftAt) >= Date.parse(s.verifiedAt!) + RETENTION_DAYS * DAY_MS));
  const suppressed: string[] = [];
  const cell = (name: string, n: number) => suppress(n, name, suppressed);
  return {
    figures: {
      signups: cell('signups', list.length),
      verified: cell('verified', verified.length),
      activeAfter90Days: cell('activeAfter90Days', stayed.length),
      notYet90Days: cell('notYet90Days', verified.filter((s) => !matured(s)).length),
    },
    suppressed,
  };
}

export function campaignView(campaign: Campaign, figures: CampaignFigures, suppressed: readonly string[]) {
  const { createdBy: _by, ...rest } = campaign;
  return { ...rest, figures, suppressed };
}

/** A participant signed up with a campaign code (issue 4 calls this); false for an unknown code. */
export async function recordCampaignSignup(deps: Pick<CampaignDeps, 'campaigns' | 'usage'>, s: { code: string; participantId: string; municipalityCode?: string; at: string }): Promise<boolean> {
  const campaign = await deps.campaigns.byCode(s.code);
  if (!campaign) return false;
  await deps.usage.recordSignup(campaign.id, { participantId: s.participantId, signedUpAt: s.at, ...(s.municipalityCode ? { municipalityCode: s.municipalityCode } : {}) });
  return true;
}

/** The sign-up's number was confirmed with its code. */
export async function recordCampaignVerified(deps: Pick<CampaignDeps, 'campaigns' | 'usage'>, s: { code: string; participantId: string; at: string }): Promise<boolean> {
  const campaign = await deps.campaigns.byCode(s.code);
  if (!campaign) return false;
  await deps.usage.recordVerified(campaign.id, s.participantId, s.at);
  return true;
}

/** The recruit stopped (`at`) or came back (`at` undefined). */
export async function recordCampaignLeft(deps: Pick<CampaignDeps, 'campaigns' | 'usage'>, s: { code: string; participantId: string; at: string | undefined }): Promise<boolean> {
  const campaign = await deps.campaigns.byCode(s.code);
  if (!campaign) return false;
  await deps.usage.recordLeft(campaign.id, s.participantId, s.at);
  return true;
}

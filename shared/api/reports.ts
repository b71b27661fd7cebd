// Contracts of the municipality side: usage reports (municipality, unit, national), recruitment
// campaigns, and the cost of one action. Reports are JSON here; the same routes answer CSV with
// `Accept: text/csv` and the municipality route a printable page for `{code}.html` (a contract
// has one content type per status, so those are named in the descriptions).
import { z } from 'zod';
import { channels } from '#infra/topology';
import { actionPathSchema } from '#shared/domain/action';
import { campaignPathSchema, createCampaignSchema } from '#shared/domain/campaigns';
import { municipalityReportPathSchema, periodSchema, unitReportPathSchema } from '#shared/domain/usage-report';
import { component, contracts, type ExampleCaller } from './contract';

const count = z.int().min(0).nullable().describe('null when 1–4 participants (suppressed, see suppression.cells)');
const int = z.int().min(0);
const money = z.number().describe('Price table currency (USD)');

const figures = {
  inhabitants: int,
  participants: z.object({
    active: count.describe('Active at the end of the month (in the total: of the period)'),
    byChannel: z.object({ sms: count, voice: count, push: count }),
    appDevices: count,
    joined: count,
    left: count,
  }),
  actions: z.object({
    reachedResidents: int.describe('Actions with a message sent to a resident'),
    byType: z.record(z.string(), int),
    byOutcome: z.record(z.string(), int).describe('aangehouden, gevonden, niet-gevonden, overig, cancelled, or open while running'),
    exercises: int,
  }),
  messages: z.object({
    sms: z.object({ sent: count, segments: count, failed: int }),
    voice: z.object({ calls: count, minutes: count.describe('Started minutes billed'), failed: int }),
    push: z.object({ sent: count, failed: int }),
    exercise: z.object({ sms: int, voice: int, push: int }).describe('Messages of exercises, not in the figures above'),
  }),
  cost: z.object({ messages: money, infrastructure: money.describe('Counted AWS requests of the actions, shared out by recipients'), total: money }),
  costPerInhabitant: money.nullable(),
  oldContribution: z.object({ eur: z.number().describe('Inhabitants × €0.03 a year, for the same period'), usd: z.number() }),
};

const campaignFiguresSchema = z.object({ signups: count, verified: count, activeAfter90Days: count, notYet90Days: count });

export const usageReportSchema = component(
  'UsageReport',
  z.object({
    scope: z.object({ kind: z.enum(['municipality', 'unit', 'national']), code: z.string().optional(), name: z.string(), unit: z.string().optional(), municipalities: int, inhabitants: int }),
    period: z.object({ from: z.string(), to: z.string() }),
    currency: z.literal('USD'),
    pricesCheckedOn: z.string(),
    oldContributionPerInhabitantYear: z.object({ eur: z.number(), usdPerEur: z.number() }),
    months: z.array(z.object({ month: z.string(), ...figures })),
    total: z.object(figures),
    suppression: z.object({ below: int, cells: z.array(z.string()).describe('Where a null stands for 1–4') }),
    notes: z.array(z.string()),
    campaigns: z
      .array(z.object({ id: z.string(), name: z.string(), code: z.string(), period: z.object({ from: z.string(), to: z.string() }), municipalities: z.array(z.string()), figures: campaignFiguresSchema, suppressed: z.array(z.string()) }))
      .optional()
      .describe('Municipality report only: its campaigns, counting its own residents'),
  }),
);

export const campaignSchema = component(
  'Campaign',
  z.object({
    id: z.string(),
    code: z.string().describe('For flyers and ads; sign-ups give it (any case)'),
    name: z.string(),
    period: z.object({ from: z.string(), to: z.string() }),
    channels: z.array(z.enum(channels)),
    municipalities: z.array(z.string()),
    unit: z.string().optional(),
    createdAt: z.string(),
    figures: campaignFiguresSchema,
    suppressed: z.array(z.string()),
  }),
);

const channelCost = { failed: int, skipped: int, cost: money };
export const actionCostSchema = component(
  'ActionCost',
  z.object({
    status: z.string(),
    exercise: z.boolean(),
    actionId: z.string(),
    currency: z.literal('USD'),
    pricesCheckedOn: z.string(),
    messages: z.object({
      sms: z.object({ sent: int, segments: int, ...channelCost }),
      voice: z.object({ calls: int, minutes: int, ...channelCost }),
      push: z.object({ sent: int, ...channelCost }),
      total: money,
    }),
    infrastructure: z.object({
      invocations: int.describe('Queue records handled for the action (each attempt counts)'),
      lambda: z.object({ requests: z.number(), gbSeconds: z.number(), cost: money }),
      dynamodb: z.object({ readUnits: z.number(), writeUnits: z.number(), cost: money }),
      sqs: z.object({ requests: z.number(), cost: money }),
      byFunction: z.record(z.string(), money),
      calls: z.record(z.string(), z.number()),
      total: money,
      exact: z.number(),
      notCounted: z.array(z.string()),
    }),
    total: money,
    perMessageSent: z.object({ messages: z.number(), infrastructure: z.number() }).nullable(),
    byMunicipality: z.array(z.object({ municipalityCode: z.string(), messagesSent: int, cost: z.object({ messages: money, infrastructure: money }) })),
  }),
);

const utrecht: ExampleCaller = { role: 'municipality', sub: 'docs-utrecht', municipality: 'GM0344' };
const amsterdam: ExampleCaller = { role: 'municipality', sub: 'docs-amsterdam', municipality: 'GM0363' };
const midden: ExampleCaller = { role: 'unit', sub: 'docs-midden', unit: 'Midden-Nederland' };
const board: ExampleCaller = { role: 'board', sub: 'docs-board' };
const query = periodSchema as unknown as z.ZodObject;
const REPORT_NOTE =
  'Figures per month and in total: participants (active per channel, joined, left, app devices), actions that reached residents by type and outcome, messages to residents per channel, their cost, the cost per inhabitant and the old contribution (€0.03 per inhabitant a year). Cells for 1–4 participants are null. `from`/`to` (YYYY-MM, at most 120 months) default to the last twelve months.';

export const reportContracts = contracts({
  municipalityReport: {
    summary: 'Usage report of a municipality',
    description: `${REPORT_NOTE} CSV with \`Accept: text/csv\` or \`{code}.csv\`; a printable page with charts (inline SVG) at \`{code}.html\`. A municipality reads its own, a unit its municipalities, the board all; another municipality's code gets 403 whether it exists or not.`,
    tags: ['reports'],
    path: municipalityReportPathSchema,
    query,
    responses: { 200: { description: 'The report', schema: usageReportSchema }, 404: { problem: 'No municipality with this code (for a unit or the board)' } },
    examples: [
      { name: 'own', summary: 'Utrecht reads its own report', path: { file: 'GM0344' }, as: utrecht, status: 200 },
      { name: 'year', summary: 'The board reads the transition year 2020', path: { file: 'GM0344' }, query: { from: '2020-01', to: '2020-12' }, as: board, status: 200 },
      { name: 'unit', summary: 'Its unit reads it too', path: { file: 'GM0344' }, as: midden, status: 200 },
      { name: 'other', summary: 'Amsterdam may not read Utrecht’s report', path: { file: 'GM0344' }, as: amsterdam, status: 403 },
      { name: 'unknown', summary: 'No such municipality', path: { file: 'GM9999' }, as: board, status: 404 },
      { name: 'badPeriod', summary: 'A month that does not exist', path: { file: 'GM0344' }, query: { from: '2020-13' }, as: utrecht, status: 400 },
    ],
  },
  unitReport: {
    summary: 'Usage report of a police unit',
    description: `${REPORT_NOTE} Its municipalities summed. \`{unit}\` is the unit's name (Midden-Nederland, Den Haag), a slug or its code (RE03). CSV with \`Accept: text/csv\`.`,
    tags: ['reports'],
    path: unitReportPathSchema,
    query,
    responses: { 200: { description: 'The report', schema: usageReportSchema }, 404: { problem: 'Not one of the ten police units' } },
    examples: [
      { name: 'own', summary: 'Midden-Nederland reads its report', path: { unit: 'Midden-Nederland' }, as: midden, status: 200 },
      { name: 'unknown', summary: 'No such unit', path: { unit: 'Atlantis' }, as: board, status: 404 },
    ],
  },
  nationalReport: {
    summary: 'National usage report',
    description: `${REPORT_NOTE} Every municipality summed, plus what could not be placed in one. Board only. CSV with \`Accept: text/csv\`.`,
    tags: ['reports'],
    query,
    responses: { 200: { description: 'The report', schema: usageReportSchema } },
    examples: [
      { name: 'board', summary: 'The board reads the national report', as: board, status: 200 },
      { name: 'unit', summary: 'A unit may not', as: midden, status: 403 },
      { name: 'badPeriod', summary: 'to before from', query: { from: '2026-06', to: '2026-01' }, as: board, status: 400 },
    ],
  },
  createCampaign: {
    summary: 'Start a recruitment campaign',
    description:
      'A municipality starts one for itself; a unit for several of its municipalities (`municipalities`) or all of them. Answers the campaign with its code for flyers and ads: sign-ups giving it are counted (sign-ups, verified, still active after 90 days).',
    tags: ['campaigns'],
    body: createCampaignSchema,
    responses: { 201: { description: 'The campaign and its code', schema: campaignSchema, headers: { location: { description: 'The campaign' } } } },
    examples: [
      { name: 'own', summary: 'Utrecht recruits with flyers in spring', body: { name: 'Voorjaarsflyer Lombok', period: { from: '2026-03-01', to: '2026-05-31' }, channels: ['sms', 'push'] }, as: utrecht, status: 201 },
      { name: 'joint', summary: 'Midden-Nederland for two of its municipalities', body: { name: 'Samen alert', period: { from: '2026-09-01', to: '2026-12-31' }, channels: ['push'], municipalities: ['GM0344', 'GM0356'] }, as: midden, status: 201 },
      { name: 'backwards', summary: 'A period that ends before it starts', body: { name: 'Oeps', period: { from: '2026-09-01', to: '2026-01-01' }, channels: ['sms'] }, as: utrecht, status: 400 },
    ],
  },
  getCampaign: {
    summary: 'A campaign and its results',
    description: 'For its municipalities, their unit and the board.',
    tags: ['campaigns'],
    path: campaignPathSchema,
    responses: { 200: { description: 'The campaign with its figures', schema: campaignSchema }, 404: { problem: 'No campaign with this id' } },
    examples: [
      { name: 'own', summary: 'Utrecht reads its campaign', path: { id: '{{createCampaign.own.id}}' }, as: utrecht, status: 200 },
      { name: 'other', summary: 'Amsterdam may not', path: { id: '{{createCampaign.own.id}}' }, as: amsterdam, status: 403 },
      { name: 'unknown', summary: 'No such campaign', path: { id: 'cmp_00000000-0000-4000-8000-000000000000' }, as: board, status: 404 },
    ],
  },
  actionCost: {
    summary: 'What an action cost',
    description:
      'Messages per channel as the providers bill them (SMS segments, started voice minutes, pushes), the AWS requests counted while its queue records were handled (DynamoDB capacity units, SQS requests, Lambda time), both per municipality of the recipients. Figures grow while the action runs.',
    tags: ['actions'],
    path: actionPathSchema,
    responses: { 200: { description: 'The cost so far', schema: actionCostSchema }, 404: { problem: 'No action with this id' } },
    examples: [
      { name: 'circle', summary: 'The cost of the Utrecht action', path: { id: '{{createAction.circle.id}}' }, status: 200 },
      { name: 'unknown', summary: 'No such action', path: { id: 'act_00000000-0000-4000-8000-000000000000' }, status: 404 },
    ],
  },
});

// `npm run cost -- --participants 3000000`: the fixed monthly cost of an idle deployment of that
// size, from the template `cdk synth` would produce (built here in-process, offline) and the price
// table (PRICE_TABLE_JSON / PRICE_TABLE_FILE over the defaults). Exits 1 if the template holds
// anything always-on.
import { parseArgs } from 'node:util';
import { App } from 'aws-cdk-lib';
import { BurgernetStack } from '#infra/stack';
import { localEnvironment } from '#shared/config/environment';
import { toItem } from '#shared/adapters/dynamodb/participant-store';
import { priceTableFrom } from '#shared/domain/prices';
import { encodeState } from '#shared/domain/usage';
import { DEFAULT_ASSUMPTIONS, dynamoItemBytes, idleMonthlyCost, type TemplateResource } from '#shared/domain/idle-cost';
import { demoParticipants } from './seed';

const { values } = parseArgs({ options: { participants: { type: 'string', default: '3000000' }, pollers: { type: 'string' }, json: { type: 'boolean', default: false } } });
const participants = Number(values.participants);
if (!Number.isInteger(participants) || participants < 0) {
  console.error('--participants must be a whole number');
  process.exit(2);
}

/** DynamoDB's storage overhead per item, in the table and in every index holding it. */
const OVERHEAD = 100;

/** Mean stored bytes of a participant: record, geo index entry, usage state and one month record. */
function bytesPerParticipant(): number {
  const sample = demoParticipants(500);
  const total = sample.reduce((sum, p) => {
    const item = toItem(p) as unknown as Record<string, unknown>;
    const geo = { id: item.id, gb: item.gb, gc: item.gc, lat: item.lat, lon: item.lon, ch: item.ch, ex: item.ex, mun: item.mun };
    const state = encodeState({ active: true, channels: p.channels, device: p.push !== undefined });
    const usageState = { pk: `state#${p.id}`, sk: 'state', kind: 'state', mun: p.municipalityCode, s: state };
    const month = { pk: `${p.municipalityCode}#2026-01`, sk: `par#${p.id}`, kind: 'par', from: '-', to: state };
    return sum + dynamoItemBytes(item) + dynamoItemBytes(geo) + dynamoItemBytes(usageState) + dynamoItemBytes(month) + 4 * OVERHEAD;
  }, 0);
  return Math.ceil(total / sample.length);
}

const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
new BurgernetStack(app, 'Burgernet');
const template = app.synth().getStackByName('Burgernet').template as { Resources: Record<string, TemplateResource> };
const prices = priceTableFrom(localEnvironment().priceTable);
const bytes = bytesPerParticipant();
const pollers = values.pollers === undefined ? DEFAULT_ASSUMPTIONS.pollersPerQueueMapping : Number(values.pollers);
const cost = idleMonthlyCost(template.Resources, participants, prices, { ...DEFAULT_ASSUMPTIONS, pollersPerQueueMapping: pollers, bytesPerParticipant: bytes });

if (values.json) console.log(JSON.stringify({ ...cost, bytesPerParticipant: bytes, prices: { region: prices.region, checkedOn: prices.checkedOn } }, null, 2));
else {
  const usd = (n: number) => `$${n.toFixed(2)}`;
  const rows = cost.lines.map((l) => [l.item, `${Number(l.quantity.toFixed(3)).toLocaleString('en-US')} ${l.unit}`, `$${l.unitPrice}`, usd(l.monthly), usd(l.afterFreeTier)]);
  const head = ['fixed monthly cost', 'quantity', 'unit price', 'list price', 'after free tier'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`Idle Burgernet, ${participants.toLocaleString('en-US')} participants (${bytes} bytes each in DynamoDB), ${prices.region} prices of ${prices.checkedOn}:\n`);
  console.log(fmt(head));
  for (const r of rows) console.log(fmt(r));
  console.log(fmt(['total', '', '', usd(cost.total), usd(cost.totalAfterFreeTier)]));
  console.log(`\nBilled only per use (nothing while idle): ${Object.entries(cost.perUse).map(([t, n]) => `${n} × ${t.replace(/^AWS::/, '')}`).join(', ')}.`);
  console.log(`Assumed: Lambda keeps ${pollers} long-polling pollers (20 s) per SQS trigger (--pollers N); operator-supplied secrets (webhook, participant keys) are $0.40 a month each and not in the template.`);
  if (cost.alwaysOn.length > 0) console.log(`\nALWAYS-ON RESOURCES (not allowed):\n  ${cost.alwaysOn.join('\n  ')}`);
}
process.exit(cost.alwaysOn.length > 0 ? 1 : 0);

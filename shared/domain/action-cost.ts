// What one action cost, from its usage partition: the messages each channel's provider bills
// (counted as the senders recorded them) and the AWS requests counted while its queue records
// were handled, priced with the deployment's price table and shared out per municipality.
import { channels, type Channel } from '#shared/domain/vocabulary';
import type { ActionMessageRecord, InfraRecord, UsageStore } from '#shared/ports/usage-store';
import { awsCost, roundMoney, type PriceTable } from './prices';
import { actionKey } from './usage';
import { infraUsage } from './usage-report';

export const NOT_COUNTED = [
  'the operator’s own HTTP requests (create, update, end: a few DynamoDB calls each)',
  'Lambda cold starts and SDK retries inside a call',
  'CloudWatch Logs, metrics and X-Ray traces of the work',
  'a record whose function died before it wrote its figures (never counted twice)',
] as const;

interface ChannelFigures {
  sent: number;
  failed: number;
  skipped: number;
  units: number;
  cost: number;
}

export async function actionCost(deps: { readonly usage: UsageStore; readonly prices: PriceTable }, actionId: string) {
  const records = await deps.usage.query(actionKey(actionId));
  const byChannel: Record<Channel, ChannelFigures> = { sms: zero(), voice: zero(), push: zero() };
  const byMunicipality = new Map<string, { sent: number; handled: number; messages: number }>();
  let handled = 0;
  const infra = { lambdaRequests: 0, lambdaGbSeconds: 0, dynamoReadUnits: 0, dynamoWriteUnits: 0, sqsRequests: 0 };
  const byFunction: Record<string, number> = {};
  const calls: Record<string, number> = {};
  let invocations = 0;
  for (const r of records) {
    if (r.kind === 'infra') {
      const i = r as InfraRecord;
      invocations++;
      for (const k of Object.keys(infra) as (keyof typeof infra)[]) infra[k] += i[k];
      byFunction[i.function] = (byFunction[i.function] ?? 0) + awsCost(deps.prices, infraUsage(i));
      for (const [name, n] of Object.entries(i.calls)) calls[name] = (calls[name] ?? 0) + n;
    } else if (r.kind === 'msg' && 'byMunicipality' in r) {
      const m = r as ActionMessageRecord;
      for (const [code, f] of Object.entries(m.byMunicipality)) {
        const c = byChannel[m.channel];
        c.sent += f.sent;
        c.failed += f.failed;
        c.skipped += f.skipped;
        c.units += f.units;
        c.cost += f.cost;
        const entry = byMunicipality.get(code) ?? { sent: 0, handled: 0, messages: 0 };
        entry.sent += f.sent;
        entry.handled += f.sent + f.failed + f.skipped;
        entry.messages += f.cost;
        byMunicipality.set(code, entry);
        handled += f.sent + f.failed + f.skipped;
      }
    }
  }
  const p = deps.prices.aws;
  const infraTotal = awsCost(deps.prices, infra);
  const messagesTotal = channels.reduce((s, c) => s + byChannel[c].cost, 0);
  const recipients = channels.reduce((s, c) => s + byChannel[c].sent, 0);
  return {
    actionId,
    currency: deps.prices.currency,
    pricesCheckedOn: deps.prices.checkedOn,
    messages: {
      sms: { sent: byChannel.sms.sent, failed: byChannel.sms.failed, skipped: byChannel.sms.skipped, segments: byChannel.sms.units, cost: roundMoney(byChannel.sms.cost) },
      voice: { calls: byChannel.voice.sent, failed: byChannel.voice.failed, skipped: byChannel.voice.skipped, minutes: byChannel.voice.units, cost: roundMoney(byChannel.voice.cost) },
      push: { sent: byChannel.push.sent, failed: byChannel.push.failed, skipped: byChannel.push.skipped, cost: roundMoney(byChannel.push.cost) },
      total: roundMoney(messagesTotal),
    },
    infrastructure: {
      invocations,
      lambda: { requests: round(infra.lambdaRequests), gbSeconds: round(infra.lambdaGbSeconds), cost: roundMoney(infra.lambdaGbSeconds * p.lambdaPerGbSecond + (infra.lambdaRequests * p.lambdaPerMillionRequests) / 1e6) },
      dynamodb: { readUnits: round(infra.dynamoReadUnits), writeUnits: round(infra.dynamoWriteUnits), cost: roundMoney((infra.dynamoReadUnits * p.dynamoPerMillionReadUnits + infra.dynamoWriteUnits * p.dynamoPerMillionWriteUnits) / 1e6) },
      sqs: { requests: round(infra.sqsRequests), cost: roundMoney((infra.sqsRequests * p.sqsPerMillionRequests) / 1e6) },
      byFunction: Object.fromEntries(Object.entries(byFunction).map(([k, v]) => [k, roundMoney(v)])),
      calls,
      total: roundMoney(infraTotal),
      /** Unrounded, for figures too small for a hundredth of a cent. */
      exact: infraTotal,
      notCounted: NOT_COUNTED,
    },
    total: roundMoney(messagesTotal + infraTotal),
    perMessageSent: recipients > 0 ? { messages: messagesTotal / recipients, infrastructure: infraTotal / recipients } : null,
    byMunicipality: [...byMunicipality]
      .map(([code, m]) => ({
        municipalityCode: code,
        messagesSent: m.sent,
        cost: { messages: roundMoney(m.messages), infrastructure: roundMoney(handled > 0 ? (infraTotal * m.handled) / handled : 0) },
      }))
      .sort((a, b) => b.messagesSent - a.messagesSent || a.municipalityCode.localeCompare(b.municipalityCode)),
  };
}

const zero = (): ChannelFigures => ({ sent: 0, failed: 0, skipped: 0, units: 0, cost: 0 });
const round = (n: number) => Math.round(n * 1000) / 1000;

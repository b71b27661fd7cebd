// Resolves one function's configuration from the topology: its own tables, queues, buckets and
// secrets, its memory and timeout, its pace (senders), and the deployment's settings over the
// topology's defaults. The CDK stack serialises the result into the Lambda; the local runtime
// hands the object to the function's local world. Nothing else derives configuration.
import { channels, type Channel } from '#shared/domain/vocabulary';
import type { Quotas } from '#shared/domain/quotas';
import { functionConfigSchema, parseFunctionConfig, type FunctionConfig, type Settings } from '#shared/config/function-config';
import { defaultSettings, functionDefaults, functions, quotaRatePerSecond, senderOf, type FunctionName, type FunctionSpec } from './topology';

type Deep<T> = { [K in keyof T]?: T[K] extends object ? Deep<T[K]> : T[K] };

/** What a deployment (CDK context) or a local start sets over the topology's defaults. */
export interface SettingOverrides extends Deep<Omit<Settings, 'senders'>> {
  readonly quotas?: Deep<Quotas>;
  /** Local: every sender instance paces at this rate instead of its quota share (0 = unpaced). */
  readonly sendRatePerInstance?: number;
}

/** Where the function's resources are: physical names by topology name, and the world's details. */
export interface Resources {
  readonly world: FunctionConfig['world'];
  readonly tables: Readonly<Record<string, string>>;
  readonly queues: Readonly<Record<string, string>>;
  readonly buckets?: Readonly<Record<string, string>>;
  readonly secrets?: FunctionConfig['secrets'];
  readonly messaging?: FunctionConfig['messaging'];
  readonly location?: FunctionConfig['location'];
  readonly webhook?: FunctionConfig['webhook'];
  readonly local?: FunctionConfig['local'];
}

const merge = <T extends object>(base: T, over: Deep<T> | undefined): T => {
  // Plain data only: settings are numbers and strings in nested records.
  if (!over) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const b = (base as Record<string, unknown>)[k];
    out[k] = b && typeof b === 'object' && typeof v === 'object' ? merge(b as object, v as Deep<object>) : v;
  }
  return out as T;
};

const spec = (name: FunctionName): FunctionSpec => functions[name];

/** The provider calls per second one instance of a channel's sender makes. */
function pace(channel: Channel, quotas: Quotas, overrides: SettingOverrides): number {
  if (overrides.sendRatePerInstance !== undefined) return overrides.sendRatePerInstance;
  const trigger = spec(senderOf[channel]).trigger;
  const instances = trigger.type === 'sqs' ? trigger.maxConcurrency : 1;
  return quotaRatePerSecond(channel, quotas) / instances;
}

/** The deployment's settings: the topology's defaults with the overrides over them. */
export function resolveSettings(overrides: SettingOverrides = {}): Settings {
  const { quotas: quotaOverrides, sendRatePerInstance: _pace, ...rest } = overrides;
  const quotas = merge(defaultSettings.quotas, quotaOverrides);
  const { quotas: _q, ...base } = defaultSettings;
  const senders = Object.fromEntries(
    channels.map((c) => [c, { memoryMb: spec(senderOf[c]).memoryMb ?? functionDefaults.memoryMb, ratePerInstance: pace(c, quotas, overrides), quotaPerSecond: quotaRatePerSecond(c, quotas) }]),
  ) as Settings['senders'];
  return { ...merge({ ...base, priceTable: {} } as Omit<Settings, 'senders'>, rest as Deep<Omit<Settings, 'senders'>>), senders };
}

const pick = (all: Readonly<Record<string, string>> | undefined, wanted: readonly string[]): Record<string, string> =>
  Object.fromEntries(wanted.filter((k) => all?.[k] !== undefined).map((k) => [k, all![k]!]));

/** One function's configuration: only what its topology entry grants, with every default applied. */
export function resolveFunctionConfig(name: FunctionName, resources: Resources, settings: Settings = resolveSettings()): FunctionConfig {
  const s = spec(name);
  const sender = (Object.entries(senderOf) as [Channel, FunctionName][]).find(([, fn]) => fn === name)?.[0];
  const config: FunctionConfig = {
    name,
    world: resources.world,
    memoryMb: s.memoryMb ?? functionDefaults.memoryMb,
    timeoutSeconds: s.timeoutSeconds ?? functionDefaults.timeoutSeconds,
    ...(sender ? { pacePerSecond: settings.senders[sender].ratePerInstance } : {}),
    tables: pick(resources.tables, Object.keys(s.tables)),
    queues: pick(resources.queues, s.sendsTo),
    buckets: pick(resources.buckets, Object.keys(s.buckets ?? {})),
    secrets: Object.fromEntries((s.secrets ?? []).flatMap((k) => (resources.secrets?.[k] ? [[k, resources.secrets[k]]] : []))),
    messaging: resources.messaging ?? {},
    location: resources.location ?? {},
    webhook: resources.webhook ?? {},
    local: resources.local ?? {},
    settings,
  };
  // Tokens (CDK) are strings too, so the same schema checks a synthesised configuration's shape.
  return resources.world === 'local' ? parseFunctionConfig(config) : (functionConfigSchema.parse(config) as FunctionConfig);
}

// `npx burgernet …`: the operator CLI over the public API. Configured by BURGERNET_URL and
// BURGERNET_TOKEN; every failure is one line on stderr and a non-zero exit (2: the command line
// or the configuration, 1: the API refused or could not be reached).
import { parseArgs } from 'node:util';
import { ApiClient, ApiError, UnreachableError } from './api-client';
import { ConfigError, resolveConfig, type CliEnv } from './config';
import { cliEnvironment } from '#shared/config/environment';
import { UsageError } from './action-input';
import { actionCommands, actionFlags } from './actions';
import { WatchTimeout, type Output } from './watch';

export const USAGE = `usage: burgernet actions <command> [options]

  start     --file action.json | flags     start an action (prints its id)
              flags: --type heterdaad|vermissing|vermist-kind|overig --title T --text T
                     --lat N --lon N --radius METRES | --polygon GEOJSON
                     --channels sms,voice,push --sms T --voice T --push-title T --push-body T
                     --exercise --idempotency-key K   -q prints only the id, -w watches it
  preview   --file action.json | flags     recipients, segments, cost and approval; sends nothing
  update    ID --text T [--lat --lon --radius | --polygon] [--channels] [--sms …]
  end       ID --outcome aangehouden|gevonden|niet-gevonden|overig --text T
  cancel    ID --text T                     withdraw an action sent in error
  approve   ID                              release an action waiting for a second operator
  list      [--limit N] [--cursor C]        newest first
  show      ID                              details and counts per bulletin and channel
  timeline  ID                              every operator act and fan-out step
  watch     ID [--seq N] [--interval MS] [--timeout S]
                                            live bars per channel until the fan-out is done

  --json prints the API's answer as it is.

environment:
  BURGERNET_URL    the API (default locally: the running npm start, from .data/endpoint.json)
  BURGERNET_TOKEN  an operator token (locally: npm run -s token -- --role operator --sub NAME)`;

export async function main(argv: readonly string[], env: CliEnv = cliEnvironment(), io: { out: Output; err: Output } = { out: process.stdout, err: process.stderr }): Promise<number> {
  const fail = (code: number, message: string) => {
    io.err.write(`burgernet: ${message}\n`);
    return code;
  };
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: actionFlags, allowPositionals: true, strict: true });
  } catch (err) {
    return fail(2, `${(err as Error).message}\n${USAGE}`);
  }
  const [group, command, ...positionals] = parsed.positionals;
  if (!group || group === 'help' || parsed.values.help) {
    io.out.write(`${USAGE}\n`);
    return group || parsed.values.help ? 0 : 2;
  }
  const run = group === 'actions' && command ? actionCommands[command] : undefined;
  if (!run) return fail(2, `unknown command: ${[group, command].filter(Boolean).join(' ')}\n${USAGE}`);
  try {
    const client = new ApiClient(resolveConfig(env));
    await run(client, positionals, parsed.values, io);
    return 0;
  } catch (err) {
    if (err instanceof ApiError) return fail(1, err.oneLine());
    if (err instanceof UsageError || err instanceof ConfigError) return fail(2, err.message);
    if (err instanceof UnreachableError || err instanceof WatchTimeout) return fail(1, err.message);
    return fail(1, err instanceof Error ? err.message : String(err));
  }
}

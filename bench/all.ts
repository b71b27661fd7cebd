// `npm run bench [-- options]`: selection, PostGIS comparison, end-to-end, load, then pacing.
// Each bench runs in a process of its own, so the selection bench's large heap and dynalite are
// gone before the next. The selection bench writes bench/results/latest.json afresh; the PostGIS,
// end-to-end and load benches merge their sections into it. `--help` lists every option.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);

/** Options of this script, with the bench option they become (if any). */
const OWN = {
  '--no-selection': 'skip the selection bench (the PostGIS ratio then uses latest.json as it is)',
  '--no-postgis': 'skip the PostGIS comparison (bench/postgis.ts)',
  '--no-e2e': 'skip the end-to-end bench (bench/e2e.ts)',
  '--no-load': 'skip the load bench (bench/load.ts)',
  '--no-pacing': 'skip the pacing bench (bench/pacing.ts)',
  '--pacing-only': 'run only the pacing bench',
} as const;
const VALUED = {
  '--load-seconds': ['load.ts', '--seconds', 'load bench duration (default 60)'],
  '--load-rate': ['load.ts', '--rate', 'load bench requests/s (default 20)'],
  '--e2e-actions': ['e2e.ts', '--actions', 'small actions timed POST → first message (default 20)'],
  '--e2e-channels': ['e2e.ts', '--channels', 'channels of the 5 km end-to-end action (default sms)'],
  '--pg': ['postgis.ts', '--pg', 'use this PostgreSQL URL instead of a throwaway cluster'],
} as const satisfies Record<string, readonly [string, string, string]>;
type Valued = keyof typeof VALUED;

const has = (flag: keyof typeof OWN) => args.includes(flag);
const help = args.includes('--help');
const extra: Record<string, string[]> = { 'postgis.ts': [], 'e2e.ts': [], 'load.ts': [] };
const selectionArgs: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  const [flag, inline] = a.split('=', 2) as [string, string | undefined];
  if (flag in VALUED) {
    const [script, option] = VALUED[flag as Valued];
    const value = inline ?? args[++i];
    if (value === undefined) {
      console.error(`${flag} needs a value`);
      process.exit(2);
    }
    extra[script]!.push(option, value);
  } else if (!(a in OWN)) selectionArgs.push(a);
}
// The crowd size is shared: the PostGIS table, the end-to-end and load crowds are the same participants.
const participantsAt = selectionArgs.findIndex((a) => a === '--participants' || a.startsWith('--participants='));
const participants =
  participantsAt < 0 ? [] : selectionArgs[participantsAt]!.includes('=') ? [selectionArgs[participantsAt]!] : ['--participants', selectionArgs[participantsAt + 1] ?? ''];

const run = (script: string, nodeArgs: string[], scriptArgs: string[]): number => {
  const out = spawnSync(process.execPath, [...nodeArgs, '--import', 'tsx', join(here, script), ...scriptArgs], { stdio: 'inherit' });
  return out.status ?? 1;
};

if (help) {
  console.log(`npm run bench [-- options]: selection, PostGIS, end-to-end, load and pacing benches, each in its own process.
  ${Object.entries(OWN)
    .map(([f, d]) => `${f.padEnd(20)} ${d}`)
    .join('\n  ')}
  ${Object.entries(VALUED)
    .map(([f, [, , d]]) => `${`${f} X`.padEnd(20)} ${d}`)
    .join('\n  ')}
Every other option goes to the selection bench; --participants also sets the crowd of the others.
`);
  const benches: [string, string[]][] = [['selection.ts', ['--max-old-space-size=8192']], ['postgis.ts', []], ['e2e.ts', []], ['load.ts', []], ['pacing.ts', []]];
  for (const [script, nodeArgs] of benches) {
    console.log(`--- bench/${script}`);
    run(script, nodeArgs, ['--help']);
  }
  process.exit(0);
}

const steps: [string, string[], string[], boolean][] = [
  ['selection.ts', ['--max-old-space-size=8192'], selectionArgs, !has('--no-selection')],
  ['postgis.ts', [], [...participants, ...extra['postgis.ts']!], !has('--no-postgis')],
  ['e2e.ts', [], [...participants, ...extra['e2e.ts']!], !has('--no-e2e')],
  ['load.ts', [], [...participants, ...extra['load.ts']!], !has('--no-load')],
];
let status = 0;
const failed: string[] = [];
if (!has('--pacing-only')) {
  for (const [script, nodeArgs, scriptArgs, enabled] of steps) {
    if (!enabled) continue;
    if (script !== 'selection.ts') console.log('');
    const code = run(script, nodeArgs, scriptArgs);
    // A failed selection bench (recipient mismatch) stops everything, as before; later benches run on.
    if (code !== 0 && script === 'selection.ts') process.exit(code);
    if (code !== 0) failed.push(script);
  }
}
if (!has('--no-pacing')) {
  console.log('');
  status = run('pacing.ts', [], []);
  if (status !== 0) failed.push('pacing.ts');
}
if (failed.length > 0) console.error(`\nfailed: ${failed.join(', ')}`);
process.exit(failed.length > 0 ? 1 : 0);

// `npm run bench [-- selection options]`: the selection bench, then the pacing bench.
// Options go to the selection bench as before (`--participants 200000`, `--help`, …);
// `--no-pacing` skips the pacing bench, `--pacing-only` runs nothing else. Each bench runs in a
// process of its own, so the selection bench's large heap and dynalite are gone before pacing.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const pacingOnly = args.includes('--pacing-only');
const noPacing = args.includes('--no-pacing');
const selectionArgs = args.filter((a) => a !== '--pacing-only' && a !== '--no-pacing');
const help = selectionArgs.includes('--help');

const run = (script: string, nodeArgs: string[], scriptArgs: string[]): number => {
  const out = spawnSync(process.execPath, [...nodeArgs, '--import', 'tsx', join(here, script), ...scriptArgs], { stdio: 'inherit' });
  return out.status ?? 1;
};

if (help) console.log('npm run bench runs bench/selection.ts with these options, then bench/pacing.ts (--no-pacing skips it, --pacing-only runs only it).\n');
let status = 0;
if (!pacingOnly) status = run('selection.ts', ['--max-old-space-size=8192'], selectionArgs);
if (status === 0 && !noPacing) {
  if (!pacingOnly && !help) console.log('');
  status = run('pacing.ts', [], help ? ['--help'] : []);
}
process.exit(status);

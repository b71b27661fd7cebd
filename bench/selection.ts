// `npm run bench [-- --participants N] [--data DIR] [--keep] [--gap-budget X] [--sweep 0,0.05,0.2]`
//
// Recipient selection on a national register: loads N synthetic participants (fixed seed,
// clustered around Dutch cities) into dynalite, then for five test areas measures the geo index
// (coverRanges + selectRecipients: Query calls, items read, time) against the naive baseline (a
// full Scan with the same exact point-in-area test), checks both against a brute-force count over
// the generated points, prints a table and writes bench/results/latest.json.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getResolution } from 'h3-js';
import { createDocumentClient, createDynamoClient } from '#shared/adapters/dynamodb/client';
import { DynamoParticipantStore } from '#shared/adapters/dynamodb/participant-store';
import { areaSquareMeters, containsPoint, type Area } from '#shared/domain/area';
import { coverCells, coverRanges, type CoverOptions } from '#shared/domain/geo-index';
import { selectRecipients } from '#shared/domain/fanout';
import { createTables, startStoreProcess } from '#shared/local/store';
import { quietLocalSdk } from '#shared/config/environment';
import { Progress } from '#shared/terminal/progress';
import type { ReadStats } from '#shared/ports/participant-store';
import { benchId, generatePopulation, landMaskPath, loadLandMask, participantAt, BENCH_SEED, type Population } from './synthetic';
import { AREAS } from './areas';
import { fmt, median, table } from './report';
import { coverMisses, parseVariant, variantCover, variantName, variantRanges, type VariantOptions } from './cover-variants';

// The SDK's "node 22 after January 2027" notice is noise in a figures printout.
quietLocalSdk();

const here = dirname(fileURLToPath(import.meta.url));
const TABLE = 'participants';
const SEED = BENCH_SEED;
const LOAD_CHUNK = 500;
/** Goals from the issue. */
const GOAL_ITEMS_PER_RECIPIENT = 1.25;
const GOAL_QUERY_CALLS_15KM = 60;

// ---------------------------------------------------------------- arguments

const { values: args } = parseArgs({
  options: {
    participants: { type: 'string', default: '2300000' },
    data: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'gap-budget': { type: 'string' },
    sweep: { type: 'string' },
    runs: { type: 'string', default: '3' },
    'scan-segments': { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '8' },
    'no-scan': { type: 'boolean', default: false },
    'cover-samples': { type: 'string', default: '200000' },
    variants: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`usage: npm run bench -- [options]
  --participants N     synthetic participants to load (default 2,300,000)
  --data DIR           dynalite data folder; reused when it holds the same crowd (default: a temp dir, removed at the end)
  --keep               keep the temp data folder
  --gap-budget X       coverRanges gapBudget for the main measurement (default: the library default)
  --sweep LIST         also measure the index with these gap budgets, e.g. 0,0.02,0.05,0.1,0.2
  --runs N             timed selection runs per area, the median is reported (default 3)
  --scan-segments N    parallel Scan segments for the baseline (default 4)
  --concurrency N      putMany calls in flight while loading (default 8)
  --no-scan            skip the full-Scan baseline
  --cover-samples N    random points per area for the key-space cover check (default 200,000; 0 skips)
  --variants LIST      also measure modified covers (bench/cover-variants.ts), e.g. d12:g0.05:k1.1,d16:g0.05:k1.1
                       (d: radius divisor of the cover resolution, g: gap budget, k: H3 overhang fix); "default" for a preset`);
  process.exit(0);
}

const int = (name: string, text: string, min: number): number => {
  const n = Number(text.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be an integer ≥ ${min}, got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return n;
};
const budget = (text: string): number => {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`gap budget must be a number ≥ 0, got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return n;
};
const participants = int('participants', args.participants, 1);
const runs = int('runs', args.runs, 1);
const segments = int('scan-segments', args['scan-segments'], 1);
const concurrency = int('concurrency', args.concurrency, 1);
const mainCover: CoverOptions = args['gap-budget'] === undefined ? {} : { gapBudget: budget(args['gap-budget']) };
const sweep = args.sweep === undefined ? [] : args.sweep.split(',').map(budget);
const coverSamples = int('cover-samples', args['cover-samples'], 0);
const DEFAULT_VARIANTS = 'd12:g0.05:k0,d12:g0.05:k1.1,d12:g0.1:k1.1,d12:g0.2:k1.1,d10:g0.05:k1.1,d10:g0.1:k1.1,d8:g0.05:k1.1,d8:g0.1:k1.1,d6:g0.05:k1.1';
let variants: VariantOptions[] = [];
try {
  variants = args.variants === undefined ? [] : (args.variants === 'default' ? DEFAULT_VARIANTS : args.variants).split(',').map(parseVariant);
} catch (err) {
  console.error(`--variants: ${(err as Error).message}`);
  process.exit(2);
}

// ---------------------------------------------------------------- helpers

const log = (line: string) => console.log(line);
const status = (line: string) => {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${line}`);
};
const clearStatus = () => {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
};

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return set.size === a.length && b.every((id) => set.has(id));
}

/** Peak resident memory of a process in MiB (Linux), or undefined. */
function peakRssMiB(pid: number | undefined): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid ?? 'self'}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- measurements

interface IndexRun {
  ms: number;
  ranges: number;
  stats: ReadStats;
  ids: string[];
}

async function indexRun(store: DynamoParticipantStore, area: Area, cover: CoverOptions): Promise<IndexRun> {
  const stats: ReadStats = { queryCalls: 0, itemsRead: 0 };
  const started = performance.now();
  const ranges = coverRanges(area, cover);
  const recipients = await selectRecipients(store, { exercise: false }, [area], ranges, stats);
  const ms = performance.now() - started;
  return { ms, ranges: ranges.length, stats, ids: recipients.map((r) => r.id) };
}

/** Figures of repeated index runs: counts from the first, time as the median. */
function indexFigures(key: string, samples: readonly IndexRun[], expected: readonly string[]) {
  const run = samples[0]!;
  return {
    key,
    recipients: run.ids.length,
    matchesBruteForce: sameIds(run.ids, expected),
    ranges: run.ranges,
    queryCalls: run.stats.queryCalls,
    itemsRead: run.stats.itemsRead,
    itemsReadPerRecipient: run.ids.length > 0 ? run.stats.itemsRead / run.ids.length : null,
    selectionMs: median(samples.map((s) => s.ms)),
  };
}

async function scanRun(db: DynamoDBDocumentClient, area: Area): Promise<{ ms: number; calls: number; itemsRead: number; ids: string[] }> {
  const inside = containsPoint(area);
  const ids: string[] = [];
  let calls = 0;
  let itemsRead = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new ScanCommand({
            TableName: TABLE,
            ...(segments > 1 ? { Segment: segment, TotalSegments: segments } : {}),
            ProjectionExpression: 'id, lat, lon, st',
            ExclusiveStartKey: start,
          }),
        );
        calls++;
        itemsRead += page.ScannedCount ?? 0;
        for (const item of page.Items ?? []) {
          if (item.st === 'active' && inside(item.lat as number, item.lon as number)) ids.push(item.id as string);
        }
        start = page.LastEvaluatedKey;
      } while (start);
    }),
  );
  return { ms: performance.now() - started, calls, itemsRead, ids };
}

function bruteForce(pop: Population, area: Area): { ms: number; ids: string[] } {
  const inside = containsPoint(area);
  const started = performance.now();
  const hits: number[] = [];
  for (let i = 0; i < pop.count; i++) if (inside(pop.lat[i]!, pop.lon[i]!)) hits.push(i);
  const ms = performance.now() - started;
  return { ms, ids: hits.map(benchId) };
}

async function load(store: DynamoParticipantStore, pop: Population): Promise<number> {
  const started = performance.now();
  let next = 0;
  let loaded = 0;
  // A bar with ETA on a terminal; elsewhere only the "loaded …" line the caller logs.
  const progress = new Progress('loading', { unit: 'participants', total: pop.count });
  const ticker = progress.interactive ? setInterval(() => progress.update(loaded), 250) : undefined;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let from = next; from < pop.count; from = next) {
          next = from + LOAD_CHUNK;
          const to = Math.min(pop.count, from + LOAD_CHUNK);
          const batch = [];
          for (let i = from; i < to; i++) batch.push(participantAt(pop, i));
          await store.putMany(batch);
          loaded += batch.length;
        }
      }),
    );
  } finally {
    clearInterval(ticker);
    progress.clear();
  }
  return (performance.now() - started) / 1000;
}

// ---------------------------------------------------------------- main

const benchStarted = performance.now();
const defaultDir = args.data === undefined;
const dataDir = resolve(args.data ?? mkdtempSync(join(tmpdir(), 'burgernet-bench-')));
const metaFile = join(dataDir, 'bench-meta.json');

log(`Burgernet selection bench: ${fmt(participants)} participants, seed ${SEED}, node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}`);

const started = performance.now();
const mask = loadLandMask(landMaskPath);
const pop = generatePopulation(participants, SEED, mask);
const generateSeconds = (performance.now() - started) / 1000;
log(`generated ${fmt(participants)} positions in ${fmt(generateSeconds, 1)} s (land mask: ${mask.source})`);

const meta = { participants, seed: SEED, mask: mask.source, generator: 2 };
const reuse = existsSync(metaFile) && readFileSync(metaFile, 'utf8') === JSON.stringify(meta);
if (!reuse && existsSync(join(dataDir, 'dynamodb')) && readdirSync(join(dataDir, 'dynamodb')).length > 0) {
  console.error(`${dataDir} holds other data (not this bench's crowd); give an empty or new --data folder`);
  process.exit(2);
}
mkdirSync(dataDir, { recursive: true });

// LevelDB work and the client's (un)marshalling use both cores, as a database across a network would.
const dynalite = await startStoreProcess(dataDir, { maxOldSpaceMb: 4096 });
const { endpoint } = dynalite;
const client = createDynamoClient(endpoint);
const db = createDocumentClient(client);
const store = new DynamoParticipantStore(db, TABLE);
let exitCode = 0;

try {
  await createTables(client);
  let loadSeconds: number | undefined;
  if (reuse) log(`reusing the loaded table in ${dataDir}`);
  else {
    loadSeconds = await load(store, pop);
    writeFileSync(metaFile, JSON.stringify(meta));
    log(`loaded ${fmt(participants)} participants in ${fmt(loadSeconds, 1)} s: ${fmt(participants / loadSeconds)} items/s (${concurrency} × putMany of ${LOAD_CHUNK} in flight, dynalite in a child process)`);
  }

  const results = [];
  const mismatches: string[] = [];
  const bruteIds = new Map<string, string[]>();
  for (const { key, name, area } of AREAS) {
    status(`${name}: index…`);
    const coverRes = Math.max(...coverCells(area).map(getResolution));
    const libraryRanges = coverRanges(area, mainCover);
    status(`${name}: cover check…`);
    const cover = coverSamples > 0 ? coverMisses(area, libraryRanges, coverSamples, SEED) : undefined;
    if (cover && cover.missed > 0) {
      mismatches.push(`${name}: ${cover.missed} of ${cover.inside} random points inside the area have a geo key outside every range (never alerted)`);
    }
    const index: IndexRun[] = [];
    for (let r = 0; r < runs; r++) index.push(await indexRun(store, area, mainCover));
    const first = index[0]!;
    for (const run of index.slice(1)) {
      if (!sameIds(run.ids, first.ids)) mismatches.push(`${name}: index runs disagree (${run.ids.length} vs ${first.ids.length})`);
    }
    status(`${name}: brute force…`);
    const brute = bruteForce(pop, area);
    bruteIds.set(key, brute.ids);
    if (!sameIds(first.ids, brute.ids)) mismatches.push(`${name}: index found ${first.ids.length} recipients, brute force over the generated points ${brute.ids.length}`);
    let scan: Awaited<ReturnType<typeof scanRun>> | undefined;
    if (!args['no-scan']) {
      status(`${name}: full Scan…`);
      scan = await scanRun(db, area);
      if (!sameIds(first.ids, scan.ids)) mismatches.push(`${name}: index found ${first.ids.length} recipients, full Scan ${scan.ids.length}`);
    }
    clearStatus();
    const indexMs = median(index.map((r) => r.ms));
    const recipients = first.ids.length;
    results.push({
      key,
      name,
      area,
      areaKm2: areaSquareMeters(area) / 1e6,
      coverResolution: coverRes,
      coverCheck: cover && { samplesInside: cover.inside, missed: cover.missed, missedPpm: (1e6 * cover.missed) / Math.max(1, cover.inside) },
      index: {
        recipients,
        ranges: first.ranges,
        queryCalls: first.stats.queryCalls,
        itemsRead: first.stats.itemsRead,
        itemsReadPerRecipient: recipients > 0 ? first.stats.itemsRead / recipients : null,
        selectionMs: indexMs,
        selectionMsRuns: index.map((r) => r.ms),
      },
      bruteForce: { recipients: brute.ids.length, ms: brute.ms, matches: sameIds(first.ids, brute.ids) },
      scan: scan && {
        recipients: scan.ids.length,
        scanCalls: scan.calls,
        itemsRead: scan.itemsRead,
        ms: scan.ms,
        matches: sameIds(first.ids, scan.ids),
        msRatio: scan.ms / indexMs,
        itemsReadRatio: scan.itemsRead / Math.max(1, first.stats.itemsRead),
      },
    });
    log(`${name}: ${fmt(recipients)} recipients, ${first.stats.queryCalls} Query calls, ${fmt(indexMs, 1)} ms${scan ? `; Scan ${fmt(scan.ms)} ms` : ''}`);
  }

  const sweepResults: (ReturnType<typeof indexFigures> & { gapBudget: number })[] = [];
  for (const gapBudget of sweep) {
    for (const { key, name, area } of AREAS) {
      status(`sweep gapBudget ${gapBudget}: ${name}…`);
      const samples: IndexRun[] = [];
      for (let r = 0; r < runs; r++) samples.push(await indexRun(store, area, { gapBudget }));
      sweepResults.push({ gapBudget, ...indexFigures(key, samples, bruteIds.get(key)!) });
    }
  }
  const variantResults = [];
  for (const v of variants) {
    for (const { key, name, area } of AREAS) {
      status(`variant ${variantName(v)}: ${name}…`);
      const cover = coverSamples > 0 ? coverMisses(area, variantRanges(area, v), coverSamples, SEED) : undefined;
      const samples: IndexRun[] = [];
      for (let r = 0; r < runs; r++) samples.push(await indexRun(store, area, variantCover(v)));
      variantResults.push({
        variant: variantName(v),
        options: v,
        ...indexFigures(key, samples, bruteIds.get(key)!),
        coverCheck: cover && { samplesInside: cover.inside, missed: cover.missed },
      });
    }
  }
  clearStatus();

  // ---------------------------------------------------------------- report
  const goals = results.map((r) => ({
    key: r.key,
    itemsPerRecipientOk: r.index.itemsReadPerRecipient === null || r.index.itemsReadPerRecipient <= GOAL_ITEMS_PER_RECIPIENT,
    queryCallsOk: r.key !== 'rotterdam-15km' || r.index.queryCalls <= GOAL_QUERY_CALLS_15KM,
  }));
  const ratio = (x: number | null | undefined, digits = 2) => (x === null || x === undefined ? '–' : fmt(x, digits));
  log('');
  log(`Selection per area (index: coverRanges + selectRecipients, median of ${runs} runs; baseline: full Scan, ${segments} parallel segments, same exact test)`);
  log(
    table(
      ['area', 'km²', 'res', 'recipients', 'ranges', 'Query calls', 'items read', 'items/recip.', 'select ms', 'Scan items', 'Scan ms', 'ms ratio', 'items ratio', 'cover gaps', 'check'],
      results.map((r) => [
        r.name,
        fmt(r.areaKm2, 1),
        String(r.coverResolution),
        fmt(r.index.recipients),
        fmt(r.index.ranges),
        fmt(r.index.queryCalls),
        fmt(r.index.itemsRead),
        ratio(r.index.itemsReadPerRecipient, 3),
        fmt(r.index.selectionMs, 1),
        r.scan ? fmt(r.scan.itemsRead) : '–',
        r.scan ? fmt(r.scan.ms) : '–',
        r.scan ? `${fmt(r.scan.msRatio, 0)}×` : '–',
        r.scan ? `${fmt(r.scan.itemsReadRatio, 0)}×` : '–',
        r.coverCheck ? `${r.coverCheck.missed}/${fmt(r.coverCheck.samplesInside)}` : '–',
        r.bruteForce.matches && (r.scan?.matches ?? true) ? 'ok' : 'MISMATCH',
      ]),
    ),
  );
  /** The columns the sweep and variant tables share. */
  const indexCells = (s: ReturnType<typeof indexFigures>) => [
    s.key,
    fmt(s.ranges),
    fmt(s.queryCalls),
    fmt(s.itemsRead),
    ratio(s.itemsReadPerRecipient, 3),
    fmt(s.selectionMs, 1),
    `${fmt(s.recipients)}${s.matchesBruteForce ? '' : ' (≠ brute force)'}`,
  ];
  if (sweepResults.length > 0) {
    log('');
    log(`gapBudget sweep (index only, median of ${runs} runs)`);
    log(
      table(
        ['gapBudget', 'area', 'ranges', 'Query calls', 'items read', 'items/recip.', 'select ms', 'recipients'],
        sweepResults.map((s) => [String(s.gapBudget), ...indexCells(s)]),
        2,
      ),
    );
  }
  if (variantResults.length > 0) {
    log('');
    log(`cover variants (bench/cover-variants.ts; d: cover cell edge ≤ radius/d, g: gapBudget, k: H3 overhang fix; median of ${runs} runs)`);
    log(
      table(
        ['variant', 'area', 'ranges', 'Query calls', 'items read', 'items/recip.', 'select ms', 'recipients', 'cover gaps'],
        variantResults.map((s) => [s.variant, ...indexCells(s), s.coverCheck ? `${s.coverCheck.missed}/${fmt(s.coverCheck.samplesInside)}` : '–']),
        2,
      ),
    );
  }
  log('');
  for (const r of results) {
    const g = goals.find((x) => x.key === r.key)!;
    log(`goal items read per recipient ≤ ${GOAL_ITEMS_PER_RECIPIENT}: ${g.itemsPerRecipientOk ? 'met   ' : 'MISSED'} ${r.name} (${ratio(r.index.itemsReadPerRecipient, 3)})`);
  }
  const rotterdam = results.find((r) => r.key === 'rotterdam-15km')!;
  log(`goal ≤ ${GOAL_QUERY_CALLS_15KM} Query calls for the 15 km circle: ${rotterdam.index.queryCalls <= GOAL_QUERY_CALLS_15KM ? 'met' : 'MISSED'} (${rotterdam.index.queryCalls})`);

  if (mismatches.length > 0) {
    exitCode = 1;
    console.error('');
    console.error('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
    console.error('!!! RECIPIENT MISMATCH: the index does not select what it must select !!!');
    for (const m of mismatches) console.error(`!!! ${m}`);
    console.error('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
  }

  const totalSeconds = (performance.now() - benchStarted) / 1000;
  const out = {
    date: new Date().toISOString(),
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    machine: {
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim(),
      totalMemoryGiB: Math.round(totalmem() / 2 ** 30),
    },
    participants,
    seed: SEED,
    landMask: mask.source,
    store: 'dynalite 4 (LevelDB on disk) in a child process',
    generateSeconds,
    loadSeconds,
    loadItemsPerSecond: loadSeconds ? participants / loadSeconds : undefined,
    selectionTiming: `median of ${runs} runs of coverRanges + selectRecipients`,
    scanBaseline: args['no-scan'] ? null : `full Scan, ${segments} parallel segments, ProjectionExpression id/lat/lon/st, same containsPoint test`,
    coverOptions: mainCover,
    goals: { itemsReadPerRecipientMax: GOAL_ITEMS_PER_RECIPIENT, queryCalls15kmMax: GOAL_QUERY_CALLS_15KM, results: goals },
    areas: results,
    coverCheck: coverSamples > 0 ? `${coverSamples} uniform random points over each area's bounding box; those inside must have a geo key inside a range` : null,
    sweep: sweepResults,
    variants: variantResults,
    mismatches,
    peakRssMiB: { bench: peakRssMiB(undefined), dynalite: peakRssMiB(dynalite.pid) },
    totalSeconds,
  };
  const resultsDir = join(here, 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(out, null, 2)}\n`);
  log('');
  log(`peak memory: bench ${out.peakRssMiB.bench ?? '?'} MiB, dynalite ${out.peakRssMiB.dynalite ?? '?'} MiB; total ${fmt(totalSeconds, 1)} s; wrote bench/results/latest.json`);
} catch (err) {
  exitCode = 1;
  clearStatus();
  console.error(err);
} finally {
  client.destroy();
  await dynalite.close();
  if (defaultDir && !args.keep) rmSync(dataDir, { recursive: true, force: true });
  else log(`data kept in ${dataDir} (rerun with --data ${dataDir} to skip loading)`);
}
process.exit(exitCode);

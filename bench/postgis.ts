// `node --import tsx bench/postgis.ts [--participants N] [--runs 3] [--pg postgres://…]`
//
// The selection bench's areas on PostGIS, for comparison: loads the same synthetic participants
// (same generator, seed and land mask as bench/selection.ts) into a PostgreSQL table with GiST
// indexes, times the recipient query per area (ST_DWithin on geography for circles,
// ST_Intersects on geometry SRID 4326 for the polygon), checks the recipients against a
// brute-force count over the generated points and against the DynamoDB index's count, and
// records DynamoDB selection ms ÷ PostGIS ms using the selection bench's figures from
// bench/results/latest.json (written earlier in the same `npm run bench`). Without --pg it starts
// a throwaway cluster through bench/postgis-setup.sh (installing PostGIS with apt-get if missing).
// When PostgreSQL/PostGIS cannot be had it prints why and records {"skipped": reason}.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { containsPoint, isCircle, type Area } from '#shared/domain/area';
import { AREAS } from './areas';
import { fmt, median, mergeSection, readLatest, table } from './report';
import { BENCH_SEED, benchId, generatePopulation, landMaskPath, loadLandMask, participantAt, type Population } from './synthetic';

const here = dirname(fileURLToPath(import.meta.url));
const LOAD_BATCH = 20_000;

const { values: args } = parseArgs({
  options: {
    participants: { type: 'string', default: '2300000' },
    runs: { type: 'string', default: '3' },
    pg: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(`usage: node --import tsx bench/postgis.ts [options]
  --participants N  synthetic participants (default 2,300,000; use the selection bench's number for a ratio)
  --runs N          timed runs per area, the median is reported (default 3, as the selection bench)
  --pg URL          use this PostgreSQL (needs the postgis extension available) instead of a throwaway cluster`);
  process.exit(0);
}
const participants = Number(args.participants.replace(/[_,]/g, ''));
const runs = Number(args.runs);
if (!Number.isInteger(participants) || participants < 1 || !Number.isInteger(runs) || runs < 1) {
  console.error('--participants and --runs must be positive integers');
  process.exit(2);
}

const log = (line: string) => console.log(line);

function skip(reason: string): never {
  log(`PostGIS comparison skipped: ${reason}`);
  mergeSection('postgis', { skipped: reason });
  process.exit(0);
}

// ---------------------------------------------------------------- server

interface Server {
  readonly config: pg.ClientConfig;
  stop(): void;
}

/** A throwaway cluster in a temp folder (installing PostGIS first if needed), or --pg as given. */
function server(): Server {
  if (args.pg) return { config: { connectionString: args.pg }, stop: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'burgernet-postgis-'));
  // A port per run, so a left-over cluster of an interrupted run does not collide.
  const port = 55_000 + (process.pid % 1_000);
  const script = join(here, 'postgis-setup.sh');
  log('starting a throwaway PostgreSQL cluster (bench/postgis-setup.sh; installs PostGIS on first use)…');
  const out = spawnSync('sh', [script, 'start', dir, String(port)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () => {
    spawnSync('sh', [script, 'stop', dir], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  if (out.status !== 0) {
    stop();
    const lines = `${out.stderr}`.trim().split('\n').filter((l) => !l.startsWith('installing'));
    skip(lines.join(' ') || `bench/postgis-setup.sh exited with ${out.status ?? out.signal}`);
  }
  return { config: { host: dir, port, user: 'postgres', database: 'postgres' }, stop };
}

// ---------------------------------------------------------------- load

const TABLE = 'bench_participants';

async function load(client: pg.Client, pop: Population): Promise<{ loadSeconds: number; indexSeconds: number }> {
  await client.query(`DROP TABLE IF EXISTS ${TABLE}`);
  // The columns the fan-out needs from a participant; unlogged because the data is throwaway.
  await client.query(`CREATE UNLOGGED TABLE ${TABLE} (
    id text NOT NULL, channels text[] NOT NULL, language text NOT NULL, municipality_code text, status text NOT NULL,
    exercise_opt_in boolean NOT NULL, lat double precision NOT NULL, lon double precision NOT NULL,
    geog geography(Point, 4326) NOT NULL, geom geometry(Point, 4326) NOT NULL)`);
  const started = performance.now();
  for (let from = 0; from < pop.count; from += LOAD_BATCH) {
    const cols: { id: string[]; ch: string[]; lang: string[]; muni: (string | null)[]; st: string[]; ex: boolean[]; lat: number[]; lon: number[] } = { id: [], ch: [], lang: [], muni: [], st: [], ex: [], lat: [], lon: [] };
    for (let i = from; i < Math.min(pop.count, from + LOAD_BATCH); i++) {
      const p = participantAt(pop, i);
      cols.id.push(p.id);
      // Postgres array literal: the channel names need no quoting.
      cols.ch.push(`{${p.channels.join(',')}}`);
      cols.lang.push(p.language);
      cols.muni.push(p.municipalityCode ?? null);
      cols.st.push(p.status);
      cols.ex.push(p.exerciseOptIn);
      cols.lat.push(p.lat);
      cols.lon.push(p.lon);
    }
    await client.query(
      `INSERT INTO ${TABLE}
       SELECT id, ch::text[], lang, muni, st, ex, lat, lon, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography, ST_SetSRID(ST_MakePoint(lon, lat), 4326)
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::float8[], $8::float8[]) AS t(id, ch, lang, muni, st, ex, lat, lon)`,
      [cols.id, cols.ch, cols.lang, cols.muni, cols.st, cols.ex, cols.lat, cols.lon],
    );
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[Kloading ${fmt(Math.min(pop.count, from + LOAD_BATCH))} / ${fmt(pop.count)}`);
  }
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  const loadSeconds = (performance.now() - started) / 1000;
  const indexStarted = performance.now();
  await client.query(`CREATE INDEX ${TABLE}_geog ON ${TABLE} USING gist (geog)`);
  await client.query(`CREATE INDEX ${TABLE}_geom ON ${TABLE} USING gist (geom)`);
  await client.query(`VACUUM ANALYZE ${TABLE}`);
  return { loadSeconds, indexSeconds: (performance.now() - indexStarted) / 1000 };
}

// ---------------------------------------------------------------- queries

const COLUMNS = 'id, channels, language, municipality_code, lat, lon';

/**
 * Two readings of each area: `exact` is the app's own test (sphere of radius 6,371,008.8 m;
 * planar point-in-polygon in lon/lat as turf does), `alternative` is PostGIS's usual default
 * (distance on the WGS 84 spheroid; polygon edges as geodesics on geography).
 */
function queries(area: Area): { exact: { sql: string; params: unknown[] }; alternative: { sql: string; params: unknown[]; semantics: string }; exactSemantics: string } {
  if (isCircle(area)) {
    // use_spheroid = false: PostGIS's sphere has the mean radius 6,371,008.77 m, the app's 6,371,008.8 m.
    const where = (spheroid: boolean) => `status = 'active' AND ST_DWithin(geog, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, $3, ${spheroid})`;
    const params = [area.center.lon, area.center.lat, area.radiusMeters];
    return {
      exactSemantics: 'ST_DWithin(geography, centre, r, use_spheroid => false): sphere, as the app',
      exact: { sql: `SELECT ${COLUMNS} FROM ${TABLE} WHERE ${where(false)}`, params },
      alternative: { sql: `SELECT ${COLUMNS} FROM ${TABLE} WHERE ${where(true)}`, params, semantics: 'ST_DWithin on the WGS 84 spheroid (PostGIS default)' },
    };
  }
  const geojson = JSON.stringify(area);
  return {
    exactSemantics: 'ST_Intersects(geometry SRID 4326, polygon): planar in lon/lat, as the app (turf)',
    exact: { sql: `SELECT ${COLUMNS} FROM ${TABLE} WHERE status = 'active' AND ST_Intersects(geom, ST_SetSRID(ST_GeomFromGeoJSON($1), 4326))`, params: [geojson] },
    alternative: {
      sql: `SELECT ${COLUMNS} FROM ${TABLE} WHERE status = 'active' AND ST_Intersects(geog, ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)::geography)`,
      params: [geojson],
      semantics: 'ST_Intersects on geography: polygon edges as geodesics',
    },
  };
}

async function timed(client: pg.Client, q: { sql: string; params: unknown[] }): Promise<{ ms: number; ids: string[] }> {
  const started = performance.now();
  const res = await client.query<{ id: string }>(q.sql, q.params);
  return { ms: performance.now() - started, ids: res.rows.map((r) => r.id) };
}

async function usesIndex(client: pg.Client, q: { sql: string; params: unknown[] }): Promise<boolean> {
  const res = await client.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${q.sql}`, q.params);
  return /Index Scan/.test(JSON.stringify(res.rows[0]?.['QUERY PLAN']));
}

function bruteForce(pop: Population, area: Area): Set<string> {
  const inside = containsPoint(area);
  const ids = new Set<string>();
  for (let i = 0; i < pop.count; i++) if (inside(pop.lat[i]!, pop.lon[i]!)) ids.add(benchId(i));
  return ids;
}

const sameSet = (a: readonly string[], b: ReadonlySet<string>) => a.length === b.size && a.every((id) => b.has(id));

/** The selection bench's figures per area, when latest.json holds a run on the same crowd. */
function dynamoFigures(): { date: string | undefined; byKey: Map<string, { recipients: number; selectionMs: number }> } | { mismatch: string } {
  const latest = readLatest();
  if (latest.participants !== participants || latest.seed !== BENCH_SEED || !Array.isArray(latest.areas)) {
    return { mismatch: `bench/results/latest.json holds no selection run on ${fmt(participants)} participants with seed ${BENCH_SEED} (run the selection bench with the same --participants first)` };
  }
  const byKey = new Map<string, { recipients: number; selectionMs: number }>();
  for (const a of latest.areas as { key: string; index: { recipients: number; selectionMs: number } }[]) byKey.set(a.key, a.index);
  return { date: typeof latest.date === 'string' ? latest.date : undefined, byKey };
}

// ---------------------------------------------------------------- main

log(`PostGIS comparison: ${fmt(participants)} participants, seed ${BENCH_SEED}`);
const srv = server();
const client = new pg.Client(srv.config);
let exitCode = 0;
try {
  try {
    await client.connect();
    await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
  } catch (err) {
    await client.end().catch(() => undefined);
    srv.stop();
    skip(`cannot use PostgreSQL with PostGIS: ${(err as Error).message}`);
  }
  const versions = (await client.query<{ pg: string; postgis: string }>('SELECT version() AS pg, postgis_lib_version() AS postgis')).rows[0]!;
  log(`${versions.pg.split(',')[0]}, PostGIS ${versions.postgis}`);

  const mask = loadLandMask(landMaskPath);
  const pop = generatePopulation(participants, BENCH_SEED, mask);
  const { loadSeconds, indexSeconds } = await load(client, pop);
  log(`loaded ${fmt(participants)} rows in ${fmt(loadSeconds, 1)} s (${fmt(participants / loadSeconds)} rows/s, batched INSERT … unnest); GiST indexes on geography and geometry + VACUUM ANALYZE in ${fmt(indexSeconds, 1)} s`);

  const dynamo = dynamoFigures();
  if ('mismatch' in dynamo) log(`no ratio: ${dynamo.mismatch}`);
  const areas = [];
  const problems: string[] = [];
  for (const { key, name, area } of AREAS) {
    const q = queries(area);
    const samples = [];
    for (let r = 0; r < runs; r++) samples.push(await timed(client, q.exact));
    const alternative = await timed(client, q.alternative);
    const brute = bruteForce(pop, area);
    const ids = samples[0]!.ids;
    const pgMs = median(samples.map((s) => s.ms));
    const d = 'byKey' in dynamo ? dynamo.byKey.get(key) : undefined;
    const matchesBruteForce = sameSet(ids, brute);
    if (!matchesBruteForce) problems.push(`${name}: PostGIS found ${ids.length}, brute force ${brute.size}`);
    if (d && d.recipients !== ids.length) problems.push(`${name}: PostGIS found ${ids.length}, the DynamoDB index ${d.recipients}`);
    const altSet = new Set(alternative.ids);
    areas.push({
      key,
      name,
      semantics: q.exactSemantics,
      usesIndex: await usesIndex(client, q.exact),
      recipients: ids.length,
      matchesBruteForce,
      postgisMs: pgMs,
      postgisMsRuns: samples.map((s) => s.ms),
      dynamoRecipients: d?.recipients ?? null,
      countsAgree: d ? d.recipients === ids.length : null,
      dynamoSelectionMs: d?.selectionMs ?? null,
      dynamoMsOverPostgisMs: d ? d.selectionMs / pgMs : null,
      alternative: {
        semantics: q.alternative.semantics,
        recipients: alternative.ids.length,
        ms: alternative.ms,
        onlyExact: ids.filter((id) => !altSet.has(id)).length,
        onlyAlternative: alternative.ids.length - ids.filter((id) => altSet.has(id)).length,
      },
    });
  }

  log('');
  log(`PostGIS per area (median of ${runs} runs, rows fetched by the client over a unix socket; DynamoDB figures from the selection bench${'date' in dynamo && dynamo.date ? ` of ${dynamo.date}` : ''})`);
  log(
    table(
      ['area', 'recipients', 'PostGIS ms', 'DynamoDB ms', 'Dynamo ÷ PostGIS', 'index', 'check', 'PostGIS default: recipients (diff)'],
      areas.map((a) => [
        a.name,
        fmt(a.recipients),
        fmt(a.postgisMs, 1),
        a.dynamoSelectionMs === null ? '–' : fmt(a.dynamoSelectionMs, 1),
        a.dynamoMsOverPostgisMs === null ? '–' : `${fmt(a.dynamoMsOverPostgisMs, 1)}×`,
        a.usesIndex ? 'GiST' : 'NO',
        a.matchesBruteForce && (a.countsAgree ?? true) ? 'ok' : 'MISMATCH',
        `${fmt(a.alternative.recipients)} (+${a.alternative.onlyAlternative} −${a.alternative.onlyExact})`,
      ]),
    ),
  );
  log('"PostGIS default" is the spheroid for circles and geodesic edges for the polygon; (+n −m): participants only it selects / it misses against the app\'s own test.');
  for (const p of problems) console.error(`!!! ${p}`);
  if (problems.length > 0) exitCode = 1;

  mergeSection('postgis', {
    date: new Date().toISOString(),
    participants,
    seed: BENCH_SEED,
    server: versions.pg,
    postgis: versions.postgis,
    setup: args.pg ? 'given server (--pg)' : 'throwaway cluster from bench/postgis-setup.sh (fsync off, shared_buffers 1 GB), unix socket',
    table: 'unlogged table, geography(Point,4326) and geometry(Point,4326) columns, a GiST index on each',
    loadSeconds,
    indexSeconds,
    timing: `median of ${runs} runs of the SELECT of id, channels, language, municipality_code, lat, lon (rows to the client)`,
    dynamoSource: 'date' in dynamo ? `selection bench in bench/results/latest.json (${dynamo.date ?? 'undated'})` : dynamo.mismatch,
    areas,
    problems,
  });
  log('merged "postgis" into bench/results/latest.json');
} catch (err) {
  exitCode = 1;
  console.error(err);
} finally {
  await client.end().catch(() => undefined);
  srv.stop();
}
process.exit(exitCode);

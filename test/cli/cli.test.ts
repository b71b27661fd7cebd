// The operator CLI: configuration told before any request, API errors as one line, and the
// whole path the README shows (start from a file, watch until done) against the local runtime.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { main } from '../../cli/burgernet';
import { startRuntime, type Runtime } from '#shared/local/runtime';
import { signToken } from '#shared/local/keys';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'burgernet-cli-'));
const empty = mkdtempSync(join(tmpdir(), 'burgernet-cli-empty-'));
const example = resolve('example.json');

class Capture {
  text = '';
  constructor(readonly isTTY = false) {}
  write(s: string) {
    this.text += s;
    return true;
  }
  hasColors() {
    return false;
  }
}

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  const io = { out: new Capture(), err: new Capture() };
  const code = await main(args, { BURGERNET_DATA: empty, ...env }, io);
  return { code, out: io.out.text, err: io.err.text };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('configuration', () => {
  it('says what is missing before any request is made', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const none = await cli(['actions', 'list'], {});
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^burgernet: no API address and no token: set BURGERNET_URL .* BURGERNET_TOKEN/);
    const noToken = await cli(['actions', 'list'], { BURGERNET_URL: 'http://127.0.0.1:1' });
    expect(noToken.err).toContain('no token: set BURGERNET_TOKEN');
    const noUrl = await cli(['actions', 'list'], { BURGERNET_TOKEN: 't' });
    expect(noUrl.err).toContain('no API address: set BURGERNET_URL');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('finds the running local runtime, and says so when it does not answer', async () => {
    const data = mkdtempSync(join(tmpdir(), 'burgernet-cli-local-'));
    // A port that was free a moment ago: nothing answers there.
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    await new Promise((r) => server.close(r));
    writeFileSync(join(data, 'endpoint.json'), JSON.stringify({ api: `http://127.0.0.1:${port}`, dynamodb: 'http://127.0.0.1:2' }));
    const r = await cli(['actions', 'list'], { BURGERNET_DATA: data, BURGERNET_TOKEN: 't' });
    expect(r.code).toBe(1);
    expect(r.err).toBe(`burgernet: cannot reach http://127.0.0.1:${port} (ECONNREFUSED): is npm start running?\n`);
    rmSync(data, { recursive: true, force: true });
  });

  it('refuses unknown commands and flags with the usage', async () => {
    expect((await cli(['actions', 'explode'], {})).code).toBe(2);
    const r = await cli(['actions', 'list', '--colour'], {});
    expect(r.code).toBe(2);
    expect(r.err).toContain("Unknown option '--colour'");
    expect((await cli(['--help'], {})).out).toContain('usage: burgernet actions');
  });

  it('runs as npx burgernet (bin/burgernet.js)', async () => {
    const failed = await run('node', ['bin/burgernet.js', 'actions', 'list'], { env: { PATH: process.env.PATH, BURGERNET_DATA: empty } }).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain('burgernet: no API address and no token');
  });
});

describe('against the local runtime', () => {
  let rt: Runtime;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    rt = await startRuntime({ dataDir: dir, keyDir: dir, seed: 400, visibilityScale: 0.01, idleMs: 100, sendRatePerSecond: 0 });
    env = { BURGERNET_URL: rt.url, BURGERNET_TOKEN: await signToken(dir, { role: 'operator', sub: 'cli-operator' }) };
  });

  afterAll(async () => {
    await rt?.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
  });

  it('starts an action from a file and watches it until every recipient has an outcome', async () => {
    const started = await cli(['actions', 'start', '--file', example, '-q'], env);
    expect(started.err).toBe('');
    const id = started.out.trim();
    expect(id).toMatch(/^act_[0-9a-f-]{36}$/);

    const watched = await cli(['actions', 'watch', id, '--interval', '100', '--timeout', '60'], env);
    expect(watched.err).toBe('');
    expect(watched.code).toBe(0);
    // Not a terminal: one report, when done.
    expect(watched.out.match(/^done: /gm)).toHaveLength(1);
    for (const channel of ['sms', 'voice', 'push']) {
      const line = watched.out.split('\n').find((l) => l.startsWith(channel))!;
      const [targeted, queued, sent, failed] = line.replace(/^.*?█+\s+/, '').trim().split(/\s+/).map((n) => Number(n.replace(/,/g, '')));
      expect(targeted).toBeGreaterThan(0);
      expect([queued, sent, failed]).toEqual([targeted, targeted, 0]);
      expect(line).not.toMatch(/[░▒]/);
    }

    const shown = await cli(['actions', 'show', id], env);
    expect(shown.out).toContain('#0 alert');
    const listed = await cli(['actions', 'list', '--limit', '5'], env);
    expect(listed.out).toContain(id);
  });

  it('previews, updates and ends through the same API', async () => {
    const preview = await cli(['actions', 'preview', '--file', example], env);
    expect(preview.out).toMatch(/^recipients: \d+/);
    const id = (await cli(['actions', 'start', '--file', example, '-q'], env)).out.trim();
    const update = await cli(['actions', 'update', id, '--text', 'Gezien bij het station'], env);
    expect(update.out).toContain('update #1');
    const end = await cli(['actions', 'end', id, '--outcome', 'aangehouden', '--text', 'Aangehouden, dank!'], env);
    expect(end.out).toMatch(/ended\s+end #2/);
    const watched = await cli(['actions', 'watch', id, '--interval', '100', '--timeout', '60'], env);
    expect(watched.out).toContain('end #2 · ended');
  });

  it('reports a refused request as one line: status, title, fields', async () => {
    const r = await cli(['actions', 'start', '--type', 'heterdaad', '--title', 'T', '--text', 'x', '--lat', '48.85', '--lon', '2.35', '--radius', '0', '--channels', 'sms', '--sms', 'Hallo'], env);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toHaveLength(2);
    expect(r.err).toMatch(/^burgernet: 400 Invalid request — area\.radiusMeters: radius must be more than 0 m; area\.center: centre lies outside/);
    const missing = await cli(['actions', 'show', 'act_00000000-0000-4000-8000-000000000000'], env);
    expect(missing.err).toBe('burgernet: 404 Not found — path.id: no action act_00000000-0000-4000-8000-000000000000\n');
    const unauthorised = await cli(['actions', 'list'], { ...env, BURGERNET_TOKEN: 'not-a-token' });
    expect(unauthorised.err).toBe('burgernet: 401 Unauthenticated — a valid bearer token is required\n');
  });
});

// `npx cdk synth` as an operator runs it: offline, without credentials, bundling every handler
// with esbuild (no Docker). Proves each handler's imports resolve in the Lambda bundle.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { functions } from '#infra/topology';

const run = promisify(execFile);

describe('cdk synth', () => {
  it('synthesises offline with no AWS credentials and bundles every function', async () => {
    const out = mkdtempSync(join(tmpdir(), 'burgernet-synth-'));
    try {
      const env = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        CDK_DISABLE_CLI_TELEMETRY: 'true',
        CDK_DISABLE_VERSION_CHECK: '1',
        AWS_EC2_METADATA_DISABLED: 'true',
      };
      await run('npx', ['cdk', 'synth', '-q', '--output', out], { env, timeout: 180_000 });
      const template = JSON.parse(readFileSync(join(out, 'Burgernet.template.json'), 'utf8')) as { Resources: Record<string, { Type: string }> };
      const lambdas = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
      expect(lambdas).toHaveLength(Object.keys(functions).length);
      const assets = readdirSync(out).filter((d) => d.startsWith('asset.'));
      expect(assets.length).toBeGreaterThanOrEqual(Object.keys(functions).length);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 240_000);
});

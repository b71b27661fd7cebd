// Local tokens: an ES256 key pair kept in the data folder stands in for the Cognito user pool.
// The runtime verifies with it and `npm run token` signs with it, so both agree across restarts.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { Role } from '#shared/domain/vocabulary';

export const ISSUER = 'burgernet-local';
export const AUDIENCE = 'burgernet';

interface KeyFile {
  privateJwk: JWK;
  publicJwk: JWK;
}

async function keyFile(dataDir: string): Promise<KeyFile> {
  const path = join(dataDir, 'jwt-key.json');
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const file = { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path, JSON.stringify(file), { mode: 0o600 });
  return file;
}

export interface TokenRequest {
  readonly role?: Role;
  readonly sub?: string;
  readonly municipality?: string;
  readonly unit?: string;
  readonly ttlSeconds?: number;
}

export async function signToken(dataDir: string, req: TokenRequest): Promise<string> {
  const { privateJwk } = await keyFile(dataDir);
  const claims: JWTPayload = {
    'cognito:groups': req.role ? [req.role] : [],
    ...(req.municipality ? { 'custom:municipality': req.municipality } : {}),
    ...(req.unit ? { 'custom:unit': req.unit } : {}),
  };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256' })
    .setSubject(req.sub ?? `local-${req.role ?? 'user'}`)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${req.ttlSeconds ?? 12 * 3600}s`)
    .sign(await importJWK(privateJwk, 'ES256'));
}

/** Returns a verifier; it resolves to the claims or undefined for any invalid token. */
export async function tokenVerifier(dataDir: string): Promise<(token: string) => Promise<JWTPayload | undefined>> {
  const key = await importJWK((await keyFile(dataDir)).publicJwk, 'ES256');
  return async (token) => {
    try {
      return (await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256'] })).payload;
    } catch {
      return undefined;
    }
  };
}

/** A random secret kept in the data folder (hex), standing in for one in Secrets Manager. */
export function localSecret(dataDir: string, name: string): string {
  const path = join(dataDir, `${name}.secret`);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}

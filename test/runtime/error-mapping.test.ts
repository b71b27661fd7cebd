// Every domain refusal reaches the client as its documented status, on every route, because the
// one HTTP wrapper maps it: no handler has to remember to. Anything else is a 500 that says nothing.
import { describe, expect, it } from 'vitest';
import type { HttpEvent } from '#shared/http/http-handler';
import { httpHandler, json } from '#shared/http/http-handler';
import { REFUSAL_STATUS } from '#shared/http/refusal-problem';
import { DomainError, type RefusalKind } from '#shared/domain/domain-error';
import { LifecycleError } from '#shared/domain/lifecycle';
import { RegistrationError } from '#shared/domain/registration';
import { CampaignError } from '#shared/domain/campaigns';
import { httpRoutes, type FunctionName } from '#infra/topology';
import { lambdaContext } from '#shared/local/lambda-context';
import { testWorld } from '../support/test-world';

const kinds = Object.keys(REFUSAL_STATUS) as RefusalKind[];
const documented: Record<RefusalKind, number> = { invalid: 400, unauthorized: 401, forbidden: 403, 'not-found': 404, conflict: 409, limited: 429 };

/** Each class the domain throws, made with a kind and a field. */
const classes: Record<string, (kind: RefusalKind, field: string, message: string) => DomainError> = {
  DomainError: (k, f, m) => new DomainError(k, m, f),
  LifecycleError: (k, f, m) => new LifecycleError(k, m, f),
  RegistrationError: (k, f, m) => new RegistrationError(k, f, m),
  // A campaign names the body field only; it is answered as body.<field>.
  CampaignError: (k, f, m) => new CampaignError(k as 'forbidden', f.replace(/^body\./, ''), m),
};

const event = { routeKey: 'POST /x', headers: {}, requestContext: { http: { method: 'POST', path: '/', sourceIp: '127.0.0.1' }, authorizer: { jwt: { claims: { sub: 'op', 'cognito:groups': '[operator municipality unit board]', 'custom:municipality': 'GM0344', 'custom:unit': 'Midden-Nederland' } } } } } as unknown as HttpEvent;

async function answer(name: FunctionName, err: unknown) {
  const handler = httpHandler(name, () => undefined, async () => {
    throw err;
  }).forWorld(testWorld(name));
  const result = await handler(event, lambdaContext(name, 10));
  return { status: result.statusCode, type: result.headers?.['content-type'], body: JSON.parse(String(result.body)) as { status: number; errors?: { field: string }[] } };
}

describe('domain errors map to problem details in the wrapper', () => {
  it('documents one status per kind of refusal', () => {
    expect(REFUSAL_STATUS).toEqual(documented);
  });

  for (const [className, make] of Object.entries(classes)) {
    it(`${className}: every kind answers its status with the field named`, async () => {
      for (const kind of kinds) {
        const got = await answer('createAction', make(kind, 'body.title', 'refused'));
        expect(got, `${className} ${kind}`).toMatchObject({ status: documented[kind], type: 'application/problem+json', body: { status: documented[kind], errors: [{ field: 'body.title' }] } });
      }
    });
  }

  it('POST /actions answers 409 for a lifecycle conflict (it answered 500 when mapping was opt-in)', async () => {
    const got = await answer('createAction', new LifecycleError('conflict', 'the action is not active'));
    expect(got.status).toBe(409);
  });

  it('maps on every HTTP route of the topology', async () => {
    for (const { name } of httpRoutes()) {
      const got = await answer(name, new DomainError('not-found', 'no such thing', 'path.id'));
      expect(got.status, name).toBe(404);
    }
  });

  it('answers anything else with a 500 that quotes nothing', async () => {
    const got = await answer('getAction', new Error('+31612345678 at 52.1,5.1'));
    expect(got.status).toBe(500);
    expect(JSON.stringify(got.body)).not.toContain('316');
  });

  it('still answers what a handler returns', async () => {
    const ok = httpHandler('getAction', () => 'ok', async (_req, deps) => json(200, { deps })).forWorld(testWorld('getAction'));
    const result = await ok(event, lambdaContext('getAction', 10));
    expect(result.statusCode).toBe(200);
  });
});

// The public API as the CLI uses it: bearer token, JSON in and out, answers parsed with the
// same zod schemas the OpenAPI document is generated from, errors as problem details.
import type { z } from 'zod';
import { problemSchema, type ProblemDetails } from '#shared/api/problem-details';
import type { CliConfig } from './config';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly problem: ProblemDetails,
  ) {
    super(`${status} ${problem.title}`);
  }

  /** One line: status, title, then each offending field (or the detail when none is named). */
  oneLine(): string {
    const { title, detail, errors } = this.problem;
    const fields = errors && errors.length > 0 ? errors.map((e) => `${e.field}: ${e.message}`).join('; ') : detail;
    return `${this.status} ${title}${fields && fields !== title ? ` — ${fields}` : ''}`;
  }
}

export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
}

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export class ApiClient {
  constructor(
    private readonly config: CliConfig,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async request<S extends z.ZodType>(method: string, path: string, schema: S, options: RequestOptions = {}): Promise<z.output<S>> {
    const url = new URL(path, `${this.config.url}/`);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${this.config.token}`, ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await this.fetchFn(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), signal: AbortSignal.timeout(30_000) });
    } catch (err) {
      const { cause } = err as { cause?: { code?: string; message?: string } };
      const reason = cause?.code ?? cause?.message ?? (err as Error).message;
      throw new UnreachableError(`cannot reach ${this.config.url} (${reason})${/127\.0\.0\.1|localhost/.test(this.config.url) ? ': is npm start running?' : ''}`);
    }
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON (a gateway's HTML error page): keep the text
    }
    if (!res.ok) throw new ApiError(res.status, asProblem(res, body));
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new Error(`${method} ${url.pathname}: unexpected answer (${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')})`);
    return parsed.data;
  }
}

/** Problem details as sent, or one made from whatever else answered (a gateway's {"message"}). */
function asProblem(res: Response, body: unknown): ProblemDetails {
  const parsed = problemSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const message = typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string' ? (body as { message: string }).message : typeof body === 'string' ? body.slice(0, 200) : '';
  return { type: 'about:blank', title: res.statusText || 'Error', status: res.status, detail: message };
}

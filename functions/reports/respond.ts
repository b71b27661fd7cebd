// Shared by the report handlers: the period from the query, and the report as JSON, CSV
// (`Accept: text/csv`) or HTML. Reports are private to their readers, so nothing is cached.
import { HttpProblem } from '#shared/http/problem';
import { json, parse, type HttpRequest, type HttpResult } from '#shared/http/http-handler';
import { periodSchema, reportPeriod, type UsageReport } from '#shared/domain/usage-report';
import { reportCsv } from '#shared/domain/report-csv';

const PRIVATE = { 'cache-control': 'private, no-store' };

/** The period asked for in the query (by default the twelve months up to `now`). */
export function periodOf(req: HttpRequest, now: Date): { from: string; to: string } {
  return reportPeriod(parse(periodSchema, { from: req.query.from, to: req.query.to }, 'query'), now);
}

export type Format = 'json' | 'csv' | 'html';

/** `.csv`/`.html`/`.json` on the path wins; otherwise the Accept header picks CSV or JSON. */
export function formatOf(req: HttpRequest, extension?: string): Format {
  if (extension === 'html' || extension === 'csv' || extension === 'json') return extension;
  return /\btext\/csv\b/i.test(req.headers.accept ?? '') ? 'csv' : 'json';
}

export function forbidden(): HttpProblem {
  return new HttpProblem(403, 'Forbidden', 'this report is not yours to read');
}

export function respond(report: UsageReport, format: Format, html?: () => string): HttpResult {
  const name = `burgernet-${report.scope.code ?? report.scope.kind}-${report.period.from}-${report.period.to}`;
  if (format === 'csv') {
    return { statusCode: 200, headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}.csv"`, ...PRIVATE }, body: reportCsv(report) };
  }
  if (format === 'html' && html) {
    return { statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", ...PRIVATE }, body: html() };
  }
  return json(200, report, PRIVATE);
}

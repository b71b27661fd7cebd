// GET /reports/national — the whole country's usage report (board only): every municipality
// summed, plus what could not be placed in one. JSON, or CSV with Accept: text/csv.
import { httpHandler } from '#shared/http/http-handler';
import { buildReport } from '#shared/domain/usage-report';
import { mayReadReport } from '#shared/domain/report-access';
import { municipalityDirectory, reportDeps } from '#shared/runtime/deps';
import { forbidden, formatOf, periodOf, respond } from './respond';

export const handler = httpHandler('nationalReport', async (req) => {
  const period = periodOf(req);
  if (!mayReadReport(req.caller!, { kind: 'national' })) throw forbidden();
  return respond(await buildReport(reportDeps(), { kind: 'national', municipalities: await municipalityDirectory() }, period), formatOf(req));
});

// GET /reports/national — the whole country's usage report (board only): every municipality
// summed, plus what could not be placed in one. JSON, or CSV with Accept: text/csv.
import { httpHandler } from '#shared/http/http-handler';
import { buildReport } from '#shared/domain/usage-report';
import { mayReadReport } from '#shared/domain/report-access';
import { reportDeps } from '#shared/runtime/wiring';
import { forbidden, formatOf, periodOf, respond } from './respond';

export const handler = httpHandler(
  'nationalReport',
  (w) => ({ report: reportDeps(w), directory: () => w.municipalityDirectory() }),
  async (req, { report, directory }) => {
    const period = periodOf(req, report.clock.now());
    if (!mayReadReport(req.caller!, { kind: 'national' })) throw forbidden();
    return respond(await buildReport(report, { kind: 'national', municipalities: await directory() }, period), formatOf(req));
  },
);

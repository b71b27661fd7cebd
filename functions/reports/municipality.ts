// GET /reports/municipalities/{code}[.html|.csv] — one municipality's usage report: JSON, CSV
// (Accept: text/csv or .csv) or a printable page with charts (.html). A municipality reads only
// its own; asking for another's is refused before the code is looked up.
import { httpHandler, parse } from '#shared/http/http-handler';
import { HttpProblem } from '#shared/http/problem';
import { buildReport, municipalityReportPathSchema } from '#shared/domain/usage-report';
import { mayReadReport, refusedUnseen } from '#shared/domain/report-access';
import { campaignFigures } from '#shared/domain/campaigns';
import { reportHtml, type CampaignLine } from '#shared/domain/report-html';
import type { CampaignStore } from '#shared/ports/campaign-store';
import type { UsageStore } from '#shared/ports/usage-store';
import type { Clock } from '#shared/ports/clock';
import { reportDeps } from '#shared/runtime/wiring';
import type { World } from '#shared/runtime/world';
import { forbidden, formatOf, periodOf, respond } from './respond';

const wire = (w: World) => ({ report: reportDeps(w), municipalities: w.stores.municipalities, campaigns: w.stores.campaigns, usage: w.stores.usage, clock: w.clock });

/** The municipality's campaigns, counting only sign-ups of its own residents. */
async function campaignsOf(deps: { campaigns: CampaignStore; usage: UsageStore; clock: Clock }, code: string): Promise<(CampaignLine & { id: string; suppressed: string[] })[]> {
  const ids = await deps.usage.campaignsOf(code);
  const found = await Promise.all(ids.map((id) => deps.campaigns.get(id)));
  return Promise.all(
    found
      .filter((c) => c !== undefined)
      .map(async (c) => {
        const { figures, suppressed } = campaignFigures(await deps.usage.signups(c.id), deps.clock.now(), code);
        return { id: c.id, name: c.name, code: c.code, period: c.period, municipalities: c.municipalities, figures, suppressed };
      }),
  );
}

export const handler = httpHandler('municipalityReport', wire, async (req, deps) => {
  const { file } = parse(municipalityReportPathSchema, req.path, 'path');
  const period = periodOf(req, deps.clock.now());
  const caller = req.caller!;
  if (refusedUnseen(caller, file.code)) throw forbidden();
  const municipality = await deps.municipalities.get(file.code);
  if (!municipality) throw HttpProblem.notFound('path.code', `no municipality ${file.code}`);
  if (!mayReadReport(caller, { kind: 'municipality', code: municipality.code, unit: municipality.unit })) throw forbidden();
  const [report, campaigns] = await Promise.all([buildReport(deps.report, { kind: 'municipality', municipality }, period), campaignsOf(deps, municipality.code)]);
  const format = formatOf(req, file.ext);
  return respond({ ...report, campaigns } as typeof report, format, () => reportHtml(report, campaigns));
});

// GET /reports/units/{unit} — a police unit's usage report: its municipalities summed (JSON, or
// CSV with Accept: text/csv). {unit} is the name ("Midden-Nederland"), a slug or the code (RE03).
import { httpHandler, parse } from '#shared/http/http-handler';
import { HttpProblem } from '#shared/http/problem';
import { buildReport, unitReportPathSchema } from '#shared/domain/usage-report';
import { mayReadReport } from '#shared/domain/report-access';
import { policeUnit } from '#shared/domain/police-units';
import { reportDeps } from '#shared/runtime/wiring';
import { forbidden, formatOf, periodOf, respond } from './respond';

export const handler = httpHandler(
  'unitReport',
  (w) => ({ report: reportDeps(w), directory: () => w.municipalityDirectory() }),
  async (req, { report, directory }) => {
    const { unit: ref } = parse(unitReportPathSchema, req.path, 'path');
    const period = periodOf(req, report.clock.now());
    const unit = policeUnit(ref);
    if (!unit) throw HttpProblem.notFound('path.unit', 'not one of the ten police units (e.g. Midden-Nederland or RE03)');
    if (!mayReadReport(req.caller!, { kind: 'unit', unit: unit.name })) throw forbidden();
    const municipalities = (await directory()).filter((m) => m.unit === unit.name);
    return respond(await buildReport(report, { kind: 'unit', unit, municipalities }, period), formatOf(req));
  },
);

// A municipality's usage report as one printable HTML page: key figures, three inline SVG charts
// (participants by channel over time, messages by channel per month, cost per month), the month
// table and the campaigns. Everything is in the page: no script, no font, no image, no stylesheet
// from elsewhere, so it renders the same offline, in a browser and on paper.
import { escapeXml } from './render';
import { lineChart, barChart, stackedBarChart } from './svg-chart';
import type { UsageReport } from './usage-report';

const COLORS = { sms: '#1f5fa8', voice: '#d9731a', push: '#2e8b57', messages: '#1f5fa8', infrastructure: '#9aa5b1' } as const;

export interface CampaignLine {
  readonly name: string;
  readonly code: string;
  readonly period: { readonly from: string; readonly to: string };
  readonly figures: { readonly signups: number | null; readonly verified: number | null; readonly activeAfter90Days: number | null };
}

const num = (n: number | null) => (n === null ? '<span class="suppressed" title="fewer than 5">&lt;5</span>' : n.toLocaleString('nl-NL'));
const usd = (n: number | null, digits = 2) => (n === null ? '–' : `$${n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: Math.max(digits, 4) })}`);
const eur = (n: number) => `€${n.toLocaleString('nl-NL', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2733;margin:24px auto;max-width:780px;padding:0 12px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid #d5dbe1;padding-bottom:4px}
.meta{color:#5a6775;margin:0 0 16px}.kpis{display:grid;grid-template-columns:repeat(4,1fr);gap:8px}
.kpi{border:1px solid #d5dbe1;border-radius:6px;padding:8px}.kpi b{display:block;font-size:18px}
table{border-collapse:collapse;width:100%;font-size:12px}th,td{border-bottom:1px solid #e4e8ec;padding:3px 6px;text-align:right}
th:first-child,td:first-child{text-align:left}tfoot td{font-weight:600;border-top:2px solid #9aa5b1}
svg.chart{width:100%;height:auto;display:block;margin:8px 0}svg.chart text{font-size:11px;fill:#3c4854}
svg.chart .chart-title{font-size:13px;font-weight:600;fill:#1d2733}svg.chart .grid{stroke:#e4e8ec}svg.chart .axis{stroke:#5a6775}
.suppressed{color:#8a96a3}.notes{color:#5a6775;font-size:12px}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}svg.chart,table,.kpis{break-inside:avoid}@page{size:A4;margin:15mm}}
`;

export function reportHtml(report: UsageReport, campaigns: readonly CampaignLine[] = []): string {
  const labels = report.months.map((m) => m.month);
  const t = report.total;
  const participants = lineChart({
    title: 'Deelnemers per kanaal (eind van de maand)',
    labels,
    series: (['sms', 'voice', 'push'] as const).map((c) => ({ name: { sms: 'SMS', voice: 'spraak', push: 'app' }[c], color: COLORS[c], values: report.months.map((m) => m.participants.byChannel[c]) })),
  });
  const messages = barChart({
    title: 'Berichten aan inwoners per kanaal per maand',
    labels,
    series: [
      { name: 'SMS', color: COLORS.sms, values: report.months.map((m) => m.messages.sms.sent) },
      { name: 'spraak', color: COLORS.voice, values: report.months.map((m) => m.messages.voice.calls) },
      { name: 'app', color: COLORS.push, values: report.months.map((m) => m.messages.push.sent) },
    ],
  });
  const cost = stackedBarChart({
    title: `Kosten per maand (${report.currency})`,
    labels,
    format: (n) => `$${n < 10 ? n.toFixed(2) : Math.round(n).toLocaleString('en-US')}`,
    series: [
      { name: 'berichten', color: COLORS.messages, values: report.months.map((m) => m.cost.messages) },
      { name: 'infrastructuur', color: COLORS.infrastructure, values: report.months.map((m) => m.cost.infrastructure) },
    ],
  });
  const rows = report.months
    .map(
      (m) =>
        `<tr><td>${m.month}</td><td>${num(m.participants.active)}</td><td>${num(m.participants.joined)}</td><td>${num(m.participants.left)}</td><td>${m.actions.reachedResidents}</td><td>${num(m.messages.sms.sent)}</td><td>${num(m.messages.voice.calls)}</td><td>${num(m.messages.push.sent)}</td><td>${usd(m.cost.total)}</td></tr>`,
    )
    .join('');
  const campaignRows = campaigns
    .map((c) => `<tr><td>${escapeXml(c.name)}</td><td>${escapeXml(c.code)}</td><td>${c.period.from} – ${c.period.to}</td><td>${num(c.figures.signups)}</td><td>${num(c.figures.verified)}</td><td>${num(c.figures.activeAfter90Days)}</td></tr>`)
    .join('');
  const title = `Burgernet in ${report.scope.name}`;
  return `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeXml(title)} — ${report.period.from} t/m ${report.period.to}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeXml(title)}</h1>
<p class="meta">${escapeXml(report.scope.code ?? '')} · ${escapeXml(report.scope.unit ?? '')} · ${report.scope.inhabitants.toLocaleString('nl-NL')} inwoners · ${report.period.from} t/m ${report.period.to} · prijzen van ${report.pricesCheckedOn}</p>
<div class="kpis">
<div class="kpi">Deelnemers<b>${num(t.participants.active)}</b></div>
<div class="kpi">Acties bij inwoners<b>${t.actions.reachedResidents}</b></div>
<div class="kpi">Kosten<b>${usd(t.cost.total)}</b>${t.costPerInhabitant === null ? '–' : `$${t.costPerInhabitant.toPrecision(2)}`} per inwoner</div>
<div class="kpi">Oude bijdrage<b>${eur(t.oldContribution.eur)}</b>€0,03 per inwoner per jaar</div>
</div>
<h2>Deelnemers</h2>${participants}
<h2>Berichten</h2>${messages}
<h2>Kosten</h2>${cost}
<h2>Per maand</h2>
<table><thead><tr><th>maand</th><th>deelnemers</th><th>aangemeld</th><th>afgemeld</th><th>acties</th><th>SMS</th><th>spraak</th><th>app</th><th>kosten</th></tr></thead>
<tbody>${rows}</tbody>
<tfoot><tr><td>totaal</td><td>${num(t.participants.active)}</td><td>${num(t.participants.joined)}</td><td>${num(t.participants.left)}</td><td>${t.actions.reachedResidents}</td><td>${num(t.messages.sms.sent)}</td><td>${num(t.messages.voice.calls)}</td><td>${num(t.messages.push.sent)}</td><td>${usd(t.cost.total)}</td></tr></tfoot></table>
${campaigns.length > 0 ? `<h2>Wervingscampagnes</h2><table><thead><tr><th>campagne</th><th>code</th><th>periode</th><th>aanmeldingen</th><th>bevestigd</th><th>actief na 90 dagen</th></tr></thead><tbody>${campaignRows}</tbody></table>` : ''}
<p class="notes">Aantallen onder de 5 deelnemers worden niet getoond (&lt;5), zodat niemand herkenbaar is. Kosten in ${report.currency}: berichten zoals de aanbieders ze rekenen, infrastructuur uit de getelde AWS-verzoeken per actie, verdeeld naar waar de ontvangers wonen.</p>
</body></html>
`;
}

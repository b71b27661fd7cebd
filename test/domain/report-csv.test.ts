// The usage report as CSV: a text cell a spreadsheet would run as a formula is neutralised with a
// leading quote (OWASP CSV injection); figures, negative ones too, stay plain numbers.
import { describe, expect, it } from 'vitest';
import { reportCsv } from '#shared/domain/report-csv';
import type { ReportFigures, UsageReport } from '#shared/domain/usage-report';

function figures(n: number): ReportFigures {
  return {
    inhabitants: 1000,
    participants: { active: n, byChannel: { sms: n, voice: null, push: 0 }, appDevices: 0, joined: 0, left: 0 },
    actions: { reachedResidents: 1, byType: {}, byOutcome: {}, exercises: 0 },
    messages: {
      sms: { sent: n, segments: n, failed: 0 },
      voice: { calls: 0, minutes: 0, failed: 0 },
      push: { sent: 0, failed: 0 },
      exercise: { sms: 0, voice: 0, push: 0 },
    },
    cost: { messages: -1.5, infrastructure: 0.25, total: -1.25 },
    costPerInhabitant: -0.00125,
    oldContribution: { eur: 2.5, usd: 2.7 },
  };
}

const report = (name: string, code?: string): UsageReport => ({
  scope: { kind: 'municipality', code, name, municipalities: 1, inhabitants: 1000 },
  period: { from: '2026-01', to: '2026-01' },
  currency: 'USD',
  pricesCheckedOn: '2026-01-01',
  oldContributionPerInhabitantYear: { eur: 0.03, usdPerEur: 1.08 },
  months: [{ ...figures(12), month: '2026-01' }],
  total: figures(12),
  suppression: { below: 10, cells: [] },
  notes: [],
});

const cells = (csv: string, row: number) => csv.split('\r\n')[row]!;

describe('report CSV', () => {
  it.each(['=HYPERLINK("http://evil.example","klik")', '+1+2', '-1+2', '@SUM(A1)', '\tnaam', '\rnaam'])('neutralises a name starting with %j', (name) => {
    const line = cells(reportCsv(report(name, 'GM0344')), 1);
    const quoted = /[",\r\n]/.test(name) ? `"'${name.replace(/"/g, '""')}"` : `'${name}`;
    expect(line.startsWith(`municipality,GM0344,${quoted},2026-01,USD,`)).toBe(true);
  });

  it('neutralises the code column too and leaves ordinary names alone', () => {
    expect(cells(reportCsv(report('=cmd|x', '=1')), 1).startsWith("municipality,'=1,'=cmd|x,")).toBe(true);
    expect(cells(reportCsv(report("'s-Hertogenbosch", 'GM0796')), 1).startsWith("municipality,GM0796,'s-Hertogenbosch,")).toBe(true);
  });

  it('keeps figures numeric, negative ones as well', () => {
    const line = cells(reportCsv(report('Utrecht', 'GM0344')), 1);
    expect(line).toContain(',-1.5,0.25,-1.25,-0.00125,2.5,');
    expect(line).not.toContain("'-");
  });
});

// Small charts as inline SVG strings: a line chart and a (grouped or stacked) bar chart with
// axes, ticks and a legend. No DOM and no library: the report page is rendered on the server and
// must show and print without any script or external file. A null value is a gap (suppressed).
import { escapeXml } from './render';

export interface Series {
  readonly name: string;
  readonly color: string;
  readonly values: readonly (number | null)[];
}

export interface ChartSpec {
  readonly title: string;
  readonly labels: readonly string[];
  readonly series: readonly Series[];
  readonly width?: number;
  readonly height?: number;
  /** Formats tick and value labels (defaults to whole numbers with thousands separators). */
  readonly format?: (n: number) => string;
}

const PAD = { left: 64, right: 16, top: 36, bottom: 56 };
const defaultFormat = (n: number) => Math.round(n).toLocaleString('nl-NL');
const fixed = (n: number) => (Math.round(n * 10) / 10).toString();

/** 0 and up to six "nice" steps (1, 2, 5 × 10^k) covering `max`. */
export function niceTicks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((s) => s * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let v = 0; v < max + step / 2 && out.length <= 7; v += step) out.push(Math.round(v * 1e9) / 1e9);
  if (out.at(-1)! < max) out.push(Math.round((out.at(-1)! + step) * 1e9) / 1e9);
  return out;
}

function frame(spec: ChartSpec, top: number, kind: 'line' | 'bars' | 'stacked'): string {
  const w = spec.width ?? 720;
  const h = spec.height ?? 300;
  const fmt = spec.format ?? defaultFormat;
  const ticks = niceTicks(top);
  const plotH = h - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + plotH - (v / ticks.at(-1)!) * plotH;
  const n = spec.labels.length;
  const plotW = w - PAD.left - PAD.right;
  const grid = ticks
    .map((t) => `<line x1="${PAD.left}" x2="${w - PAD.right}" y1="${fixed(y(t))}" y2="${fixed(y(t))}" class="grid"/><text x="${PAD.left - 6}" y="${fixed(y(t) + 4)}" text-anchor="end">${escapeXml(fmt(t))}</text>`)
    .join('');
  const every = Math.max(1, Math.ceil(n / 12));
  const xLabels = spec.labels
    .map((l, i) => (i % every === 0 ? `<text x="${fixed(PAD.left + ((i + 0.5) * plotW) / n)}" y="${h - PAD.bottom + 16}" text-anchor="middle">${escapeXml(l)}</text>` : ''))
    .join('');
  const legend = spec.series
    .map((s, i) => `<rect x="${PAD.left + i * 130}" y="${h - 22}" width="12" height="12" fill="${s.color}"/><text x="${PAD.left + i * 130 + 16}" y="${h - 12}">${escapeXml(s.name)}</text>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart ${kind}" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${escapeXml(spec.title)}">` +
    `<title>${escapeXml(spec.title)}</title><text x="${PAD.left}" y="20" class="chart-title">${escapeXml(spec.title)}</text>` +
    `${grid}<line x1="${PAD.left}" x2="${w - PAD.right}" y1="${fixed(y(0))}" y2="${fixed(y(0))}" class="axis"/>${xLabels}${BODIES[kind](spec, y, plotW, n)}${legend}</svg>`
  );
}

type Body = (spec: ChartSpec, y: (v: number) => number, plotW: number, n: number) => string;

const lineBody: Body = (spec, y, plotW, n) =>
  spec.series
    .map((s) => {
      const x = (i: number) => PAD.left + ((i + 0.5) * plotW) / n;
      // Gaps where a value is suppressed: each run of known values is its own polyline.
      const runs: string[][] = [[]];
      s.values.forEach((v, i) => {
        if (v === null) runs.push([]);
        else runs.at(-1)!.push(`${fixed(x(i))},${fixed(y(v))}`);
      });
      const lines = runs.filter((r) => r.length > 1).map((r) => `<polyline points="${r.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
      const dots = s.values.map((v, i) => (v === null ? '' : `<circle cx="${fixed(x(i))}" cy="${fixed(y(v))}" r="2.5" fill="${s.color}"/>`));
      return `<g class="series" data-series="${escapeXml(s.name)}">${lines.join('')}${dots.join('')}</g>`;
    })
    .join('');

const barBody =
  (stacked: boolean): Body =>
  (spec, y, plotW, n) => {
    const slot = plotW / n;
    const k = spec.series.length;
    const bw = stacked ? slot * 0.7 : (slot * 0.8) / k;
    const base = new Array<number>(n).fill(0);
    return spec.series
      .map((s, si) => {
        const bars = s.values.map((v, i) => {
          if (v === null || v <= 0) return '';
          const x0 = PAD.left + i * slot + (stacked ? slot * 0.15 : slot * 0.1 + si * bw);
          const bottom = stacked ? base[i]! : 0;
          if (stacked) base[i] = bottom + v;
          const top = y(bottom + v);
          return `<rect x="${fixed(x0)}" y="${fixed(top)}" width="${fixed(bw)}" height="${fixed(Math.max(0.5, y(bottom) - top))}" fill="${s.color}"><title>${escapeXml(`${spec.labels[i]} ${s.name}: ${(spec.format ?? defaultFormat)(v)}`)}</title></rect>`;
        });
        return `<g class="series" data-series="${escapeXml(s.name)}">${bars.join('')}</g>`;
      })
      .join('');
  };
const BODIES: Record<'line' | 'bars' | 'stacked', Body> = { line: lineBody, bars: barBody(false), stacked: barBody(true) };

const maxOf = (series: readonly Series[]) => Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));

export const lineChart = (spec: ChartSpec): string => frame(spec, maxOf(spec.series), 'line');

export const barChart = (spec: ChartSpec): string => frame(spec, maxOf(spec.series), 'bars');

export function stackedBarChart(spec: ChartSpec): string {
  const totals = spec.labels.map((_, i) => spec.series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  return frame(spec, Math.max(0, ...totals), 'stacked');
}

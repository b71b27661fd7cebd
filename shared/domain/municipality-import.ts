// Loads the CBS/PDOK reference files: municipal boundaries (GeoJSON, one feature per
// municipality) and a CSV with code, name, inhabitants per year and police unit. Both are joined
// on the CBS code; every mismatch is reported by code, never half-imported.
import { simplify } from '@turf/simplify';
import type { BoundaryGeometry, Municipality, Ring } from '#shared/ports/municipality-store';
import { policeUnit } from './police-units';

export type ImportedMunicipality = Municipality & { readonly boundary: BoundaryGeometry };

export class MunicipalityImportError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`${problems.length} problem(s): ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? '; …' : ''}`);
    this.name = 'MunicipalityImportError';
  }
}

const CODE = /^GM\d{4}$/;
/** DynamoDB items hold 400 KB; a boundary is simplified until its JSON fits well under that. */
export const MAX_BOUNDARY_BYTES = 300_000;
/** ~1 m: finer than any boundary file's own accuracy. */
const round = (n: number) => Math.round(n * 1e5) / 1e5;

const codeOf = (raw: string): string | undefined => {
  const s = raw.trim().toUpperCase();
  if (CODE.test(s)) return s;
  // CBS StatLine writes the code without the GM prefix (e.g. "344" or "0344").
  return /^\d{1,4}$/.test(s) ? `GM${s.padStart(4, '0')}` : undefined;
};

function roundGeometry(g: BoundaryGeometry): BoundaryGeometry {
  const ring = (r: Ring): Ring => r.map(([x, y]) => [round(x), round(y)]);
  return g.type === 'Polygon' ? { type: 'Polygon', coordinates: g.coordinates.map(ring) } : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) };
}

/** Rounds to ~1 m and simplifies (doubling the tolerance from ~10 m) until the JSON fits. */
export function fitBoundary(geometry: BoundaryGeometry, maxBytes = MAX_BOUNDARY_BYTES): BoundaryGeometry {
  let g = roundGeometry(geometry);
  for (let tolerance = 0.0001; JSON.stringify(g).length > maxBytes; tolerance *= 2) {
    if (tolerance > 0.1) throw new Error('boundary does not fit even at 0.1° tolerance');
    g = roundGeometry(simplify(geometry, { tolerance, highQuality: false }) as BoundaryGeometry);
  }
  return g;
}

interface Feature {
  readonly properties?: Record<string, unknown> | null;
  readonly geometry?: { readonly type?: string; readonly coordinates?: unknown } | null;
}

/** Accepts the CBS (`gemeentecode`) and PDOK (`statcode`) property names. */
function featureCode(f: Feature): string | undefined {
  const p = f.properties ?? {};
  for (const key of ['gemeentecode', 'statcode', 'code', 'GM_CODE']) {
    if (typeof p[key] === 'string') return codeOf(p[key]);
  }
  return undefined;
}

export function parseBoundaries(text: string): { boundaries: Map<string, BoundaryGeometry>; problems: string[] } {
  const problems: string[] = [];
  const boundaries = new Map<string, BoundaryGeometry>();
  let json: { type?: string; features?: Feature[] };
  try {
    json = JSON.parse(text) as typeof json;
  } catch (err) {
    return { boundaries, problems: [`boundaries: not JSON (${(err as Error).message})`] };
  }
  if (json.type !== 'FeatureCollection' || !Array.isArray(json.features)) return { boundaries, problems: ['boundaries: not a GeoJSON FeatureCollection'] };
  json.features.forEach((f, i) => {
    const code = featureCode(f);
    const type = f.geometry?.type;
    if (!code) problems.push(`boundaries feature ${i + 1}: no CBS code (gemeentecode GM…)`);
    else if (code === 'GM0998') return; // CBS placeholder "Buitenland", not a municipality
    else if ((type !== 'Polygon' && type !== 'MultiPolygon') || !Array.isArray(f.geometry?.coordinates)) problems.push(`${code}: geometry must be a Polygon or MultiPolygon`);
    else if (boundaries.has(code)) problems.push(`${code}: two boundaries`);
    else boundaries.set(code, fitBoundary(f.geometry as BoundaryGeometry));
  });
  return { boundaries, problems };
}

/** Splits one CSV line (comma or semicolon, double quotes for fields that contain them). */
function splitCsv(line: string, sep: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      out.push(field.trim());
      field = '';
    } else field += ch;
  }
  out.push(field.trim());
  return out;
}

interface PopulationRow {
  readonly code: string;
  readonly name: string;
  readonly unit: string;
  readonly inhabitants: Record<string, number>;
}

/**
 * Columns: `gemeentecode`, `gemeentenaam`, one `inwoners_YYYY_01_01` per year and
 * `politie_eenheid_naam` (or `politie_eenheid_code`).
 */
export function parsePopulation(text: string): { rows: PopulationRow[]; problems: string[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const problems: string[] = [];
  const header = lines[0];
  if (!header) return { rows: [], problems: ['population: empty file'] };
  const sep = header.includes(';') && !header.includes(',') ? ';' : ',';
  const cols = splitCsv(header, sep).map((c) => c.toLowerCase());
  const at = (name: string) => cols.indexOf(name);
  const years = cols.flatMap((c, i) => {
    const m = /^inwoners_(\d{4})(?:_01_01)?$/.exec(c);
    return m ? [[m[1]!, i] as const] : [];
  });
  const [code, name, unitName, unitCode] = [at('gemeentecode'), at('gemeentenaam'), at('politie_eenheid_naam'), at('politie_eenheid_code')];
  const missing = [code < 0 && 'gemeentecode', name < 0 && 'gemeentenaam', years.length === 0 && 'inwoners_YYYY_01_01', unitName < 0 && unitCode < 0 && 'politie_eenheid_naam'].filter(Boolean);
  if (missing.length > 0) return { rows: [], problems: [`population: missing column(s) ${missing.join(', ')}`] };
  const rows: PopulationRow[] = [];
  lines.slice(1).forEach((line, i) => {
    const f = splitCsv(line, sep);
    const where = `population line ${i + 2}`;
    const c = codeOf(f[code] ?? '');
    if (!c) return problems.push(`${where}: gemeentecode is not a CBS code`);
    const n = f[name] ?? '';
    if (n === '') return problems.push(`${c}: no name`);
    const unit = policeUnit(f[unitName] ?? '') ?? policeUnit(f[unitCode] ?? '');
    if (!unit) return problems.push(`${c}: police unit is not one of the ten`);
    const inhabitants: Record<string, number> = {};
    for (const [year, col] of years) {
      const v = (f[col] ?? '').replace(/[.\s]/g, '');
      if (v === '') continue;
      if (!/^\d+$/.test(v)) return problems.push(`${c}: inwoners ${year} is not a whole number`);
      inhabitants[year] = Number(v);
    }
    if (Object.keys(inhabitants).length === 0) return problems.push(`${c}: no inhabitants for any year`);
    rows.push({ code: c, name: n, unit: unit.name, inhabitants });
  });
  return { rows, problems };
}

/** Joins both files; throws MunicipalityImportError listing every problem. */
export function parseMunicipalities(boundariesText: string, populationText: string): ImportedMunicipality[] {
  const b = parseBoundaries(boundariesText);
  const p = parsePopulation(populationText);
  const problems = [...b.problems, ...p.problems];
  // A file that could not be read at all makes every code "missing": say only what is wrong with it.
  if ((p.rows.length === 0 || b.boundaries.size === 0) && problems.length > 0) throw new MunicipalityImportError(problems);
  const seen = new Set<string>();
  const out: ImportedMunicipality[] = [];
  for (const row of p.rows) {
    if (seen.has(row.code)) {
      problems.push(`${row.code}: two population rows`);
      continue;
    }
    seen.add(row.code);
    const boundary = b.boundaries.get(row.code);
    if (!boundary) problems.push(`${row.code}: no boundary`);
    else out.push({ ...row, boundary });
  }
  for (const code of b.boundaries.keys()) if (!seen.has(code)) problems.push(`${code}: boundary without a population row`);
  if (problems.length > 0) throw new MunicipalityImportError(problems);
  return out.sort((x, y) => x.code.localeCompare(y.code));
}

/** Inhabitants for a year: that year's figure, else the nearest earlier one, else the earliest. */
export function inhabitantsIn(m: Pick<Municipality, 'inhabitants'>, year: number): number {
  const years = Object.keys(m.inhabitants).map(Number).sort((a, b) => a - b);
  const pick = years.filter((y) => y <= year).at(-1) ?? years[0];
  return pick === undefined ? 0 : (m.inhabitants[String(pick)] ?? 0);
}

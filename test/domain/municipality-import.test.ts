// The municipal reference data: the repository's fixture, the real CBS/PDOK files beside the
// checkout (../shared/data/nl/, skipped with a message where that folder is absent), boundaries
// that fit a DynamoDB item, point-in-polygon placement, and refusals that name what is wrong.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fitBoundary, inhabitantsIn, MunicipalityImportError, parseMunicipalities } from '#shared/domain/municipality-import';
import { municipalityLocator } from '#shared/domain/municipality-locator';
import { policeUnit, POLICE_UNITS } from '#shared/domain/police-units';
import { fixtureMunicipalities } from '#shared/local/municipality-fixture';
import type { BoundaryGeometry } from '#shared/ports/municipality-store';

const REAL = fileURLToPath(new URL('../../../shared/data/nl/', import.meta.url));
const hasReal = existsSync(`${REAL}gemeenten_2019.geojson`) && existsSync(`${REAL}gemeenten_2019.csv`);
if (!hasReal) console.warn(`\n*** municipality-import.test.ts: the real CBS files are not at ${REAL}; those tests are SKIPPED (the fixture tests still run). ***\n`);

describe('municipality fixture', () => {
  it('holds Utrecht, Amsterdam, Den Haag and a few small ones with real inhabitants', () => {
    const all = fixtureMunicipalities();
    const byCode = new Map(all.map((m) => [m.code, m]));
    expect(byCode.get('GM0344')).toMatchObject({ name: 'Utrecht', unit: 'Midden-Nederland', inhabitants: { '2019': 352_866, '2020': 357_597 } });
    expect(byCode.get('GM0363')?.unit).toBe('Amsterdam');
    expect(byCode.get('GM0518')?.unit).toBe('Den Haag');
    expect(byCode.get('GM0096')?.name).toBe('Vlieland');
    expect(inhabitantsIn(byCode.get('GM0344')!, 2026)).toBe(357_597);
    expect(inhabitantsIn(byCode.get('GM0344')!, 2010)).toBe(352_866);
  });

  it('places positions in their municipality, and the coast just outside a boundary in the nearest', () => {
    const locate = municipalityLocator(fixtureMunicipalities().map((m) => ({ code: m.code, geometry: m.boundary })));
    expect(locate(52.0894, 5.1101)).toBe('GM0344'); // Utrecht Centraal
    expect(locate(52.3731, 4.8926)).toBe('GM0363'); // Dam
    expect(locate(52.0799, 4.3113)).toBe('GM0518'); // Binnenhof
    expect(locate(52.0297, 5.0837)).toBe('GM0356'); // Nieuwegein
    expect(locate(51.4416, 5.4697)).toBeUndefined(); // Eindhoven: not in the fixture
  });
});

describe('refusals', () => {
  const geo = (code: string) => JSON.stringify({ type: 'FeatureCollection', features: [{ properties: { gemeentecode: code }, geometry: { type: 'Polygon', coordinates: [[[5, 52], [5.1, 52], [5.1, 52.1], [5, 52]]] } }] });
  const csv = (rows: string) => `gemeentecode,gemeentenaam,inwoners_2020_01_01,politie_eenheid_naam\n${rows}`;
  const problems = (b: string, p: string) => {
    try {
      parseMunicipalities(b, p);
      return [];
    } catch (err) {
      expect(err).toBeInstanceOf(MunicipalityImportError);
      return [...(err as MunicipalityImportError).problems];
    }
  };
  it('names every mismatch by code and imports nothing', () => {
    expect(problems(geo('GM0001'), csv('GM0001,Test,1000,Midden-Nederland'))).toEqual([]);
    expect(problems(geo('GM0001'), csv('GM0001,Test,1000,Atlantis'))).toEqual(['GM0001: police unit is not one of the ten']);
    expect(problems(geo('GM0001'), csv('GM0001,Test,1000,Limburg\nGM0002,Other,5,Limburg'))).toEqual(['GM0002: no boundary']);
    expect(problems(geo('GM0001'), csv('GM0001,Test,veel,Limburg'))).toEqual(['GM0001: inwoners 2020 is not a whole number']);
    expect(problems('{', csv(''))[0]).toMatch(/^boundaries: not JSON/);
    expect(problems(geo('GM0001'), 'code;naam\n1;x')).toEqual(['population: missing column(s) gemeentecode, gemeentenaam, inwoners_YYYY_01_01, politie_eenheid_naam']);
  });

  it('knows the ten police units by name, slug and code', () => {
    expect(POLICE_UNITS).toHaveLength(10);
    expect(policeUnit('den haag')?.code).toBe('RE06');
    expect(policeUnit('DenHaag')?.name).toBe('Den Haag');
    expect(policeUnit('re03')?.name).toBe('Midden-Nederland');
    expect(policeUnit('Gotham')).toBeUndefined();
  });

  it('simplifies a boundary that would not fit a DynamoDB item', () => {
    // A ring of 40,000 points (~1.5 MB of JSON) on a circle around Utrecht.
    const ring: [number, number][] = Array.from({ length: 40_000 }, (_, i) => [5.12 + 0.05 * Math.cos((2 * Math.PI * i) / 40_000), 52.09 + 0.03 * Math.sin((2 * Math.PI * i) / 40_000)]);
    ring.push(ring[0]!);
    const big: BoundaryGeometry = { type: 'Polygon', coordinates: [ring] };
    expect(JSON.stringify(big).length).toBeGreaterThan(400_000);
    const fitted = fitBoundary(big);
    expect(JSON.stringify(fitted).length).toBeLessThanOrEqual(300_000);
    expect(municipalityLocator([{ code: 'GM0001', geometry: fitted }])(52.09, 5.12)).toBe('GM0001');
  });
});

describe.skipIf(!hasReal)('the real CBS/PDOK files in ../shared/data/nl/', () => {
  it('imports all 355 municipalities of 2019/2020 with the national population and ten units', () => {
    const all = parseMunicipalities(readFileSync(`${REAL}gemeenten_2019.geojson`, 'utf8'), readFileSync(`${REAL}gemeenten_2019.csv`, 'utf8'));
    expect(all).toHaveLength(355);
    expect(all.reduce((s, m) => s + (m.inhabitants['2019'] ?? 0), 0)).toBe(17_282_163);
    expect(all.reduce((s, m) => s + (m.inhabitants['2020'] ?? 0), 0)).toBe(17_407_585);
    const perUnit = Object.fromEntries(POLICE_UNITS.map((u) => [u.name, all.filter((m) => m.unit === u.name).length]));
    expect(perUnit).toEqual({ 'Noord-Nederland': 42, 'Oost-Nederland': 76, 'Midden-Nederland': 39, 'Noord-Holland': 34, Amsterdam: 6, 'Den Haag': 27, Rotterdam: 25, 'Zeeland-West-Brabant': 37, 'Oost-Brabant': 38, Limburg: 31 });
    expect(all.find((m) => m.code === 'GM0518')?.name).toBe("'s-Gravenhage");
    for (const m of all) expect(JSON.stringify(m.boundary).length, m.code).toBeLessThan(300_000);

    const locate = municipalityLocator(all.map((m) => ({ code: m.code, geometry: m.boundary })));
    expect(locate(52.0894, 5.1101)).toBe('GM0344');
    expect(locate(51.4416, 5.4697)).toBe('GM0772'); // Eindhoven
    expect(locate(53.2194, 6.5665)).toBe('GM0014'); // Groningen
    expect(locate(50.8514, 5.691)).toBe('GM0935'); // Maastricht
  });

  it('reads the coarser 2020 boundaries the same way', () => {
    const all = parseMunicipalities(readFileSync(`${REAL}gemeenten_2020_simplified.geojson`, 'utf8'), readFileSync(`${REAL}gemeenten_2019.csv`, 'utf8'));
    expect(all).toHaveLength(355);
    const locate = municipalityLocator(all.map((m) => ({ code: m.code, geometry: m.boundary })));
    expect(locate(52.3731, 4.8926)).toBe('GM0363');
  });
});

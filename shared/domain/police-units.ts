// The ten regional units of the Dutch police (CBS "regionale eenheid" RE01–RE10). Reports
// address a unit by name ("Midden-Nederland", "Den Haag"), a slug ("den-haag") or its code.
export const POLICE_UNITS = [
  { code: 'RE01', name: 'Noord-Nederland' },
  { code: 'RE02', name: 'Oost-Nederland' },
  { code: 'RE03', name: 'Midden-Nederland' },
  { code: 'RE04', name: 'Noord-Holland' },
  { code: 'RE05', name: 'Amsterdam' },
  { code: 'RE06', name: 'Den Haag' },
  { code: 'RE07', name: 'Rotterdam' },
  { code: 'RE08', name: 'Zeeland-West-Brabant' },
  { code: 'RE09', name: 'Oost-Brabant' },
  { code: 'RE10', name: 'Limburg' },
] as const;

export type PoliceUnit = (typeof POLICE_UNITS)[number];

const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

/** The unit named by `ref` (name, slug, or code, any case and spacing), if it is one of the ten. */
export function policeUnit(ref: string): PoliceUnit | undefined {
  const key = slug(ref);
  return POLICE_UNITS.find((u) => slug(u.name) === key || u.code.toLowerCase() === key);
}

// Port: CBS municipalities, the reference data reports and campaigns are keyed by.

/** GeoJSON positions are [lon, lat]; rings closed. */
export type Ring = [number, number][];
export type BoundaryGeometry = { readonly type: 'Polygon'; readonly coordinates: Ring[] } | { readonly type: 'MultiPolygon'; readonly coordinates: Ring[][] };

export interface Municipality {
  /** CBS code: GM and four digits (`GM0344`). */
  readonly code: string;
  readonly name: string;
  /** Police unit name, one of the ten (shared/domain/police-units.ts). */
  readonly unit: string;
  /** Registered inhabitants on 1 January, per year (`{"2020": 361924}`). */
  readonly inhabitants: Readonly<Record<string, number>>;
}

export interface MunicipalityBoundary {
  readonly code: string;
  /** WGS84 lon/lat, simplified to fit a DynamoDB item. */
  readonly geometry: BoundaryGeometry;
}

export interface MunicipalityStore {
  /** Inserts or replaces municipalities with their boundaries (an import is idempotent). */
  putMany(municipalities: readonly (Municipality & { readonly boundary: BoundaryGeometry })[]): Promise<void>;
  get(code: string): Promise<Municipality | undefined>;
  /** Every municipality without boundaries, by code. */
  list(): Promise<readonly Municipality[]>;
  /** Every boundary (for point-in-polygon); reference data, read once per instance. */
  boundaries(): Promise<readonly MunicipalityBoundary[]>;
}

// Geocoder for the local world: a postcode table (CSV: postcode, house number range, position,
// municipality). The repository ships a synthetic one for its demo area; an operator points
// POSTCODE_TABLE at the national table in the same format (the local configuration's postcodeTable).
import { readFileSync } from 'node:fs';
import type { AddressQuery, GeocodedAddress, Geocoder } from '#shared/ports/geocoder';

interface Row {
  readonly from: number;
  readonly to: number;
  readonly lat: number;
  readonly lon: number;
  readonly municipalityCode: string;
}

export const DEMO_POSTCODE_TABLE = new URL('../../local/fixtures/postcodes-demo.csv', import.meta.url);

export class PostcodeTableGeocoder implements Geocoder {
  private readonly rows = new Map<string, Row[]>();

  constructor(csv: string) {
    for (const line of csv.split('\n')) {
      if (!line || line.startsWith('#') || line.startsWith('postcode,')) continue;
      const [postcode, from, to, lat, lon, municipalityCode] = line.trim().split(',');
      if (!postcode || !municipalityCode) continue;
      const list = this.rows.get(postcode) ?? [];
      list.push({ from: Number(from), to: Number(to), lat: Number(lat), lon: Number(lon), municipalityCode });
      this.rows.set(postcode, list);
    }
  }

  /** The table at `path`, or the repository's demo table. */
  static fromFile(path: string | URL = DEMO_POSTCODE_TABLE): PostcodeTableGeocoder {
    return new PostcodeTableGeocoder(readFileSync(path, 'utf8'));
  }

  geocode(query: AddressQuery): Promise<GeocodedAddress | undefined> {
    const row = this.rows.get(query.postcode)?.find((r) => query.houseNumber >= r.from && query.houseNumber <= r.to);
    return Promise.resolve(row ? { lat: row.lat, lon: row.lon, municipalityCode: row.municipalityCode } : undefined);
  }
}

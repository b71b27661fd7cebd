// Geocoder on Amazon Location Places (v2 Geocode). Results are kept (a participant's address
// position), so the request says IntendedUse Storage as the service terms require. Places does
// not know CBS codes: the municipality comes from the boundary lookup given to the adapter.
import { GeocodeCommand, type GeoPlacesClient } from '@aws-sdk/client-geo-places';
import type { AddressQuery, GeocodedAddress, Geocoder } from '#shared/ports/geocoder';

export type MunicipalityLookup = (lat: number, lon: number) => Promise<string | undefined>;

export class PlacesGeocoder implements Geocoder {
  constructor(
    private readonly client: GeoPlacesClient,
    private readonly municipalityAt: MunicipalityLookup,
  ) {}

  async geocode(query: AddressQuery): Promise<GeocodedAddress | undefined> {
    const out = await this.client.send(
      new GeocodeCommand({
        QueryComponents: { Country: 'NLD', PostalCode: query.postcode, AddressNumber: `${query.houseNumber}${query.addition ?? ''}` },
        MaxResults: 1,
        IntendedUse: 'Storage',
        Language: 'nl',
      }),
    );
    const item = out.ResultItems?.[0];
    const [lon, lat] = item?.Position ?? [];
    // A result for another postcode (the service corrected it) is not this address.
    const found = item?.Address?.PostalCode?.replace(/\s/g, '').toUpperCase();
    if (lat === undefined || lon === undefined || (found !== undefined && found !== query.postcode)) return undefined;
    const municipalityCode = await this.municipalityAt(lat, lon);
    return { lat, lon, ...(municipalityCode ? { municipalityCode } : {}) };
  }
}

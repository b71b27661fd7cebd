// Port: a Dutch address (postcode + house number) to a position and its municipality.
export interface AddressQuery {
  /** Normalised: four digits and two capitals, no space (`3511AB`). */
  readonly postcode: string;
  readonly houseNumber: number;
  readonly addition?: string;
}

export interface GeocodedAddress {
  readonly lat: number;
  readonly lon: number;
  /** CBS code (`GM0344`); absent when the geocoder cannot tell and no boundary lookup is wired. */
  readonly municipalityCode?: string;
}

export interface Geocoder {
  /** undefined: no such address. */
  geocode(query: AddressQuery): Promise<GeocodedAddress | undefined>;
}

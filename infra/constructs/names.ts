// Construct ids from topology keys: 'createAction' -> 'CreateAction', so logical ids read like the topology.
export const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** Typed entries of a topology record (Object.entries widens keys to string). */
export const entries = <K extends string, V>(record: Readonly<Partial<Record<K, V>>>): [K, V][] =>
  Object.entries(record).filter((e): e is [K, V] => e[1] !== undefined) as [K, V][];

// A request the domain refuses, with what kind of refusal it is and the field it concerns; the
// HTTP layer turns the kind into a status. Anything else thrown is a fault, not the caller's.
export type RefusalKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'limited';

export class DomainError extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

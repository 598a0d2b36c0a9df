/** The analysis was asked about an entity the graph does not hold. */
export class UnknownEntityError extends Error {
  // Backstage's error handler answers 404 for this name.
  name = 'NotFoundError';
  readonly entityRef: string;

  constructor(entityRef: string) {
    super(`Entity ${entityRef} is not in the topology graph`);
    this.entityRef = entityRef;
  }
}

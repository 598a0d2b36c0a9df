/** The `reason` values of a Kubernetes `Status` the simulator emits. */
export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  | 'InternalError';

/** The wire shape of a failed request, as the real API server sends it. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: StatusReason;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: Array<{ reason: string; message: string }>;
  };
  code: number;
}

/** An error the store or the router raises; the server turns it into a `Status`. */
export class KubeApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: KubeStatus['details'],
  ) {
    super(message);
    this.name = 'KubeApiError';
  }

  toStatus(): KubeStatus {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** `pods "x" not found`, in the real server's wording. */
export function notFound(plural: string, name: string, group = '') {
  const qualified = group ? `${plural}.${group}` : plural;
  return new KubeApiError(404, 'NotFound', `${qualified} "${name}" not found`, {
    name,
    group: group || undefined,
    kind: plural,
  });
}

export function alreadyExists(plural: string, name: string, group = '') {
  const qualified = group ? `${plural}.${group}` : plural;
  return new KubeApiError(
    409,
    'AlreadyExists',
    `${qualified} "${name}" already exists`,
    { name, group: group || undefined, kind: plural },
  );
}

export function conflict(
  plural: string,
  name: string,
  why: string,
  group = '',
) {
  const qualified = group ? `${plural}.${group}` : plural;
  return new KubeApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified} "${name}": ${why}`,
    { name, group: group || undefined, kind: plural },
  );
}

export function invalid(kind: string, name: string, why: string) {
  return new KubeApiError(
    422,
    'Invalid',
    `${kind} "${name}" is invalid: ${why}`,
    { name, kind },
  );
}

export function badRequest(message: string) {
  return new KubeApiError(400, 'BadRequest', message);
}

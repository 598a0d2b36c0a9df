/** The parts of a client-node `ApiException` this module reads. */
interface ApiExceptionLike {
  code: number;
  body?: unknown;
  message?: string;
}

function isApiException(error: unknown): error is ApiExceptionLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as ApiExceptionLike).code === 'number' &&
    'body' in error
  );
}

/** The HTTP status of a failed API call, if the server answered. */
export function kubeErrorCode(error: unknown): number | undefined {
  return isApiException(error) ? error.code : undefined;
}

export function isNotFound(error: unknown): boolean {
  return kubeErrorCode(error) === 404;
}

/**
 * One line for a failed call: the `Status` message the API server sent
 * (`403 Forbidden: pods "x" is forbidden: …`), or the transport error.
 */
export function describeKubeError(error: unknown): string {
  if (isApiException(error)) {
    let status: { reason?: string; message?: string } | undefined;
    if (typeof error.body === 'string' && error.body.trim().startsWith('{')) {
      try {
        status = JSON.parse(error.body);
      } catch {
        status = undefined;
      }
    } else if (typeof error.body === 'object' && error.body !== null) {
      status = error.body as typeof status;
    }
    if (status?.message) {
      return `${error.code} ${status.reason ?? 'Error'}: ${status.message}`;
    }
    return error.code === 401
      ? '401 Unauthorized: the cluster rejected the credentials'
      : `HTTP ${error.code} from the Kubernetes API`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

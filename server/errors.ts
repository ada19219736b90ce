import 'server-only';
// Errors are values with a kind; this is the one place that maps kinds to HTTP.
export type ErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not-found' | 'too-many' | 'unavailable' | 'internal';

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly hint?: string;
  constructor(kind: ErrorKind, message: string, hint?: string) {
    super(message);
    this.kind = kind;
    this.hint = hint;
  }
}

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  'too-many': 429,
  unavailable: 503,
  internal: 500,
};

export function httpStatus(kind: ErrorKind): number {
  return STATUS[kind];
}

/** Turns an upstream (Kubernetes API) status code into our kind. */
export function kindFromUpstream(status: number): ErrorKind {
  if (status === 400 || status === 422) return 'invalid';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429 || status >= 500) return 'unavailable';
  return 'internal';
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { code?: string; cause?: { code?: string }; message?: string };
  const code = e?.code ?? e?.cause?.code;
  if (code && /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|UND_ERR/.test(code)) {
    return new AppError(
      'unavailable',
      `the cluster's API server is unreachable (${code})`,
      'check that the cluster is running and the kubeconfig server address is right',
    );
  }
  return new AppError('internal', e?.message ?? String(err));
}

export function errorResponse(err: unknown): Response {
  const e = toAppError(err);
  return Response.json(
    { error: { kind: e.kind, message: e.message, hint: e.hint } },
    { status: httpStatus(e.kind), headers: { 'Cache-Control': 'no-store' } },
  );
}

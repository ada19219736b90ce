'use client';
// Requests to Podscope's own API, one way: the answer is checked for success and parsed against
// the contract (lib/api/); a failure is an ApiError carrying the server's kind, message and hint
// (server/errors.ts), or a plain-words one when the server could not be reached.
import type { z } from 'zod';
import { errorBody } from '@/lib/api/errors';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly kind: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
  /** The message and what to do, for people. */
  get text(): string {
    return [this.message, this.hint].filter(Boolean).join(' — ');
  }
}

export async function apiRequest<S extends z.ZodType>(path: string, schema: S, init?: RequestInit): Promise<z.infer<S>> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    throw new ApiError(
      0,
      'unavailable',
      `Podscope could not be reached (${(err as Error).message})`,
      'check that Podscope is running; the page retries',
    );
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const e = errorBody.safeParse(body);
    if (e.success) throw new ApiError(res.status, e.data.error.kind, e.data.error.message, e.data.error.hint);
    throw new ApiError(res.status, 'internal', `Podscope answered HTTP ${res.status}`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new ApiError(res.status, 'internal', `Podscope answered something this page does not understand (${path})`, 'reload the page');
  return parsed.data;
}

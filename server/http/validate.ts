import 'server-only';
// Input validation at the edge: parse, or fail with a 400 that says what is wrong.
import type { z } from 'zod';
import { formatIssues } from '@/lib/validation/issues';
import { AppError } from '../errors';

export function validated<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new AppError('invalid', formatIssues(r.error));
  return r.data;
}

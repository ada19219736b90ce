// The one error shape every API route answers with (server/errors.ts writes it).
import { z } from 'zod';

export const ERROR_KINDS = ['invalid', 'unauthenticated', 'forbidden', 'not-found', 'too-many', 'unavailable', 'internal'] as const;

export const errorBody = z.object({ error: z.object({ kind: z.enum(ERROR_KINDS), message: z.string(), hint: z.string().optional() }) });
export type ErrorBody = z.infer<typeof errorBody>;

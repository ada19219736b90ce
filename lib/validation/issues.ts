// One plain-words message for everything wrong with an input: "field.path: problem; ...".
import type { z } from 'zod';

export function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

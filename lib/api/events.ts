// The contract of GET /api/c/{context}/events/recorded: pod events the flight recorder kept,
// including those the API server has already expired (its event TTL is an hour by default).
import { z } from 'zod';
import { contextName, namespaceName } from '../validation/names';

export const MAX_RECORDED_EVENTS = 50_000;

export const recordedEventsQuery = z
  .object({
    context: contextName,
    namespace: namespaceName.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_RECORDED_EVENTS).default(20_000),
  })
  .strict();

/** The answer: normalised events (lib/events/normalize), passed through as the recorder kept them. */
export const recordedEvents = z.array(
  z.looseObject({ uid: z.string(), type: z.string(), reason: z.string(), message: z.string(), count: z.number() }),
) as unknown as z.ZodType<import('../events/normalize').PodEvent[]>;

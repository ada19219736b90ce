// The contract of a pod's REST routes (/api/c/{context}/pods/{namespace}/{name}/…): route
// parameters, queries and the shapes of answers. The routes validate their inputs with these;
// the browser's data layer parses the answers with them (a server that answers something else
// is an error the page shows, not a crash in a component).
import type { V1Pod } from '@kubernetes/client-node';
import { z } from 'zod';
import type { DiagnosisReport, Finding } from '../diagnosis/types';
import type { PodEvent } from '../events/normalize';
import { containerName, contextName, namespaceName, objectName } from '../validation/names';

/** /c/{context}/pods/{namespace}/{name}: the context segment arrives URL-decoded once. */
export const podParams = z.object({ context: contextName, namespace: namespaceName, name: objectName });
export type PodParams = z.infer<typeof podParams>;

// Kubernetes objects pass through as the API server wrote them (their own schema is the API's)
const kubeObject = <T>() => z.looseObject({ metadata: z.looseObject({}).optional() }) as unknown as z.ZodType<T>;

const evidence = z.object({ source: z.string(), text: z.string(), at: z.string().optional() });
const remedy = z.object({ text: z.string(), command: z.string().optional(), snippet: z.string().optional() });
export const finding = z.looseObject({
  id: z.string(),
  category: z.string(),
  severity: z.enum(['critical', 'error', 'warning', 'info']),
  container: z.string().optional(),
  title: z.string(),
  explanation: z.string(),
  evidence: z.array(evidence),
  causes: z.array(z.string()),
  remedies: z.array(remedy),
  related: z.array(z.string()).optional(),
}) as unknown as z.ZodType<Finding>;

export const diagnosisReport = z.looseObject({
  primary: z.string().nullable(),
  healthy: z.boolean(),
  findings: z.array(finding),
  diagnosedAt: z.string(),
  deletedAt: z.string().optional(),
}) as unknown as z.ZodType<DiagnosisReport>;

export const diagnosisResponse = z.looseObject({
  pod: z.object({
    context: z.string(),
    namespace: z.string(),
    name: z.string(),
    uid: z.string().optional(),
    resourceVersion: z.string().optional(),
  }),
});
export type DiagnosisResponse = DiagnosisReport & z.infer<typeof diagnosisResponse>;

/** A deleted pod's last recorded state. */
export const podRecord = z.object({ pod: kubeObject<V1Pod>(), deletedAt: z.number() });
export type PodRecord = z.infer<typeof podRecord>;

export const snapshotCreated = z.object({ id: z.string(), url: z.string() });

export const actionTarget = z.object({ kind: z.enum(['Deployment', 'StatefulSet', 'DaemonSet']), name: z.string() });
export const availableActions = z.union([
  z.object({ enabled: z.literal(false) }),
  z.object({
    enabled: z.literal(true),
    delete: z.boolean(),
    restart: z.boolean(),
    restartTarget: actionTarget.optional(),
    csrf: z.string(),
  }),
]);
export type AvailableActions = z.infer<typeof availableActions>;
export const actionResult = z.object({ ok: z.literal(true), message: z.string() });

// ---- logs: GET …/logs as Server-Sent Events

const bool = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
export const logQuery = z
  .object({
    container: containerName,
    previous: bool.default(false),
    follow: bool.default(false),
    tail: z.coerce.number().int().min(1).max(100_000).optional(),
    sinceSeconds: z.coerce
      .number()
      .int()
      .min(1)
      .max(30 * 24 * 3600)
      .optional(),
    after: z.string().max(100).optional(),
  })
  .strict();

/** The log stream's events: `lines` (with the resume cursor as the message id), `state`, `unavailable`, `end`. */
export const logLine = z.object({ ts: z.string(), text: z.string() });
export const logLines = z.array(logLine);
export const logStreamState = z.object({
  phase: z.enum(['connecting', 'live', 'loading', 'reconnecting', 'ended', 'unavailable']),
  message: z.string().optional(),
  hint: z.string().optional(),
  since: z.number().optional(),
  resumed: z.boolean().optional(),
  kind: z.string().optional(),
});
export type LogStreamState = z.infer<typeof logStreamState>;
export const logStreamEnd = z.object({ cursor: z.string().nullable() });

/** The pod's events as the events tab and timeline get them (the stream's rows for events). */
export type { PodEvent };

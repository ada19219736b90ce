// The contract of a pod's shell and debug-container routes: what GET .../exec answers (may this
// user open a shell, add a debug container; the CSRF token for both) and the body of
// POST .../debug. The WebSocket itself is described in server/exec/session.ts.
import { z } from 'zod';
import { containerName } from '../validation/names';

/** kubectl debug's profiles (k8s.io/kubectl/pkg/cmd/debug/profiles.go), as they apply to an ephemeral container. */
export const DEBUG_PROFILES = ['general', 'baseline', 'restricted', 'netadmin', 'sysadmin'] as const;
export type DebugProfile = (typeof DEBUG_PROFILES)[number];

export const execInfo = z.union([
  z.object({ enabled: z.literal(false) }),
  z.object({
    enabled: z.literal(true),
    /** create pods/exec, as a SelfSubjectAccessReview answered for this user */
    exec: z.boolean(),
    /** patch pods/ephemeralcontainers */
    debug: z.boolean(),
    csrf: z.string(),
    images: z.array(z.string()),
    profiles: z.array(z.enum(DEBUG_PROFILES)),
  }),
]);
export type ExecInfo = z.infer<typeof execInfo>;

export const debugRequest = z
  .object({
    image: z.string().min(1).max(512),
    profile: z.enum(DEBUG_PROFILES).default('general'),
    /** the container whose process namespace the debugger joins (kubectl debug --target) */
    target: containerName.optional(),
  })
  .strict();
export type DebugRequest = z.infer<typeof debugRequest>;

export const debugResult = z.object({ container: z.string(), message: z.string() });

/** Podscope's mark on a debug copy it made (so only such pods are deleted when the debugging is done). */
export const COPY_OF_ANNOTATION = 'podscope.dev/debug-copy-of';

/** POST .../debug/copy: a copy of the pod with the container's command replaced by a shell (kubectl debug --copy-to). */
export const copyRequest = z.object({ container: containerName.optional() }).strict();
export const copyResult = z.object({ copy: z.string(), container: z.string(), message: z.string() });

export const forwardRequest = z
  .object({
    port: z.number().int().min(1).max(65535),
    kind: z.enum(['http', 'tcp']).default('http'),
  })
  .strict();

export const forwardEntry = z.object({
  id: z.string(),
  kind: z.enum(['http', 'tcp']),
  who: z.string(),
  port: z.number(),
  openedAt: z.number(),
  lastUsedAt: z.number(),
  connections: z.number(),
  bytes: z.number(),
  localPort: z.number().optional(),
  /** yours: you may use and close it */
  mine: z.boolean(),
});
export type ForwardEntry = z.infer<typeof forwardEntry>;

export const forwardsInfo = z.union([
  z.object({ enabled: z.literal(false) }),
  z.object({
    enabled: z.literal(true),
    /** create pods/portforward, as a SelfSubjectAccessReview answered for this user */
    allowed: z.boolean(),
    /** a TCP port on Podscope's machine (local mode only) */
    tcp: z.boolean(),
    csrf: z.string(),
    /** the ports the pod's containers declare */
    ports: z.array(z.object({ container: z.string(), port: z.number(), name: z.string().optional(), protocol: z.string().optional() })),
    forwards: z.array(forwardEntry),
  }),
]);
export type ForwardsInfo = z.infer<typeof forwardsInfo>;

export const openedForward = forwardEntry.extend({ url: z.string() });
export const okResult = z.object({ ok: z.literal(true) });

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

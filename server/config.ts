import 'server-only';
// All of Podscope's server configuration, from the environment, validated once at startup.
import { z } from 'zod';
import { formatIssues } from '@/lib/validation/issues';
import { proxySettings } from './auth/proxy-headers';

const schema = z
  .object({
    /**
     * none (default): local mode, every request acts as the kubeconfig context's own user.
     * token: shared mode, each user logs in with a bearer token that the API server checks,
     * and every request Podscope makes for them carries their token.
     * proxy: shared mode behind an authenticating proxy that passes the user and groups in headers
     * (with PODSCOPE_PROXY_SECRET); every request impersonates that user.
     */
    PODSCOPE_AUTH: z.enum(['none', 'token', 'proxy']).default('none'),
    /** Proxy mode: the shared secret the proxy sends (at least 32 characters), and the header names. */
    PODSCOPE_PROXY_SECRET: z.string().optional(),
    PODSCOPE_PROXY_SECRET_HEADER: z.string().optional(),
    PODSCOPE_PROXY_USER_HEADER: z.string().optional(),
    PODSCOPE_PROXY_GROUPS_HEADER: z.string().optional(),
    /** Write actions (delete pod, rollout restart): off unless turned on. */
    PODSCOPE_ACTIONS: z.enum(['on', 'off']).default('off'),
    /** A shell in a container and ephemeral debug containers (pods/exec, pods/ephemeralcontainers): off unless turned on. */
    PODSCOPE_EXEC: z.enum(['on', 'off']).default('off'),
    /** Forwarding a container's port (pods/portforward): off unless turned on. */
    PODSCOPE_PORT_FORWARD: z.enum(['on', 'off']).default('off'),
    /** A shell or forward with no traffic either way for this long is closed. */
    PODSCOPE_EXEC_IDLE_SECONDS: z.coerce.number().int().min(5).max(86_400).default(900),
    /** Open shells (and forwards) per user. */
    PODSCOPE_EXEC_MAX_PER_USER: z.coerce.number().int().min(1).max(100).default(4),
    /** Images an ephemeral debug container may run, comma-separated (the first is the default). */
    /** A Prometheus (its base URL) that scrapes the kubelets: a pod's usage history comes from it instead of the flight recorder. */
    PODSCOPE_PROMETHEUS_URL: z.string().url().optional(),
    PODSCOPE_DEBUG_IMAGES: z.string().max(4096).default('busybox:1.37,nicolaka/netshoot:v0.14'),
    /** Comma/colon separated kubeconfig files, as kubectl reads KUBECONFIG. */
    KUBECONFIG: z.string().optional(),
    /** Set by the kubelet inside a pod: then the pod's service account is the in-cluster context. */
    KUBERNETES_SERVICE_HOST: z.string().optional(),
    /**
     * PostgreSQL for the flight recorder and snapshots (postgres://user:password@host:port/db),
     * shared by several replicas; without it, SQLite under PODSCOPE_DATA_DIR (one process).
     */
    PODSCOPE_DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'must be a postgres:// URL')
      .optional(),
    /** The flight recorder's data directory (SQLite). */
    PODSCOPE_DATA_DIR: z.string().min(1).default('.podscope-data'),
    PODSCOPE_RETENTION_HOURS: z.coerce
      .number()
      .min(1)
      .max(24 * 365)
      .default(72),
    PODSCOPE_RETENTION_ROWS: z.coerce.number().int().min(1000).max(50_000_000).default(2_000_000),
    /** The recorder's database stops growing past this size: the oldest records go first. */
    PODSCOPE_RETENTION_MB: z.coerce.number().int().min(16).max(1_000_000).default(1024),
    /** Snapshots (shared debug links) are kept longer than the recorded history. */
    PODSCOPE_SNAPSHOT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /**
     * background: the recorder watches every pod and event of the current context from startup,
     * not only what someone has open; the default in local mode. In the shared modes (token,
     * proxy) only when set: it then watches as Podscope's own identity (its service account), which
     * needs list and watch on pods and events. watched (the shared modes' default): record only
     * what users watch. With PODSCOPE_DATABASE_URL, one replica at a time records in the
     * background, elected through a Lease.
     */
    PODSCOPE_RECORDER: z.enum(['background', 'watched']).optional(),
    /** Where this replica answers its peers (host:port; default: POD_IP, or 127.0.0.1, and the port served). */
    PODSCOPE_REPLICA_ADDRESS: z
      .string()
      .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'must be host:port')
      .optional(),
    /** The Lease the background recorder's replicas elect a leader with: namespace/name (default: this pod's namespace, podscope-recorder). */
    PODSCOPE_LEASE: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/, 'must be namespace/name')
      .optional(),
    PODSCOPE_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    /** How long a watch cache lingers after its last subscriber leaves. */
    PODSCOPE_CACHE_LINGER_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
    /** SSE heartbeat interval. */
    PODSCOPE_HEARTBEAT_MS: z.coerce.number().int().min(1000).max(120_000).default(15_000),
    /** Deltas are coalesced and flushed at most this often per stream. */
    PODSCOPE_FLUSH_MS: z.coerce.number().int().min(10).max(5000).default(100),
    /** Streams (browser tabs) per user and in total; watches (list+watch caches) per user and in total. */
    PODSCOPE_MAX_STREAMS_PER_USER: z.coerce.number().int().min(1).max(100_000).default(64),
    PODSCOPE_MAX_STREAMS: z.coerce.number().int().min(1).max(1_000_000).default(1000),
    PODSCOPE_MAX_WATCHES_PER_USER: z.coerce.number().int().min(1).max(100_000).default(200),
    PODSCOPE_MAX_WATCHES: z.coerce.number().int().min(1).max(1_000_000).default(2000),
    /** Host names a shared install answers for, comma-separated (name, or name:port); loopback always. */
    PODSCOPE_ALLOWED_HOSTS: z.string().max(4096).optional(),
    /** Login attempts that fail, per client address and in total, per minute. */
    PODSCOPE_LOGIN_FAILURES_PER_CLIENT: z.coerce.number().int().min(1).max(10_000).default(5),
    PODSCOPE_LOGIN_FAILURES_TOTAL: z.coerce.number().int().min(1).max(1_000_000).default(60),
    /**
     * Upstream liveness: each cluster with watches open is probed (/readyz) this often with this
     * deadline; two failures in a row make its views stale (a hung API server otherwise looks live).
     */
    PODSCOPE_LIVENESS_INTERVAL_MS: z.coerce.number().int().min(200).max(60_000).default(1500),
    PODSCOPE_LIVENESS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
    /** Watch reconnect back-off bounds. */
    PODSCOPE_BACKOFF_MIN_MS: z.coerce.number().int().min(50).max(60_000).default(500),
    PODSCOPE_BACKOFF_MAX_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  })
  .superRefine((c, ctx) => {
    if (c.PODSCOPE_AUTH !== 'proxy') return;
    try {
      proxySettings(c);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: [], message: (err as Error).message });
    }
  });

export type Config = z.infer<typeof schema>;

/** Whether the flight recorder records in the background (see PODSCOPE_RECORDER). */
export const recordsInBackground = (c: Config): boolean =>
  (c.PODSCOPE_RECORDER ?? (c.PODSCOPE_AUTH === 'none' ? 'background' : 'watched')) === 'background';

let cached: Config | undefined;
export function config(): Config {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      const msg = formatIssues(parsed.error);
      throw new Error(`invalid Podscope configuration: ${msg}`);
    }
    cached = parsed.data;
  }
  return cached;
}

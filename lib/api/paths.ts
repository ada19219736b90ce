// Every route Podscope serves to its own pages, in one place: the routes' folders under app/
// and the browser's data layer (components/data/) both follow these.
const ctx = encodeURIComponent;

/** A pod's API routes. Namespace and name are DNS names; the context is free-form (encoded). */
export function podApi(context: string, namespace: string, name: string) {
  const base = `/api/c/${ctx(context)}/pods/${namespace}/${name}`;
  return {
    diagnosis: `${base}/diagnosis`,
    history: `${base}/history`,
    snapshots: `${base}/snapshots`,
    actions: `${base}/actions`,
    action: (action: 'delete' | 'restart') => `${base}/actions/${action}`,
    logs: (q: URLSearchParams) => `${base}/logs?${q}`,
    /** GET: may I open a shell here; a WebSocket upgrade of the same path is the shell */
    exec: `${base}/exec`,
    debug: `${base}/debug`,
    debugCopy: (copy?: string) => `${base}/debug/copy${copy ? `?name=${encodeURIComponent(copy)}` : ''}`,
    forwards: `${base}/forwards`,
    forward: (id: string) => `${base}/forwards/${encodeURIComponent(id)}`,
    usage: (since?: number) => `${base}/usage${since !== undefined ? `?since=${since}` : ''}`,
  };
}

/** A workload's API routes (kind in lower case, as in its page's link). */
export function workloadApi(context: string, namespace: string, kind: string, name: string) {
  const base = `/api/c/${ctx(context)}/w/${namespace}/${kind.toLowerCase()}/${name}`;
  return { logs: (q: URLSearchParams) => `${base}/logs?${q}` };
}

export const api = {
  recordedEvents: (context: string, q: URLSearchParams) => `/api/c/${ctx(context)}/events/recorded?${q}`,
  usage: (context: string, namespace?: string) => `/api/c/${ctx(context)}/usage${namespace ? `?namespace=${namespace}` : ''}`,
  nodes: (context: string) => `/api/c/${ctx(context)}/nodes`,
  clusters: '/api/clusters',
  stream: '/api/stream',
  streamControl: (session: string) => `/api/stream/${encodeURIComponent(session)}`,
  snapshot: (id: string, format: 'json' | 'markdown') => `/api/snapshots/${encodeURIComponent(id)}?format=${format}`,
  login: '/api/auth/login',
  logout: '/api/auth/logout',
} as const;

/** The CSRF token of write actions travels in this header. */
export const CSRF_HEADER = 'X-Podscope-CSRF';

import 'server-only';
// Proxy mode: every request to the API server carries Podscope's own credentials plus
// Impersonate-User and one Impersonate-Group header per group, so the API server authorizes it
// as the user. client-node hands each request (kubeFetch, Watch, generated API clients) a plain
// header record, which cannot hold a repeated header, so the headers are set one level lower: an
// undici interceptor composed onto the request's dispatcher rewrites them as the request leaves.
// And over HTTP/1.1 only: undici's HTTP/2 client joins repeated headers into one "a, b" value,
// which the API server would take as a single group named "a, b".
import type { AgentOptions } from 'node:https';
import { type Cluster, type DispatcherOptions, KubeConfig, type RequestContext } from '@kubernetes/client-node';
import { type Dispatcher, getGlobalDispatcher } from 'undici';

export interface Impersonation {
  user: string;
  groups: string[];
}

type Headers = Dispatcher.DispatchOptions['headers'];

/** The request's headers as name → value(s), without any Impersonate-* header it already had. */
function withoutImpersonation(headers: Headers): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const add = (name: string, value: string | string[] | undefined) => {
    if (value === undefined || /^impersonate-/i.test(name)) return;
    const have = out[name];
    out[name] = have === undefined ? value : [have, value].flat();
  };
  if (!headers) return out;
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) add(String(headers[i]), String(headers[i + 1]));
  } else if (typeof (headers as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const [k, v] of headers as Iterable<[string, string | string[] | undefined]>) add(k, v);
  } else {
    for (const [k, v] of Object.entries(headers)) add(k, v);
  }
  return out;
}

/** Exported for unit tests. */
export function impersonating(who: Impersonation): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    const headers = withoutImpersonation(opts.headers);
    headers['impersonate-user'] = who.user;
    if (who.groups.length > 0) headers['impersonate-group'] = who.groups; // undici writes one header line per value
    return dispatch({ ...opts, headers }, handler);
  };
}

/** A KubeConfig with the base context's cluster and credentials that acts as `who`. */
export class ImpersonatingKubeConfig extends KubeConfig {
  constructor(
    base: KubeConfig,
    private readonly who: Impersonation,
  ) {
    super();
    this.loadFromOptions({
      clusters: base.getClusters(),
      users: base.getUsers(),
      contexts: base.getContexts(),
      currentContext: base.getCurrentContext(),
    });
  }

  override async applySecurityAuthentication(ctx: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(ctx);
    // (createDispatcherOptions below always yields a dispatcher; the global one is a last resort)
    ctx.setDispatcher((ctx.getDispatcher() ?? getGlobalDispatcher()).compose(impersonating(this.who)));
  }

  /** The connection options client-node builds its dispatcher from, with HTTP/2 turned off. */
  override createDispatcherOptions(cluster: Cluster | null, agentOptions: AgentOptions): DispatcherOptions {
    const opts = super.createDispatcherOptions(cluster, agentOptions);
    // undici's buildConnector reads allowH2 from these options (client-node's types do not list
    // it): ALPN then offers http/1.1 only
    const http1 = { allowH2: false } as object;
    if (opts.type === 'agent') return { ...opts, connect: { ...opts.connect, ...http1 } };
    if (opts.type === 'proxy') return { ...opts, requestTls: { ...opts.requestTls, ...http1 } };
    // 'none' (no TLS options: a publicly trusted server) would mean undici's global dispatcher,
    // which allows HTTP/2: an agent of its own instead
    if (opts.type === 'none') return { type: 'agent', connect: { keepAlive: true, keepAliveInitialDelay: 30_000, ...http1 } };
    return opts; // 'socks' connects TLS without ALPN, so HTTP/1.1
  }

  /**
   * For WebSockets (exec, port-forward: server/exec/upstream.ts), which go through Node's own
   * http/https request, not undici: the headers go in the options, one header line per group
   * (Node writes an array value as repeated headers).
   */
  override async applyToHTTPSOptions(opts: Parameters<KubeConfig['applyToHTTPSOptions']>[0]): Promise<void> {
    await super.applyToHTTPSOptions(opts);
    const o = opts as { headers?: Record<string, string | string[]> };
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(o.headers ?? {})) if (!/^impersonate-/i.test(k)) headers[k] = v;
    headers['Impersonate-User'] = this.who.user;
    if (this.who.groups.length > 0) headers['Impersonate-Group'] = [...this.who.groups];
    o.headers = headers;
  }
}

import 'server-only';
// The cluster registry: kubeconfig contexts read the way kubectl reads them (KUBECONFIG with
// several files, first definition wins; else ~/.kube/config), or the in-cluster service account.
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { Identity } from './identities';
import { config } from '../config';
import { AppError } from '../errors';
import { log } from '../log';
import { ImpersonatingKubeConfig } from './impersonate';

export const IN_CLUSTER = 'in-cluster';

export interface ContextInfo {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  server: string;
}

export interface Registry {
  contexts: ContextInfo[];
  current?: string;
  sources: string[];
  /** why nothing is configured, when nothing is */
  problem?: string;
}

let registry: { reg: Registry; configs: Map<string, KubeConfig>; loadedAt: number } | undefined;

function kubeconfigFiles(): string[] {
  const env = config().KUBECONFIG;
  if (env) return env.split(delimiter).filter(Boolean);
  return [join(homedir(), '.kube', 'config')];
}

function load(): { reg: Registry; configs: Map<string, KubeConfig> } {
  const configs = new Map<string, KubeConfig>();
  const files = kubeconfigFiles().filter((f) => existsSync(f) && statSync(f).isFile());
  const problems: string[] = [];
  const merged = new KubeConfig();
  let first = true;
  for (const f of files) {
    try {
      const kc = new KubeConfig();
      kc.loadFromFile(f);
      if (first) {
        merged.loadFromFile(f);
        first = false;
      } else {
        // kubectl's rule: the first file to define a name wins
        const have = (list: { name: string }[], n: string) => list.some((x) => x.name === n);
        for (const c of kc.getClusters()) if (!have(merged.getClusters(), c.name)) merged.clusters.push(c);
        for (const u of kc.getUsers()) if (!have(merged.getUsers(), u.name)) merged.users.push(u);
        for (const c of kc.getContexts()) if (!have(merged.getContexts(), c.name)) merged.contexts.push(c);
      }
    } catch (err) {
      problems.push(`${f}: ${(err as Error).message}`);
      log.warn('skipping unreadable kubeconfig', { file: f, error: (err as Error).message });
    }
  }

  if (!first) {
    for (const ctx of merged.getContexts()) {
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: merged.getClusters(),
        users: merged.getUsers(),
        contexts: merged.getContexts(),
        currentContext: ctx.name,
      });
      if (kc.getCurrentCluster()) configs.set(ctx.name, kc);
    }
  } else if (config().KUBERNETES_SERVICE_HOST) {
    const kc = new KubeConfig();
    kc.loadFromCluster();
    configs.set(IN_CLUSTER, kc);
  }

  const contexts: ContextInfo[] = [...configs.entries()].map(([name, kc]) => {
    const ctx = kc.getContextObject(name) ?? kc.getContexts()[0];
    return {
      name,
      cluster: ctx?.cluster ?? '',
      user: ctx?.user ?? '',
      namespace: ctx?.namespace,
      server: kc.getCurrentCluster()?.server ?? '',
    };
  });
  let problem: string | undefined;
  if (contexts.length === 0) {
    problem =
      files.length === 0
        ? `no kubeconfig found (looked at ${kubeconfigFiles().join(', ')}) and not running inside a cluster`
        : `the kubeconfig files define no usable context${problems.length ? ` (${problems.join('; ')})` : ''}`;
  }
  const current =
    !first && merged.getCurrentContext() && configs.has(merged.getCurrentContext()) ? merged.getCurrentContext() : contexts[0]?.name;
  return { reg: { contexts, current, sources: files, problem }, configs };
}

function loaded() {
  // kubeconfigs change rarely; re-read at most every 5 s so a new context shows up without a restart
  if (!registry || Date.now() - registry.loadedAt > 5000) registry = { ...load(), loadedAt: Date.now() };
  return registry;
}

export function listContexts(): Registry {
  return loaded().reg;
}

const userConfigs = new Map<string, KubeConfig>();

/**
 * The client configuration for a context, acting as `identity`: the kubeconfig's own user in
 * local mode; the context's cluster (server, CA) with the user's bearer token in token mode; the
 * context's own credentials impersonating the user and groups in proxy mode.
 */
export function kubeConfigFor(context: string, identity: Identity = { kind: 'kubeconfig' }): KubeConfig {
  const kc = loaded().configs.get(context);
  if (!kc) throw new AppError('not-found', `no kubeconfig context named "${context}"`, 'pick one of the contexts listed on the start page');
  if (identity.kind === 'kubeconfig') return kc;
  // a token goes only to the API server that accepted it at login, never to another context's
  if (identity.kind === 'token' && identity.context !== context) {
    throw new AppError(
      'unauthenticated',
      `your login is for context "${identity.context}", not "${context}": log in to "${context}" first`,
      `open /login?context=${encodeURIComponent(context)}`,
    );
  }
  const k = `${context}|${identity.kind}|${identity.key}`;
  let t = userConfigs.get(k);
  if (!t) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new AppError('not-found', `context "${context}" has no cluster`);
    if (identity.kind === 'impersonate') {
      t = new ImpersonatingKubeConfig(kc, { user: identity.user, groups: identity.groups });
    } else {
      t = new KubeConfig();
      t.loadFromOptions({
        clusters: [cluster],
        users: [{ name: 'podscope-user', token: identity.token }],
        contexts: [{ name: context, cluster: cluster.name, user: 'podscope-user' }],
        currentContext: context,
      });
    }
    if (userConfigs.size > 1000) userConfigs.clear();
    userConfigs.set(k, t);
  }
  return t;
}

/** The cache key of an identity on a context. Never contains the token itself. */
export function identityKey(context: string, id: Identity): string {
  if (id.kind === 'token') return `token:${id.key}`;
  if (id.kind === 'impersonate') return `impersonate:${id.key}`;
  const ctx = listContexts().contexts.find((c) => c.name === context);
  return `kubeconfig:${context}:${ctx?.user ?? ''}`;
}

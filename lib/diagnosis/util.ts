// Small helpers shared by the rules (a pod's containers, times and owners live in lib/k8s).
import type { V1Pod } from '@kubernetes/client-node';
import { type PodOwners, topOwner } from '../k8s/owners';
import type { Lookup } from './types';
import type { PodEvent } from '../events/normalize';
import { type Literal, literal, sh, shellQuote } from '../text/shell';
/** Events about one container (by field path), or about the pod as a whole when `name` is undefined. */
export function eventsFor(events: PodEvent[], name?: string): PodEvent[] {
  if (name === undefined) return events;
  return events.filter(
    (e) =>
      !e.involved.fieldPath ||
      e.involved.fieldPath.endsWith(`{${name}}`) ||
      e.message.includes(` ${name} `) ||
      e.message.includes(`container ${name}`) ||
      e.message.includes(`container=${name}`),
  );
}

export const eventEvidence = (e: PodEvent) => ({
  source: `event ${e.type} ${e.reason}${e.count > 1 ? ` ×${e.count}` : ''}`,
  text: e.message,
  at: e.lastSeen,
});

/** `-n <ns> pod/<name>` for a kubectl command, each value shell-quoted. */
export function podRef(pod: V1Pod): Literal {
  return literal(sh`-n ${pod.metadata?.namespace ?? ''} pod/` + shellQuote(pod.metadata?.name ?? ''));
}

/** `-n <ns> <name>` for kubectl verbs that take a pod name without its kind (top, debug). */
export function podArgs(pod: V1Pod): Literal {
  return literal(sh`-n ${pod.metadata?.namespace ?? ''} ${pod.metadata?.name ?? ''}`);
}

/**
 * The object a person edits to change this pod, for kubectl (`deployment/web`, `cronjob/report`,
 * `statefulset/db`; the pod itself when nothing controls it), shell-quoted.
 */
export function editTarget(pod: V1Pod, owners?: PodOwners): Literal {
  const top = topOwner(pod, owners);
  return literal(shellQuote(`${top.kind.toLowerCase()}/${top.name}`));
}

/** `-n <namespace>` for kubectl, quoted. */
export const nsFlag = (pod: V1Pod): Literal => literal(sh`-n ${pod.metadata?.namespace ?? ''}`);

/** What could not be looked at, as the finding reports it: the confidence drops, the fetch is shown. */
export function unknownsOf(...lookups: (Lookup<unknown> | undefined)[]): string[] {
  return lookups.flatMap((l) => (l?.state === 'unknown' ? [l.why] : []));
}

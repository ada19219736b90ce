// Small helpers shared by the rules (a pod's containers, times and owners live in lib/k8s).
import type { V1Pod } from '@kubernetes/client-node';
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

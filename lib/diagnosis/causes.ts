// Which finding explains which. A cause is linked to the consequences it produces, nearest first:
// whatever ended the pod from outside (an eviction, a preemption, a lost or shut-down node)
// explains the containers it killed and the probes that failed with them; a claim that is missing
// or unbound explains the scheduling that waits for it; a rollout explains the failures of its
// new pods; a Job's verdict (backoffLimit, deadline, failure policy) explains everything its pod
// went through. A finding is explained by at most one cause, and no cause by its own consequence.
import { type DiagnosisInput, type Finding, findingKey } from './types';

const ENDED_FROM_OUTSIDE = new Set([
  'node.evicted',
  'node.evicted-storage',
  'node.preempted',
  'node.taint-evicted',
  'node.shutdown',
  'node.api-evicted',
  'node.pod-gc',
  'node.lost',
  'node.not-ready',
  'node.admission-rejected',
]);

interface Link {
  root: (f: Finding) => boolean;
  explains: (c: Finding, input: DiagnosisInput) => boolean;
}

const hasFinalizers = (input: DiagnosisInput) => (input.pod.metadata?.finalizers ?? []).length > 0;

const LINKS: Link[] = [
  // a node that stopped reporting (or is NotReady) explains its pods' states: the taint eviction
  // that follows it, containers that died with it, a deletion that cannot finish on it
  {
    root: (f) => f.id === 'node.lost' || f.id === 'node.not-ready',
    explains: (c, input) =>
      c.id === 'node.taint-evicted' ||
      c.category === 'crash' ||
      c.category === 'probe' ||
      c.category === 'runtime' ||
      (c.id === 'termination.stuck' && !hasFinalizers(input)),
  },
  // the pod was ended from outside: its containers' deaths, probes, a deletion that waits on the node
  {
    root: (f) => ENDED_FROM_OUTSIDE.has(f.id),
    explains: (c, input) =>
      c.category === 'crash' ||
      c.category === 'probe' ||
      c.category === 'runtime' ||
      (c.id === 'termination.stuck' && !hasFinalizers(input)),
  },
  // a claim that is missing, unbound or without its storage class keeps the pod Pending
  {
    root: (f) => f.category === 'volume' && f.id.startsWith('volume.claim'),
    explains: (c) => c.id === 'scheduling.unschedulable' && c.related?.includes('volume') === true,
  },
  // the new revision fails where the old one ran: the rollout is the cause
  {
    root: (f) => f.id === 'rollout.regression',
    explains: (c) => !['spec', 'job', 'rollout'].includes(c.category) && !ENDED_FROM_OUTSIDE.has(c.id),
  },
  // the Job's verdict leads; what its pod went through is why
  { root: (f) => f.category === 'job', explains: (c) => c.category !== 'spec' && c.category !== 'job' },
];

export function linkCauses(findings: Finding[], input: DiagnosisInput): void {
  const key = findingKey;
  const byKey = new Map(findings.map((f) => [key(f), f]));
  /** is `a` among the causes of `b` (or `b` itself)? */
  const above = (a: Finding, b: Finding): boolean => {
    for (let f: Finding | undefined = b; f; f = f.causedBy ? byKey.get(f.causedBy) : undefined) if (f === a) return true;
    return false;
  };
  for (const link of LINKS) {
    for (const root of findings.filter(link.root)) {
      for (const c of findings) {
        if (c === root || c.causedBy || above(c, root) || !link.explains(c, input)) continue;
        c.causedBy = key(root);
        (root.consequences ??= []).push(key(c));
      }
    }
  }
  // a root that stands for its consequences says what they are, in a line
  for (const root of findings) {
    if (root.causedBy || !root.consequences?.length) continue;
    const first = byKey.get(root.consequences[0])!;
    root.explanation = `${root.explanation} Consequence: ${first.title}${root.consequences.length > 1 ? ` (and ${root.consequences.length - 1} more)` : ''}.`;
    if (root.category === 'job') root.title = `${root.title} — ${first.title}`;
  }
}

// The practices every pod guide teaches, reported at low severity and only for pods that
// already have a problem (so healthy pods stay quiet), linked to the failure they may explain.
import type { Finding } from '../types';
import { podContainers as containers } from '../../k8s/containers';
import type { DiagnosisInput } from '../types';
import { practices } from './practices';

export function specReview(input: DiagnosisInput, failures: Finding[]): Finding[] {
  if (failures.length === 0) return [];
  const out: Finding[] = [];
  const { pod } = input;
  for (const c of containers(pod)) {
    const r = c.spec.resources;
    const related = failures.filter((f) => f.container === c.name).map((f) => f.id);
    if (!r?.requests?.memory || !r?.limits?.memory) {
      const oom = failures.some((f) => f.container === c.name && f.id === 'crash.oom-killed');
      out.push({
        id: 'spec.memory-unset',
        category: 'spec',
        confidence: 'high',
        severity: oom ? 'warning' : 'info',
        container: c.name,
        title: `${c.name}: memory ${!r?.requests?.memory ? 'request' : 'limit'} not set${oom ? ' — and it is being OOMKilled' : ''}`,
        explanation:
          'Without a memory request the scheduler cannot place the pod by its real needs and the pod is first in line for eviction; without a limit one container can starve its node.',
        evidence: [{ source: `spec.containers[${c.name}].resources`, text: JSON.stringify(r ?? {}) }],
        causes: [],
        remedies: [{ text: 'Set requests to typical usage and a memory limit above peak usage' }],
        related,
      });
    }
    if (c.kind === 'main' && !c.spec.livenessProbe && !c.spec.readinessProbe) {
      out.push({
        id: 'spec.no-probes',
        category: 'spec',
        confidence: 'high',
        severity: 'info',
        container: c.name,
        title: `${c.name}: no liveness or readiness probe`,
        explanation: 'Without probes Kubernetes cannot tell a hung process from a healthy one, and sends traffic before the app is ready.',
        evidence: [{ source: `spec.containers[${c.name}]`, text: 'no livenessProbe, no readinessProbe' }],
        causes: [],
        remedies: [{ text: 'Add a readinessProbe (and a livenessProbe for hangs)' }],
        related,
      });
    }
    const img = c.spec.image ?? '';
    const last = img.split('/').pop() ?? '';
    if (!img.includes('@') && (!last.includes(':') || last.endsWith(':latest'))) {
      out.push({
        id: 'spec.latest-tag',
        category: 'spec',
        confidence: 'high',
        severity: 'info',
        container: c.name,
        title: `${c.name}: image "${img}" uses ${last.includes(':') ? 'the :latest tag' : 'no tag (:latest)'}`,
        explanation: 'A moving tag means two pods of the same revision can run different code, and rollbacks do not roll back.',
        evidence: [{ source: `spec.containers[${c.name}].image`, text: img }],
        causes: [],
        remedies: [{ text: 'Pin a version tag or digest' }],
        related,
      });
    }
  }
  const sc = pod.spec?.securityContext;
  if (!sc?.runAsNonRoot && !containers(pod).every((c) => c.spec.securityContext?.runAsNonRoot)) {
    out.push({
      id: 'spec.root-allowed',
      category: 'spec',
      confidence: 'high',
      severity: 'info',
      title: 'runAsNonRoot is not set: the containers may run as root',
      explanation: 'Running as root widens what a compromised container can do.',
      evidence: [{ source: 'spec.securityContext', text: JSON.stringify(sc ?? {}) }],
      causes: [],
      remedies: [{ text: 'Set securityContext.runAsNonRoot: true with a numeric runAsUser' }],
    });
  }
  return [...out, ...practices(input, failures)];
}

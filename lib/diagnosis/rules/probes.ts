// Readiness failing while the container runs: STATUS still says Running, READY shows 0/1.
import type { Finding, Rule } from '../types';
import { sh } from '../../text/shell';
import { containerLabel, podContainers as containers } from '../../k8s/containers';
import { timeMs } from '../../k8s/time';
import { eventEvidence, eventsFor, podRef } from '../util';

export const readinessRule: Rule = ({ pod, events }) => {
  const out: Finding[] = [];
  if (pod.status?.phase !== 'Running' || pod.metadata?.deletionTimestamp) return out;
  for (const c of containers(pod)) {
    if (c.kind === 'init' || !c.status?.state?.running || c.status.ready) continue;
    const unhealthy = eventsFor(events, c.name).find((e) => e.reason === 'Unhealthy' && e.message.startsWith('Readiness probe failed'));
    // one failure while the app starts is normal: require the probe's failure threshold, seen
    // since this container started
    const threshold = c.spec.readinessProbe?.failureThreshold ?? 3;
    const started = timeMs(c.status.state.running.startedAt) ?? 0;
    if (!unhealthy || unhealthy.count < threshold || (timeMs(unhealthy.lastSeen) ?? 0) < started) continue;
    const p = c.spec.readinessProbe;
    out.push({
      id: 'probe.readiness-failing',
      category: 'probe',
      confidence: 'high',
      severity: 'error',
      container: c.name,
      title: `${containerLabel(c)} is running but not ready: its readiness probe fails`,
      explanation: `Kubernetes keeps this pod out of Service endpoints while the probe fails (${unhealthy.count} failure${unhealthy.count > 1 ? 's' : ''} so far). STATUS still shows Running; READY shows the truth.`,
      evidence: [
        { source: `${c.statusPath}`, text: 'state running, ready false' },
        eventEvidence(unhealthy),
        ...(p ? [{ source: `spec.containers[${c.name}].readinessProbe`, text: JSON.stringify(p) }] : []),
      ],
      causes: [
        'the application is up but reports itself unhealthy (a dependency such as a database is unavailable)',
        'the probe targets the wrong path or port',
        'the probe timeout is too short under load',
      ],
      remedies: [
        {
          text: 'Call the probe endpoint yourself',
          command: sh`kubectl -n ${pod.metadata?.namespace ?? ''} port-forward ${`pod/${pod.metadata?.name}`} ${`8080:${p?.httpGet?.port ?? 8080}`} & curl -i ${`localhost:8080${p?.httpGet?.path ?? '/'}`}`,
        },
        { text: 'Read recent logs', command: sh`kubectl logs ${podRef(pod)} -c ${c.name} --tail=100` },
      ],
    });
  }
  return out;
};

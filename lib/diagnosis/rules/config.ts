// CreateContainerConfigError and its relatives: the kubelet cannot assemble the container's
// configuration (a missing Secret, ConfigMap or key; runAsNonRoot with a root image).
import type { Finding, Rule } from '../types';
import { sh } from '../../text/shell';
import { yamlScalar } from '../../text/yaml';
import { containerLabel, podContainers as containers } from '../../k8s/containers';
import { eventEvidence, eventsFor } from '../util';

export const configRule: Rule = ({ pod, events, lookups }) => {
  const out: Finding[] = [];
  // a pod being deleted is diagnosed by its deletion (lifecycle), not by what it no longer needs
  if (pod.metadata?.deletionTimestamp) return out;
  const ns = pod.metadata?.namespace;
  for (const c of containers(pod)) {
    const w = c.status?.state?.waiting;
    if (w?.reason !== 'CreateContainerConfigError' && w?.reason !== 'CreateContainerError') continue;
    const msg = w.message ?? '';
    const evs = eventsFor(events, c.name).filter((e) => e.reason === 'Failed');
    const missingObj = /^(secret|configmap) "([^"]+)" not found/.exec(msg);
    const missingKey = /couldn't find key (\S+) in (Secret|ConfigMap) ([^/\s]+)\/(\S+)/.exec(msg);
    const evidence = [{ source: `${c.statusPath}.state.waiting`, text: `${w.reason}: ${msg}` }, ...evs.slice(0, 2).map(eventEvidence)];
    let title: string, explanation: string;
    const causes: string[] = [];
    const remedies: Finding['remedies'] = [];
    if (missingObj) {
      const kind = missingObj[1] === 'secret' ? 'Secret' : 'ConfigMap';
      const name = missingObj[2];
      // the kubelet's own record says it was not found; a lookup of our own confirms, or shows it
      // has been created since (then the kubelet's next sync starts the container)
      const known = kind === 'Secret' ? lookups?.secrets?.[name] : lookups?.configMaps?.[name];
      if (known?.state === 'absent') evidence.push({ source: `${kind.toLowerCase()}/${name}`, text: 'not found (404) now' });
      if (known?.state === 'present')
        evidence.push({ source: `${kind.toLowerCase()}/${name}`, text: 'exists now: the kubelet starts the container on its next try' });
      title = `${containerLabel(c)} cannot start: ${kind} "${name}" does not exist`;
      explanation = `The container's environment (or a volume) refers to ${kind} "${name}" in namespace ${ns}, which the kubelet did not find. The kubelet retries on every sync, so the pod starts by itself once it exists.`;
      causes.push(
        `the ${kind} was never created in ${ns} (it may exist in another namespace)`,
        'a typo in its name',
        'the tool that creates it (Helm, an operator, external-secrets) failed',
      );
      remedies.push({
        text: `Create the ${kind}`,
        command:
          kind === 'Secret'
            ? sh`kubectl -n ${ns ?? ''} create secret generic ${name} --from-literal=<key>=<value>`
            : sh`kubectl -n ${ns ?? ''} create configmap ${name} --from-literal=<key>=<value>`,
      });
      remedies.push({
        text: 'Or mark the reference optional if the app can run without it',
        snippet: `valueFrom:\n  ${kind === 'Secret' ? 'secretKeyRef' : 'configMapKeyRef'}:\n    name: ${yamlScalar(name)}\n    key: <key>\n    optional: true`,
      });
    } else if (missingKey) {
      const [, key, kind, , name] = missingKey;
      // a ConfigMap's keys are read; a Secret's never are (its data is never fetched)
      const lk = kind === 'ConfigMap' ? lookups?.configMaps?.[name] : undefined;
      const keys = lk?.state === 'present' ? lk.value : undefined;
      if (keys?.length) evidence.push({ source: `${kind.toLowerCase()}/${name} keys`, text: keys.join(', ') });
      title = `${containerLabel(c)} cannot start: key "${key}" is missing from ${kind} "${name}"`;
      explanation = `The ${kind} exists but has no key "${key}"${keys?.length ? ` (it has: ${keys.join(', ')})` : ''}.`;
      causes.push(`the key is named differently in the ${kind}`, `the ${kind} is an older version without "${key}"`);
      remedies.push({
        text: `Add the key to the ${kind}`,
        command:
          kind === 'Secret'
            ? sh`kubectl -n ${ns ?? ''} patch secret ${name} -p ${JSON.stringify({ stringData: { [key]: '<value>' } })}`
            : sh`kubectl -n ${ns ?? ''} patch configmap ${name} -p ${JSON.stringify({ data: { [key]: '<value>' } })}`,
      });
      remedies.push({ text: 'Or reference an existing key in the pod template' });
    } else if (/runAsNonRoot/.test(msg)) {
      title = `${containerLabel(c)} cannot start: runAsNonRoot is set but the image runs as root`;
      explanation = msg;
      causes.push('the image has no USER, or USER 0');
      remedies.push({ text: 'Set a numeric non-root user', snippet: 'securityContext:\n  runAsNonRoot: true\n  runAsUser: 10001' });
    } else {
      title = `${containerLabel(c)} cannot be created: ${msg.slice(0, 120)}`;
      explanation = `The kubelet could not create the container (${w.reason}).`;
      causes.push('see the message in the evidence');
    }
    out.push({
      id: missingObj ? 'config.missing-object' : missingKey ? 'config.missing-key' : 'config.create-error',
      category: 'config',
      severity: 'critical',
      confidence: 'high',
      container: c.name,
      title,
      explanation,
      evidence,
      causes,
      remedies,
    });
  }
  return out;
};

// Volumes: a claim the pod waits for (missing, unbound, its storage class missing), and volumes
// the kubelet cannot set up (FailedMount from the kubelet's volume manager, FailedAttachVolume
// from the attach/detach controller, e.g. a Multi-Attach error). A claim is said not to exist
// only when the lookup answered so; when it could not be looked at, the finding says what to fetch.
import type { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { sh } from '../../text/shell';
import type { Evidence, Finding, Lookup, Rule } from '../types';
import { eventEvidence, nsFlag, unknownsOf } from '../util';

function claimFinding(input: Parameters<Rule>[0], name: string, claim: Lookup<V1PersistentVolumeClaim>): Finding | undefined {
  const { pod, lookups } = input;
  const ns = pod.metadata?.namespace ?? '';
  const base = { category: 'volume' as const, severity: 'critical' as const, confidence: 'high' as const };
  if (claim.state === 'absent') {
    return {
      ...base,
      id: 'volume.claim-missing',
      title: `PersistentVolumeClaim "${name}" does not exist`,
      explanation: `The pod mounts PersistentVolumeClaim "${name}" in namespace ${ns}, and there is no such claim (the API server answered 404). The scheduler will not place the pod until it exists.`,
      evidence: [{ source: `persistentvolumeclaim/${name}`, text: 'not found (404)' }],
      causes: [
        'the claim was never created (a StatefulSet creates its own from volumeClaimTemplates; a Deployment does not)',
        'a typo in claimName',
        'it was deleted',
      ],
      remedies: [{ text: 'List the claims that exist', command: sh`kubectl ${nsFlag(pod)} get pvc` }],
    };
  }
  if (claim.state !== 'present') return undefined;
  const pvc = claim.value;
  const phase = pvc.status?.phase ?? 'Pending';
  if (phase === 'Bound') return undefined;
  const cls = pvc.spec?.storageClassName;
  const classLookup = cls ? lookups?.storageClasses?.[cls] : undefined;
  const evidence: Evidence[] = [{ source: `persistentvolumeclaim/${name}.status.phase`, text: phase }];
  const unknowns = unknownsOf(classLookup);
  let why: string;
  const causes: string[] = [];
  if (phase === 'Lost') {
    why = `its PersistentVolume ${pvc.spec?.volumeName ?? ''} is gone`;
    causes.push('the PersistentVolume bound to the claim was deleted');
  } else if (cls && classLookup?.state === 'absent') {
    why = `its storageClassName "${cls}" names a StorageClass that does not exist`;
    causes.push(
      `PersistentVolumeClaim "${name}" is ${phase} (storageClassName "${cls}": no such StorageClass, so no provisioner will create a volume)`,
    );
    evidence.push({ source: `storageclass/${cls}`, text: 'not found (404)' });
  } else if (cls) {
    const mode = classLookup?.state === 'present' ? classLookup.value.volumeBindingMode : undefined;
    why = `its storage class "${cls}" has not provided a volume${mode ? ` (volumeBindingMode ${mode})` : ''}`;
    causes.push(
      `PersistentVolumeClaim "${name}" is ${phase} (storageClassName "${cls}": no provisioner created a volume${classLookup?.state === 'present' ? ` — provisioner ${classLookup.value.provisioner}` : ', the class may not exist'})`,
    );
  } else {
    why = 'it names no storage class, so it needs a matching pre-created PersistentVolume';
    causes.push(`PersistentVolumeClaim "${name}" is ${phase} (no storage class: it needs a matching pre-created PersistentVolume)`);
  }
  return {
    ...base,
    id: phase === 'Lost' ? 'volume.claim-lost' : 'volume.claim-pending',
    confidence: unknowns.length ? 'medium' : 'high',
    title: `PersistentVolumeClaim "${name}" is ${phase}: ${why}`,
    explanation: `The pod cannot be scheduled until PersistentVolumeClaim "${name}" is bound to a volume. ${why[0].toUpperCase()}${why.slice(1)}.`,
    evidence,
    causes,
    remedies: [
      { text: "See the claim's events (ProvisioningFailed names the reason)", command: sh`kubectl ${nsFlag(pod)} describe pvc ${name}` },
      { text: 'Check the storage classes and their provisioners', command: 'kubectl get storageclass' },
    ],
    ...(unknowns.length ? { unknowns } : {}),
  };
}

export const volumeRule: Rule = (input) => {
  const { pod, events, lookups } = input;
  const out: Finding[] = [];
  if (pod.metadata?.deletionTimestamp) return out;
  if (pod.status?.phase === 'Pending' && !pod.spec?.nodeName) {
    for (const [name, claim] of Object.entries(lookups?.claims ?? {})) {
      const f = claimFinding(input, name, claim);
      if (f) out.push(f);
    }
  }
  const mount = events
    .filter((e) => e.reason === 'FailedMount' || e.reason === 'FailedAttachVolume')
    .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''))[0];
  if (mount && pod.status?.phase === 'Pending' && pod.spec?.nodeName) {
    // kubelet volume manager: `MountVolume.SetUp failed for volume "%s" : %v`; attach/detach
    // controller: `Multi-Attach error for volume "%s" Volume is already used by pod(s) %s`
    const setup = /MountVolume\.(?:SetUp|MountDevice|WaitForAttach) failed for volume "([^"]+)" : (.*)$/s.exec(mount.message);
    // (reworded "Waiting for detach for volume …" in 2026 patch releases: the same condition)
    const multi =
      /(?:Multi-Attach error|Waiting for detach) for volume "([^"]+)"(?: Volume is already used by pod\(s\) ([^\n]+?)(?: and \d+ pod\(s\) in different namespaces)?$)?/.exec(
        mount.message,
      );
    const missing = setup && /^(secret|configmap) "([^"]+)" not found/.exec(setup[2]);
    const volume = setup?.[1] ?? multi?.[1] ?? /unmounted volumes=\[([^\]]*)\]/.exec(mount.message)?.[1];
    out.push({
      id: multi ? 'volume.multi-attach' : 'volume.mount-failed',
      category: 'volume',
      severity: 'critical',
      confidence: 'high',
      title: multi
        ? `Volume "${multi[1]}" is still attached to another node${multi[2] ? ` (used by ${multi[2]})` : ''}`
        : missing
          ? `Volume "${setup![1]}" cannot be mounted: ${missing[1] === 'secret' ? 'Secret' : 'ConfigMap'} "${missing[2]}" does not exist`
          : `Volume ${volume ? `"${volume}" ` : ''}cannot be mounted${setup ? `: ${setup[2].slice(0, 120)}` : ''}`,
      explanation: multi
        ? 'A ReadWriteOnce volume can be attached to one node at a time; the old pod (or its node) still holds it, so this pod stays ContainerCreating until it is released.'
        : 'The kubelet cannot set up a volume, so no container in the pod starts (STATUS stays ContainerCreating). It keeps retrying.',
      evidence: [eventEvidence(mount)],
      causes: multi
        ? [
            'the previous pod using the volume has not finished terminating',
            'its node is down, so the volume was never detached (the attach/detach controller waits 6 min before forcing it)',
          ]
        : missing
          ? [`the ${missing[1] === 'secret' ? 'Secret' : 'ConfigMap'} was never created in ${pod.metadata?.namespace}, or has another name`]
          : ['the Secret/ConfigMap behind the volume is missing', 'the storage backend is failing', 'a timeout attaching the disk'],
      remedies: [
        { text: 'Describe the pod for all volume events', command: sh`kubectl describe pod ${nsFlag(pod)} ${pod.metadata?.name ?? ''}` },
        ...(multi ? [{ text: 'Find who still uses the volume', command: sh`kubectl get volumeattachments` }] : []),
      ],
    });
  }
  return out;
};

import 'server-only';
// Ephemeral debug containers, as `kubectl debug -it POD --image=IMAGE --profile=P --target=C`
// adds them: a new entry in the pod's spec.ephemeralContainers through the
// pods/ephemeralcontainers subresource, made with the user's own identity, with an image from the
// configured allow-list only, and an audit line. The browser then opens a shell in it.
import type { V1EphemeralContainer, V1Pod, V1SecurityContext } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { COPY_OF_ANNOTATION, type DebugProfile, type DebugRequest } from '@/lib/api/exec';
import { podPath } from '@/lib/k8s/resources';
import { allowed, mayOnPod } from '../auth/access';
import type { Identity } from '../auth/identity';
import { config } from '../config';
import { AppError, toAppError } from '../errors';
import { kubeConfigFor } from '../kube/clusters';
import { whoIs } from '../kube/info';
import { kubeFetch, kubeGet, upstreamError } from '../kube/request';
import { log } from '../log';

export function debugImages(): string[] {
  return config()
    .PODSCOPE_DEBUG_IMAGES.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The security context each profile gives an ephemeral container (kubectl's profiles.go:
 * general adds SYS_PTRACE, baseline adds nothing, restricted runs as non-root with every
 * capability dropped, no privilege escalation and the runtime's seccomp profile, netadmin adds
 * NET_ADMIN and NET_RAW, sysadmin is privileged).
 */
export function profileSecurityContext(profile: DebugProfile): V1SecurityContext | undefined {
  switch (profile) {
    case 'general':
      return { capabilities: { add: ['SYS_PTRACE'] } };
    case 'baseline':
      return undefined;
    case 'restricted':
      return {
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      };
    case 'netadmin':
      return { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } };
    case 'sysadmin':
      return { privileged: true };
  }
}

/** The ephemeral container kubectl debug would add (name "debugger-" and five random letters). */
export function debugContainer(req: DebugRequest, existing: string[], random = () => randomBytes(8)): V1EphemeralContainer {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let name: string;
  do {
    name = `debugger-${[...random().subarray(0, 5)].map((b) => alphabet[b % alphabet.length]).join('')}`;
  } while (existing.includes(name));
  const securityContext = profileSecurityContext(req.profile);
  return {
    name,
    image: req.image,
    imagePullPolicy: 'IfNotPresent',
    stdin: true,
    tty: true,
    terminationMessagePolicy: 'File',
    ...(req.target ? { targetContainerName: req.target } : {}),
    ...(securityContext ? { securityContext } : {}),
  };
}

const audit = (fields: Record<string, unknown>) => log.info('audit', { action: 'debug', at: new Date().toISOString(), ...fields });

export async function addDebugContainer(context: string, id: Identity, ns: string, name: string, req: DebugRequest) {
  const who = await whoIs(context, id);
  const base = { who, context, pod: `${ns}/${name}`, image: req.image, profile: req.profile, target: req.target };
  try {
    if (!debugImages().includes(req.image))
      throw new AppError(
        'invalid',
        `image "${req.image}" is not on this Podscope's list of debug images`,
        `allowed: ${debugImages().join(', ')} (PODSCOPE_DEBUG_IMAGES)`,
      );
    const may = await mayOnPod(context, id, ns, name, 'patch', 'ephemeralcontainers');
    if (!may)
      throw new AppError(
        'forbidden',
        `you may not add debug containers to pod ${ns}/${name}`,
        'ask for patch on pods/ephemeralcontainers in that namespace',
      );
    const kc = kubeConfigFor(context, id);
    const pod = await kubeGet<V1Pod>(kc, podPath(ns, name));
    if (pod.status?.phase !== 'Running' && pod.status?.phase !== 'Pending')
      throw new AppError(
        'invalid',
        `pod ${ns}/${name} is ${pod.status?.phase ?? 'not running'}: a debug container runs only in a running pod`,
        'debug a copy of it instead',
      );
    const names = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].map(
      (c) => c.name,
    );
    if (req.target && !(pod.spec?.containers ?? []).some((c) => c.name === req.target))
      throw new AppError('invalid', `pod ${ns}/${name} has no container "${req.target}" to target`);
    const container = debugContainer(req, names);
    const res = await kubeFetch(kc, podPath(ns, name, 'ephemeralcontainers'), {
      method: 'PATCH',
      contentType: 'application/strategic-merge-patch+json',
      body: { spec: { ephemeralContainers: [container] } },
    });
    const text = await res.text();
    if (res.status >= 300) throw upstreamError(res.status, text);
    audit({ ...base, container: container.name, result: 'ok' });
    return { container: container.name, message: `debug container ${container.name} (${req.image}) added to ${ns}/${name}` };
  } catch (err) {
    const e = toAppError(err);
    audit({ ...base, result: `${e.kind}: ${e.message}` });
    throw e;
  }
}

/**
 * The copy `kubectl debug POD --copy-to=NAME --container=C -- sh` makes of a crash-looping pod:
 * the same spec with C's command replaced by a shell that waits for a terminal (stdin, tty), no
 * probes (they would kill the shell), not scheduled onto the original's node by name, without
 * the original's labels (no Service or controller adopts it), annotations or owners.
 */
export function debugCopy(pod: V1Pod, container: string, copyName: string): V1Pod {
  const spec = structuredClone(pod.spec!);
  delete spec.nodeName;
  delete spec.ephemeralContainers;
  spec.restartPolicy = 'Never';
  spec.containers = spec.containers.map((c) => {
    const probeless = { ...c, livenessProbe: undefined, readinessProbe: undefined, startupProbe: undefined };
    return c.name === container ? { ...probeless, command: ['sh'], args: undefined, stdin: true, tty: true } : probeless;
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: copyName, namespace: pod.metadata!.namespace, annotations: { [COPY_OF_ANNOTATION]: pod.metadata!.name! } },
    spec,
  };
}

export async function copyForDebug(context: string, id: Identity, ns: string, name: string, container: string | undefined) {
  const who = await whoIs(context, id);
  const base = { who, context, pod: `${ns}/${name}`, mode: 'copy' };
  try {
    const kc = kubeConfigFor(context, id);
    const pod = await kubeGet<V1Pod>(kc, podPath(ns, name));
    const target = container ?? pod.spec?.containers[0]?.name;
    if (!target || !pod.spec?.containers.some((c) => c.name === target))
      throw new AppError('invalid', `pod ${ns}/${name} has no container "${target}"`);
    if (!(await allowed(context, id, { namespace: ns, verb: 'create', group: '', resource: 'pods' })))
      throw new AppError(
        'forbidden',
        `you may not create pods in namespace ${ns}, which a debug copy is`,
        'ask for create on pods in that namespace',
      );
    const copyName = `${name.slice(0, 63 - 12)}-debug-${randomBytes(3).toString('hex').slice(0, 5)}`;
    const res = await kubeFetch(kc, `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`, {
      method: 'POST',
      body: debugCopy(pod, target, copyName),
    });
    const text = await res.text();
    if (res.status >= 300) throw upstreamError(res.status, text);
    audit({ ...base, copy: copyName, container: target, result: 'ok' });
    return { copy: copyName, container: target, message: `made ${ns}/${copyName}, a copy of ${name} with ${target} running a shell` };
  } catch (err) {
    const e = toAppError(err);
    audit({ ...base, result: `${e.kind}: ${e.message}` });
    throw e;
  }
}

/** Deletes a debug copy (only a pod marked as a copy of `original`). */
export async function deleteDebugCopy(context: string, id: Identity, ns: string, copy: string, original: string) {
  const who = await whoIs(context, id);
  const kc = kubeConfigFor(context, id);
  const pod = await kubeGet<V1Pod>(kc, podPath(ns, copy));
  if (pod.metadata?.annotations?.[COPY_OF_ANNOTATION] !== original)
    throw new AppError('invalid', `pod ${ns}/${copy} is not a debug copy of ${original}: not deleting it`);
  const res = await kubeFetch(kc, podPath(ns, copy), { method: 'DELETE', body: { gracePeriodSeconds: 0 } });
  const text = await res.text();
  if (res.status >= 300) throw upstreamError(res.status, text);
  audit({ who, context, pod: `${ns}/${original}`, mode: 'copy deleted', copy, result: 'ok' });
  return { ok: true as const };
}

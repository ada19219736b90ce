// Image pulls that fail, by cause, for init and regular containers alike.
import { classifyPull, type PullCause, pulledRef, registryHost } from '../image-pull';
import type { Finding, Rule } from '../types';
import { literal, sh } from '../../text/shell';
import { containerLabel, podContainers as containers } from '../../k8s/containers';
import { topOwner } from '../../k8s/owners';
import { editTarget, eventEvidence, eventsFor } from '../util';

const PULL_REASONS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'ImageInspectError',
  'RegistryUnavailable',
  'SignatureValidationFailed',
]);

const TITLES: Record<PullCause, string> = {
  'not-found': 'Image not found: the tag or repository does not exist',
  unauthorized: 'Image pull unauthorized: the registry refused the credentials (or there were none)',
  unreachable: 'Registry unreachable: the node cannot reach or resolve the image registry',
  'rate-limited': 'Image pull rate-limited by the registry',
  'invalid-name': 'Invalid image name',
  'never-pull': 'Image not on the node and imagePullPolicy is Never',
  unknown: 'Image cannot be pulled',
};

export const imagePullRule: Rule = ({ pod, events, owners }) => {
  const out: Finding[] = [];
  // a pod being deleted is diagnosed by its deletion (lifecycle), not by what it no longer needs
  if (pod.metadata?.deletionTimestamp) return out;
  for (const c of containers(pod)) {
    const w = c.status?.state?.waiting;
    if (!w?.reason || !PULL_REASONS.has(w.reason)) continue;
    const evs = eventsFor(events, c.name).filter((e) =>
      ['Pulling', 'Failed', 'BackOff', 'InspectFailed', 'ErrImageNeverPull'].includes(e.reason),
    );
    const failed = evs.find((e) => e.reason === 'Failed' && e.message.startsWith('Failed to pull image'));
    const message = [w.message ?? '', failed?.message ?? ''].join('\n');
    const cause = classifyPull(w.reason, message);
    const image = c.spec.image ?? '';
    const ref = pulledRef(message) ?? image;
    const host = registryHost(ref);
    const pulls = evs.find((e) => e.reason === 'Pulling')?.count;
    const secrets = (pod.spec?.imagePullSecrets ?? []).map((s) => s.name);
    const ns = pod.metadata?.namespace;
    const remedies: Finding['remedies'] = [];
    const causes: string[] = [];
    switch (cause) {
      case 'not-found':
        causes.push(
          `the tag in "${image}" was never pushed, or was deleted`,
          'a typo in the repository or tag',
          'the image exists only in another registry or for another architecture',
        );
        remedies.push({
          text: 'List the tags that exist and use one of them',
          command: sh`crane ls ${ref.replace(/[:@][^/]*$/, '')}   # or your registry's UI`,
        });
        remedies.push({
          text: `Fix the image of ${containerLabel(c)} on the object you edit (${topOwner(pod, owners).kind} ${topOwner(pod, owners).name})`,
          command: sh`kubectl -n ${ns ?? ''} set image ${editTarget(pod, owners)} ${c.name}=<image>:<existing-tag>`,
        });
        break;
      case 'unauthorized':
        causes.push(
          secrets.length
            ? `the imagePullSecrets (${secrets.join(', ')}) hold wrong or expired credentials for ${host}`
            : `the pod has no imagePullSecrets, and ${host} needs credentials for this repository`,
          'the repository name is wrong (registries answer "unauthorized" for repositories that do not exist)',
        );
        remedies.push({
          text: `Create a registry secret for ${host}`,
          command: sh`kubectl -n ${ns ?? ''} create secret docker-registry regcred --docker-server=${host} --docker-username=<user> --docker-password=<token>`,
        });
        remedies.push({
          text: "Use it from the pod template (or the namespace's default service account)",
          command: sh`kubectl -n ${ns ?? ''} patch serviceaccount ${pod.spec?.serviceAccountName ?? 'default'} -p ${'{"imagePullSecrets":[{"name":"regcred"}]}'}`,
        });
        break;
      case 'unreachable':
        causes.push(
          `DNS cannot resolve ${host}, or the node has no route to it`,
          'a firewall or proxy blocks the registry',
          'the registry is down',
        );
        remedies.push({
          text: `Check name resolution and reachability of ${host} from a node`,
          command: sh`kubectl debug ${pod.spec?.nodeName ? `node/${pod.spec.nodeName}` : literal('node/<node>')} -it --image=busybox -- nslookup ${host.split(':')[0]}`,
        });
        remedies.push({ text: 'If the registry name is wrong, fix the image reference on the workload' });
        break;
      case 'rate-limited':
        causes.push(`${host} limits anonymous or per-account pulls`);
        remedies.push({ text: 'Authenticate pulls (imagePullSecrets) or mirror the image to your own registry' });
        break;
      case 'invalid-name':
        causes.push('the image reference is malformed (upper-case letters, spaces, a missing tag after ":")');
        remedies.push({ text: 'Correct the image reference to registry/repository:tag form' });
        break;
      case 'never-pull':
        causes.push('imagePullPolicy is Never and the image is not preloaded on this node');
        remedies.push({ text: 'Set imagePullPolicy to IfNotPresent, or preload the image on every node' });
        break;
      default:
        causes.push('see the runtime error in the evidence');
    }
    out.push({
      id: `image.${cause}`,
      category: 'image',
      confidence: 'high',
      severity: 'critical',
      container: c.name,
      title: `${TITLES[cause]} — "${image}" (${containerLabel(c)})`,
      explanation: `The kubelet cannot pull "${image}" for ${containerLabel(c)}${c.kind === 'init' ? ', so the pod cannot initialise' : ''}. ${pulls ? `It has tried ${pulls} time${pulls > 1 ? 's' : ''}; ` : ''}between attempts it backs off (10 s doubling up to 5 min), which is why the status alternates between ErrImagePull and ImagePullBackOff.`,
      evidence: [
        { source: `${c.statusPath}.state.waiting`, text: `${w.reason}${w.message ? `: ${w.message}` : ''}` },
        ...evs.slice(0, 4).map(eventEvidence),
      ],
      causes,
      remedies: [
        ...remedies,
        {
          text: 'Watch the next attempt',
          command: sh`kubectl get events -n ${ns ?? ''} --field-selector ${`involvedObject.name=${pod.metadata?.name}`} -w`,
        },
      ],
    });
  }
  return out;
};

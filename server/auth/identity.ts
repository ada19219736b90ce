import 'server-only';
// Who a request acts as. In local mode that is the kubeconfig context's own user: watch caches
// are keyed by it, so two identities never share cached data.
import { listContexts } from '../kube/clusters';

export function identityFor(context: string): string {
  const ctx = listContexts().contexts.find((c) => c.name === context);
  return `kubeconfig:${context}:${ctx?.user ?? ''}`;
}

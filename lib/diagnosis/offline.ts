// What kubectl wrote, as it comes, turned into the diagnosis's sources: any number of documents,
// each a single object, a `List` of mixed kinds (`kubectl get pod,rs,deploy,pvc,nodes,events -o
// json`), or a typed list (`PodList`, the files `kubectl cluster-info dump --output-directory`
// writes, one per kind and namespace). A list is taken to hold every object of its kinds in the
// namespaces it covers (that is what `kubectl get KIND -o json` prints), so a name missing from it
// is absent; a single object covers nothing, and a kind no document lists is unknown: the finding
// then says what to fetch. Secrets are kept by name only: their data is dropped on reading.
import type { V1Pod } from '@kubernetes/client-node';
import { type Indexes, type Kind, KINDS, ObjectIndex } from './object-sources';

export interface KubeDocument {
  /** where it came from, for notes and errors ("pods.json", "demo/events.json") */
  origin: string;
  value: unknown;
  /** the namespace a typed list is known to cover (a cluster-info dump's directory name) */
  namespace?: string;
}

export interface ObjectSet {
  indexes: Indexes;
  pods: V1Pod[];
  /** what was ignored or could not be used, in a line each */
  notes: string[];
}

export class DocumentError extends Error {
  constructor(
    readonly origin: string,
    message: string,
  ) {
    super(`${origin}: ${message}`);
  }
}

type Obj = { kind?: string; apiVersion?: string; metadata?: { name?: string; namespace?: string }; items?: unknown };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const CLUSTER_SCOPED = new Set<string>(['Node', 'StorageClass']);
const KNOWN = new Set<string>(KINDS);

/** Keeps what the diagnosis may read: a Secret's name and metadata, never its data. */
function sanitize(kind: string, o: Obj): Obj {
  if (kind !== 'Secret') return o;
  const { metadata, apiVersion } = o;
  const { annotations: _dropped, ...meta } = (metadata ?? {}) as Record<string, unknown>;
  return { kind, apiVersion, metadata: meta as Obj['metadata'] };
}

export function objectSet(docs: KubeDocument[]): ObjectSet {
  const ix = new Map<Kind, ObjectIndex<Obj>>();
  const index = (k: Kind) => {
    let i = ix.get(k);
    if (!i) ix.set(k, (i = new ObjectIndex<Obj>()));
    return i;
  };
  const ignored = new Map<string, number>();
  const notes: string[] = [];

  for (const doc of docs) {
    const v = doc.value;
    if (!isObj(v) || typeof v.kind !== 'string') throw new DocumentError(doc.origin, 'not a Kubernetes object or list (no "kind")');
    // (an empty list may print "items": null)
    const isList = (Array.isArray(v.items) || v.items === null) && (v.kind === 'List' || v.kind.endsWith('List'));
    if (!isList) {
      add(doc, v, v.kind);
      continue;
    }
    // a typed list's items often carry no kind of their own: the list's kind names it
    const listKind = v.kind === 'List' ? undefined : v.kind.slice(0, -'List'.length);
    const covered = new Map<Kind, Set<string>>();
    for (const item of (v.items ?? []) as unknown[]) {
      if (!isObj(item)) throw new DocumentError(doc.origin, 'a list item is not an object');
      const kind = item.kind ?? listKind;
      if (!kind) throw new DocumentError(doc.origin, 'a list item has no "kind"');
      const k = add(doc, item, kind);
      if (k) {
        let s = covered.get(k);
        if (!s) covered.set(k, (s = new Set()));
        s.add(CLUSTER_SCOPED.has(k) ? '' : (item.metadata?.namespace ?? doc.namespace ?? ''));
      }
    }
    if (listKind && KNOWN.has(listKind)) {
      const k = listKind as Kind;
      if (CLUSTER_SCOPED.has(k)) index(k).cover('');
      else if (doc.namespace !== undefined) index(k).cover(doc.namespace);
    }
    for (const [k, namespaces] of covered) for (const ns of namespaces) index(k).cover(ns);
  }

  function add(doc: KubeDocument, o: Obj, kind: string): Kind | undefined {
    if (!KNOWN.has(kind)) {
      ignored.set(kind, (ignored.get(kind) ?? 0) + 1);
      return undefined;
    }
    if (!o.metadata?.name) throw new DocumentError(doc.origin, `a ${kind} without metadata.name`);
    const k = kind as Kind;
    index(k).add({ ...sanitize(k, o), kind } as Obj);
    return k;
  }

  for (const [kind, n] of [...ignored].sort()) notes.push(`ignored ${n} object(s) of kind ${kind}: not used by the diagnosis`);
  const pods = [...(ix.get('Pod')?.list(undefined) ?? [])] as V1Pod[];
  return { indexes: Object.fromEntries(ix) as Indexes, pods, notes };
}

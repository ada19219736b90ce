// One corpus case: a set of objects as kubectl writes them, the pod to diagnose, and what the
// diagnosis must say: the primary (root) finding, the chain of consequences under it, and the
// facts it must name. `source` cites the Kubernetes source files whose message formats the
// case's hand-written messages follow (docs/kubernetes-failure-records.md has them verbatim).
import type { Confidence } from '../types';
import type { KubeDocument } from '../offline';

export interface CorpusCase {
  name: string;
  source: string;
  documents: KubeDocument[];
  /** "namespace/name" */
  pod: string;
  expect: {
    primary: string | null;
    /** the primary's container, when it is about one */
    container?: string;
    /** ids of the findings the primary explains (its consequences), in any order */
    chain?: string[];
    /** other root findings that must be there too (a second fault) */
    alsoRoots?: string[];
    /** the primary's title names these facts */
    title?: RegExp[];
    /** somewhere in the primary's explanation or causes */
    says?: RegExp[];
    /** a remedy command of the primary matches */
    command?: RegExp;
    confidence?: Confidence;
    /** what it says could not be looked at */
    unknowns?: RegExp;
    /** ids that must not appear at all */
    never?: string[];
  };
}

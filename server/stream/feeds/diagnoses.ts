import 'server-only';
// Every unhealthy pod's diagnosis in a line (the shared per-pod diagnosis): what the pod list's
// badges and the workload page show. A snapshot of all of them once the first pass is done, then
// a change per pod whose diagnosis changes; a pod that becomes healthy (or goes) is removed.
import { acquireDiagnoses, type PodDiagnosis } from '../../diagnosis/shared';
import type { Feed } from '../feed';

const wire = ({ uid: _uid, ...d }: PodDiagnosis) => d;

export const diagnosesFeed: Feed = (spec, identity, out) => {
  const { diagnoses, release } = acquireDiagnoses(spec.context, identity, spec.namespace);
  let sent = false;
  const send = () => {
    if (sent || !out.open) return;
    sent = true;
    out.snapshot([...diagnoses.results.values()].map(wire), diagnoses.state());
  };
  const unlisten = diagnoses.addListener({
    changed: (upserts, deletes) => {
      if (!sent) return send();
      for (const d of upserts) out.upsert(d.key, wire(d));
      for (const k of deletes) out.remove(k);
    },
    state: (s) => out.state(s),
  });
  if (diagnoses.ready) send();
  else {
    out.state(diagnoses.state());
    // the first pass may find nothing to report: it still ends with a snapshot
    const wait = setInterval(() => {
      if (diagnoses.ready || !out.open) {
        clearInterval(wait);
        send();
      }
    }, 200);
    return [release, unlisten, () => clearInterval(wait)];
  }
  return [release, unlisten];
};

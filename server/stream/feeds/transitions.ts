import 'server-only';
// A pod's transitions: what the flight recorder has (across restarts) and, live, each one the
// server observes from now on. The history is shared by everyone watching the cluster, so it is
// served only to an identity whose own pods cache lists the pod (or its deleted record).
import { deletedPod, recorderStatus } from '../../recorder/store';
import { histKey, onTransitions, transitionsOf } from '../../recorder/transitions';
import { acquire } from '../../watch/cache';
import type { Feed } from '../feed';

export const transitionsFeed: Feed = (spec, identity, out) => {
  if (!spec.namespace || !spec.name) throw new Error('podtransitions needs a namespace and a name');
  const podKey = `${spec.namespace}/${spec.name}`;
  const hk = histKey(spec.context, podKey);
  const { reflector, release } = acquire({ context: spec.context, identity, resource: 'pods', namespace: spec.namespace });
  let n = 0;
  const unlistenTransitions = onTransitions((k, added) => {
    if (k === hk) for (const t of added) out.upsert(`${t.at}-${n++}`, t);
  });
  const unlisten = reflector.addListener({
    deltas: () => {},
    state: (s) => {
      if (s.phase === 'error') out.state(s);
    },
  });
  const send = async () => {
    if (!out.open) return;
    if (reflector.state.phase === 'error' || !reflector.hasSynced) return out.state(reflector.state);
    const uid = reflector.store.get(podKey)?.metadata?.uid ?? (await deletedPod(spec.context, podKey))?.pod.metadata?.uid;
    const items = await transitionsOf(spec.context, podKey, uid);
    n = items.length;
    const rec = recorderStatus();
    // the flight recorder's trouble is shown, never fatal: the live views keep working
    out.snapshot(items, {
      phase: 'live',
      since: Date.now(),
      ...(rec.recording ? {} : { message: `history recording paused: ${rec.reason}` }),
    });
  };
  void reflector.waitForSync().then(send);
  return [release, unlistenTransitions, unlisten];
};

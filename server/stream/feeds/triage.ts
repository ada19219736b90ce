import 'server-only';
// The triage board: the incident list is small, so every recomputation goes out as a snapshot.
import { startTriage } from '../../triage/board';
import type { Feed } from '../feed';

export const triageFeed: Feed = (spec, identity, out) => {
  const board = startTriage(
    spec.context,
    identity,
    spec.namespace,
    (incidents, state) => out.snapshot(incidents, state),
    (state) => out.state(state),
  );
  return [board.stop];
};

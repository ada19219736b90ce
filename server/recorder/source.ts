// What the recorder listens to: anything that delivers the changes of a watched collection (the
// watch cache's reflectors do). Declared here, so the recorder does not depend on server/watch:
// startup (server/startup.ts) connects the two.
export interface ChangeSource {
  addListener(l: {
    deltas(deltas: { type: 'upsert' | 'delete'; key: string; object: unknown }[]): void;
    state(s: unknown): void;
  }): () => void;
}

/** A watch that was started: which cluster and resource, and its changes. */
export interface WatchStarted {
  context: string;
  resource: string;
  source: ChangeSource;
}

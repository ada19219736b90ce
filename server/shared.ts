import 'server-only';
// One running thing per key, shared by everyone who asks for it and stopped when the last one
// lets go (after a linger, so a page that reloads or a tab that switches finds it still warm):
// the usage pollers, the shared diagnoses, the liveness probes. Kept on globalThis: Next loads
// server modules once per route bundle, and every bundle must find the same ones.

interface Entry<T> {
  value: T;
  refs: number;
  stopTimer?: NodeJS.Timeout;
}

export class Shared<T> {
  private readonly entries: Map<string, Entry<T>>;

  constructor(
    name: string,
    private readonly stop: (value: T) => void,
    /** how long the last release waits before stopping it (0: at once) */
    private readonly lingerMs: () => number = () => 0,
  ) {
    const g = globalThis as unknown as Record<string, Map<string, Entry<T>> | undefined>;
    this.entries = g[`__podscopeShared_${name}`] ??= new Map();
  }

  /** The running one for `key` (made and started by `create` the first time); release() exactly once. */
  acquire(key: string, create: () => T): { value: T; release: () => void } {
    let e = this.entries.get(key);
    if (!e) this.entries.set(key, (e = { value: create(), refs: 0 }));
    clearTimeout(e.stopTimer);
    e.stopTimer = undefined;
    e.refs++;
    const entry = e;
    let released = false;
    const end = () => {
      if (entry.refs > 0) return;
      this.stop(entry.value);
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    return {
      value: e.value,
      release: () => {
        if (released) return;
        released = true;
        if (--entry.refs > 0) return;
        const ms = this.lingerMs();
        if (ms <= 0) return end();
        entry.stopTimer = setTimeout(end, ms);
        entry.stopTimer.unref?.();
      },
    };
  }

  entriesNow(): [string, T][] {
    return [...this.entries].map(([k, e]) => [k, e.value]);
  }
}

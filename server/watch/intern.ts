// Cached objects share their repeated strings. JSON.parse makes a new string for every value, so
// 30,000 cached pods held 30,000 copies of "True", "Running", "default-scheduler", each image name,
// node name, namespace and condition time (about a third of a pod's memory). Each string value of
// a cached object is swapped for the first copy seen, from a pool that is started afresh when it
// gets large (so a value no object uses any more is not kept for ever; one still in use is then
// shared again from the next copy seen).
const MAX_POOL = 100_000;
const MAX_LENGTH = 96;
/** values that are unique per object: pooling them only costs */
const UNIQUE = new Set(['uid', 'resourceVersion', 'containerID']);

let pool = new Map<string, string>();

export function intern(s: string): string {
  if (s.length > MAX_LENGTH) return s;
  const hit = pool.get(s);
  if (hit !== undefined) return hit;
  if (pool.size >= MAX_POOL) pool = new Map();
  pool.set(s, s);
  return s;
}

/** Interns every string value of a parsed JSON value, in place; returns it. */
export function internDeep<T>(v: T): T {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === 'string') v[i] = intern(x);
      else if (x && typeof x === 'object') internDeep(x);
    }
  } else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const x = o[k];
      if (typeof x === 'string') {
        if (!UNIQUE.has(k)) o[k] = intern(x);
      } else if (x && typeof x === 'object') internDeep(x);
    }
  }
  return v;
}

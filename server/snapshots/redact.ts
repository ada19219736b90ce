import 'server-only';
// Redaction for what Podscope stores and shares (snapshots): the log redactor's patterns (bearer
// tokens, JWTs, private keys) on every string, plus assignments such as `password=...` in log
// lines, and the values of fields and env vars whose names look like secrets. Unlike the log
// redactor it walks whole objects (a pod is deeper than a log line's fields).
import { redactString } from '../log';

const SECRET_NAME = /(token|passw(or)?d|secret|authorization|cookie|api[_-]?key|private[_-]?key|credential)/i;
const ASSIGNMENT = /\b((?:token|passw(?:or)?d|secret|api[_-]?key|access[_-]?key|authorization)["']?\s*[=:]\s*["']?)([^\s"',;]{4,})/gi;

export function redactText(s: string): string {
  return redactString(s).replace(ASSIGNMENT, '$1[redacted]');
}

export function redactDeep(value: unknown, depth = 0): unknown {
  if (depth > 64) return '[…]';
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    // an env var { name: "DB_PASSWORD", value: "..." }: the value goes, the name stays
    const envLike = typeof o.name === 'string' && typeof o.value === 'string' && SECRET_NAME.test(o.name);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) {
      out[k] = (envLike && k === 'value') || (typeof v === 'string' && SECRET_NAME.test(k) && !/Ref$|Name$/.test(k)) ? '[redacted]' : redactDeep(v, depth + 1);
    }
    return out;
  }
  return value;
}

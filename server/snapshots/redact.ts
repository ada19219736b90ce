import 'server-only';
// Redaction for what Podscope stores and shares (snapshots): the log redactor's patterns (bearer
// tokens, JWTs, private keys) on every string, plus `NAME=value` / `name: value` assignments
// whose name looks like a credential (DB_PASSWORD=..., client_secret: ..., aws_secret_access_key
// = ...), whole Authorization headers (Basic as well as Bearer), passwords in URLs
// (postgres://user:pass@host), and the values of fields and env vars whose names look like
// secrets. Unlike the log redactor it walks whole objects (a pod is deeper than a log line).
import { redactString } from '../log';

const WORD = 'token|passw(?:or)?d|pwd|secret|api[_-]?key|access[_-]?key|private[_-]?key|credentials?';
/** A name that looks like a credential; references to one (secretKeyRef, secretName) are not. */
const SECRET_NAME = new RegExp(`(${WORD}|authorization|cookie)(?![A-Za-z]*(Ref|Name)$)`, 'i');
// the name may be a longer identifier (DB_PASSWORD, client_secret_v2) but not the tail of a word
// (`\b` would not do: "_" is a word character, so DB_PASSWORD has no boundary before PASSWORD)
const ASSIGNMENT = new RegExp(`((?<![A-Za-z0-9])[A-Za-z0-9_.-]*(?:${WORD})(?![A-Za-z]*(?:Ref|Name)\\b)[A-Za-z0-9_.-]*["']?[ \\t]*[=:][ \\t]*["']?)([^\\s"',;]{3,})`, 'gi');
const AUTH_HEADER = /((?<![A-Za-z0-9])(?:proxy-)?authorization["']?[ \t]*[=:][ \t]*["']?)[^\r\n"']+/gi;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:)[^\s@/]+@/gi;

export function redactText(s: string): string {
  return redactString(s).replace(AUTH_HEADER, '$1[redacted]').replace(URL_PASSWORD, '$1[redacted]@').replace(ASSIGNMENT, (m, name: string, value: string) => (value === '[redacted]' ? m : `${name}[redacted]`));
}

// kubectl apply keeps the whole manifest, literal env values included, in this annotation
const DROPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

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
      if (DROPPED_ANNOTATIONS.has(k)) continue;
      out[k] = (envLike && k === 'value') || (typeof v === 'string' && SECRET_NAME.test(k)) ? '[redacted]' : redactDeep(v, depth + 1);
    }
    return out;
  }
  return value;
}

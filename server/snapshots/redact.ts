import 'server-only';
// Redaction for what Podscope stores and shares (snapshots): the log redactor's patterns (bearer
// tokens, JWTs, private keys) on every string, plus credentials by name wherever a name sits next
// to its value: env lists ({name: DB_PASS, value: …}) at any depth, `NAME=value` / `name: value`
// in text, `--token value` flags (one argument or two), whole Authorization headers (Basic as well
// as Bearer) and passwords in URLs (postgres://user:pass@host). JSON inside strings (annotations
// such as kubectl's last-applied-configuration) is parsed and redacted the same way.
import { CREDENTIAL_WORD, isCredentialName } from '@/lib/text/secrets';
import { redactString } from '../log';

// the name may be a longer identifier (DB_PASSWORD, client_secret_v2) but not the tail of a word
// (`\b` would not do: "_" is a word character, so DB_PASSWORD has no boundary before PASSWORD)
const ASSIGNMENT = new RegExp(`((?<![A-Za-z0-9])${CREDENTIAL_WORD}["']?[ \\t]*[=:][ \\t]*["']?)([^\\s"',;]{3,})`, 'gi');
// a flag and its value as two words: --token abc, -password abc
const FLAG = new RegExp(`((?<![A-Za-z0-9-])--?${CREDENTIAL_WORD}[ \\t]+["']?)([^\\s"',;-][^\\s"',;]{2,})`, 'gi');
const AUTH_HEADER = /((?<![A-Za-z0-9])(?:proxy-)?authorization["']?[ \t]*[=:][ \t]*["']?)[^\r\n"']+/gi;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:)[^\s@/]+@/gi;
const REDACTED = '[redacted]';
// kubectl apply keeps the whole manifest, literal env values included, in this annotation: it
// adds nothing a snapshot needs, so it goes entirely (other JSON annotations are redacted)
const DROPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

export function redactText(s: string): string {
  return redactString(s)
    .replace(AUTH_HEADER, `$1${REDACTED}`)
    .replace(URL_PASSWORD, `$1${REDACTED}@`)
    .replace(ASSIGNMENT, (m, name: string, value: string) => (value === REDACTED ? m : `${name}${REDACTED}`))
    .replace(FLAG, (m, flag: string, value: string) => (value === REDACTED ? m : `${flag}${REDACTED}`));
}

/** A string holding a JSON object or array: redacted as the structure it is, then written back. */
function redactJsonString(s: string, depth: number): string | undefined {
  const t = s.trim();
  if (!(t.startsWith('{') || t.startsWith('[')) || t.length > 1_000_000) return undefined;
  try {
    return JSON.stringify(redactDeep(JSON.parse(t), depth + 1));
  } catch {
    return undefined;
  }
}

/** Command-line argument lists: the word after a credential flag (["--token", "abc"]) goes. */
function redactArgs(list: unknown[], depth: number): unknown[] {
  return list.map((v, i) => {
    const prev = list[i - 1];
    if (
      typeof v === 'string' &&
      typeof prev === 'string' &&
      /^--?[A-Za-z]/.test(prev) &&
      !prev.includes('=') &&
      isCredentialName(prev) &&
      !v.startsWith('-')
    )
      return REDACTED;
    return redactDeep(v, depth + 1);
  });
}

export function redactDeep(value: unknown, depth = 0): unknown {
  if (depth > 64) return '[…]';
  if (typeof value === 'string') return redactJsonString(value, depth) ?? redactText(value);
  if (Array.isArray(value)) return redactArgs(value, depth);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    // an env var { name: "DB_PASSWORD", value: "..." }: the value goes, the name stays
    const envLike = typeof o.name === 'string' && typeof o.value === 'string' && isCredentialName(o.name);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) {
      if (DROPPED_ANNOTATIONS.has(k)) continue;
      // a field named like a credential (password: …, token: …), but not the `key` of a
      // reference (secretKeyRef.key names a key) nor the env var's own name
      const credentialField = typeof v === 'string' && k !== 'key' && k !== 'name' && isCredentialName(k);
      out[k] = (envLike && k === 'value') || credentialField ? REDACTED : redactDeep(v, depth + 1);
    }
    return out;
  }
  return value;
}

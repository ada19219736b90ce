import 'server-only';
// Structured JSON logs on stdout, with pino. Nothing that looks like a credential is written:
// pino's redaction paths blank the usual fields (authorization, cookie, token, password, …) and
// every log object and message also goes through Podscope's own redactor, which catches bearer
// tokens, JWTs and private keys inside any string and any field named like a credential at any
// depth (lib/text/secrets.ts).
import pino from 'pino';
import { isCredentialName } from '@/lib/text/secrets';
import { config } from './config';

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;
const PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;

export function redactString(s: string): string {
  return s.replace(PEM, '[redacted private key]').replace(BEARER, '$1[redacted]').replace(JWT, '[redacted jwt]');
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[…]';
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redactString(value.message) };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = isCredentialName(k) && typeof v === 'string' ? '[redacted]' : redact(v, depth + 1);
    return out;
  }
  return value;
}

const PATHS = [
  'authorization',
  'cookie',
  'token',
  'password',
  'secret',
  'headers.authorization',
  'headers.cookie',
  '*.authorization',
  '*.token',
  '*.password',
];

const g = globalThis as unknown as { __podscopeLogger?: pino.Logger };

function logger(): pino.Logger {
  return (g.__podscopeLogger ??= pino(
    {
      level: config().PODSCOPE_LOG_LEVEL,
      base: null,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: (o) => redact(o) as Record<string, unknown> },
      redact: { paths: PATHS, censor: '[redacted]' },
    },
    // through process.stdout, one line per call (what Next, tests and log collectors read)
    { write: (line: string) => process.stdout.write(line) },
  ));
}

type Fields = Record<string, unknown>;
const write = (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, fields?: Fields) =>
  logger()[level](fields ?? {}, redactString(msg));

export const log = { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };

// A log line's severity, from the formats programs really write: JSON with a level field (zap,
// logrus, pino/bunyan numbers, slog, structlog, GCP's "severity"), logfmt (`level=warn`), klog's
// header (`E1202 10:04:05.123456 …`), Python's logging (`ERROR:root:` or `… - ERROR - …`), and
// a level word near the start of the line (`[WARN]`, ` ERROR `). Go panics and Python
// tracebacks count as errors. A line with none of these has no severity (undefined).
export const SEVERITIES = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_ORDER: Record<Severity, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, fatal: 5 };

const WORDS: Record<string, Severity> = {
  trace: 'trace',
  debug: 'debug',
  dbg: 'debug',
  info: 'info',
  information: 'info',
  notice: 'info',
  warn: 'warn',
  warning: 'warn',
  wrn: 'warn',
  error: 'error',
  err: 'error',
  eror: 'error',
  crit: 'fatal',
  critical: 'fatal',
  alert: 'fatal',
  emerg: 'fatal',
  emergency: 'fatal',
  fatal: 'fatal',
  panic: 'fatal',
  dpanic: 'fatal',
};

/** pino and bunyan: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal */
function fromNumber(n: number): Severity | undefined {
  if (!Number.isFinite(n)) return undefined;
  if (n >= 60) return 'fatal';
  if (n >= 50) return 'error';
  if (n >= 40) return 'warn';
  if (n >= 30) return 'info';
  if (n >= 20) return 'debug';
  if (n >= 10) return 'trace';
  return undefined;
}

const fromWord = (w: unknown): Severity | undefined =>
  typeof w === 'string' ? WORDS[w.trim().toLowerCase()] : typeof w === 'number' ? fromNumber(w) : undefined;

const JSON_KEYS = ['level', 'severity', 'lvl', 'loglevel', 'log_level', 'levelname', 'log.level', '@l'];
const LOGFMT = /(?:^|\s)(?:level|lvl|severity)=("?)([A-Za-z]+)\1(?=\s|$)/;
const KLOG = /^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d+ /;
const PY_PREFIX = /^(DEBUG|INFO|WARNING|ERROR|CRITICAL):[\w.]*:/;
/** a level word standing alone near the start: `[ERROR]`, `ERROR:`, ` WARN `, `<Error>` */
const WORD =
  /(?:^|[\s[(<|:-])(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|CRIT|CRITICAL|FATAL|PANIC|Trace|Debug|Info|Notice|Warn|Warning|Error|Fatal|Critical)(?=$|[\s\]):>|,-])/;
/** lower case only where it is plainly a level: first on the line or in brackets (`[warn]`, `warn:`) */
const LOWER = /(?:^|\[)(trace|debug|info|notice|warn|warning|error|fatal|critical)(?:\]|:|\s)/;
const CRASH = /^(panic: |fatal error: |Traceback \(most recent call last\)|Exception in thread |Unhandled exception|Uncaught )/;

export function severityOf(text: string): Severity | undefined {
  const t = text.trimStart();
  if (t.startsWith('{')) {
    try {
      const o = JSON.parse(t) as Record<string, unknown>;
      for (const k of JSON_KEYS) {
        const v = k.includes('.') ? (o[k] ?? (o[k.split('.')[0]] as Record<string, unknown> | undefined)?.[k.split('.')[1]]) : o[k];
        const s = fromWord(v);
        if (s) return s;
      }
    } catch {
      /* not JSON after all: read it as text */
    }
  }
  const k = KLOG.exec(t);
  if (k) return ({ I: 'info', W: 'warn', E: 'error', F: 'fatal' } as const)[k[1] as 'I' | 'W' | 'E' | 'F'];
  const lf = LOGFMT.exec(t);
  if (lf && fromWord(lf[2])) return fromWord(lf[2]);
  const py = PY_PREFIX.exec(t);
  if (py) return fromWord(py[1]);
  if (CRASH.test(t)) return t.startsWith('panic') || t.startsWith('fatal') ? 'fatal' : 'error';
  // only the start of a line: "ERROR" deep inside a message (a quoted request body) is not its level
  const head = t.slice(0, 80);
  const w = WORD.exec(head) ?? LOWER.exec(head);
  return w ? fromWord(w[1]) : undefined;
}

/** Lines with no level of their own that continue the line before (a stack trace, an indented detail). */
export const isContinuation = (text: string): boolean =>
  /^(\s|at |Caused by|goroutine \d|\.\.\. \d+ more|\[signal |created by |File ")/.test(text);

import { describe, expect, it } from 'vitest';
import { isContinuation, severityOf } from './severity';

describe('severityOf reads the formats programs write', () => {
  it.each([
    ['{"level":"error","msg":"db down"}', 'error'], // zap, logrus, slog
    ['{"severity":"WARNING","message":"slow"}', 'warn'], // GCP structured logging
    ['{"level":50,"msg":"boom"}', 'error'], // pino / bunyan numbers
    ['{"level":30,"msg":"ok"}', 'info'],
    ['{"log":{"level":"debug"},"msg":"x"}', 'debug'], // ECS, nested
    ['{"log.level":"debug","msg":"x"}', 'debug'], // ECS
    ['{"levelname":"CRITICAL"}', 'fatal'], // python-json-logger
    ['time=2026-12-02T10:00:00Z level=warn msg="retrying"', 'warn'], // logfmt
    ['ts=1 lvl=eror msg=x', 'error'], // log15
    ['E1202 10:04:05.123456       1 controller.go:88] sync failed', 'error'], // klog
    ['W1202 10:04:05.123456 1 x.go:1] slow', 'warn'],
    ['I1202 10:04:05.123456 1 x.go:1] started', 'info'],
    ['ERROR:root:could not connect', 'error'], // Python logging's default format
    ['2026-12-02 10:00:00,123 - app - WARNING - disk 91% full', 'warn'],
    ['[ERROR] failed to bind :8080', 'error'],
    ['2026-12-02T10:00:00Z INFO GET / 200 3ms', 'info'],
    ['[warn] upstream timed out', 'warn'], // nginx
    ['panic: runtime error: invalid memory address or nil pointer dereference', 'fatal'],
    ['Traceback (most recent call last):', 'error'],
    ['Exception in thread "main" java.lang.NullPointerException', 'error'],
    ['listening on :8080', undefined],
    ['GET /search?q=ERROR 200', undefined], // a level word inside data, not standing as the level
    ['connection error: refused', undefined], // lower case mid-line is prose, not a level
    ['{"msg": "not json', undefined],
  ])('%s → %s', (line, want) => {
    expect(severityOf(line)).toBe(want);
  });

  it('stack frames continue the line before', () => {
    expect(isContinuation('\tat com.example.Main.run(Main.java:12)')).toBe(true);
    expect(isContinuation('goroutine 1 [running]:')).toBe(true);
    expect(isContinuation('Caused by: java.io.IOException')).toBe(true);
    expect(isContinuation('listening on :8080')).toBe(false);
  });
});

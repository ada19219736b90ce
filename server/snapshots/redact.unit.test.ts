import { describe, expect, it } from 'vitest';
import { redactDeep, redactText } from './redact';

describe('snapshot redaction', () => {
  it('removes credentials from log lines, keeping the rest', () => {
    expect(redactText('connecting with password=hunter22 to db')).toBe('connecting with password=[redacted] to db');
    expect(redactText('Authorization: Bearer abcdefghijklmnop')).not.toContain('abcdefghijklmnop');
    expect(redactText('token eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.c2lnbmF0dXJlMTIz')).not.toContain('eyJzdWIiOiIxMjM0');
    expect(redactText('api_key: "AKIA1234567890"')).toBe('api_key: "[redacted]"');
    expect(redactText('ERROR failed to connect to database: dial tcp 10.96.12.40:5432')).toBe('ERROR failed to connect to database: dial tcp 10.96.12.40:5432');
  });

  it('redacts env values with secret-looking names at any depth, but not references', () => {
    const pod = { spec: { containers: [{ name: 'app', env: [
      { name: 'DB_PASSWORD', value: 'hunter22' },
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
    ] }], volumes: [{ name: 'creds', secret: { secretName: 'db-credentials' } }] } };
    const out = redactDeep(pod) as typeof pod;
    const env = out.spec.containers[0].env;
    expect(env[0]).toEqual({ name: 'DB_PASSWORD', value: '[redacted]' });
    expect(env[1]).toEqual({ name: 'LOG_LEVEL', value: 'debug' });
    expect(env[2]).toEqual(pod.spec.containers[0].env[2]);
    expect(out.spec.volumes[0].secret.secretName).toBe('db-credentials');
  });
});

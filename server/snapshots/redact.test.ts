import { describe, expect, it } from 'vitest';
import { redactDeep, redactText } from './redact';

describe('snapshot redaction', () => {
  it('removes credentials from log lines, keeping the rest', () => {
    const cases: [string, string][] = [
      ['connecting with password=hunter22 to db', 'connecting with password=[redacted] to db'],
      ['DB_PASSWORD=hunter22', 'DB_PASSWORD=[redacted]'],
      ['env MYSQL_ROOT_PASSWORD=s3cr3t-root API_TOKEN=abc123def', 'env MYSQL_ROOT_PASSWORD=[redacted] API_TOKEN=[redacted]'],
      ['client_secret: "xyz-987"', 'client_secret: "[redacted]"'],
      ['aws_secret_access_key = wJalrXUtnFEMI', 'aws_secret_access_key = [redacted]'],
      ['api_key: "AKIA1234567890"', 'api_key: "[redacted]"'],
      ['Authorization: Basic dXNlcjpodW50ZXIy', 'Authorization: [redacted]'],
      ['dsn=postgres://app:hunter22@db.svc:5432/ledger', 'dsn=postgres://app:[redacted]@db.svc:5432/ledger'],
      ['ERROR failed to connect to database: dial tcp 10.96.12.40:5432', 'ERROR failed to connect to database: dial tcp 10.96.12.40:5432'],
      ['secret "db-credentials" not found', 'secret "db-credentials" not found'],
      ['valueFrom:\n  secretKeyRef:\n    name: db-credentials', 'valueFrom:\n  secretKeyRef:\n    name: db-credentials'],
    ];
    for (const [input, want] of cases) expect(redactText(input), input).toBe(want);
    expect(redactText('Authorization: Bearer abcdefghijklmnop')).not.toContain('abcdefghijklmnop');
    expect(redactText('token eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.c2lnbmF0dXJlMTIz')).not.toContain('eyJzdWIiOiIxMjM0');
  });

  it('redacts env values with secret-looking names at any depth, but not references', () => {
    const pod = {
      metadata: {
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{"env":[{"name":"DB_PASSWORD","value":"hunter22"}]}',
          team: 'ledger',
        },
      },
      spec: {
        containers: [
          {
            name: 'app',
            env: [
              { name: 'DB_PASSWORD', value: 'hunter22' },
              { name: 'LOG_LEVEL', value: 'debug' },
              { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
            ],
          },
        ],
        volumes: [{ name: 'creds', secret: { secretName: 'db-credentials' } }],
      },
    };
    const out = redactDeep(pod) as typeof pod;
    const env = out.spec.containers[0].env;
    expect(env[0]).toEqual({ name: 'DB_PASSWORD', value: '[redacted]' });
    expect(env[1]).toEqual({ name: 'LOG_LEVEL', value: 'debug' });
    expect(env[2]).toEqual(pod.spec.containers[0].env[2]);
    expect(out.spec.volumes[0].secret.secretName).toBe('db-credentials');
    expect(out.metadata.annotations).toEqual({ team: 'ledger' });
    expect(JSON.stringify(out)).not.toContain('hunter22');
  });

  it('catches credentials by name: short names, separate flag arguments, JSON inside annotations', () => {
    const cases: [string, string][] = [
      ['DB_PASS=hunter22', 'DB_PASS=[redacted]'],
      ['export PGPASS=hunter22', 'export PGPASS=[redacted]'],
      ['SIGNING_KEY=abcd1234', 'SIGNING_KEY=[redacted]'],
      ['run --token abc123def --verbose', 'run --token [redacted] --verbose'],
      ['login --password=hunter22', 'login --password=[redacted]'],
      ['server -db-password "s3cr3t!"', 'server -db-password "[redacted]"'],
    ];
    for (const [input, want] of cases) expect(redactText(input), input).toBe(want);
    const pod = {
      metadata: {
        annotations: {
          'example.com/env': '{"env":[{"name":"DB_PASSWORD","value":"hunter22"},{"name":"MODE","value":"fast"}]}',
          'example.com/list': '[{"name":"PGPASS","value":"pg-secret-1"}]',
        },
      },
      spec: {
        containers: [
          {
            name: 'app',
            args: ['--token', 'tok-abc-123', '--port', '8080', '--api-key=key-xyz-789'],
            env: [
              { name: 'DB_PASS', value: 'hunter22' },
              { name: 'SIGNING_KEY', value: 'k3y-material' },
              { name: 'PGPASS', value: 'pg-secret-1' },
            ],
          },
        ],
      },
    };
    const out = JSON.stringify(redactDeep(pod));
    for (const secret of ['hunter22', 'pg-secret-1', 'tok-abc-123', 'key-xyz-789', 'k3y-material']) expect(out).not.toContain(secret);
    expect(out).toContain('fast');
    expect(out).toContain('8080');
    expect(out).toContain('DB_PASSWORD');
  });
});

// Writes a kubeconfig with the `podscope-local` context, embedding the admin client certificate.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Pki } from './certs.ts';
import { CONTEXT_NAME } from './paths.ts';

const b64 = (file: string) => readFileSync(file).toString('base64');

export function writeKubeconfig(file: string, server: string, pki: Pki): void {
  const text = `apiVersion: v1
kind: Config
clusters:
- name: ${CONTEXT_NAME}
  cluster:
    server: ${server}
    certificate-authority-data: ${b64(pki.caCert)}
users:
- name: ${CONTEXT_NAME}-admin
  user:
    client-certificate-data: ${b64(pki.adminCert)}
    client-key-data: ${b64(pki.adminKey)}
contexts:
- name: ${CONTEXT_NAME}
  context:
    cluster: ${CONTEXT_NAME}
    user: ${CONTEXT_NAME}-admin
current-context: ${CONTEXT_NAME}
`;
  writeFileSync(file, text, { mode: 0o600 });
}

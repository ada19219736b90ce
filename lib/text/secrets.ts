// What looks like a credential, by name. One list for every place that must not show one: the
// snapshot redactor (env lists, NAME=value text, flags), the server log, and the rollout diff.

/** Parts of an env var, flag or field name that mark its value as a credential. */
const PARTS = 'pass|secret|token|key|credential|cookie|auth|private|signature|session';

/**
 * An environment variable or command-line flag name whose value is a credential: DB_PASS, PGPASS,
 * SIGNING_KEY, API_TOKEN, --token, aws_secret_access_key. References to one (secretKeyRef,
 * secretName, keyRef) name the credential, not its value, and are not matched.
 */
export const CREDENTIAL_NAME = new RegExp(`(${PARTS})(?![A-Za-z]*(Ref|Name)$)`, 'i');

/** The name part of NAME=value / name: value / --name value, for matching inside text. */
export const CREDENTIAL_WORD = `[A-Za-z0-9_.-]*(?:${PARTS})(?![A-Za-z]*(?:Ref|Name)\\b)[A-Za-z0-9_.-]*`;

export const isCredentialName = (name: string): boolean => CREDENTIAL_NAME.test(name);

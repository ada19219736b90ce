// A value from the cluster written into a YAML snippet people paste into a manifest: a plain
// scalar when that reads back as the same string, else a double-quoted (JSON) string, so a
// name cannot add keys or structure to the manifest.
const PLAIN = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|~|[-+]?[0-9.]+([eE][-+]?[0-9]+)?)$/i;

export function yamlScalar(value: string): string {
  return PLAIN.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value);
}

// Kubernetes name rules (apimachinery validation), used to reject bad input before any request
// leaves Podscope.
import { z } from 'zod';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const namespaceName = z.string().max(63).regex(DNS1123_LABEL, 'must be a DNS-1123 label (lower-case letters, digits and "-")');
export const objectName = z
  .string()
  .max(253)
  .regex(DNS1123_SUBDOMAIN, 'must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")');
export const containerName = namespaceName;
/** kubeconfig context names are free-form, but never control characters or absurd lengths */
export const contextName = z
  .string()
  .min(1)
  .max(253)
  // eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
  .regex(/^[^\u0000-\u001f\u007f/\\]+$/, 'contains characters not allowed in a context name');

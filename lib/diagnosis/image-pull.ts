// Sorting image pull errors (containerd/CRI messages and kubelet reasons) into causes.
export type PullCause = 'not-found' | 'unauthorized' | 'unreachable' | 'rate-limited' | 'invalid-name' | 'never-pull' | 'unknown';

export function classifyPull(reason: string | undefined, message: string): PullCause {
  const m = message.toLowerCase();
  if (reason === 'InvalidImageName' || m.includes('invalid reference format') || m.includes('failed to apply default image tag'))
    return 'invalid-name';
  if (reason === 'ErrImageNeverPull' || m.includes('pull policy is set to never') || m.includes('never pull')) return 'never-pull';
  if (/toomanyrequests|rate limit|429/.test(m)) return 'rate-limited';
  if (/unauthorized|authorization failed|pull access denied|insufficient_scope|authentication required|403 forbidden|401/.test(m))
    return 'unauthorized';
  if (
    /no such host|dial tcp|i\/o timeout|connection refused|tls handshake timeout|network is unreachable|registry is unavailable|context deadline exceeded/.test(
      m,
    ) ||
    reason === 'RegistryUnavailable'
  )
    return 'unreachable';
  if (/not found|manifest unknown|notfound|does not exist/.test(m)) return 'not-found';
  return 'unknown';
}

/** "docker.io/library/nginx:1.99" from a containerd message, if present. */
export function pulledRef(message: string): string | undefined {
  return /failed to pull and unpack image "([^"]+)"/.exec(message)?.[1] ?? /Failed to pull image "([^"]+)"/.exec(message)?.[1];
}

export function registryHost(image: string): string {
  const first = image.split('/')[0];
  return image.includes('/') && (/[.:]/.test(first) || first === 'localhost') ? first : 'docker.io';
}

// @ts-check

// As strict as Next.js allows without per-request nonces: scripts and styles only from this
// origin (Next's inline bootstrap scripts need 'unsafe-inline'), data only from this origin
// (the stream and APIs), no framing, no plugins, forms only to this origin.
const dev = process.env.NODE_ENV !== 'production';
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The Kubernetes client and its transitive deps are server-only Node code: keep them out of bundling.
  serverExternalPackages: ['@kubernetes/client-node', 'ws', 'pg'],
  typescript: { tsconfigPath: 'tsconfig.json' },
  async headers() {
    return [
      {
        // (a forwarded pod port, /forward/…, is served before Next, with a sandbox of its own)
        source: '/(.*)',
        headers: [
          { key: 'Content-Security-Policy', value: csp },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};
export default nextConfig;

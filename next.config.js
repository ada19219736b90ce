// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  output: 'standalone',
  poweredByHeader: false,
  // The Kubernetes client and its transitive deps are server-only Node code: keep them out of bundling.
  serverExternalPackages: ['@kubernetes/client-node'],
  // local-cluster/ and test/ are tooling, not part of the app
  typescript: { tsconfigPath: 'tsconfig.json' },
};
export default nextConfig;

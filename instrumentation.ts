// Runs once when the server starts. Node-only work lives in server/instrumentation.ts, imported
// only in the Node.js runtime (so the Edge build never sees Node APIs).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') await (await import('./server/instrumentation')).registerNode();
}

// Startup in the Node.js runtime. In local mode every request acts with the user's own kubeconfig
// identity, so Podscope must never listen beyond this machine; proxy mode must not start without
// the proxy's shared secret. Then the side systems are plugged in (server/startup.ts).
export async function registerNode(): Promise<void> {
  const { assertLoopbackBind } = await import('./bind-guard');
  const { proxySettings } = await import('./auth/proxy-headers');
  try {
    if (process.env.PODSCOPE_AUTH === 'proxy') {
      try {
        proxySettings(process.env);
      } catch (err) {
        throw new Error(`podscope: refusing to start: ${(err as Error).message}`, { cause: err });
      }
    }
    assertLoopbackBind(process.env, process.argv);
  } catch (err) {
    // Next.js logs a failing hook and serves anyway: stop the process ourselves
    console.error((err as Error).message);
    process.exit(1);
  }
  (await import('./startup')).startPodscope();
}

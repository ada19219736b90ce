// Runs once when the server starts. Podscope has no login yet: in its local mode every request
// acts with the user's own kubeconfig identity, so it must never listen beyond this machine.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { assertLoopbackBind } = await import('./server/bind-guard');
  try {
    assertLoopbackBind(process.env, process.argv);
  } catch (err) {
    // Next.js logs a failing hook and serves anyway: stop the process ourselves
    console.error((err as Error).message);
    process.exit(1);
  }
}

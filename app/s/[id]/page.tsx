// /s/{id}: a snapshot's debug page, read-only. Same authentication as the rest of Podscope, and
// shown only to whoever may get pods in the snapshot's namespace.
import { connection } from 'next/server';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { SnapshotPage } from '@/components/snapshot/SnapshotPage';
import { SNAPSHOT_ID } from '@/lib/snapshot/types';
import { pageIdentity } from '@/server/auth/page-identity';
import { NotAuthenticated } from '@/components/auth/NotAuthenticated';
import { config } from '@/server/config';
import { AppError, toAppError } from '@/server/errors';
import { readSnapshot } from '@/server/snapshots/snapshot';

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  let problem: { title: string; message: string } | undefined;
  let bundle;
  let loginTo: string | undefined;
  if (!SNAPSHOT_ID.test(id)) problem = { title: 'Not a snapshot link', message: 'Snapshot ids are 16 letters, digits, - or _.' };
  else {
    try {
      bundle = await readSnapshot(id, async (context) => {
        const identity = await pageIdentity(context);
        if (!identity) {
          loginTo = context;
          throw new AppError('unauthenticated', `log in to context "${context}" to open this snapshot`);
        }
        return identity;
      });
    } catch (err) {
      const e = toAppError(err);
      problem = {
        title: e.kind === 'forbidden' ? 'Forbidden' : e.kind === 'not-found' ? 'Snapshot not found' : 'Cannot open this snapshot',
        message: e.message,
      };
    }
  }
  if (loginTo !== undefined) {
    if (config().PODSCOPE_AUTH === 'token')
      redirect(`/login?context=${encodeURIComponent(loginTo)}&next=${encodeURIComponent(`/s/${id}`)}`);
    return <NotAuthenticated />; // proxy mode: there is no login page of our own
  }
  if (!bundle) {
    return (
      <div className="mx-auto max-w-2xl p-8" data-testid="snapshot-error">
        <h1 className="text-xl font-semibold">{problem?.title}</h1>
        <p className="mt-2 text-slate-700">{problem?.message}</p>
      </div>
    );
  }
  return (
    <Suspense>
      <SnapshotPage bundle={bundle} />
    </Suspense>
  );
}

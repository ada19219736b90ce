'use client';
import type { V1Pod } from '@kubernetes/client-node';
import { useMemo } from 'react';
import { stringify } from 'yaml';
import { CopyButton } from '../ui/CopyButton';

export function YamlView({ pod }: { pod: V1Pod }) {
  const text = useMemo(() => {
    const { managedFields: _m, ...meta } = (pod.metadata ?? {}) as Record<string, unknown>;
    return stringify({ ...pod, metadata: meta }, { lineWidth: 0 });
  }, [pod]);
  return (
    <div>
      <div className="mb-2 flex items-center gap-2 text-xs text-slate-500">
        managedFields hidden <CopyButton text={text} label="copy YAML" testId="copy-yaml" />
      </div>
      <pre className="mono max-h-[70vh] overflow-auto rounded border border-slate-200 bg-white p-3 text-xs" data-testid="pod-yaml">
        {text}
      </pre>
    </div>
  );
}

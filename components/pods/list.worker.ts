// The pod list's index (lib/pods/list-index.ts) in a Web Worker: the page posts each frame's
// changes, the query and usage samples; the worker answers with the order, once per batch of
// messages.
import { answeringIndex, type ListMessage, type ListResult } from '@/lib/pods/list-index';

const handle = answeringIndex((r: ListResult) => self.postMessage(r));
self.onmessage = (e: MessageEvent<ListMessage>) => handle(e.data);

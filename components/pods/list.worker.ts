// The pod list's index (lib/pods/list-index.ts) in a Web Worker: the page posts each frame's
// changes, the query and usage samples; the worker answers with the order, once per batch of
// messages (several changes queued while it sorted get one answer).
import { ListIndex, type ListMessage } from '@/lib/pods/list-index';

const index = new ListIndex();
let answerQueued = false;

self.onmessage = (e: MessageEvent<ListMessage>) => {
  index.handle(e.data);
  if (answerQueued) return;
  answerQueued = true;
  setTimeout(() => {
    answerQueued = false;
    self.postMessage(index.result());
  }, 0);
};

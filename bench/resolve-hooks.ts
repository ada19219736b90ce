// Lets a script run by plain Node import the app's own modules (lib/): they are written for the
// bundler, with extensionless relative imports and the `@/` alias of tsconfig.json. Imported first,
// this teaches Node's resolver both (synchronous hooks, in this thread).
import { registerHooks } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = pathToFileURL(join(import.meta.dirname, '..') + '/').href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    // (server modules mark themselves server-only for the bundler; here that is a no-op)
    if (specifier === 'server-only') return nextResolve(new URL('test/server-only-stub.ts', ROOT).href, context);
    const spec = specifier.startsWith('@/') ? new URL(specifier.slice(2), ROOT).href : specifier;
    try {
      return nextResolve(spec, context);
    } catch (err) {
      if (!/^(\.|file:)/.test(spec)) throw err;
      for (const ext of ['.ts', '.tsx', '/index.ts'])
        try {
          return nextResolve(spec + ext, context);
        } catch {
          /* try the next */
        }
      throw err;
    }
  },
});

// Drives a fake in another process (the CLI, a demo) over POST /__control/<method>: the same
// methods as the in-process control, each returning a Promise of its JSON-decoded result.
import type { FakeAmocrmControl } from './control.ts';

export type RemoteControl<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

export function createFakeAmocrmClient(url: string): RemoteControl<FakeAmocrmControl> {
  return new Proxy({} as RemoteControl<FakeAmocrmControl>, {
    get: (_target, name) => async (argument?: unknown) => {
      const response = await fetch(`${url}/__control/${String(name)}`, {
        method: 'POST',
        body: argument === undefined ? undefined : JSON.stringify(argument),
      });
      const answer = (await response.json()) as { result?: unknown; error?: string };
      if (!response.ok) throw new Error(answer.error ?? `control call ${String(name)} failed with ${response.status}`);
      return answer.result;
    },
  });
}

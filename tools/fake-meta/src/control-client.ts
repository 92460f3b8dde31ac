// Drives a fake in another process (the CLI, a demo); bytes travel as base64 (seedMedia({ base64 })) over POST /__control/<method>: the same
// methods as the in-process control, each returning a Promise of its JSON-decoded result.
import type { FakeMetaControl } from './control.ts';

export type RemoteControl<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

export function createFakeMetaClient(url: string): RemoteControl<FakeMetaControl> {
  return new Proxy({} as RemoteControl<FakeMetaControl>, {
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

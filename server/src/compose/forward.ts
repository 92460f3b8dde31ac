// The parts that call one another in a circle, named in one place. A channel module hands customers' events to the
// flows and reports sends to delivery and the inbox, which are built after it because they need its adapters; apps
// send prompts through the flows and queue jobs, which are built after them because they need the apps' flows and
// queues. Those calls go through `forward.<part>`, set once each part exists and before anything runs (channels
// and apps start last); a call before that is a bug and says which part was missing, instead of a closure that
// reaches a variable declared further down.
import type { ChannelRegistry } from '../channels/registry.service.ts';
import type { Jobs } from '../platform/index.ts';
import type { Flows } from '../flows/index.ts';
import type { Messaging } from '../messaging.ts';

export interface ForwardParts {
  registry: ChannelRegistry;
  messaging: Messaging;
  flows: Flows;
  jobs: Jobs;
}

export type Forward = { readonly [Part in keyof ForwardParts]: ForwardParts[Part] } & {
  set<Part extends keyof ForwardParts>(part: Part, value: ForwardParts[Part]): ForwardParts[Part];
};

export function createForward(): Forward {
  const parts: Partial<ForwardParts> = {};
  const read = <Part extends keyof ForwardParts>(part: Part): ForwardParts[Part] => {
    const value = parts[part];
    if (value === undefined) throw new Error(`The ${part} was called before main.ts built it: start it after what it calls.`);
    return value;
  };
  return {
    get registry() {
      return read('registry');
    },
    get messaging() {
      return read('messaging');
    },
    get flows() {
      return read('flows');
    },
    get jobs() {
      return read('jobs');
    },
    set(part, value) {
      if (parts[part] !== undefined) throw new Error(`The ${part} is set twice.`);
      parts[part] = value;
      return value;
    },
  };
}

import { ControlError } from './api-error.ts';
import { createSeededRandom, type Random } from './seeded-random.ts';
import type { FailNextOptions, FaultConfig, FaultKind } from './simulator-types.ts';

export type FaultDecision = { kind: 'none' } | { kind: FaultKind; slowMs: number };

export interface FaultInjector {
  set(key: string, config: FaultConfig | null): void;
  failNext(key: string, n: number, kind: FaultKind, options?: FailNextOptions): void;
  decide(token: string, method: string): FaultDecision;
  reset(): void;
}

interface ActiveConfig {
  config: FaultConfig;
  methods: Set<string> | null;
  random: Random;
}

interface Scheduled {
  remaining: number;
  kind: FaultKind;
  methods: Set<string> | null;
  slowMs: number;
}

const KINDS: FaultKind[] = ['429', '500', '502', 'drop', 'drop-after-apply', 'slow'];
const DEFAULT_SLOW_MS = 2000;

const methodSet = (methods: string[] | undefined): Set<string> | null =>
  methods && methods.length > 0 ? new Set(methods.map((m) => m.toLowerCase())) : null;

function checkRate(name: string, value: number | undefined): void {
  if (value !== undefined && (typeof value !== 'number' || value < 0 || value > 1)) {
    throw new ControlError(`${name} must be a probability between 0 and 1`);
  }
}

export function createFaultInjector(defaultSeed: number): FaultInjector {
  const configs = new Map<string, ActiveConfig>();
  const scheduled = new Map<string, Scheduled[]>();

  return {
    set(key, config) {
      if (config === null) {
        configs.delete(key);
        return;
      }
      for (const name of ['rate429', 'rate5xx', 'rateSlow', 'rateDrop'] as const) checkRate(name, config[name]);
      const total = (config.rate429 ?? 0) + (config.rate5xx ?? 0) + (config.rateSlow ?? 0) + (config.rateDrop ?? 0);
      if (total > 1 + 1e-9) throw new ControlError('fault rates add up to more than 1');
      configs.set(key, { config, methods: methodSet(config.methods), random: createSeededRandom(config.seed ?? defaultSeed) });
    },
    failNext(key, n, kind, options = {}) {
      if (!KINDS.includes(kind)) throw new ControlError(`fault kind must be one of ${KINDS.join(', ')}`);
      const list = scheduled.get(key) ?? [];
      list.push({ remaining: n, kind, methods: methodSet(options.methods), slowMs: options.slowMs ?? DEFAULT_SLOW_MS });
      scheduled.set(key, list);
    },
    decide(token, method) {
      const name = method.toLowerCase();
      const queue = scheduled.get(token);
      const next = queue?.find((item) => item.remaining > 0 && (!item.methods || item.methods.has(name)));
      if (next && queue) {
        next.remaining--;
        if (next.remaining <= 0) queue.splice(queue.indexOf(next), 1);
        return { kind: next.kind, slowMs: next.slowMs };
      }
      const active = configs.get(token) ?? configs.get('*');
      if (!active || (active.methods && !active.methods.has(name))) return { kind: 'none' };
      const { config, random } = active;
      const slowMs = config.slowMs ?? DEFAULT_SLOW_MS;
      const roll = random();
      const bands: Array<[number, () => FaultDecision]> = [
        [config.rate429 ?? 0, () => ({ kind: '429', slowMs })],
        [config.rate5xx ?? 0, () => ({ kind: random() < 0.5 ? '500' : '502', slowMs })],
        [config.rateDrop ?? 0, () => ({ kind: config.dropAfterApply ? 'drop-after-apply' : 'drop', slowMs })],
        [config.rateSlow ?? 0, () => ({ kind: 'slow', slowMs })],
      ];
      let threshold = 0;
      for (const [rate, decision] of bands) {
        threshold += rate;
        if (roll < threshold) return decision();
      }
      return { kind: 'none' };
    },
    reset() {
      configs.clear();
      scheduled.clear();
    },
  };
}

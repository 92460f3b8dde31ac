/** Faults a test arms ahead of time; each rule fires on the next `count` matching requests. */
export type Fault =
  | { kind: 'status'; status: number }
  | { kind: 'graph-error'; httpStatus?: number; code: number; message?: string; details?: string; subcode?: number }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'drop' };

export interface FaultRule {
  fault: Fault;
  count?: number;
  /** Only requests whose path (with the /graph.facebook.com or /graph.instagram.com prefix) starts with this. */
  pathPrefix?: string;
  method?: string;
}

export interface FaultBox {
  add(rule: FaultRule): void;
  take(method: string, path: string): Fault | undefined;
  clear(): void;
}

export function createFaultBox(): FaultBox {
  let rules: Array<FaultRule & { remaining: number }> = [];
  return {
    add(rule) {
      rules.push({ ...rule, remaining: rule.count ?? 1 });
    },
    take(method, path) {
      const rule = rules.find(
        (candidate) =>
          (candidate.pathPrefix === undefined || path.startsWith(candidate.pathPrefix)) &&
          (candidate.method === undefined || candidate.method.toUpperCase() === method),
      );
      if (!rule) return undefined;
      rule.remaining--;
      if (rule.remaining <= 0) rules = rules.filter((candidate) => candidate !== rule);
      return rule.fault;
    },
    clear() {
      rules = [];
    },
  };
}

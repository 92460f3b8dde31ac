/**
 * Faults a test arms ahead of time; each rule fires on the next `count` matching API requests. A `rate-limit`
 * with `retryAfterSeconds` also sends a `Retry-After` header (and that retry_after in the body).
 */
export type Fault =
  | { kind: 'status'; status: number }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'rate-limit'; retryAfterSeconds?: number }
  | { kind: 'drop' };

export interface FaultRule {
  fault: Fault;
  count?: number;
  /** Only requests whose path starts with this prefix (for example `/api/v4/leads`). */
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

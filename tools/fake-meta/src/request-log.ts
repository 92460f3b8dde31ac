/** Every request the fake answered (control calls aside), for tests to assert what was sent. */
export interface RecordedRequest {
  /** The fake clock's time when the request arrived (ms since the epoch). */
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, form or multipart fields (files as {filename, type, size}); raw text when it did not parse. */
  body: unknown;
  status: number;
}

export interface RequestFilter {
  method?: string;
  pathPrefix?: string;
}

export function filterRequests(log: RecordedRequest[], filter: RequestFilter = {}): RecordedRequest[] {
  return log.filter(
    (entry) =>
      (filter.method === undefined || entry.method === filter.method.toUpperCase()) &&
      (filter.pathPrefix === undefined || entry.path.startsWith(filter.pathPrefix)),
  );
}

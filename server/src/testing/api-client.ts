/** A small HTTP client for tests: JSON in and out, with a token or a browser-like cookie session. */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface ApiClient {
  request<T = any>(
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string>; raw?: string },
  ): Promise<ApiResponse<T>>;
  get<T = any>(path: string): Promise<ApiResponse<T>>;
  post<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  patch<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  put<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  delete<T = any>(path: string): Promise<ApiResponse<T>>;
}

export function createApiClient(baseUrl: string, auth: { token?: string; cookies?: string; csrf?: string } = {}): ApiClient {
  async function request<T>(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; raw?: string } = {},
  ) {
    const headers: Record<string, string> = { ...options.headers };
    if (auth.token) headers.authorization = `Token ${auth.token}`;
    if (auth.cookies) headers.cookie = auth.cookies;
    if (auth.csrf) headers['x-csrf-token'] = auth.csrf;
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    } else if (options.raw !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }
  return {
    request,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, { body: body ?? {} }),
    patch: (path, body) => request('PATCH', path, { body: body ?? {} }),
    put: (path, body) => request('PUT', path, { body: body ?? {} }),
    delete: (path) => request('DELETE', path),
  };
}

/** Signs in with a password and returns a token client. */
export async function signInWithToken(baseUrl: string, credentials: { email: string; password: string }): Promise<ApiClient> {
  const response = await createApiClient(baseUrl).post<{ token: string }>('/api/api-token-auth/', credentials);
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(response.body)}`);
  return createApiClient(baseUrl, { token: response.body.token });
}

/** Signs in like the browser: session cookie + CSRF header. */
export async function signInWithCookies(baseUrl: string, credentials: { email: string; password: string }) {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
  const cookies = response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
  const { csrf_token: csrf } = (await response.json()) as { csrf_token: string };
  return { cookies, csrf, client: createApiClient(baseUrl, { cookies, csrf }) };
}

// JSON has no bytes: Buffers travel over /control as {"$base64": "..."} both ways.

export function toWire(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = toWire(item);
    return out;
  }
  return value;
}

export function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === '$base64' && typeof record.$base64 === 'string') return Buffer.from(record.$base64, 'base64');
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(record)) out[key] = fromWire(item);
    return out;
  }
  return value;
}

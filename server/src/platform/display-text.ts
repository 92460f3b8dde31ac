// Bidirectional controls (embeddings, overrides, isolates, marks) let a name
// show as something it is not: "invoice\u202Efdp.exe" reads as "invoiceexe.pdf".
// Names we serve or print never carry them.
const bidiControls = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** The name without bidirectional control characters. */
export function neutralizeBidi<T extends string | null | undefined>(name: T): T {
  return (typeof name === 'string' ? name.replace(bidiControls, '') : name) as T;
}

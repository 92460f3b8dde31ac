// Which messages a set of uploaded files becomes, by the default album rules: photos and videos mix;
// documents group only with documents, audio only with audio; a voice note goes alone; at most
// `maxItems` (the channel kind's album size) each. The caption rides on the first message only.

/** Files in one album while the channel kinds load (their capabilities carry each kind's own). */
export const albumLimit = 10;

/** An uploaded file, as POST /api/upload/ described it (UploadedFile in api/composer.api.ts). */
export interface PlannableFile {
  file_path: string;
  kind: string;
}

export interface PlannedSend {
  text: string;
  mediaPaths: string[];
}

const groupOf = (kind: string): string => (kind === 'photo' || kind === 'video' ? 'visual' : kind);

export function planSends(text: string, files: PlannableFile[], maxItems: number = albumLimit): PlannedSend[] {
  if (files.length === 0) return text.trim() ? [{ text, mediaPaths: [] }] : [];
  const groups = new Map<string, string[][]>();
  for (const file of files) {
    const key = groupOf(file.kind);
    const chunks = groups.get(key) ?? [];
    const last = chunks.at(-1);
    if (key !== 'voice' && last && last.length < maxItems) last.push(file.file_path);
    else chunks.push([file.file_path]);
    groups.set(key, chunks);
  }
  return [...groups.values()].flat().map((mediaPaths, index) => ({ text: index === 0 ? text : '', mediaPaths }));
}

/** Up to two letters for an avatar: the first letter or digit of the first two words that have one. */
export function initials(name: string): string {
  const letters: string[] = [];
  for (const word of name.split(/\s+/)) {
    const match = /[\p{L}\p{N}]/u.exec(word);
    if (match) letters.push(match[0]);
    if (letters.length === 2) break;
  }
  return letters.join('').toLocaleUpperCase() || '?';
}

const palette = ['blue', 'cyan', 'teal', 'green', 'lime', 'yellow', 'orange', 'red', 'pink', 'grape', 'violet', 'indigo'] as const;

/** A stable colour per person, so the same contact always looks the same. */
export function avatarColor(key: string | number): (typeof palette)[number] {
  let hash = 0;
  for (const char of String(key)) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return palette[Math.abs(hash) % palette.length]!;
}

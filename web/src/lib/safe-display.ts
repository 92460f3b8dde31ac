// What the web app shows of names and links that customers and staff typed.

// Bidirectional controls let "invoice\u202Efdp.exe" read as "invoiceexe.pdf".
const bidiControls = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** A name as displayed: without bidirectional control characters. */
export function displayName(name: string | null | undefined): string {
  return (name ?? '').replace(bidiControls, '');
}

const linkSchemes = new Set(['http:', 'https:', 'mailto:', 'tg:']);

/** The link when its scheme is http(s), mailto or tg; undefined for javascript:, data: and the rest, which are shown as text. */
export function safeHref(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  // Relative links are our own API's (/api/media/1, /api/invoices/2/pdf).
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  const parsed = URL.parse(url.trim());
  return parsed && linkSchemes.has(parsed.protocol) ? parsed.href : undefined;
}

const executableExtensions = new Set(
  'exe dll com bat cmd scr pif msi msp cpl hta jar js jse vbs vbe wsf wsh ps1 sh app apk ipa deb rpm dmg pkg lnk reg elf bin class'.split(
    ' ',
  ),
);
const archiveExtensions = new Set('zip rar 7z gz tgz bz2 xz tar cab iso zst lz lzh arj'.split(' '));
const executableTypes =
  /^application\/(x-msdownload|x-dosexec|x-msdos-program|x-executable|x-elf|x-mach-binary|java-archive|java-vm|vnd\.android\.package-archive|x-sh|x-msi|x-ms-installer|vnd\.microsoft\.portable-executable)/;
const archiveTypes =
  /^application\/(zip|x-zip-compressed|vnd\.rar|x-rar-compressed|x-7z-compressed|gzip|x-gzip|x-tar|x-bzip2|x-xz|vnd\.ms-cab-compressed|x-iso9660-image|zstd)/;

/** Files an operator should think twice about opening: programs, and archives that may hide one. */
export function riskyFileKind(file: { file_name?: string | null; mime_type?: string | null }): 'executable' | 'archive' | null {
  const name = displayName(file.file_name).toLowerCase();
  const extension = /\.([a-z0-9]{1,10})$/.exec(name)?.[1] ?? '';
  const mime = (file.mime_type ?? '').toLowerCase();
  if (executableExtensions.has(extension) || executableTypes.test(mime)) return 'executable';
  if (archiveExtensions.has(extension) || archiveTypes.test(mime)) return 'archive';
  return null;
}

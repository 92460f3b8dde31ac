// Files at the stub: a customer's photo or document is stored with an access hash and a file reference, and
// upload.getFile serves it in parts, failing as Telegram does for a wrong hash or an expired reference.
import crypto from 'node:crypto';
import { Long, tl } from '@mtcute/node';
import { now, rpcError } from './stub-world.ts';

export class StubFiles {
  /** A photo a customer sends: its bytes are served by upload.getFile (what a message's `media` carries). */
  photo(bytes: Uint8Array, size = { width: 800, height: 600 }): tl.RawMessageMediaPhoto {
    const file = this.store(bytes);
    return {
      _: 'messageMediaPhoto',
      photo: {
        _: 'photo',
        id: file.id,
        accessHash: file.accessHash,
        fileReference: file.fileReference,
        date: now(),
        sizes: [{ _: 'photoSize', type: 'y', w: size.width, h: size.height, size: bytes.length }],
        dcId: 2,
      },
    };
  }

  /** A document (a voice note with `voice`): its bytes are served by upload.getFile. */
  document(bytes: Uint8Array, options: { mimeType: string; fileName?: string; voice?: { duration: number } }): tl.RawMessageMediaDocument {
    const file = this.store(bytes);
    const attributes: tl.TypeDocumentAttribute[] = [];
    if (options.fileName) attributes.push({ _: 'documentAttributeFilename', fileName: options.fileName });
    if (options.voice) attributes.push({ _: 'documentAttributeAudio', voice: true, duration: options.voice.duration });
    return {
      _: 'messageMediaDocument',
      document: {
        _: 'document',
        id: file.id,
        accessHash: file.accessHash,
        fileReference: file.fileReference,
        date: now(),
        mimeType: options.mimeType,
        size: bytes.length,
        dcId: 2,
        attributes,
      },
    };
  }

  /** Files downloaded so far (location ids), for tests. */
  readonly downloads: string[] = [];
  private readonly files = new Map<string, { id: Long; accessHash: Long; fileReference: Uint8Array; bytes: Uint8Array }>();
  private store(bytes: Uint8Array) {
    const file = {
      id: Long.fromNumber(crypto.randomInt(1, 2 ** 47)),
      accessHash: Long.fromNumber(crypto.randomInt(1, 2 ** 47)),
      fileReference: new Uint8Array(crypto.randomBytes(8)),
      bytes,
    };
    this.files.set(file.id.toString(), file);
    return file;
  }

  /** upload.getFile: the part asked for, or Telegram's errors for a wrong access hash or file reference. */
  getFile(request: tl.upload.RawGetFileRequest): tl.upload.RawFile {
    const location = request.location;
    if (location._ !== 'inputPhotoFileLocation' && location._ !== 'inputDocumentFileLocation') throw rpcError(400, 'LOCATION_INVALID');
    const file = this.files.get(location.id.toString());
    if (!file || !file.accessHash.equals(location.accessHash)) throw rpcError(400, 'LOCATION_INVALID');
    if (Buffer.compare(Buffer.from(file.fileReference), Buffer.from(location.fileReference)) !== 0)
      throw rpcError(400, 'FILE_REFERENCE_EXPIRED');
    this.downloads.push(location.id.toString());
    return {
      _: 'upload.file',
      type: { _: 'storage.filePartial' },
      mtime: now(),
      bytes: file.bytes.subarray(request.offset, request.offset + request.limit),
    };
  }
}

// Reads the Opus audio out of a WebM (Matroska) file: what Chromium's
// MediaRecorder produces. Only what a remux needs: tracks, CodecPrivate
// (the OpusHead), CodecDelay, and the frames of SimpleBlocks and BlockGroups,
// with Xiph, EBML and fixed-size lacing. Unknown-size Segments and Clusters
// (live recordings) are read by descending into them instead of skipping.

export class RemuxError extends Error {
  override name = 'RemuxError';
}

export interface WebmTrack {
  number: number;
  /** 1 video, 2 audio (Matroska TrackType). */
  type: number;
  codecId: string;
  codecPrivate?: Buffer;
  codecDelayNs: number;
  channels: number;
  samplingFrequency: number;
}

export interface WebmAudio {
  track: WebmTrack;
  hasVideo: boolean;
  frames: Buffer[];
  /** Samples to drop from the end (Matroska DiscardPadding of the last block), in nanoseconds. */
  discardPaddingNs: number;
}

const ids = {
  ebml: 0x1a45dfa3,
  docType: 0x4282,
  segment: 0x18538067,
  info: 0x1549a966,
  tracks: 0x1654ae6b,
  trackEntry: 0xae,
  trackNumber: 0xd7,
  trackType: 0x83,
  codecId: 0x86,
  codecPrivate: 0x63a2,
  codecDelay: 0x56aa,
  audio: 0xe1,
  samplingFrequency: 0xb5,
  channels: 0x9f,
  cluster: 0x1f43b675,
  simpleBlock: 0xa3,
  blockGroup: 0xa0,
  block: 0xa1,
  discardPadding: 0x75a2,
} as const;

// Masters whose children we read; every other element is skipped by its size.
const descended = new Set<number>([ids.ebml, ids.segment, ids.info, ids.tracks, ids.trackEntry, ids.audio, ids.cluster, ids.blockGroup]);

interface Element {
  id: number;
  /** Null for an unknown size. */
  size: number | null;
  dataStart: number;
}

function readId(bytes: Buffer, offset: number): { id: number; length: number } | null {
  const first = bytes[offset];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23;
  if (length > 4 || offset + length > bytes.length) return null;
  return { id: bytes.readUIntBE(offset, length), length };
}

/** An EBML variable-size integer; `unknown` when every value bit is set. */
export function readVint(bytes: Buffer, offset: number): { value: number; length: number; unknown: boolean } | null {
  const first = bytes[offset];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23;
  if (offset + length > bytes.length) return null;
  let value = first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let index = 1; index < length; index++) {
    const byte = bytes[offset + index]!;
    value = value * 256 + byte;
    allOnes &&= byte === 0xff;
  }
  return { value, length, unknown: allOnes };
}

function readElement(bytes: Buffer, offset: number): Element | null {
  const id = readId(bytes, offset);
  if (!id) return null;
  const size = readVint(bytes, offset + id.length);
  if (!size) return null;
  return { id: id.id, size: size.unknown ? null : size.value, dataStart: offset + id.length + size.length };
}

const readUnsigned = (data: Buffer) =>
  data.length === 0 ? 0 : Number(data.length > 6 ? data.readBigUInt64BE(0) : data.readUIntBE(0, data.length));
const readSigned = (data: Buffer) =>
  data.length === 0 ? 0 : Number(data.length === 8 ? data.readBigInt64BE(0) : data.readIntBE(0, Math.min(6, data.length)));
const readFloat = (data: Buffer) => (data.length === 4 ? data.readFloatBE(0) : data.length === 8 ? data.readDoubleBE(0) : 0);

type Visitor = (element: Element, data: Buffer) => boolean | void;

/** Walks the file flat, descending into the masters we need; stops when the visitor returns true or the data ends. */
function walk(bytes: Buffer, visit: Visitor): void {
  let offset = 0;
  while (offset < bytes.length) {
    const element = readElement(bytes, offset);
    if (!element) return;
    if (descended.has(element.id)) {
      if (visit(element, Buffer.alloc(0)) === true) return;
      offset = element.dataStart;
      continue;
    }
    if (element.size === null) throw new RemuxError(`element 0x${element.id.toString(16)} has an unknown size`);
    const end = element.dataStart + element.size;
    // A recording cut mid-block ends here; what came before is still good.
    if (end > bytes.length) return;
    if (visit(element, bytes.subarray(element.dataStart, end)) === true) return;
    offset = end;
  }
}

function newTrack(): WebmTrack {
  return { number: 0, type: 0, codecId: '', codecDelayNs: 0, channels: 1, samplingFrequency: 48_000 };
}

function applyTrackField(track: WebmTrack, id: number, data: Buffer): void {
  if (id === ids.trackNumber) track.number = readUnsigned(data);
  else if (id === ids.trackType) track.type = readUnsigned(data);
  else if (id === ids.codecId) track.codecId = data.toString('latin1').replace(/\0+$/, '');
  else if (id === ids.codecPrivate) track.codecPrivate = Buffer.from(data);
  else if (id === ids.codecDelay) track.codecDelayNs = readUnsigned(data);
  else if (id === ids.channels) track.channels = readUnsigned(data);
  else if (id === ids.samplingFrequency) track.samplingFrequency = readFloat(data);
}

/** The document type and tracks, read from the start of a file (stops at the first Cluster). */
export function inspectWebm(head: Buffer): { docType: string; tracks: WebmTrack[] } {
  let docType = '';
  const tracks: WebmTrack[] = [];
  try {
    walk(head, (element, data) => {
      if (element.id === ids.cluster) return true;
      if (element.id === ids.docType) docType = data.toString('latin1').replace(/\0+$/, '');
      else if (element.id === ids.trackEntry) tracks.push(newTrack());
      else if (tracks.length > 0) applyTrackField(tracks.at(-1)!, element.id, data);
    });
  } catch {
    // a damaged header reads as "no tracks"
  }
  return { docType, tracks };
}

/** The frames of one block (lacing undone) and its track number. */
export function blockFrames(data: Buffer): { track: number; frames: Buffer[] } {
  const track = readVint(data, 0);
  if (!track || data.length < track.length + 3) throw new RemuxError('a block is too short');
  const flags = data[track.length + 2]!;
  const start = track.length + 3;
  const lacing = (flags >> 1) & 0x03;
  if (lacing === 0) return { track: track.value, frames: [data.subarray(start)] };
  const count = data[start]! + 1;
  const sizes =
    lacing === 1
      ? xiphSizes(data, start + 1, count)
      : lacing === 3
        ? ebmlSizes(data, start + 1, count)
        : fixedSizes(data, start + 1, count);
  const frames: Buffer[] = [];
  let offset = sizes.offset;
  for (const size of sizes.sizes) {
    if (size < 0 || offset + size > data.length) throw new RemuxError('a laced block has frame sizes beyond its end');
    frames.push(data.subarray(offset, offset + size));
    offset += size;
  }
  return { track: track.value, frames };
}

type Sizes = { sizes: number[]; offset: number };

function xiphSizes(data: Buffer, offset: number, count: number): Sizes {
  const sizes: number[] = [];
  for (let index = 0; index < count - 1; index++) {
    let size = 0;
    let byte: number;
    do {
      byte = data[offset++] ?? 0;
      size += byte;
    } while (byte === 255 && offset < data.length);
    sizes.push(size);
  }
  return withLast(sizes, offset, data.length);
}

function ebmlSizes(data: Buffer, offset: number, count: number): Sizes {
  const first = readVint(data, offset);
  if (!first) throw new RemuxError('a laced block has a bad first size');
  const sizes = [first.value];
  offset += first.length;
  for (let index = 1; index < count - 1; index++) {
    const delta = readVint(data, offset);
    if (!delta) throw new RemuxError('a laced block has a bad size difference');
    // Signed: the raw value minus half its range.
    sizes.push(sizes.at(-1)! + delta.value - (2 ** (7 * delta.length - 1) - 1));
    offset += delta.length;
  }
  return withLast(sizes, offset, data.length);
}

function fixedSizes(data: Buffer, offset: number, count: number): Sizes {
  const size = (data.length - offset) / count;
  if (!Number.isInteger(size)) throw new RemuxError('a fixed-size laced block does not divide evenly');
  return { sizes: Array.from({ length: count }, () => size), offset };
}

function withLast(sizes: number[], offset: number, end: number): Sizes {
  const used = sizes.reduce((sum, size) => sum + size, 0);
  return { sizes: [...sizes, end - offset - used], offset };
}

/** Every Opus frame of the first Opus track, in file order. */
export function demuxWebmOpus(bytes: Buffer): WebmAudio {
  const tracks: WebmTrack[] = [];
  const frames: Buffer[] = [];
  let opus: WebmTrack | undefined;
  let discardPaddingNs = 0;
  let docType = '';
  walk(bytes, (element, data) => {
    if (element.id === ids.docType) docType = data.toString('latin1').replace(/\0+$/, '');
    else if (element.id === ids.trackEntry) tracks.push(newTrack());
    else if (element.id === ids.cluster) opus ??= tracks.find((track) => track.type === 2 && track.codecId === 'A_OPUS');
    else if (element.id === ids.simpleBlock || element.id === ids.block) {
      const block = blockFrames(data);
      if (opus && block.track === opus.number) {
        frames.push(...block.frames);
        discardPaddingNs = 0;
      }
    } else if (element.id === ids.discardPadding) discardPaddingNs = readSigned(data);
    else if (tracks.length > 0 && !opus) applyTrackField(tracks.at(-1)!, element.id, data);
  });
  if (docType !== 'webm' && docType !== 'matroska') throw new RemuxError('the file is not WebM/Matroska');
  opus ??= tracks.find((track) => track.type === 2 && track.codecId === 'A_OPUS');
  if (!opus)
    throw new RemuxError(`the file has no Opus audio track (tracks: ${tracks.map((track) => track.codecId || '?').join(', ') || 'none'})`);
  if (frames.length === 0) throw new RemuxError('the recording has no audio frames');
  return { track: opus, hasVideo: tracks.some((track) => track.type === 1), frames, discardPaddingNs: Math.max(0, discardPaddingNs) };
}

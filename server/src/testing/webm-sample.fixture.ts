// Builds small but valid WebM/Opus files for tests, shaped like Chromium's
// MediaRecorder output (unknown-size Segment and Clusters, SimpleBlocks).

function vint(value: number, length?: number): Buffer {
  const size = length ?? (value < 0x7f ? 1 : value < 0x3fff ? 2 : value < 0x1fffff ? 3 : 4);
  const bytes = Buffer.alloc(size);
  let rest = value;
  for (let index = size - 1; index >= 0; index--) {
    bytes[index] = rest & 0xff;
    rest = Math.floor(rest / 256);
  }
  bytes[0]! |= 0x80 >> (size - 1);
  return bytes;
}

const unknownSize = Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);

function idBytes(id: number): Buffer {
  const length = id > 0xffffff ? 4 : id > 0xffff ? 3 : id > 0xff ? 2 : 1;
  const bytes = Buffer.alloc(length);
  bytes.writeUIntBE(id, 0, length);
  return bytes;
}

export function element(id: number, ...children: Buffer[]): Buffer {
  const data = Buffer.concat(children);
  return Buffer.concat([idBytes(id), vint(data.length), data]);
}

function openElement(id: number, ...children: Buffer[]): Buffer {
  return Buffer.concat([idBytes(id), unknownSize, ...children]);
}

const uint = (value: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
};
const float = (value: number) => {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleBE(value);
  return bytes;
};

/** A 20 ms CELT frame (TOC 0xFC: config 31, one frame) with some payload bytes. */
export function opusFrame(seed: number): Buffer {
  return Buffer.from([0xfc, ...Array.from({ length: 20 + (seed % 7) }, (_, index) => (seed * 31 + index * 7) & 0xff)]);
}

export function opusHeadBytes(channels = 1, preSkip = 312): Buffer {
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'latin1');
  head[8] = 1;
  head[9] = channels;
  head.writeUInt16LE(preSkip, 10);
  head.writeUInt32LE(48_000, 12);
  return head;
}

export interface WebmSampleOptions {
  frames: Buffer[];
  /** Frames per cluster (default 25 = 0.5 s). */
  perCluster?: number;
  /** Chromium writes unknown sizes; ffmpeg writes known ones. */
  unknownSizes?: boolean;
  codecPrivate?: Buffer | null;
  /** The last block in a BlockGroup with this DiscardPadding (ns). */
  discardPaddingNs?: number;
  /** Put frames in pairs into Xiph-laced blocks. */
  xiphLacing?: boolean;
  videoTrack?: boolean;
}

function block(track: number, timecode: number, frames: Buffer[], xiph: boolean): Buffer {
  const header = Buffer.concat([vint(track), Buffer.from([(timecode >> 8) & 0xff, timecode & 0xff])]);
  if (!xiph || frames.length === 1) return Buffer.concat([header, Buffer.from([0x80]), frames[0]!]);
  const sizes = frames.slice(0, -1).flatMap((frame) => [...Array(Math.floor(frame.length / 255)).fill(255), frame.length % 255]);
  return Buffer.concat([header, Buffer.from([0x80 | 0x02, frames.length - 1, ...sizes]), ...frames]);
}

export function buildWebmOpus(options: WebmSampleOptions): Buffer {
  const perCluster = options.perCluster ?? 25;
  const header = element(
    0x1a45dfa3,
    element(0x4286, Buffer.from([1])),
    element(0x4282, Buffer.from('webm')),
    element(0x4287, Buffer.from([4])),
    element(0x4285, Buffer.from([2])),
  );
  const audio = element(
    0xae,
    element(0xd7, Buffer.from([1])),
    element(0x73c5, uint(12345)),
    element(0x83, Buffer.from([2])),
    element(0x86, Buffer.from('A_OPUS')),
    ...(options.codecPrivate === null ? [] : [element(0x63a2, options.codecPrivate ?? opusHeadBytes())]),
    element(0x56aa, uint(6_500_000)),
    element(0xe1, element(0xb5, float(48_000)), element(0x9f, Buffer.from([1]))),
  );
  const video = options.videoTrack
    ? [element(0xae, element(0xd7, Buffer.from([2])), element(0x83, Buffer.from([1])), element(0x86, Buffer.from('V_VP8')))]
    : [];
  const info = element(0x1549a966, element(0x2ad7b1, uint(1_000_000)), element(0x4d80, Buffer.from('test')));
  const clusters: Buffer[] = [];
  for (let start = 0; start < options.frames.length; start += perCluster) {
    const frames = options.frames.slice(start, start + perCluster);
    const blocks: Buffer[] = [];
    const step = options.xiphLacing ? 2 : 1;
    for (let index = 0; index < frames.length; index += step) {
      const isLast = start + index + step >= options.frames.length;
      const data = block(1, index * 20, frames.slice(index, index + step), options.xiphLacing ?? false);
      if (isLast && options.discardPaddingNs)
        blocks.push(element(0xa0, element(0xa1, data), element(0x75a2, uint(options.discardPaddingNs))));
      else blocks.push(element(0xa3, data));
    }
    const timecode = element(0xe7, uint(start * 20));
    clusters.push(options.unknownSizes === false ? element(0x1f43b675, timecode, ...blocks) : openElement(0x1f43b675, timecode, ...blocks));
  }
  const body = [info, element(0x1654ae6b, audio, ...video), ...clusters];
  return Buffer.concat([header, options.unknownSizes === false ? element(0x18538067, ...body) : openElement(0x18538067, ...body)]);
}

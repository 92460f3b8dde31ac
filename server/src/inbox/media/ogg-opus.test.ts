import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { oggCrc, opusPacketSamples, remuxWebmToOggOpus, writeOggOpus } from './ogg-opus.ts';
import { blockFrames, demuxWebmOpus, inspectWebm, RemuxError } from './webm-demux.ts';
import { buildWebmOpus, opusFrame, opusHeadBytes } from '../../testing/webm-sample.fixture.ts';

interface OggPage {
  headerType: number;
  granule: bigint;
  serial: number;
  sequence: number;
  crcOk: boolean;
  segments: number[];
  body: Buffer;
}

function readOggPages(bytes: Buffer): OggPage[] {
  const pages: OggPage[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    assert.equal(bytes.toString('latin1', offset, offset + 4), 'OggS', `page at ${offset} starts with OggS`);
    const count = bytes[offset + 26]!;
    const segments = [...bytes.subarray(offset + 27, offset + 27 + count)];
    const length = 27 + count + segments.reduce((sum, size) => sum + size, 0);
    const raw = Buffer.from(bytes.subarray(offset, offset + length));
    const stored = raw.readUInt32LE(22);
    raw.writeUInt32LE(0, 22);
    pages.push({
      headerType: raw[5]!,
      granule: raw.readBigInt64LE(6),
      serial: raw.readUInt32LE(14),
      sequence: raw.readUInt32LE(18),
      crcOk: oggCrc(raw) === stored,
      segments,
      body: raw.subarray(27 + count),
    });
    offset += length;
  }
  return pages;
}

function packetsOf(pages: OggPage[]): Buffer[] {
  const packets: Buffer[] = [];
  let current: Buffer[] = [];
  for (const page of pages) {
    let offset = 0;
    for (const size of page.segments) {
      current.push(page.body.subarray(offset, offset + size));
      offset += size;
      if (size < 255) {
        packets.push(Buffer.concat(current));
        current = [];
      }
    }
  }
  return packets;
}

describe('Ogg/Opus writer and WebM remux', () => {
  test('the Ogg CRC matches the reference value of the Ogg polynomial', () => {
    assert.equal(oggCrc(Buffer.from('123456789')), 0x89a1897f);
  });

  test('Opus packet durations come from the TOC byte', () => {
    assert.equal(opusPacketSamples(Buffer.from([0xfc])), 960, 'CELT 20 ms, one frame');
    assert.equal(opusPacketSamples(Buffer.from([0x08 | 0x01])), 1920, 'SILK 20 ms, two frames');
    assert.equal(opusPacketSamples(Buffer.from([0xf8 | 0x03, 0x03])), 3 * 960, 'CELT 20 ms, code 3 with three frames');
    assert.equal(opusPacketSamples(Buffer.from([0x18])), 2880, 'SILK 60 ms');
    assert.equal(opusPacketSamples(Buffer.from([0x80])), 120, 'CELT 2.5 ms');
  });

  for (const variant of [
    { name: 'Chromium-like (unknown sizes, SimpleBlocks)', options: {} },
    { name: 'known sizes', options: { unknownSizes: false } },
    { name: 'Xiph lacing and a trailing BlockGroup with DiscardPadding', options: { xiphLacing: true, discardPaddingNs: 5_000_000 } },
  ]) {
    test(`remuxes ${variant.name}: OpusHead, OpusTags, packets, granules and CRCs`, () => {
      const frames = Array.from({ length: 120 }, (_, index) => opusFrame(index));
      const webm = buildWebmOpus({ frames, perCluster: 50, ...variant.options });
      const ogg = remuxWebmToOggOpus(webm);
      const pages = readOggPages(ogg);
      assert.ok(
        pages.every((page) => page.crcOk),
        'every page CRC is right',
      );
      assert.ok(
        pages.every((page) => page.serial === pages[0]!.serial),
        'one logical stream',
      );
      assert.deepEqual(
        pages.map((page) => page.sequence),
        pages.map((_, index) => index),
        'sequence numbers count up from 0',
      );
      assert.equal(pages[0]!.headerType, 0x02, 'first page is BOS');
      assert.equal(pages.at(-1)!.headerType & 0x04, 0x04, 'last page is EOS');
      assert.ok(pages.slice(1, -1).every((page) => (page.headerType & 0x06) === 0));
      const packets = packetsOf(pages);
      assert.deepEqual(packets[0], opusHeadBytes(), 'OpusHead comes from CodecPrivate');
      assert.equal(pages[0]!.segments.length, 1, 'OpusHead alone on the first page');
      assert.equal(packets[1]!.toString('latin1', 0, 8), 'OpusTags');
      assert.equal(pages[0]!.granule, 0n);
      assert.equal(pages[1]!.granule, 0n);
      assert.deepEqual(packets.slice(2), frames, 'audio packets are the WebM frames, unchanged');
      let samples = 0n;
      let previous = 0n;
      for (const audioPage of pages.slice(2)) {
        const count = packetsOf([audioPage]).length;
        samples += BigInt(count * 960);
        const expected =
          audioPage === pages.at(-1)
            ? samples - BigInt(Math.round((((variant.options as { discardPaddingNs?: number }).discardPaddingNs ?? 0) * 48_000) / 1e9))
            : samples;
        assert.equal(audioPage.granule, expected, `granule of page ${audioPage.sequence}`);
        assert.ok(audioPage.granule >= previous);
        previous = audioPage.granule;
      }
      assert.equal(samples, 120n * 960n);
    });
  }

  test('without CodecPrivate the OpusHead is built from the track (CodecDelay → pre-skip)', () => {
    const ogg = remuxWebmToOggOpus(buildWebmOpus({ frames: [opusFrame(1), opusFrame(2)], codecPrivate: null }));
    const head = packetsOf(readOggPages(ogg))[0]!;
    assert.equal(head.toString('latin1', 0, 8), 'OpusHead');
    assert.equal(head[9], 1, 'mono');
    assert.equal(head.readUInt16LE(10), 312, '6.5 ms CodecDelay = 312 samples');
  });

  test('refuses what is not an audio-only Opus WebM', () => {
    assert.throws(() => remuxWebmToOggOpus(Buffer.from('not a webm at all')), RemuxError);
    assert.throws(() => remuxWebmToOggOpus(buildWebmOpus({ frames: [opusFrame(1)], videoTrack: true })), /has video/);
    assert.throws(() => remuxWebmToOggOpus(buildWebmOpus({ frames: [] })), /no audio frames/);
  });

  test('a recording cut off mid-block keeps the frames before the cut', () => {
    const webm = buildWebmOpus({ frames: Array.from({ length: 10 }, (_, index) => opusFrame(index)) });
    const audio = demuxWebmOpus(webm.subarray(0, webm.length - 5));
    assert.equal(audio.frames.length, 9);
  });

  test('EBML and fixed-size lacing are undone', () => {
    const frames = [Buffer.alloc(300, 1), Buffer.alloc(280, 2), Buffer.alloc(10, 3)];
    // EBML lacing: first size as a vint, then signed differences (280 - 300 = -20 → 0x3FFF - 20 + … in 2 bytes).
    const firstSize = Buffer.from([0x40 | (300 >> 8), 300 & 0xff]);
    const difference = -20 + 0x1fff;
    const ebml = Buffer.concat([
      Buffer.from([0x81, 0, 0, 0x86, 2]),
      firstSize,
      Buffer.from([0x40 | (difference >> 8), difference & 0xff]),
      ...frames,
    ]);
    assert.deepEqual(blockFrames(ebml).frames, frames);
    const fixed = Buffer.concat([Buffer.from([0x81, 0, 0, 0x84, 2]), Buffer.alloc(30, 9)]);
    assert.deepEqual(
      blockFrames(fixed).frames.map((frame) => frame.length),
      [10, 10, 10],
    );
  });

  test('inspectWebm reads the tracks from the head', () => {
    const { docType, tracks } = inspectWebm(buildWebmOpus({ frames: [opusFrame(1)], videoTrack: true }));
    assert.equal(docType, 'webm');
    assert.deepEqual(
      tracks.map((track) => [track.type, track.codecId]),
      [
        [2, 'A_OPUS'],
        [1, 'V_VP8'],
      ],
    );
  });

  test('pages stay within 255 segments for large packets', () => {
    const packets = Array.from({ length: 40 }, (_, index) => Buffer.concat([Buffer.from([0xfc]), Buffer.alloc(1000, index)]));
    const pages = readOggPages(writeOggOpus({ head: opusHeadBytes(), packets, pageBytes: 1 << 20 }));
    assert.ok(pages.every((page) => page.segments.length <= 255 && page.crcOk));
    assert.deepEqual(packetsOf(pages).slice(2), packets);
  });

  // ffmpeg with libopus is required, not optional: without it these tests fail (CI must install it), never skip.
  const ffmpeg = spawnSync('ffmpeg', ['-hide_banner', '-encoders'], { encoding: 'utf8' });
  const hasLibopus = ffmpeg.status === 0 && /libopus/.test(ffmpeg.stdout);
  for (const output of ['file', 'pipe'] as const) {
    test(`a real libopus WebM (${output === 'pipe' ? 'streamed, unknown sizes' : 'seekable, known sizes'}) remuxes into Ogg/Opus ffmpeg decodes cleanly`, () => {
      assert.ok(hasLibopus, 'ffmpeg with libopus is not installed: apt-get install -y ffmpeg');
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'remux-'));
      try {
        const webmPath = path.join(folder, 'voice.webm');
        const args = [
          '-v',
          'error',
          '-f',
          'lavfi',
          '-i',
          'sine=frequency=440:duration=2.5',
          '-c:a',
          'libopus',
          '-b:a',
          '32k',
          '-f',
          'webm',
        ];
        if (output === 'file') execFileSync('ffmpeg', [...args, webmPath]);
        else fs.writeFileSync(webmPath, execFileSync('ffmpeg', [...args, 'pipe:1'], { maxBuffer: 1 << 24 }));
        const oggPath = path.join(folder, 'voice.ogg');
        fs.writeFileSync(oggPath, remuxWebmToOggOpus(fs.readFileSync(webmPath)));
        const probe = JSON.parse(
          execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', oggPath], { encoding: 'utf8' }),
        );
        assert.equal(probe.format.format_name, 'ogg');
        assert.equal(probe.streams[0].codec_name, 'opus');
        assert.ok(Math.abs(Number(probe.format.duration) - 2.5) < 0.05, `duration ${probe.format.duration}`);
        const decode = spawnSync('ffmpeg', ['-v', 'error', '-i', oggPath, '-f', 'null', '-'], { encoding: 'utf8' });
        assert.equal(decode.status, 0);
        assert.equal(decode.stderr.trim(), '', 'decodes without errors or warnings');
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });
  }
});

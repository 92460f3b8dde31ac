// Whether a photo goes as a photo, and which files may share an album, are the
// channel module's capabilities applied when sending: a test-only profile
// with other numbers and another name changes both, nothing in the inbox does.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChannelCapabilities, OutboundMediaKind } from '../../channels/module.ts';
import { telegramBotCapabilities } from '../../channels/telegram-bot/profile.ts';
import { HttpError } from '../../platform/index.ts';
import { checkMediaFits, type TextRules } from '../send.service.ts';
import type { PreparedMedia } from './index.ts';

const megabytes = (count: number) => count * 1024 * 1024;

/** A test-only messenger: photos up to 1 MB, albums of photos or of videos (never mixed), documents never in one. */
const carrierRules: TextRules = {
  platformName: 'Carrier Pigeon',
  capabilities: {
    text: { maxLength: 500, captionMaxLength: 100 },
    media: {
      kinds: ['photo', 'video', 'document'],
      uploadMaxBytes: megabytes(5),
      photo: { maxBytes: megabytes(1), maxDimensionSum: null, maxAspectRatio: null },
      downloadMaxBytes: null,
      albums: { maxItems: 3, groups: [['photo'], ['video']], never: ['document'] },
    } satisfies ChannelCapabilities['media'],
  },
};
const telegramRules: TextRules = { platformName: 'Telegram', capabilities: telegramBotCapabilities };

type File = { kind: OutboundMediaKind; size: number; dimensions?: { width: number; height: number } };

/** Prepared files as the uploads service hands them over, without the disk. */
function prepared(files: File[]): PreparedMedia & { discarded: boolean } {
  const state = files.map((file) => ({ kind: file.kind, size: file.size, dimensions: file.dimensions }));
  const outbound = files.map((file, index) => ({
    type: file.kind,
    path: `/tmp/${index}`,
    fileName: `f${index}`,
    mimeType: 'application/octet-stream',
  }));
  return {
    discarded: false,
    get kind() {
      return state[0]!.kind;
    },
    files: state,
    outbound,
    sendAs(index, kind) {
      state[index]!.kind = kind;
      outbound[index]!.type = kind;
    },
    attach: async () => assert.fail('not recorded here'),
    async discard() {
      this.discarded = true;
    },
  };
}

async function refusal(files: File[], rules: TextRules): Promise<{ code: string; message: string; discarded: boolean }> {
  const media = prepared(files);
  try {
    await checkMediaFits(media, rules);
  } catch (error) {
    assert.ok(error instanceof HttpError);
    return { code: error.code, message: error.message, discarded: media.discarded };
  }
  return assert.fail('the files were accepted');
}

describe("a channel's photo limits and album rules come from its module", () => {
  test('a 2 MB photo goes as a photo to Telegram and as a document to a channel whose photo limit is 1 MB', async () => {
    const toTelegram = prepared([{ kind: 'photo', size: megabytes(2), dimensions: { width: 800, height: 600 } }]);
    await checkMediaFits(toTelegram, telegramRules);
    assert.equal(toTelegram.kind, 'photo');
    assert.equal(toTelegram.outbound[0]!.type, 'photo');
    const toCarrier = prepared([{ kind: 'photo', size: megabytes(2), dimensions: { width: 800, height: 600 } }]);
    await checkMediaFits(toCarrier, carrierRules);
    assert.equal(toCarrier.kind, 'document');
    assert.equal(toCarrier.outbound[0]!.type, 'document');
    const wide = prepared([{ kind: 'photo', size: 1000, dimensions: { width: 4200, height: 200 } }]);
    await checkMediaFits(wide, carrierRules);
    assert.equal(wide.kind, 'photo', 'this channel states no aspect-ratio limit');
    const wideToTelegram = prepared([{ kind: 'photo', size: 1000, dimensions: { width: 4200, height: 200 } }]);
    await checkMediaFits(wideToTelegram, telegramRules);
    assert.equal(wideToTelegram.kind, 'document', 'Telegram takes sides up to 20:1 only');
  });

  test('album rules and their wording are the channel’s', async () => {
    const photoAndVideo: File[] = [
      { kind: 'photo', size: 1000 },
      { kind: 'video', size: 1000 },
    ];
    const mixedPhotos = prepared(photoAndVideo);
    await checkMediaFits(mixedPhotos, telegramRules);
    assert.equal(mixedPhotos.discarded, false, 'Telegram mixes photos and videos');
    assert.deepEqual(await refusal(photoAndVideo, carrierRules), {
      code: 'invalid_album',
      message: 'Carrier Pigeon groups photos only with other photos: send the video separately.',
      discarded: true,
    });
    const documents: File[] = [
      { kind: 'document', size: 1000 },
      { kind: 'document', size: 1000 },
    ];
    await checkMediaFits(prepared(documents), telegramRules);
    assert.equal((await refusal(documents, carrierRules)).message, 'A document cannot be part of an album: send it on its own.');
    assert.deepEqual(
      await refusal(
        [
          { kind: 'photo', size: 1000 },
          { kind: 'document', size: 1000 },
          { kind: 'video', size: 1000 },
        ],
        telegramRules,
      ),
      {
        code: 'invalid_album',
        message: 'Telegram groups documents only with other documents: send the photo and video separately.',
        discarded: true,
      },
    );
    assert.equal(
      (
        await refusal(
          [
            { kind: 'audio', size: 1000 },
            { kind: 'photo', size: 1000 },
          ],
          telegramRules,
        )
      ).message,
      'Telegram groups audio files only with other audio files: send the photo separately.',
    );
    assert.equal(
      (
        await refusal(
          [
            { kind: 'photo', size: 1000 },
            { kind: 'voice', size: 1000 },
          ],
          telegramRules,
        )
      ).message,
      'A voice note cannot be part of an album: send it on its own.',
    );
    const big = [
      { kind: 'photo' as const, size: megabytes(2) },
      { kind: 'photo' as const, size: 1000 },
    ];
    assert.equal(
      (await refusal(big, carrierRules)).message,
      'A document cannot be part of an album: send it on its own.',
      'the photo over this channel’s limit is a document by the time the album is checked',
    );
    assert.equal(
      (
        await refusal(
          Array.from({ length: 4 }, () => ({ kind: 'photo' as const, size: 1000 })),
          carrierRules,
        )
      ).message,
      'Carrier Pigeon takes at most 3 files in one message: split them.',
    );
  });
});

// Files: POST /api/upload (seed 002) and GET /api/media/:id.
import { z } from 'zod';
import { bigIdParam } from './primitives.ts';

/** GET /api/media/:id */
export const mediaParams = z.object({ id: bigIdParam });
/** `?download=1` saves the file instead of showing it. */
export const mediaQuery = z.object({ download: z.enum(['0', '1']).optional() });

/** How an uploaded file is sent (the server decides from its content). */
export type UploadKind = 'photo' | 'video' | 'voice' | 'audio' | 'document';

/** POST /api/upload's answer: pass `file_path` as `media_path` (or in `media_paths`) when sending. */
export interface UploadedFile {
  file_path: string;
  file_name: string;
  mime_type: string;
  size: number;
  kind: UploadKind;
}

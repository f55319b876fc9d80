// Follows a file another process is writing (k6's JSON output): each poll hands on what was appended since the
// last one, decoded as UTF-8 without splitting a character across reads.
import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

export interface FileTail {
  /** Reads up to the current end of the file; a file that does not exist yet is not an error. Never call twice at once. */
  poll(): Promise<void>;
  close(): Promise<void>;
}

export function tailFile(path: string, onText: (text: string) => void, chunkBytes = 1 << 20): FileTail {
  let handle: FileHandle | null = null;
  let position = 0;
  const decoder = new StringDecoder('utf8');
  const buffer = Buffer.allocUnsafe(chunkBytes);
  return {
    async poll() {
      if (!handle) {
        try {
          handle = await open(path, 'r');
        } catch (error) {
          if ((error as { code?: unknown }).code === 'ENOENT') return;
          throw error;
        }
      }
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
        if (bytesRead === 0) return;
        position += bytesRead;
        onText(decoder.write(buffer.subarray(0, bytesRead)));
      }
    },
    async close() {
      const text = decoder.end();
      if (text.length > 0) onText(text);
      await handle?.close();
      handle = null;
    },
  };
}

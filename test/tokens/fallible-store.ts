import { MemoryStore } from '../../src/stores/memory.ts';
import type { TokenData } from '../../src/types.ts';

/** A MemoryStore whose reads and writes fail on demand, as a store whose backend is down would. */
export class FallibleStore extends MemoryStore<TokenData> {
  /** Writes that will fail before one succeeds; Infinity: every write fails. */
  failingWrites = 0;
  failingReads = false;
  writeAttempts = 0;

  override async set(key: string, value: TokenData, ttlMs?: number): Promise<void> {
    this.writeAttempts++;
    if (this.failingWrites > 0) {
      this.failingWrites--;
      throw new Error(`connection lost while writing ${JSON.stringify(value)}`);
    }
    return super.set(key, value, ttlMs);
  }

  override async get(key: string): Promise<TokenData | undefined> {
    if (this.failingReads) throw new Error(`connection lost while reading ${key}`);
    return super.get(key);
  }
}

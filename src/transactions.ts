// Transactions bind a callback to the browser that started the flow: random state, single use, expiring
// (RFC 6749 §10.12, RFC 9700 §4.7). They live in a Store keyed by state, so parallel sign-ins in several tabs work.
import { CallbackError } from './errors.ts';
import type { Store, Transaction } from './types.ts';
import { constantTimeEqual } from './util/random.ts';

const LIVE = 'oauth-registry:tx:';
const USED = 'oauth-registry:used:';
const ALIAS = 'oauth-registry:alias:';

export class TransactionBook {
  constructor(
    private readonly store: Store<unknown>,
    readonly ttlMs: number,
  ) {}

  async open(transaction: Transaction, alias?: string): Promise<void> {
    await this.store.set(LIVE + transaction.state, transaction, this.ttlMs);
    if (alias) await this.store.set(ALIAS + alias, transaction.state, this.ttlMs);
  }

  /** The state a provider that does not echo `state` (OAuth 1) refers to through another value. */
  async stateFor(alias: string): Promise<string | undefined> {
    const state = await this.store.get(ALIAS + alias);
    return typeof state === 'string' ? state : undefined;
  }

  /**
   * Takes the transaction for `state` out of the store. `expected` is the transaction the app kept itself
   * (e.g. in its session); when given, the callback's state must be its state.
   */
  async consume(provider: string, state: string | undefined, expected?: Transaction): Promise<Transaction> {
    if (!state) throw new CallbackError('MISSING_STATE', 'the callback carries no state parameter');
    if (expected && !constantTimeEqual(state, expected.state)) {
      throw new CallbackError('STATE_MISMATCH', "the callback's state does not match the transaction");
    }
    if (expected && expected.expiresAt <= Date.now()) {
      throw new CallbackError('TRANSACTION_EXPIRED', 'the sign-in transaction has expired; start again');
    }
    const stored = (await (this.store.take ? this.store.take(LIVE + state) : this.takeSlowly(LIVE + state))) as Transaction | undefined;
    if (!stored) {
      if (expected || (await this.store.get(USED + state))) {
        throw new CallbackError('TRANSACTION_REPLAYED', 'this sign-in transaction was already used or has expired');
      }
      throw new CallbackError('STATE_MISMATCH', "the callback's state matches no transaction in progress");
    }
    await this.store.set(USED + state, true, this.ttlMs);
    if (stored.provider !== provider) throw new CallbackError('STATE_MISMATCH', `the transaction belongs to ${stored.provider}, not ${provider}`);
    if (stored.expiresAt <= Date.now()) throw new CallbackError('TRANSACTION_EXPIRED', 'the sign-in transaction has expired; start again');
    return stored;
  }

  private async takeSlowly(key: string): Promise<unknown> {
    const value = await this.store.get(key);
    if (value !== undefined) await this.store.delete(key);
    return value;
  }
}

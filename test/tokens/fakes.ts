import { TokenSet, type TokenData } from '../../src/types.ts';

const nowSeconds = () => Math.floor(Date.now() / 1000);

export function tokenExpiringIn(seconds: number, accessToken = 'AT-OLD', refreshToken: string | undefined = 'RT-OLD'): TokenData {
  return { accessToken, tokenType: 'Bearer', refreshToken, expiresAt: nowSeconds() + seconds, raw: {} };
}

/** A refresh that counts its calls, takes `delayMs` like a real token endpoint, and issues numbered tokens. */
export function countingRefresh(options: { delayMs?: number; rotateRefreshToken?: boolean } = {}) {
  const calls: TokenSet[] = [];
  const refresh = async (token: TokenSet): Promise<TokenSet> => {
    calls.push(token);
    const n = calls.length;
    await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 20));
    return new TokenSet({
      accessToken: `AT-NEW-${n}`,
      tokenType: 'Bearer',
      ...(options.rotateRefreshToken ? { refreshToken: `RT-NEW-${n}` } : {}),
      expiresAt: nowSeconds() + 3600,
      raw: { n },
    });
  };
  return { refresh, calls };
}

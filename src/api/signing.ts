// Per-request signatures some providers want on every call (api.signing) or on token requests (token.signing):
// the request's parameters, sorted by name, as name=value pairs between a prefix and a suffix, hashed, keyed
// with a secret or signed with the app's RSA key. Odnoklassniki's sig, Taobao's and Alipay's sign.
import { createHash, createHmac, createSign } from 'node:crypto';
import { ConfigError } from '../errors.ts';
import type { ProviderManifest } from '../manifest/schema.ts';
import { fillParams, fillTemplate, type TemplateScope } from '../util/template.ts';

export type SigningRecipe = NonNullable<ProviderManifest['api']['signing']>;

export interface SigningKeys {
  /** For templates: `{{client.secret}}` is readable here (and only here). */
  scope: TemplateScope;
  /** PEM key for rsa-* recipes. */
  privateKey?: string | undefined;
  where: string;
}

/** The string a recipe signs: prefix, the sorted pairs, suffix (hashed first when the recipe says so). */
export function signingBase(recipe: SigningRecipe, params: Readonly<Record<string, string>>, keys: SigningKeys): string {
  const left = new Set([recipe.param, ...recipe.exclude]);
  const pairs = Object.keys(params)
    .filter((name) => !left.has(name) && !(recipe.skipEmpty && params[name] === ''))
    .sort()
    .map((name) => `${name}${recipe.pairSeparator}${params[name]}`)
    .join(recipe.separator);
  const suffix = fillTemplate(recipe.suffix, keys.scope, `${keys.where}.suffix`);
  const hashedSuffix = recipe.suffixHash && suffix ? createHash(recipe.suffixHash).update(suffix).digest('hex') : suffix;
  return `${fillTemplate(recipe.prefix, keys.scope, `${keys.where}.prefix`)}${pairs}${hashedSuffix}`;
}

/** The recipe's extra parameters (filled) plus the signature over them and `params`. */
export function signatureParams(recipe: SigningRecipe, params: Readonly<Record<string, string>>, keys: SigningKeys): Record<string, string> {
  const extra = fillParams(recipe.params, keys.scope, `${keys.where}.params`);
  const base = signingBase(recipe, { ...params, ...extra }, keys);
  return { ...extra, [recipe.param]: sign(recipe, base, keys) };
}

function sign(recipe: SigningRecipe, base: string, keys: SigningKeys): string {
  const encode = (digest: Buffer) => (recipe.encoding === 'base64' ? digest.toString('base64') : recipe.encoding === 'HEX' ? digest.toString('hex').toUpperCase() : digest.toString('hex'));
  switch (recipe.algorithm) {
    case 'md5':
    case 'sha1':
    case 'sha256':
      return encode(createHash(recipe.algorithm).update(base).digest());
    case 'hmac-sha1':
    case 'hmac-sha256': {
      if (!recipe.key) throw new ConfigError('CONFIG_INVALID', `${keys.where}: an ${recipe.algorithm} signature needs its key`);
      return encode(createHmac(recipe.algorithm.slice(5), fillTemplate(recipe.key, keys.scope, `${keys.where}.key`)).update(base).digest());
    }
    case 'rsa-sha1':
    case 'rsa-sha256': {
      if (!keys.privateKey) throw new ConfigError('MISSING_CREDENTIALS', `${keys.where}: an ${recipe.algorithm} signature needs the privateKey client option`);
      try {
        return encode(createSign(recipe.algorithm === 'rsa-sha1' ? 'RSA-SHA1' : 'RSA-SHA256').update(base).sign(keys.privateKey));
      } catch {
        throw new ConfigError('CONFIG_INVALID', `${keys.where}: privateKey is not a PEM RSA private key`);
      }
    }
  }
}

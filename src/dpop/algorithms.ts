// Signature algorithms a DPoP key may use: asymmetric only (RFC 9449 §4.2), and all of them jose can generate.
// Apart from the schema so that the runtime reads them without loading zod.
export const DPOP_ALGORITHMS = ['ES256', 'ES384', 'PS256', 'RS256', 'EdDSA'] as const;
export type DpopAlgorithm = (typeof DPOP_ALGORITHMS)[number];

import { createHmac, createPublicKey, generateKeyPairSync, randomUUID, sign as rsaSign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Bot Framework's token service (login.botframework.com): it serves OpenID metadata
 * and a JWKS on 127.0.0.1 and signs RS256 tokens with a key made for this test run. The bot's real
 * validation code (botframework-connector) fetches the metadata from here when BOT_OPENID_METADATA_URL
 * points at `metadataUrl`, so the tests exercise the SDK's own checks, not a mock of them.
 *
 * The JWKS key carries `endorsements`, as the real service's keys do: botframework-connector only
 * accepts a token for an activity whose channelId is among the endorsements of the signing key.
 */

export interface TokenOptions {
    /** Sign with this private key instead of the published one (a forger's key). */
    privateKey?: KeyObject;
    /** The `kid` header; the published key's id by default, `null` leaves it out. */
    kid?: string | null;
    /**
     * 'none': an unsigned token (empty signature), the classic alg=none attack. 'HS256': an HMAC made
     * with the published public key (PEM) as the secret, the classic RSA/HMAC confusion attack.
     */
    alg?: 'RS256' | 'none' | 'HS256';
}

export interface ChannelClaims {
    aud: string;
    serviceurl?: string;
    iss?: string;
    /** Seconds since the epoch. */
    exp?: number;
    nbf?: number;
    iat?: number;
    [claim: string]: unknown;
}

export interface FakeIdentityProvider {
    readonly metadataUrl: string;
    readonly jwksUrl: string;
    /** The issuer the tokens carry; give it to the bot as BOT_TOKEN_ISSUER. */
    readonly issuer: string;
    readonly keyId: string;
    /** How many times the JWKS was fetched (the SDK caches it for 24 h per metadata URL). */
    readonly jwksFetches: number;
    /** A token as the Bot Framework channel service issues it to a bot: iss, aud, serviceurl, nbf, exp, iat. */
    channelToken(claims: ChannelClaims, options?: TokenOptions): string;
    /** Signs any claims as given (no defaults added). */
    sign(payload: Record<string, unknown>, options?: TokenOptions): string;
    stop(): Promise<void>;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** A fresh RSA key pair, e.g. for a forger who signs with a key the identity provider never published. */
export function makeRsaKey(): { privateKey: KeyObject; publicKey: KeyObject } {
    return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

/** Builds a compact JWS by hand (RFC 7515): base64url(header).base64url(payload).base64url(signature). */
export function signJwt(payload: Record<string, unknown>, privateKey: KeyObject, header: Record<string, unknown>): string {
    const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
    if (header.alg === 'none') return `${signingInput}.`;
    if (header.alg === 'HS256') {
        const secret = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' });
        return `${signingInput}.${base64url(createHmac('sha256', secret).update(signingInput).digest())}`;
    }
    if (header.alg !== 'RS256') throw new Error(`signJwt: unsupported alg ${String(header.alg)}`);
    const signature = rsaSign('sha256', Buffer.from(signingInput), privateKey);
    return `${signingInput}.${base64url(signature)}`;
}

export async function startFakeIdentityProvider(options: { endorsements?: string[]; issuer?: string } = {}): Promise<FakeIdentityProvider> {
    const { privateKey, publicKey } = makeRsaKey();
    const keyId = `test-${randomUUID()}`;
    const jwk = publicKey.export({ format: 'jwk' });
    let jwksFetches = 0;
    let baseUrl = '';

    const server = http.createServer((req, res) => {
        const path = (req.url ?? '/').split('?')[0];
        const json = (status: number, body: unknown) => {
            res.writeHead(status, { 'content-type': 'application/json' });
            res.end(JSON.stringify(body));
        };
        if (req.method === 'GET' && path === '/v1/.well-known/openidconfiguration') {
            json(200, {
                issuer: issuer(),
                authorization_endpoint: `${baseUrl}/v1/authorize`,
                jwks_uri: `${baseUrl}/v1/.well-known/keys`,
                id_token_signing_alg_values_supported: ['RS256'],
                token_endpoint_auth_methods_supported: ['private_key_jwt'],
            });
            return;
        }
        if (req.method === 'GET' && path === '/v1/.well-known/keys') {
            jwksFetches++;
            json(200, {
                keys: [{ ...jwk, kid: keyId, use: 'sig', alg: 'RS256', endorsements: options.endorsements ?? ['msteams'] }],
            });
            return;
        }
        json(404, { error: 'not found' });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const issuer = () => options.issuer ?? `${baseUrl}/`;

    const sign = (payload: Record<string, unknown>, tokenOptions: TokenOptions = {}) => {
        const kid = tokenOptions.kid === undefined ? keyId : tokenOptions.kid;
        const header: Record<string, unknown> = { alg: tokenOptions.alg ?? 'RS256', typ: 'JWT', ...(kid === null ? {} : { kid }) };
        return signJwt(payload, tokenOptions.privateKey ?? privateKey, header);
    };

    return {
        metadataUrl: `${baseUrl}/v1/.well-known/openidconfiguration`,
        jwksUrl: `${baseUrl}/v1/.well-known/keys`,
        get issuer() {
            return issuer();
        },
        keyId,
        get jwksFetches() {
            return jwksFetches;
        },
        sign,
        channelToken(claims: ChannelClaims, tokenOptions?: TokenOptions) {
            const now = Math.floor(Date.now() / 1000);
            return sign({ iss: issuer(), nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims }, tokenOptions);
        },
        async stop() {
            server.closeAllConnections();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
}

// A real OpenID provider (panva's certified oidc-provider) for the single sign-on tests.
//
//   node harness.mjs CONFIG.json
//
// CONFIG: {"client_id", "client_secret", "redirect_bases": ["http://testserver", ...],
//          "accounts": {"<login>": {"email", "email_verified", "name"}},
//          "providers": [{"id": "<portal provider id>", "mode": "good" | "impostor" |
//                          "forger" | "stale", "label": "<shown on the login page>"}]}
//
// Each provider listens on its own 127.0.0.1 port (chosen by the system) with issuer
// http://127.0.0.1:<port>, except as its mode says:
//   good      a correct provider;
//   impostor  its issuer is http://127.0.0.1:<port>/another-tenant, so its discovery
//             document and ID tokens name an issuer other than the URL the portal uses;
//   forger    re-signs each ID token with a key that is not in its JWKS (same kid);
//   stale     re-signs each ID token, with its own key, as expired an hour ago.
// When every provider listens, one line of JSON goes to stdout:
//   {"ready": true, "providers": {"<id>": {"issuer", "url"}}}
// Nothing listens beyond 127.0.0.1. The process ends on SIGTERM or when stdin closes.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';

import * as jose from 'jose';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const HOST = '127.0.0.1';
const SCOPE = 'openid email profile';

async function signingKeys() {
  const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await jose.exportJWK(privateKey)), kid: 'signing-key', alg: 'RS256', use: 'sig' };
  const foreign = (await jose.generateKeyPair('RS256', { extractable: true })).privateKey;
  return { jwk, privateKey, foreign };
}

function html(body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test council sign-in</title></head><body>${body}</body></html>`;
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(provider, uid, error) {
  return html(`
    <main>
      <h1>Sign in to ${escape(provider.label || provider.id)}</h1>
      ${error ? `<p role="alert">${escape(error)}</p>` : ''}
      <form method="post" action="/interaction/${uid}/login">
        <label for="login">Email address</label>
        <input id="login" name="login" type="email" autocomplete="username">
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password">
        <button type="submit">Sign in</button>
      </form>
    </main>`);
}

async function formBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

// Re-sign the token endpoint's ID token as the mode says; the rest of the answer is kept.
async function tamper(mode, idToken, keys) {
  const [encodedHeader, encodedPayload] = idToken.split('.');
  const header = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8'));
  const claims = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8'));
  let key = keys.privateKey;
  if (mode === 'forger') {
    key = keys.foreign;
  } else if (mode === 'stale') {
    const now = Math.floor(Date.now() / 1000);
    Object.assign(claims, { iat: now - 7200, auth_time: now - 7200, exp: now - 3600 });
  }
  const payload = new TextEncoder().encode(JSON.stringify(claims));
  return new jose.CompactSign(payload).setProtectedHeader(header).sign(key);
}

async function start(spec) {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, HOST, resolve));
  const url = `http://${HOST}:${server.address().port}`;
  const issuer = spec.mode === 'impostor' ? `${url}/another-tenant` : url;
  const keys = await signingKeys();
  const bases = config.redirect_bases;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: config.client_id,
        client_secret: config.client_secret,
        redirect_uris: bases.map((base) => `${base}/accounts/sso/${spec.id}/callback/`),
        post_logout_redirect_uris: bases.map((base) => `${base}/accounts/login/`),
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [keys.jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    // The portal reads the person from the signed ID token, never from userinfo alone.
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name'] },
    scopes: ['openid', 'email', 'profile'],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, id) {
      const account = config.accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, ...account };
        },
      };
    },
    // A first-party client: no consent screen.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope(SCOPE);
      grant.addOIDCClaims(['email', 'email_verified', 'name']);
      await grant.save();
      return grant;
    },
  });
  provider.proxy = false;

  provider.use(async (ctx, next) => {
    const match = ctx.path.match(/^\/interaction\/([^/]+)(\/login)?$/);
    if (!match) {
      await next();
      if (ctx.path === '/token' && ctx.status === 200 && ctx.body?.id_token
          && (spec.mode === 'forger' || spec.mode === 'stale')) {
        ctx.body = { ...ctx.body, id_token: await tamper(spec.mode, ctx.body.id_token, keys) };
      }
      return;
    }
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (match[2] && ctx.method === 'POST') {
      const login = (await formBody(ctx.req)).get('login') || '';
      if (!config.accounts[login]) {
        ctx.type = 'html';
        ctx.body = loginPage(spec, details.uid, `No account ${login}`);
        return;
      }
      const to = await provider.interactionResult(
        ctx.req, ctx.res, { login: { accountId: login } }, { mergeWithLastSubmission: false },
      );
      ctx.status = 303;
      ctx.redirect(to);
      return;
    }
    if (details.prompt.name === 'login') {
      ctx.type = 'html';
      ctx.body = loginPage(spec, details.uid);
      return;
    }
    // Any other prompt (consent) is granted by loadExistingGrant; finish it as it stands.
    const to = await provider.interactionResult(ctx.req, ctx.res, {}, { mergeWithLastSubmission: true });
    ctx.status = 303;
    ctx.redirect(to);
  });

  server.on('request', provider.callback());
  return { id: spec.id, issuer, url, server };
}

const started = [];
for (const spec of config.providers) {
  started.push(await start(spec));
}
const providers = Object.fromEntries(started.map((p) => [p.id, { issuer: p.issuer, url: p.url }]));
process.stdout.write(`${JSON.stringify({ ready: true, providers })}\n`);

function stop() {
  for (const p of started) p.server.close();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();

import { expect } from 'vitest';
import { ORIGIN, type TestApp } from './app.js';
import { mailTo } from './mail.js';

type Headers = Record<string, string>;

export const CUSTOMER_PASSWORD = 'Lilac-Rain-42';

let ipCounter = 1;

/** The shop and portal as a browser calls them: same origin, each call from an address of its own. */
export function storeClient(t: TestApp) {
  const post = (url: string, payload: object, headers: Headers = {}) =>
    t.app.inject({
      method: 'POST',
      url,
      payload,
      remoteAddress: `10.9.${Math.floor(ipCounter / 250)}.${ipCounter++ % 250}`,
      headers: { origin: ORIGIN, ...headers },
    });

  /** The link in the newest email to `to`, as the owner of the mailbox reads it. */
  async function emailedToken(to: string, path: string): Promise<string> {
    const [mail] = await mailTo(t.deps, to);
    const match = new RegExp(`${ORIGIN}${path}\\?token=([\\w-]+)`).exec(mail?.text ?? '');
    if (!match) throw new Error(`no ${path} link in the email to ${to}`);
    return match[1]!;
  }

  /** Signs in; the headers of that browser. */
  async function signIn(email: string, password = CUSTOMER_PASSWORD): Promise<Headers> {
    const res = await post('/api/store/auth/login', { email, password });
    expect(res.statusCode, res.body).toBe(200);
    return { cookie: String(res.headers['set-cookie']).split(';')[0]!, origin: ORIGIN };
  }

  /** Registers and opens the emailed confirmation link: the answer to the confirmation. */
  async function register(email: string) {
    expect((await post('/api/store/auth/register', { email, password: CUSTOMER_PASSWORD })).statusCode).toBe(
      202,
    );
    return post('/api/store/auth/confirm', { token: await emailedToken(email, '/shop/confirm') });
  }

  return { post, emailedToken, signIn, register };
}

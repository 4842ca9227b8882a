import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CardPointeEmulator, startCardPointeEmulator } from './server.js';

type Fields = Record<string, string>;
/** Response fields may be absent, so request bodies built from them accept undefined (JSON drops it). */
type RequestFields = Record<string, string | undefined>;

const MERCHANT = '496160873888';
const VISA = '4111111111111111';
const MASTERCARD = '5454545454545454';
const AMEX = '371449635398431';
const DISCOVER = '6011000995500000';
const PARTIAL_VISA = '4387750101010101';
const EVERY_PAN_USED = new Set<string>([VISA, MASTERCARD, AMEX, DISCOVER, PARTIAL_VISA]);

let emulator: CardPointeEmulator;
let orderCounter = 0;

beforeAll(async () => {
  emulator = await startCardPointeEmulator();
});

afterAll(async () => {
  await emulator.close();
});

function basicAuth(username = emulator.username, password = emulator.password): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** Tokens start with 9; anything else this long is a card number the emulator must not keep. */
function noteIfCardNumber(value: string | undefined): void {
  if (value !== undefined && /^[0-8]\d{12,18}$/.test(value)) EVERY_PAN_USED.add(value);
}

function nextOrderId(): string {
  orderCounter++;
  return `order-${orderCounter}`;
}

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${emulator.url}${path}`, init);
}

async function gateway(endpoint: string, body: RequestFields, method = 'PUT'): Promise<Fields> {
  for (const value of Object.values(body)) noteIfCardNumber(value);
  const response = await call(`/cardconnect/rest/${endpoint}`, {
    method,
    headers: { Authorization: basicAuth(), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Fields;
}

async function gatewayGet(path: string, method = 'GET'): Promise<unknown> {
  const response = await call(`/cardconnect/rest/${path}`, {
    method,
    headers: { Authorization: basicAuth() },
  });
  expect(response.status).toBe(200);
  return response.json();
}

async function tokenize(account: string, extra: Record<string, string> = {}): Promise<string> {
  noteIfCardNumber(account);
  const response = await call('/cardsecure/api/v1/ccn/tokenize', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ account, ...extra }),
  });
  const body = (await response.json()) as { token: string; errorcode: number };
  expect(body.errorcode).toBe(0);
  return body.token;
}

async function authorize(fields: RequestFields): Promise<Fields> {
  return gateway('auth', { merchid: MERCHANT, expiry: '1230', orderid: nextOrderId(), ...fields });
}

async function authorizeCard(pan: string, fields: RequestFields = {}): Promise<Fields> {
  return authorize({ account: await tokenize(pan), ...fields });
}

describe('authentication and routing', () => {
  it('answers the credential check with the servlet page, with or without the trailing slash', async () => {
    for (const path of ['/cardconnect/rest/', '/cardconnect/rest']) {
      for (const method of ['GET', 'PUT']) {
        const response = await call(path, {
          method,
          headers: { Authorization: basicAuth(), 'Content-Type': 'application/json' },
          body: method === 'PUT' ? JSON.stringify({ merchid: MERCHANT }) : undefined,
        });
        expect(response.status).toBe(200);
        expect(await response.text()).toContain('CardConnect REST Servlet');
      }
    }
  });

  it('refuses bad or missing Basic credentials with 401', async () => {
    const wrong = await call('/cardconnect/rest/', {
      headers: { Authorization: basicAuth('testing', 'nope') },
    });
    expect(wrong.status).toBe(401);
    const missing = await call('/cardconnect/rest/auth', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ merchid: MERCHANT, amount: '1.00', account: VISA, expiry: '1230' }),
    });
    expect(missing.status).toBe(401);
  });

  it('answers an unknown path with a 404 JSON body', async () => {
    const response = await call('/cardconnect/rest/nothing-here', {
      headers: { Authorization: basicAuth() },
    });
    expect(response.status).toBe(404);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 404, error: 'Not Found', path: '/cardconnect/rest/nothing-here' });
    expect(typeof body.timestamp).toBe('string');
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      const prototypeName = await call(`/cardconnect/rest/${name}`, {
        method: 'PUT',
        headers: { Authorization: basicAuth(), 'content-type': 'application/json' },
        body: JSON.stringify({ merchid: MERCHANT }),
      });
      expect(prototypeName.status, name).toBe(404);
    }
  });

  it('rejects a request for another merchant', async () => {
    const reply = await gateway('auth', {
      merchid: '999999999999',
      amount: '1.00',
      account: VISA,
      expiry: '1230',
    });
    expect(reply).toMatchObject({ respstat: 'C', respproc: 'PPS', resptext: 'Invalid merchant' });
    const inquiry = await gatewayGet('inquire/123456789012/999999999999');
    expect(inquiry).toMatchObject({ respstat: 'C', resptext: 'Invalid merchant' });
  });

  it('accepts POST as well as PUT and tolerates unknown fields', async () => {
    const reply = await gateway(
      'auth',
      { merchid: MERCHANT, amount: '2.00', account: await tokenize(VISA), expiry: '1230', dummyfield: 'x' },
      'POST',
    );
    expect(reply.respstat).toBe('A');
  });
});

describe('CardSecure tokenizer', () => {
  it('issues a 16-digit token that keeps the first two and last four digits, the same for the same card', async () => {
    const token = await tokenize(VISA);
    expect(token).toMatch(/^9\d{15}$/);
    expect(token.slice(1, 3)).toBe('41');
    expect(token.slice(-4)).toBe('1111');
    expect(await tokenize(VISA)).toBe(token);
    expect(await tokenize(token, { expiry: '1230' })).toBe(token);
    expect(await tokenize(MASTERCARD)).not.toBe(token);
  });

  it('reports Luhn failures, empty input and overlong input with CardSecure error codes', async () => {
    const attempt = async (account: string) => {
      const response = await call('/cardsecure/api/v1/ccn/tokenize', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ account }),
      });
      return (await response.json()) as { errorcode: number; message: string; token?: string };
    };
    const luhn = await attempt('4111111111111112');
    expect(luhn.errorcode).toBe(54);
    expect(luhn.message).not.toBe('');
    expect(luhn.token).toBeUndefined();
    expect((await attempt('')).errorcode).toBe(14);
    expect((await attempt('41111111111111111111111')).errorcode).toBe(13);
  });

  it('echoes a message and serves CORS headers, including the preflight', async () => {
    const echo = await call('/cardsecure/api/v1/echo', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://shop.example' },
      body: JSON.stringify({ message: 'ping' }),
    });
    expect(echo.headers.get('access-control-allow-origin')).toBe('*');
    expect(await echo.json()).toMatchObject({ message: 'ping', errorcode: 0 });
    const preflight = await call('/cardsecure/api/v1/ccn/tokenize', {
      method: 'OPTIONS',
      headers: { Origin: 'http://shop.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Content-Type');
  });

  it('serves the hosted iFrame tokenizer page shaped by its query flags', async () => {
    const plain = await (await call('/itoke/ajax-tokenizer.html')).text();
    expect(plain).toContain('id="ccnumfield"');
    expect(plain).not.toContain('id="ccexpirymonth"');
    expect(plain).not.toContain('id="cccvvfield"');
    expect(plain).toContain('/cardsecure/api/v1/ccn/tokenize');
    expect(plain).toContain("window.parent.postMessage(JSON.stringify(data), '*')");

    const query = 'useexpiry=true&usecvv=true&tokenpropname=mytoken&enhancedresponse=true';
    const full = await (await call(`/itoke/ajax-tokenizer.html?${query}`)).text();
    expect(full).toContain('id="ccexpirymonth"');
    expect(full).toContain('id="cccvvfield"');
    expect(full).toContain('"tokenpropname":"mytoken"');
    expect(full).toContain('"enhancedresponse":true');
  });
});

describe('auth', () => {
  it('approves a good card with every documented field as a string', async () => {
    const token = await tokenize(VISA);
    const reply = await authorize({ account: token, amount: '11.11', postal: '19406', cvv2: '123' });
    expect(reply).toMatchObject({
      respstat: 'A',
      respcode: '00',
      respproc: 'FNOR',
      resptext: 'Approval',
      account: token,
      token,
      amount: '11.11',
      merchid: MERCHANT,
      commcard: 'N',
      avsresp: 'Y',
      cvvresp: 'M',
    });
    expect(reply.authcode).toHaveLength(6);
    expect(reply.retref).toMatch(/^\d{12}$/);
    for (const value of Object.values(reply)) expect(typeof value).toBe('string');
  });

  it('reads integer amounts as minor units and gives each attempt its own retref', async () => {
    const first = await authorizeCard(MASTERCARD, { amount: '100' });
    const second = await authorizeCard(MASTERCARD, { amount: '100' });
    expect(first.amount).toBe('1.00');
    expect(first.retref).not.toBe(second.retref);
  });

  it('tokenizes a clear PAN sent to auth and answers with the token', async () => {
    const reply = await authorize({ account: AMEX, amount: '5.00' });
    expect(reply.respstat).toBe('A');
    expect(reply.token).toMatch(/^937\d{9}8431$/);
    expect(reply.account).toBe(reply.token);
  });

  it('captures at once with capture Y and returns a batch', async () => {
    const reply = await authorizeCard(DISCOVER, { amount: '3.00', capture: 'Y' });
    expect(reply.batchid).toMatch(/^\d+$/);
    const recorded = emulator.transactions().find((txn) => txn.retref === reply.retref);
    expect(recorded).toMatchObject({ setlstat: 'Queued for Capture', captured: true, amount: 300 });
  });

  it.each([
    ['4387751111111020', '01'],
    ['4387751111111038', '05'],
    ['4387751111111046', '54'],
    ['4387751111111053', 'NU'],
    ['5442981111111023', '01'],
    ['5442981111111031', '05'],
    ['5442981111111049', '54'],
    ['5442981111111056', 'NU'],
    ['6011000995511122', '01'],
    ['6011000995511130', '05'],
    ['6011000995511148', '54'],
    ['6011000995511155', 'NU'],
  ])('declines fixed-response card %s with code %s and creates no profile', async (pan, respcode) => {
    const reply = await authorizeCard(pan, { amount: '10.00', profile: 'Y' });
    expect(reply).toMatchObject({ respstat: 'C', respcode, amount: '0.00' });
    expect(reply.retref).toMatch(/^\d{12}$/);
    expect(reply.profileid).toBeUndefined();
  });

  it('declines amounts from 1000.00 to 1999.99 with the last three whole-dollar digits', async () => {
    const funds = await authorizeCard(VISA, { amount: '111695' });
    expect(funds).toMatchObject({
      respstat: 'C',
      respproc: 'RPCT',
      respcode: '116',
      resptext: 'Not sufficient funds',
      amount: '0.00',
    });
    const other = await authorizeCard(VISA, { amount: '1332.00' });
    expect(other).toMatchObject({ respstat: 'C', respcode: '332', resptext: 'Declined' });
  });

  it('partially approves the partial-approval card at 5.00 once the amount reaches 6.00', async () => {
    const partial = await authorizeCard(PARTIAL_VISA, { amount: '10.00' });
    expect(partial).toMatchObject({ respstat: 'A', respcode: '10', amount: '5.00' });
    const small = await authorizeCard(PARTIAL_VISA, { amount: '4.00' });
    expect(small).toMatchObject({ respstat: 'A', respcode: '00', amount: '4.00' });
  });

  it.each(['4999006200620062', '5111006200620062', '6465006200620062'])(
    'answers timeout card %s with respstat B and a retref',
    async (pan) => {
      const reply = await authorizeCard(pan, { amount: '10.00' });
      expect(reply).toMatchObject({
        respstat: 'B',
        respproc: 'PPS',
        respcode: '62',
        resptext: 'Timed out',
        setlstat: 'Declined',
      });
      expect(reply.retref).toMatch(/^\d{12}$/);
    },
  );

  it('refuses an unknown token, a bad amount and a foreign currency', async () => {
    expect(await authorize({ account: '9411000000001111', amount: '1.00' })).toMatchObject({
      respstat: 'C',
      respproc: 'PPS',
      respcode: '98',
      resptext: 'Invalid token',
    });
    for (const amount of ['abc', '1.234', '-1.00', '']) {
      expect(await authorizeCard(VISA, { amount })).toMatchObject({ respstat: 'C', respcode: '43' });
    }
    expect(await authorizeCard(VISA, { amount: '1.00', currency: 'EUR' })).toMatchObject({
      respstat: 'C',
      respcode: '32',
    });
  });

  it('verifies an account with amount 0', async () => {
    expect(await authorizeCard(VISA, { amount: '0' })).toMatchObject({ respstat: 'A', amount: '0.00' });
  });

  it('derives AVS from the postal code and CVV from the security code', async () => {
    expect((await authorizeCard(VISA, { amount: '1.00', postal: '19112' })).avsresp).toBe('N');
    expect((await authorizeCard(VISA, { amount: '1.00', postal: '30224' })).avsresp).toBe('X');
    const cvv = async (cvv2: string) => (await authorizeCard(VISA, { amount: '1.00', cvv2 })).cvvresp;
    expect(await cvv('112')).toBe('M');
    expect(await cvv('111')).toBe('N');
    expect(await cvv('222')).toBe('P');
    expect(await cvv('333')).toBe('U');
  });

  it('records every attempt with its order id, ecomind and card-on-file flags', async () => {
    const orderid = nextOrderId();
    await authorizeCard(VISA, { amount: '1332.00', orderid });
    const approved = await authorizeCard(VISA, {
      amount: '13.32',
      orderid,
      ecomind: 'R',
      cof: 'M',
      cofscheduled: 'Y',
    });
    const attempts = emulator.transactions().filter((txn) => txn.orderid === orderid);
    expect(attempts.map((txn) => txn.respstat)).toEqual(['C', 'A']);
    expect(attempts[1]).toMatchObject({ retref: approved.retref, ecomind: 'R', cof: 'M', cofscheduled: 'Y' });
  });
});

describe('capture, void and refund', () => {
  it('captures in full or in part, and refuses unknown or declined transactions', async () => {
    const full = await authorizeCard(VISA, { amount: '20.00' });
    expect(await gateway('capture', { merchid: MERCHANT, retref: full.retref })).toMatchObject({
      respstat: 'A',
      amount: '20.00',
      setlstat: 'Queued for Capture',
    });
    const part = await authorizeCard(VISA, { amount: '20.00' });
    const captured = await gateway('capture', { merchid: MERCHANT, retref: part.retref, amount: '15.00' });
    expect(captured).toMatchObject({ respstat: 'A', amount: '15.00' });
    expect(captured.batchid).toMatch(/^\d+$/);

    expect(await gateway('capture', { merchid: MERCHANT, retref: '000000000000' })).toMatchObject({
      respstat: 'C',
      respproc: 'PPS',
      respcode: '29',
      resptext: 'Txn not found',
    });
    const declined = await authorizeCard('4387751111111038', { amount: '20.00' });
    expect(await gateway('capture', { merchid: MERCHANT, retref: declined.retref })).toMatchObject({
      respstat: 'C',
      respproc: 'PPS',
    });
    const small = await authorizeCard(VISA, { amount: '5.00' });
    const excess = await gateway('capture', { merchid: MERCHANT, retref: small.retref, amount: '6.00' });
    expect(excess).toMatchObject({ respstat: 'C', respproc: 'PPS' });
  });

  it('voids before settlement and refuses afterwards; refunds only after settlement', async () => {
    const voidable = await authorizeCard(VISA, { amount: '30.00', capture: 'Y' });
    expect(await gateway('void', { merchid: MERCHANT, retref: voidable.retref })).toMatchObject({
      respstat: 'A',
      respcode: '00',
      authcode: 'REVERS',
      amount: '0.00',
    });
    expect(await gateway('capture', { merchid: MERCHANT, retref: voidable.retref })).toMatchObject({
      respstat: 'C',
      respproc: 'PPS',
    });

    const sale = await authorizeCard(MASTERCARD, { amount: '40.00', capture: 'Y' });
    expect(await gateway('refund', { merchid: MERCHANT, retref: sale.retref })).toMatchObject({
      respstat: 'C',
      respproc: 'PPS',
      respcode: '28',
      resptext: 'Txn not settled',
    });
    expect(emulator.settle()).toBeGreaterThan(0);
    expect(await gateway('void', { merchid: MERCHANT, retref: sale.retref })).toMatchObject({
      respstat: 'C',
      respproc: 'PPS',
      respcode: '39',
      resptext: 'Void not permitted',
    });

    const refund = await gateway('refund', { merchid: MERCHANT, retref: sale.retref, amount: '15.00' });
    expect(refund).toMatchObject({ respstat: 'A', authcode: 'REFUND', amount: '15.00' });
    expect(refund.retref).toMatch(/^\d{12}$/);
    expect(refund.retref).not.toBe(sale.retref);
    const rest = await gateway('refund', { merchid: MERCHANT, retref: sale.retref });
    expect(rest).toMatchObject({ respstat: 'A', amount: '25.00' });
    const tooMuch = await gateway('refund', { merchid: MERCHANT, retref: sale.retref, amount: '1.00' });
    expect(tooMuch).toMatchObject({ respstat: 'C', respproc: 'PPS' });
    expect(await gateway('refund', { merchid: MERCHANT, retref: '000000000000' })).toMatchObject({
      respstat: 'C',
      respcode: '29',
    });
    const original = emulator.transactions().find((txn) => txn.retref === sale.retref);
    expect(original).toMatchObject({ settled: true, setlstat: 'Accepted', refundedAmount: 4000 });
  });

  it('declines a $1nnn.00 refund of a capture of $2000 or more', async () => {
    const sale = await authorizeCard(VISA, { amount: '2500.00', capture: 'Y' });
    emulator.settle();
    const refund = await gateway('refund', { merchid: MERCHANT, retref: sale.retref, amount: '1105.00' });
    expect(refund).toMatchObject({ respstat: 'C', respcode: '105', amount: '0.00' });
    expect(refund.retref).toMatch(/^\d{12}$/);
  });

  it('voids by order id, skipping declined attempts, and reports an unknown order id', async () => {
    const orderid = nextOrderId();
    await authorizeCard('5442981111111031', { amount: '9.00', orderid });
    const approved = await authorizeCard(VISA, { amount: '9.00', orderid });
    const reply = await gateway('voidByOrderId', { merchid: MERCHANT, orderid });
    expect(reply).toMatchObject({ respstat: 'A', authcode: 'REVERS', retref: approved.retref });
    expect(emulator.transactions().find((txn) => txn.retref === approved.retref)?.voided).toBe(true);
    expect(await gateway('voidByOrderId', { merchid: MERCHANT, orderid: 'never-sent' })).toMatchObject({
      respstat: 'C',
      respproc: 'PPS',
      respcode: '29',
    });
  });
});

describe('inquiries', () => {
  it('inquires by retref with the documented fields', async () => {
    const orderid = nextOrderId();
    const reply = await authorizeCard(VISA, { amount: '7.00', orderid, expiry: '203012' });
    const inquiry = (await gatewayGet(`inquire/${reply.retref}/${MERCHANT}`)) as Fields;
    expect(inquiry).toMatchObject({
      retref: reply.retref,
      amount: '7.00',
      currency: 'USD',
      setlstat: 'Authorized',
      respstat: 'A',
      respcode: '00',
      resptext: 'Approval',
      authcode: reply.authcode,
      account: '41XXXXXXXXXX1111',
      expiry: '1230',
      orderId: orderid,
      voidable: 'Y',
      refundable: 'N',
    });
    expect(await gatewayGet(`inquire/000000000000/${MERCHANT}`)).toMatchObject({
      respstat: 'C',
      respcode: '29',
    });
  });

  it('inquires by order id: one object, an array for several attempts, and PPS 29 for none', async () => {
    const single = nextOrderId();
    await authorizeCard(VISA, { amount: '1.00', orderid: single });
    expect(await gatewayGet(`inquireByOrderid/${single}/${MERCHANT}`)).toMatchObject({ orderId: single });
    expect(await gatewayGet(`inquireByOrderid/${single}/${MERCHANT}/1`)).toMatchObject({ orderId: single });

    const repeated = nextOrderId();
    await authorizeCard('4387751111111020', { amount: '1.00', orderid: repeated });
    await authorizeCard(VISA, { amount: '1.00', orderid: repeated });
    const both = await gatewayGet(`inquireByOrderid/${repeated}/${MERCHANT}`);
    expect(Array.isArray(both)).toBe(true);
    expect((both as Fields[]).map((txn) => txn.respstat)).toEqual(['C', 'A']);

    expect(await gatewayGet(`inquireByOrderid/missing-order/${MERCHANT}`)).toMatchObject({
      respstat: 'C',
      respproc: 'PPS',
      respcode: '29',
    });
  });

  it('masks a Luhn-valid order id, which then cannot be looked up', async () => {
    await authorizeCard(VISA, { amount: '1.00', orderid: '4242424242424242' });
    expect(await gatewayGet(`inquireByOrderid/4242424242424242/${MERCHANT}`)).toMatchObject({
      respcode: '29',
    });
  });
});

describe('stored profiles', () => {
  it('creates, extends, reads, charges and deletes a profile', async () => {
    const visaToken = await tokenize(VISA);
    const created = await gateway('profile', {
      merchid: MERCHANT,
      account: visaToken,
      expiry: '1230',
      name: 'Pat Doe',
      postal: '19406',
    });
    expect(created).toMatchObject({
      respstat: 'A',
      respcode: '09',
      resptext: 'Profile Saved',
      respproc: 'PPS',
      acctid: '1',
      token: visaToken,
      accttype: 'VISA',
      expiry: '1230',
      defaultacct: 'Y',
    });
    expect(created.profileid).toMatch(/^\d{20}$/);

    const duplicate = await gateway('profile', {
      merchid: MERCHANT,
      account: visaToken,
      expiry: '1230',
      name: 'Pat Doe',
      postal: '19406',
    });
    expect(duplicate).toMatchObject({ profileid: created.profileid, acctid: '1' });

    const added = await gateway(
      'profile',
      { merchid: MERCHANT, profile: created.profileid, account: await tokenize(MASTERCARD), expiry: '1131' },
      'POST',
    );
    expect(added).toMatchObject({
      profileid: created.profileid,
      acctid: '2',
      accttype: 'MC',
      defaultacct: 'N',
    });

    const accounts = (await gatewayGet(`profile/${created.profileid}//${MERCHANT}`)) as Fields[];
    expect(accounts.map((account) => account.acctid)).toEqual(['1', '2']);
    const second = (await gatewayGet(`profile/${created.profileid}/2/${MERCHANT}`)) as Fields[];
    expect(second).toHaveLength(1);

    const chargeDefault = await authorize({ profile: created.profileid, amount: '8.00' });
    expect(chargeDefault).toMatchObject({ respstat: 'A', token: visaToken, acctid: '1' });
    const chargeSecond = await authorize({ profile: `${created.profileid}/2`, amount: '8.00' });
    expect(chargeSecond).toMatchObject({ respstat: 'A', acctid: '2' });
    expect(chargeSecond.token?.slice(1, 3)).toBe('54');

    expect(await gatewayGet(`profile/${created.profileid}//${MERCHANT}`, 'DELETE')).toMatchObject({
      respstat: 'A',
      respcode: '08',
      resptext: 'Profile Deleted',
    });
    expect(await gatewayGet(`profile/${created.profileid}//${MERCHANT}`)).toMatchObject({
      respstat: 'C',
      respproc: 'PPS',
      respcode: '96',
      resptext: 'Profile not found',
    });
  });

  it('stores the card from an approved auth with profile Y and charges it by profile later', async () => {
    const reply = await authorizeCard(DISCOVER, { amount: '4.00', profile: 'Y' });
    expect(reply.profileid).toMatch(/^\d{20}$/);
    expect(reply.acctid).toBe('1');
    const again = await authorize({ profile: `${reply.profileid}/1`, amount: '1116.00' });
    expect(again).toMatchObject({ respstat: 'C', respcode: '116' });
  });

  it('charges a stored decline card with its decline behaviour', async () => {
    const token = await tokenize('5442981111111056');
    const saved = await gateway('profile', { merchid: MERCHANT, account: token, expiry: '1230' });
    const reply = await authorize({ profile: `${saved.profileid}/${saved.acctid}`, amount: '2.00' });
    expect(reply).toMatchObject({ respstat: 'C', respcode: 'NU' });
  });
});

describe('test controls', () => {
  it('lets the first requests through and hangs the one after them', async () => {
    emulator.hang('auth', 1_500, 1, 1);
    const charge = async () =>
      gateway('auth', { merchid: MERCHANT, amount: '3.00', account: await tokenize(VISA), expiry: '1230' });
    const began = Date.now();
    expect(await charge()).toMatchObject({ respstat: 'A' });
    expect(Date.now() - began).toBeLessThan(1_000);
    const hung = Date.now();
    expect(await charge()).toMatchObject({ respstat: 'A' });
    expect(Date.now() - hung).toBeGreaterThanOrEqual(1_400);
  });

  it('processes a hung auth although the client gave up, so inquiry and void by order id find it', async () => {
    const orderid = nextOrderId();
    emulator.hang('auth', 1_500);
    const attempt = gateway('auth', {
      merchid: MERCHANT,
      amount: '12.00',
      account: await tokenize(VISA),
      expiry: '1230',
      orderid,
    });
    await expect(
      Promise.race([
        attempt,
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 200)),
      ]),
    ).rejects.toThrow('timeout');
    const found = (await gatewayGet(`inquireByOrderid/${orderid}/${MERCHANT}`)) as Fields;
    expect(found).toMatchObject({ respstat: 'A', orderId: orderid });
    expect(await gateway('voidByOrderId', { merchid: MERCHANT, orderid })).toMatchObject({ respstat: 'A' });
    const late = await attempt;
    expect(late.retref).toBe(found.retref);
  });

  it('fails the next request with a bare HTTP error without processing it', async () => {
    const orderid = nextOrderId();
    emulator.failNext('auth', 500);
    const response = await call('/cardconnect/rest/auth', {
      method: 'PUT',
      headers: { Authorization: basicAuth(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ merchid: MERCHANT, amount: '1.00', account: VISA, expiry: '1230', orderid }),
    });
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('');
    expect(emulator.transactions().some((txn) => txn.orderid === orderid)).toBe(false);
    expect((await authorizeCard(VISA, { amount: '1.00' })).respstat).toBe('A');
  });

  it('exposes settle, hang and the transaction list over HTTP', async () => {
    const sale = await authorizeCard(VISA, { amount: '6.00', capture: 'Y' });
    const settle = await call('/__emulator/settle', { method: 'POST' });
    expect(((await settle.json()) as { settled: number }).settled).toBeGreaterThan(0);
    const listing = (await (await call('/__emulator/transactions')).json()) as Array<Record<string, unknown>>;
    expect(listing.find((txn) => txn.retref === sale.retref)).toMatchObject({ setlstat: 'Accepted' });

    const hang = await call('/__emulator/hang', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ endpoint: 'inquire', ms: 300 }),
    });
    expect(hang.status).toBe(200);
    const started = Date.now();
    await gatewayGet(`inquire/${sale.retref}/${MERCHANT}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });
});

describe('card data hygiene', () => {
  it('keeps no clear card number in the request log or the transactions', async () => {
    const cards = [VISA, MASTERCARD, AMEX, DISCOVER, PARTIAL_VISA, '4387751111111053', '4999006200620062'];
    for (const pan of cards) {
      await authorizeCard(pan, { amount: '3.00', cvv2: '123', capture: 'Y' });
      await authorize({ account: pan, amount: '2.00', profile: 'Y' });
    }
    await gateway('profile', { merchid: MERCHANT, account: AMEX, expiry: '1230' });
    const logged = JSON.stringify(emulator.requests);
    const transactions = JSON.stringify(emulator.transactions());
    for (const pan of EVERY_PAN_USED) {
      expect(logged).not.toContain(pan);
      expect(transactions).not.toContain(pan);
    }
    expect(logged).toContain('54XXXXXXXXXX5454');
    expect(logged).not.toContain('"cvv2":"123"');
  });
});

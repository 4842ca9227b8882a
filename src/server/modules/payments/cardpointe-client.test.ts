import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CardPointeEmulator, startCardPointeEmulator } from '../../../../emulators/cardpointe/server.js';
import { CardPointeClient, entryFlags, fromGatewayAmount, toGatewayAmount } from './cardpointe-client.js';
import { GatewayUnreachable } from './gateway.js';
import { newGatewayOrderId } from './payments.js';

describe('amounts at the gateway edge', () => {
  it('minor units and decimal strings round-trip exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom('USD', 'JPY', 'KWD'),
        (minor, currency) => {
          const text = toGatewayAmount(minor, currency);
          expect(fromGatewayAmount(text, currency)).toBe(minor);
          if (currency === 'USD') expect(text).toMatch(/^\d+\.\d{2}$/);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('reads what the gateway writes and refuses what is not an amount', () => {
    expect(fromGatewayAmount('0.00', 'USD')).toBe(0);
    expect(fromGatewayAmount('1116.95', 'USD')).toBe(111695);
    expect(fromGatewayAmount('5', 'USD')).toBe(500);
    expect(fromGatewayAmount('18.5', 'USD')).toBe(1850);
    expect(toGatewayAmount(100, 'USD')).toBe('1.00');
    for (const bad of ['', '1.001', '1e3', 'abc', '1,000.00']) {
      expect(() => fromGatewayAmount(bad, 'USD')).toThrow();
    }
    expect(() => toGatewayAmount(1.5, 'USD')).toThrow(RangeError);
  });
});

describe('stored-credential flags', () => {
  it('marks online, stored and recurring charges as the networks expect', () => {
    expect(entryFlags('in_store', false)).toEqual({});
    expect(entryFlags('online', false)).toEqual({ ecomind: 'E' });
    expect(entryFlags('online', true)).toEqual({ ecomind: 'E', cof: 'C', cofscheduled: 'N' });
    expect(entryFlags('in_store', true)).toEqual({ cof: 'C', cofscheduled: 'N' });
    expect(entryFlags('recurring', true)).toEqual({ ecomind: 'R', cof: 'M', cofscheduled: 'Y' });
  });
});

describe('the CardPointe client against the emulator', () => {
  let emulator: CardPointeEmulator;
  let client: CardPointeClient;
  const USD = 'USD';

  beforeAll(async () => {
    emulator = await startCardPointeEmulator();
    client = new CardPointeClient({
      url: emulator.url,
      merchantId: emulator.merchantId,
      username: emulator.username,
      password: emulator.password,
      timeoutMs: 1500,
    });
  });
  afterAll(() => emulator.close());

  const tokenOf = (number: string) => client.tokenize({ number, expiry: '1230' });
  const sale = async (number: string, amount: number, orderId = newGatewayOrderId()) =>
    client.authorize({
      orderId,
      amount,
      currency: USD,
      card: { token: await tokenOf(number), expiry: '1230' },
      capture: true,
      entry: 'online',
    });

  it('checks credentials and refuses wrong ones', async () => {
    expect(await client.testConnection()).toMatchObject({ ok: true });
    const wrong = new CardPointeClient({
      url: emulator.url,
      merchantId: emulator.merchantId,
      username: emulator.username,
      password: 'not-it',
    });
    expect(await wrong.testConnection()).toMatchObject({ ok: false, detail: expect.stringContaining('401') });
    await expect(wrong.inquire('123456789012', USD)).rejects.toMatchObject({ reason: 'credentials' });
  });

  it('tokenizes: same card, same token, which keeps the first two and last four digits', async () => {
    const token = await tokenOf('4111111111111111');
    expect(token).toMatch(/^941\d{9}1111$/);
    expect(await tokenOf('4111 1111 1111 1111'.replace(/ /g, ''))).toBe(token);
    await expect(client.tokenize({ number: '4111111111111112' })).rejects.toMatchObject({ errorCode: 54 });
  });

  it('authorises and captures, voids, and refunds after settlement', async () => {
    const approved = await sale('4111111111111111', 2500);
    expect(approved).toMatchObject({ status: 'approved', code: '00', amount: 2500 });
    expect(approved.retref).toMatch(/^\d{12}$/);

    const voided = await client.void(approved.retref!, USD);
    expect(voided).toMatchObject({ status: 'approved', authCode: 'REVERS' });
    expect((await client.inquire(approved.retref!, USD))?.settlement).toMatch(/voided/i);

    const settledSale = await sale('5454545454545454', 4000);
    const early = await client.refund(settledSale.retref!, USD, 1000);
    expect(early).toMatchObject({ status: 'declined', code: '28' });
    emulator.settle();
    expect(await client.inquire(settledSale.retref!, USD)).toMatchObject({
      voidable: false,
      refundable: true,
    });
    expect(await client.void(settledSale.retref!, USD)).toMatchObject({ status: 'declined' });
    const refundOrder = newGatewayOrderId();
    const refund = await client.refund(settledSale.retref!, USD, 1000, refundOrder);
    expect(refund).toMatchObject({ status: 'approved', amount: 1000 });
    expect(refund.retref).not.toBe(settledSale.retref);
    expect((await client.inquireByOrderId(refundOrder, USD))[0]).toMatchObject({
      status: 'approved',
      amount: 1000,
    });
  });

  it('authorises without capture, then captures part', async () => {
    const auth = await client.authorize({
      orderId: newGatewayOrderId(),
      amount: 3000,
      currency: USD,
      card: { token: await tokenOf('4444333322221111'), expiry: '1230' },
      capture: false,
      entry: 'in_store',
    });
    expect(auth.status).toBe('approved');
    const captured = await client.capture(auth.retref!, USD, 2000);
    expect(captured).toMatchObject({ status: 'approved', amount: 2000 });
  });

  it('declines by card and by amount with the gateway’s text and code', async () => {
    const nsf = await sale('4387751111111053', 1000);
    expect(nsf).toMatchObject({ status: 'declined', amount: 0 });
    expect(nsf.retref).not.toBeNull();
    const byAmount = await sale('4111111111111111', 111695);
    expect(byAmount).toMatchObject({ status: 'declined', code: '116', processor: 'RPCT' });
    expect(byAmount.text).toMatch(/not sufficient funds/i);
  });

  it('approves part of the amount on the partial-approval card', async () => {
    const partial = await sale('4387750101010101', 1000);
    expect(partial).toMatchObject({ status: 'approved', code: '10', amount: 500 });
  });

  it('answers "retry" (respstat B) for the timeout card', async () => {
    const timedOut = await sale('4999006200620062', 1000);
    expect(timedOut).toMatchObject({ status: 'retry', code: '62' });
  });

  it('a hung connection times out, and the order id finds the charge: no second charge needed', async () => {
    const orderId = newGatewayOrderId();
    const token = await tokenOf('4111111111111111');
    emulator.hang('auth', 3000);
    await expect(
      client.authorize({
        orderId,
        amount: 1234,
        currency: USD,
        card: { token, expiry: '1230' },
        capture: true,
        entry: 'online',
      }),
    ).rejects.toBeInstanceOf(GatewayUnreachable);
    const found = await client.inquireByOrderId(orderId, USD);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ status: 'approved', amount: 1234, orderId });
    expect(emulator.transactions().filter((t) => t.orderid === orderId)).toHaveLength(1);
  });

  it('an unknown reference is "not found" (PPS 29), not an error', async () => {
    expect(await client.inquire('000000000000', USD)).toBeNull();
    expect(await client.inquireByOrderId(newGatewayOrderId(), USD)).toEqual([]);
    expect(await client.void('000000000000', USD)).toMatchObject({ status: 'declined', code: '29' });
  });

  it('saves a card in a profile, charges it as a stored credential, and deletes it', async () => {
    const token = await tokenOf('4788250000121443');
    const saved = await client.createProfile({ token, expiry: '0930', name: 'Robin Fletcher' });
    expect(saved).toMatchObject({ status: 'approved', code: '09' });
    expect(saved.profileId).toMatch(/^\d{20}$/);
    const card = await client.getProfile(saved.profileId!, saved.accountId!);
    expect(card).toEqual({
      profileId: saved.profileId,
      accountId: saved.accountId,
      brand: 'VISA',
      last4: '1443',
      expiry: '0930',
    });

    const orderId = newGatewayOrderId();
    const renewal = await client.authorize({
      orderId,
      amount: 1999,
      currency: USD,
      card: { profileId: saved.profileId!, accountId: saved.accountId! },
      capture: true,
      entry: 'recurring',
    });
    expect(renewal.status).toBe('approved');
    const sent = emulator.transactions().find((t) => t.orderid === orderId);
    expect(sent).toMatchObject({ ecomind: 'R', cof: 'M', cofscheduled: 'Y', profileid: saved.profileId });

    expect(await client.deleteProfile(saved.profileId!, saved.accountId!)).toBe(true);
    expect(await client.getProfile(saved.profileId!, saved.accountId!)).toBeNull();
    expect(await client.deleteProfile(saved.profileId!, saved.accountId!)).toBe(false);
  });

  it('stores a profile while authorising when asked', async () => {
    const orderId = newGatewayOrderId();
    const answer = await client.authorize({
      orderId,
      amount: 0,
      currency: USD,
      card: { token: await tokenOf('5454545454545454'), expiry: '1130' },
      capture: false,
      entry: 'online',
      saveProfile: true,
    });
    expect(answer).toMatchObject({ status: 'approved' });
    expect(answer.profileId).toMatch(/^\d{20}$/);
    expect(emulator.transactions().find((t) => t.orderid === orderId)).toMatchObject({
      ecomind: 'E',
      cof: 'C',
    });
  });

  it('a server error or a closed port is "unreachable"', async () => {
    emulator.failNext('inquire', 500);
    await expect(client.inquire('123456789012', USD)).rejects.toMatchObject({ reason: 'http' });
    const nowhere = new CardPointeClient({
      url: 'http://127.0.0.1:9',
      merchantId: '1',
      username: 'u',
      password: 'p',
    });
    await expect(nowhere.inquire('123456789012', USD)).rejects.toMatchObject({ reason: 'network' });
  });
});

import { type Body, type Fields, text } from './fields.js';
import { checkMerchant, resolveAccount } from './lookups.js';
import { isRefusal, type Refusal, refuse } from './responses.js';
import type { GatewayStore, Profile, ProfileAccount, ProfileRef } from './store.js';
import type { VaultEntry } from './vault.js';

const PROFILE_DETAIL_FIELDS = [
  'name',
  'address',
  'address2',
  'city',
  'region',
  'postal',
  'country',
  'phone',
  'email',
  'company',
  'cofpermission',
  'auoptout',
] as const;
/** The duplicate guard compares everything the customer sees on the stored card; consent flags are not part of it. */
const PROFILE_IDENTITY_FIELDS = PROFILE_DETAIL_FIELDS.filter((field) => field !== 'cofpermission');

export type StoredCard = { profile: Profile; account: ProfileAccount };

/** `profileid` or `profileid/acctid`, as the profile field and the profile URLs carry them. */
export function parseProfileRef(value: string | undefined): ProfileRef | undefined {
  const match = value === undefined ? null : /^(\d{1,20})(?:\/(\d*))?$/.exec(value);
  if (!match?.[1]) return undefined;
  return { profileid: match[1], acctid: match[2] || undefined };
}

export function saveProfile(store: GatewayStore, body: Body): Fields {
  const merchid = text(body, 'merchid') ?? '';
  const wrongMerchant = checkMerchant(store, merchid);
  if (wrongMerchant) return wrongMerchant.refusal;
  const ref = parseProfileRef(text(body, 'profile'));
  if (ref?.acctid && text(body, 'profileupdate')?.toUpperCase() === 'Y')
    return updateProfile(store, ref, body, merchid);
  const profile = ref ? store.profiles.get(ref.profileid) : undefined;
  if (ref && !profile) return refuse(merchid, '96', 'Profile not found').refusal;
  const account = text(body, 'account');
  if (account === undefined) return refuse(merchid, '34', 'Invalid field').refusal;
  const entry = resolveAccount(store, account, merchid);
  if (isRefusal(entry)) return entry.refusal;
  const expiry = text(body, 'expiry') ?? entry.expiry ?? '';
  const saved = storeCard(store, entry, expiry, profileDetails(body), profile, text(body, 'defaultacct'));
  return profileSaved(saved.profile, saved.account, merchid);
}

function updateProfile(store: GatewayStore, ref: ProfileRef, body: Body, merchid: string): Fields {
  const stored = storedAccount(store, ref, merchid);
  if (isRefusal(stored)) return stored.refusal;
  const account = text(body, 'account');
  if (account !== undefined) {
    const entry = resolveAccount(store, account, merchid);
    if (isRefusal(entry)) return entry.refusal;
    stored.account.token = entry.token;
    stored.account.accttype = entry.brand ?? '';
  }
  stored.account.expiry = text(body, 'expiry') ?? stored.account.expiry;
  Object.assign(stored.account.details, profileDetails(body));
  if (text(body, 'defaultacct')?.toUpperCase() === 'Y') makeDefault(stored.profile, stored.account);
  return profileSaved(stored.profile, stored.account, merchid);
}

export function getProfile(
  store: GatewayStore,
  profileid: string,
  acctid: string,
  merchid: string,
): Fields | Fields[] {
  const wrongMerchant = checkMerchant(store, merchid);
  if (wrongMerchant) return wrongMerchant.refusal;
  const profile = store.profiles.get(profileid);
  const accounts = profile?.accounts.filter((account) => acctid === '' || account.acctid === acctid) ?? [];
  if (!profile || accounts.length === 0) return refuse(merchid, '96', 'Profile not found').refusal;
  return accounts.map((account) => describeProfileAccount(profile, account));
}

export function deleteProfile(
  store: GatewayStore,
  profileid: string,
  acctid: string,
  merchid: string,
): Fields {
  const wrongMerchant = checkMerchant(store, merchid);
  if (wrongMerchant) return wrongMerchant.refusal;
  const profile = store.profiles.get(profileid);
  const remaining = profile?.accounts.filter((account) => acctid !== '' && account.acctid !== acctid);
  if (!profile || !remaining || remaining.length === profile.accounts.length) {
    return refuse(merchid, '96', 'Profile not found').refusal;
  }
  profile.accounts = remaining;
  if (remaining.length === 0) store.profiles.delete(profileid);
  else if (!remaining.some((account) => account.defaultacct === 'Y')) makeDefault(profile, remaining[0]!);
  return {
    respstat: 'A',
    respcode: '08',
    resptext: 'Profile Deleted',
    respproc: 'PPS',
    profileid,
    acctid,
    merchid,
  };
}

/** Adds the card to `into`, or to a new profile unless an identical stored card already exists. */
export function storeCard(
  store: GatewayStore,
  entry: VaultEntry,
  expiry: string,
  details: Fields,
  into: Profile | undefined,
  defaultacct: string | undefined,
): StoredCard {
  const accttype = entry.brand ?? '';
  const duplicate = into ? undefined : findDuplicate(store, entry.token, expiry, accttype, details);
  if (duplicate) return duplicate;
  const profile = into ?? store.newProfile();
  const account: ProfileAccount = {
    acctid: String(profile.nextAcctId++),
    token: entry.token,
    accttype,
    expiry,
    defaultacct: profile.accounts.length === 0 ? 'Y' : 'N',
    details,
  };
  profile.accounts.push(account);
  if (defaultacct?.toUpperCase() === 'Y') makeDefault(profile, account);
  return { profile, account };
}

function findDuplicate(
  store: GatewayStore,
  token: string,
  expiry: string,
  accttype: string,
  details: Fields,
): StoredCard | undefined {
  for (const profile of store.profiles.values()) {
    const account = profile.accounts.find(
      (candidate) =>
        candidate.token === token &&
        candidate.expiry === expiry &&
        candidate.accttype === accttype &&
        PROFILE_IDENTITY_FIELDS.every((field) => candidate.details[field] === details[field]),
    );
    if (account) return { profile, account };
  }
  return undefined;
}

/** The named account, or without one the profile's default (its first account if none is marked). */
export function storedAccount(store: GatewayStore, ref: ProfileRef, merchid: string): StoredCard | Refusal {
  const profile = store.profiles.get(ref.profileid);
  const account = ref.acctid
    ? profile?.accounts.find((candidate) => candidate.acctid === ref.acctid)
    : (profile?.accounts.find((candidate) => candidate.defaultacct === 'Y') ?? profile?.accounts[0]);
  if (!profile || !account) return refuse(merchid, '96', 'Profile not found');
  return { profile, account };
}

export function profileDetails(body: Body): Fields {
  const details: Fields = {};
  for (const field of PROFILE_DETAIL_FIELDS) {
    const value = text(body, field);
    if (value !== undefined) details[field] = value;
  }
  return details;
}

function makeDefault(profile: Profile, chosen: ProfileAccount): void {
  for (const account of profile.accounts) account.defaultacct = account === chosen ? 'Y' : 'N';
}

function describeProfileAccount(profile: Profile, account: ProfileAccount): Fields {
  return {
    profileid: profile.profileid,
    acctid: account.acctid,
    token: account.token,
    accttype: account.accttype,
    expiry: account.expiry,
    defaultacct: account.defaultacct,
    auoptout: 'N',
    ...account.details,
  };
}

function profileSaved(profile: Profile, account: ProfileAccount, merchid: string): Fields {
  return {
    respstat: 'A',
    respcode: '09',
    resptext: 'Profile Saved',
    respproc: 'PPS',
    merchid,
    ...describeProfileAccount(profile, account),
  };
}

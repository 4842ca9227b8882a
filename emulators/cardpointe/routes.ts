export const GATEWAY_ROOT = '/cardconnect/rest';
export const CARDSECURE_ROOT = '/cardsecure/api/v1';
export const TOKENIZE_PATH = `${CARDSECURE_ROOT}/ccn/tokenize`;
export const ECHO_PATH = `${CARDSECURE_ROOT}/echo`;
export const CONTROL_ROOT = '/__emulator';

export type Route =
  | { kind: 'gateway'; endpoint: string; segments: string[] }
  | { kind: 'cardsecure'; endpoint: 'tokenize' | 'echo' | '' }
  | { kind: 'tokenizer'; page: 'tokenizer' | 'outer' }
  | { kind: 'control'; action: string }
  | { kind: 'unknown' };

/** Which of the emulated services a path belongs to: gateway, CardSecure, the iFrame pages or the test controls. */
export function routeOf(path: string): Route {
  if (path === GATEWAY_ROOT || path.startsWith(`${GATEWAY_ROOT}/`)) {
    const segments = path.slice(GATEWAY_ROOT.length + 1).split('/');
    if (segments.length > 1 && segments.at(-1) === '') segments.pop();
    return { kind: 'gateway', endpoint: segments[0] ?? '', segments };
  }
  if (path.startsWith(`${CARDSECURE_ROOT}/`) || path === CARDSECURE_ROOT) {
    const endpoint = path === TOKENIZE_PATH ? 'tokenize' : path === ECHO_PATH ? 'echo' : '';
    return { kind: 'cardsecure', endpoint };
  }
  if (path === '/itoke/ajax-tokenizer.html') return { kind: 'tokenizer', page: 'tokenizer' };
  if (path === '/itoke/outer-page.html') return { kind: 'tokenizer', page: 'outer' };
  if (path.startsWith(`${CONTROL_ROOT}/`))
    return { kind: 'control', action: path.slice(CONTROL_ROOT.length + 1) };
  return { kind: 'unknown' };
}

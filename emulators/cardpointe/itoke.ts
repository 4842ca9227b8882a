import { html, methodNotAllowed, type Reply } from './http.js';
import { TOKENIZE_PATH } from './routes.js';

/** The hosted iFrame tokenizer page, and a parent page that shows what it posts. */
export function tokenizerReply(page: 'tokenizer' | 'outer', method: string, url: URL): Reply {
  if (method !== 'GET') return methodNotAllowed();
  return html(
    200,
    page === 'tokenizer' ? tokenizerPage(tokenizerOptions(url.searchParams)) : outerPage(url.search),
  );
}

interface TokenizerOptions {
  useexpiry: boolean;
  usecvv: boolean;
  enhancedresponse: boolean;
  invalidinputevent: boolean;
  tokenizewheninactive: boolean;
  unique: boolean;
  autofocus: boolean;
  inactivityto: number;
  tokenpropname: string;
  css: string;
  cardlabel: string;
  expirylabel: string;
  cvvlabel: string;
  placeholder: string;
}

function tokenizerOptions(query: URLSearchParams): TokenizerOptions {
  const flag = (name: string): boolean => query.get(name)?.toLowerCase() === 'true';
  const propname = query.get('tokenpropname') ?? '';
  const inactivity = Number(query.get('inactivityto') ?? '500');
  return {
    useexpiry: flag('useexpiry'),
    usecvv: flag('usecvv'),
    enhancedresponse: flag('enhancedresponse'),
    invalidinputevent: flag('invalidinputevent') || flag('invalidcreditcardevent'),
    tokenizewheninactive: flag('tokenizewheninactive'),
    unique: flag('unique'),
    autofocus: flag('autofocus'),
    inactivityto: Number.isFinite(inactivity) && inactivity >= 0 ? Math.min(inactivity, 10_000) : 500,
    tokenpropname: /^[A-Za-z0-9]+$/.test(propname) ? propname : 'message',
    css: (query.get('css') ?? '').replace(/</g, ''),
    cardlabel: query.get('cardlabel') ?? 'Card Number',
    expirylabel: query.get('expirylabel') ?? 'Expiration Date',
    cvvlabel: query.get('cvvlabel') ?? 'CVV',
    placeholder: query.get('placeholder') ?? '',
  };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function expiryFields(label: string): string {
  const months = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 21 }, (_, i) => String(thisYear + i));
  const options = (values: string[]): string =>
    values.map((v) => `<option value="${v}">${v}</option>`).join('');
  return (
    `<label for="ccexpirymonth" id="ccexpirylabel">${escapeHtml(label)}</label>` +
    '<select id="ccexpirymonth" name="ccexpirymonth" title="Expiration Month" aria-label="Expiration Month">' +
    `<option value="">MM</option>${options(months)}</select> ` +
    '<select id="ccexpiryyear" name="ccexpiryyear" title="Expiration Year" aria-label="Expiration Year">' +
    `<option value="">YYYY</option>${options(years)}</select>`
  );
}

function cvvField(label: string): string {
  return (
    `<label for="cccvvfield" id="cccvvlabel">${escapeHtml(label)}</label>` +
    '<input id="cccvvfield" name="cccvvfield" type="tel" size="4" maxlength="4" autocomplete="off" ' +
    'title="CVV" aria-label="CVV">'
  );
}

/** Runs inside the iframe: the card number goes only to CardSecure, the parent only ever sees the token. */
const TOKENIZER_SCRIPT = `
(function () {
  var config = window.__tokenizerConfig;
  var card = document.getElementById('ccnumfield');
  var month = document.getElementById('ccexpirymonth');
  var year = document.getElementById('ccexpiryyear');
  var cvv = document.getElementById('cccvvfield');
  var lastPayload = '';
  var timer;
  function expiry() { return month && year && month.value && year.value ? year.value + month.value : ''; }
  function digits() { return card.value.replace(/[\\s-]/g, ''); }
  function luhn(value) {
    var sum = 0;
    for (var i = 0; i < value.length; i++) {
      var d = Number(value.charAt(value.length - 1 - i));
      if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
      sum += d;
    }
    return value.length >= 12 && /^\\d+$/.test(value) && sum % 10 === 0;
  }
  function answer(token, errorCode, errorMessage) {
    var data = {};
    data[config.tokenpropname] = token;
    if (config.useexpiry) data.expiry = expiry();
    if (config.enhancedresponse) { data.token = token; data.errorCode = errorCode; data.errorMessage = errorMessage; }
    if (token === '' && config.invalidinputevent) data.validationError = errorCode === '14' ? 'Input is empty' : 'Invalid Credit Card Number';
    card.classList.toggle('error', token === '');
    card.setAttribute('aria-invalid', token === '' ? 'true' : 'false');
    window.parent.postMessage(JSON.stringify(data), '*');
  }
  function tokenize() {
    clearTimeout(timer);
    var account = digits();
    if (account === '') { lastPayload = ''; answer('', '14', 'Data is empty.'); return; }
    var payload = { account: account };
    if (expiry()) payload.expiry = expiry();
    if (cvv && cvv.value) payload.cvv = cvv.value;
    if (config.unique) payload.unique = true;
    var body = JSON.stringify(payload);
    if (body === lastPayload) return;
    lastPayload = body;
    fetch(config.endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body })
      .then(function (response) { return response.json(); })
      .then(function (result) {
        if (body !== lastPayload) return;
        if (result.errorcode === 0 && result.token) answer(result.token, '0', '');
        else answer('', String(result.errorcode), result.message || '');
      })
      .catch(function () { lastPayload = ''; answer('', '999', 'Tokenization request failed'); });
  }
  function later() {
    clearTimeout(timer);
    if (config.tokenizewheninactive || luhn(digits())) timer = setTimeout(tokenize, config.inactivityto);
  }
  card.addEventListener('input', later);
  if (!config.tokenizewheninactive) card.addEventListener('blur', tokenize);
  [month, year, cvv].forEach(function (field) {
    if (field) field.addEventListener('change', function () { if (digits()) tokenize(); });
  });
  if (config.autofocus) card.focus();
})();
`;

function tokenizerPage(options: TokenizerOptions): string {
  const config = JSON.stringify({ ...options, endpoint: TOKENIZE_PATH }).replace(/</g, '\\u003c');
  const placeholder = options.placeholder ? ` placeholder="${escapeHtml(options.placeholder)}"` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Card Tokenizer</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;padding:4px}
label{display:block;font-size:13px;margin:6px 0 2px}
input,select{font-size:15px;padding:4px}
input.error{border:1px solid #c00}
${options.css}
</style></head><body>
<form id="tokenform" autocomplete="off" novalidate onsubmit="return false">
<label for="ccnumfield" id="cccardlabel">${escapeHtml(options.cardlabel)}</label>
<input id="ccnumfield" name="ccnumfield" type="tel" size="19" maxlength="2000" autocomplete="off" title="Credit Card Number" aria-label="Credit Card Number"${placeholder}>
${options.useexpiry ? expiryFields(options.expirylabel) : ''}
${options.usecvv ? cvvField(options.cvvlabel) : ''}
</form>
<script>window.__tokenizerConfig = ${config};</script>
<script>${TOKENIZER_SCRIPT}</script>
</body></html>`;
}

/** A parent page for trying the tokenizer by hand: it shows whatever the iframe posts. */
function outerPage(search: string): string {
  const src = `/itoke/ajax-tokenizer.html${search}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Tokenizer test page</title></head><body>
<iframe id="tokenFrame" name="tokenFrame" src="${escapeHtml(src)}" width="360" height="200" style="border:1px solid #ccc"></iframe>
<pre id="messages"></pre>
<script>
window.addEventListener('message', function (event) {
  document.getElementById('messages').textContent += event.data + '\\n';
});
</script>
</body></html>`;
}

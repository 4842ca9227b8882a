/** An address as it is printed: a shipping address, a customer's address or the shop's own. */
export interface PrintableAddress {
  name?: string | null | undefined;
  line1: string;
  line2?: string | null | undefined;
  city: string;
  region?: string | null | undefined;
  postalCode: string;
  country: string;
  phone?: string | null | undefined;
}

/** City, region and postal code on one line, as the United States and Canada write them. */
const cityRegionPostal = new Set(['US', 'CA', 'PR', 'JP']);
/** City, then the postal code on a line of its own, as the British and Irish post read them. */
const postcodeOnItsOwnLine = new Set(['GB', 'IE', 'IM', 'JE', 'GG']);
/** City, region and postal code without commas: "Sydney NSW 2000". */
const cityRegionPostalPlain = new Set(['AU', 'NZ']);

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

/** The country's name in English, the code itself when it is not one. */
export function countryName(code: string): string {
  try {
    return regionNames.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/**
 * The lines of an address in the order its country's post reads them: "Portland, OR 97205" in the
 * United States and Canada, "Sydney NSW 2000" in Australia, the city and then the postcode on its
 * own line in the United Kingdom, and "75001 Paris" in most of Europe and elsewhere. Empty parts
 * are left out; the country's name comes last.
 */
export function addressLines(a: PrintableAddress): string[] {
  const country = a.country.trim().toUpperCase();
  const city = a.city.trim();
  const region = a.region?.trim() || '';
  const postal = a.postalCode.trim();
  const join = (parts: string[], sep = ' ') => parts.filter(Boolean).join(sep);
  let place: string[];
  if (cityRegionPostal.has(country))
    place = [region ? `${join([city, region], ', ')} ${postal}` : join([city, postal])];
  else if (cityRegionPostalPlain.has(country)) place = [join([city, region, postal])];
  else if (postcodeOnItsOwnLine.has(country)) place = [city, region, postal];
  else place = [join([postal, city]), region];
  return [a.name, a.line1, a.line2, ...place, countryName(country), a.phone]
    .map((line) => line?.trim() ?? '')
    .filter(Boolean);
}

/** The address as one block of text, a line per part. */
export const formatAddress = (a: PrintableAddress): string => addressLines(a).join('\n');

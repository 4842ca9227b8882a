/**
 * Tracking pages of the couriers small shops use most, so that the customer's shipping email can
 * link straight to their parcel. Any other courier name is fine: the email then gives the
 * tracking id without a link.
 */
const couriers: { names: RegExp; url: (id: string) => string }[] = [
  { names: /^ups$/i, url: (id) => `https://www.ups.com/track?tracknum=${id}` },
  {
    names: /^(usps|us postal service|united states postal service)$/i,
    url: (id) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${id}`,
  },
  { names: /^fed ?ex$/i, url: (id) => `https://www.fedex.com/fedextrack/?trknbr=${id}` },
  {
    names: /^dhl( express)?$/i,
    url: (id) => `https://www.dhl.com/global-en/home/tracking/tracking-express.html?tracking-id=${id}`,
  },
  {
    names: /^royal ?mail$/i,
    url: (id) => `https://www.royalmail.com/track-your-item#/tracking-results/${id}`,
  },
  {
    names: /^(canada ?post|postes canada)$/i,
    url: (id) => `https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=${id}`,
  },
  { names: /^(australia ?post|auspost)$/i, url: (id) => `https://auspost.com.au/mypost/track/details/${id}` },
];

/** The courier's tracking page for this parcel, or null for a courier Tandem does not know. */
export function trackingLink(courier: string, trackingId: string): string | null {
  const known = couriers.find((c) => c.names.test(courier.trim()));
  return known ? known.url(encodeURIComponent(trackingId.trim())) : null;
}

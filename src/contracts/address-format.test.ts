import { describe, expect, it } from 'vitest';
import { addressLines } from './address-format.js';

const at = (country: string, city: string, postalCode: string, region?: string) =>
  addressLines({ line1: '1 Main St', city, region, postalCode, country });

describe('addresses in their country’s order', () => {
  it('United States and Canada: city, region and postal code on one line', () => {
    expect(at('US', 'Portland', '97205', 'OR')).toEqual(['1 Main St', 'Portland, OR 97205', 'United States']);
    expect(at('ca', 'Toronto', 'M5V 2T6', 'ON')).toEqual(['1 Main St', 'Toronto, ON M5V 2T6', 'Canada']);
  });

  it('United Kingdom: the postcode on a line of its own, after the city', () => {
    expect(at('GB', 'London', 'SW1A 1AA')).toEqual(['1 Main St', 'London', 'SW1A 1AA', 'United Kingdom']);
  });

  it('most of Europe: postal code before the city', () => {
    expect(at('FR', 'Paris', '75001')).toEqual(['1 Main St', '75001 Paris', 'France']);
    expect(at('DE', 'Berlin', '10115')).toEqual(['1 Main St', '10115 Berlin', 'Germany']);
  });

  it('Australia: no commas', () => {
    expect(at('AU', 'Sydney', '2000', 'NSW')).toEqual(['1 Main St', 'Sydney NSW 2000', 'Australia']);
  });

  it('name, second line and phone around it; empty parts left out', () => {
    expect(
      addressLines({
        name: 'Ava Adams',
        line1: '1 Main St',
        line2: ' ',
        city: 'Portland',
        region: null,
        postalCode: '97205',
        country: 'US',
        phone: '+1 503 555 0100',
      }),
    ).toEqual(['Ava Adams', '1 Main St', 'Portland 97205', 'United States', '+1 503 555 0100']);
  });
});

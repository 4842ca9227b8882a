import { translated } from './i18n.js';
import type { Resource } from './resources.js';
import type { Row } from './seed.js';

const FLAGS = [
  'unremovable',
  'delivery',
  'hidden',
  'send_email',
  'module_name',
  'invoice',
  'color',
  'logable',
  'shipped',
  'paid',
  'pdf_delivery',
  'pdf_invoice',
  'deleted',
] as const;

export const orderStates: Resource = {
  name: 'order_states',
  singular: 'order_state',
  fields: ['id', ...FLAGS, 'name', 'template'],
  i18n: ['name', 'template'],
  associations: {},
  methods: ['GET', 'HEAD'],
  writable: [],
  blanks: {},
  validate: {},
  className: 'OrderState',
  description: 'The Order statuses',
};

interface StateSeed {
  name: [string, string];
  template: string;
  module?: string;
  logable?: boolean;
  delivery?: boolean;
  shipped?: boolean;
  paid?: boolean;
  invoice?: boolean;
}

/** The states a fresh PrestaShop 8 installs, in its order (install/data/xml/order_state.xml). */
const DEFAULT_STATES: StateSeed[] = [
  {
    name: ['Awaiting check payment', 'En attente du paiement par chèque'],
    template: 'cheque',
    module: 'ps_checkpayment',
  },
  {
    name: ['Payment accepted', 'Paiement accepté'],
    template: 'payment',
    logable: true,
    paid: true,
    invoice: true,
  },
  {
    name: ['Processing in progress', 'En cours de préparation'],
    template: 'preparation',
    logable: true,
    delivery: true,
    paid: true,
    invoice: true,
  },
  {
    name: ['Shipped', 'Expédié'],
    template: 'shipped',
    logable: true,
    delivery: true,
    shipped: true,
    paid: true,
    invoice: true,
  },
  {
    name: ['Delivered', 'Livré'],
    template: '',
    logable: true,
    delivery: true,
    shipped: true,
    paid: true,
    invoice: true,
  },
  { name: ['Canceled', 'Annulé'], template: 'order_canceled' },
  { name: ['Refunded', 'Remboursé'], template: 'refund', invoice: true },
  { name: ['Payment error', 'Erreur de paiement'], template: 'payment_error' },
  {
    name: ['On backorder (paid)', 'En attente de réapprovisionnement (payé)'],
    template: 'outofstock',
    paid: true,
    invoice: true,
  },
  {
    name: ['Awaiting bank wire payment', 'En attente de virement bancaire'],
    template: 'bankwire',
    module: 'ps_wirepayment',
  },
  {
    name: ['Remote payment accepted', 'Paiement à distance accepté'],
    template: 'payment',
    logable: true,
    paid: true,
    invoice: true,
  },
  {
    name: ['On backorder (not paid)', 'En attente de réapprovisionnement (non payé)'],
    template: 'outofstock',
  },
  {
    name: ['Awaiting Cash On Delivery validation', 'En attente de validation (paiement à la livraison)'],
    template: 'cashondelivery',
    module: 'ps_cashondelivery',
  },
];

/** States whose orders count as paid: the customer's money has arrived (refunded orders had it too). */
export const PAID_STATES = new Set([2, 3, 4, 5, 7, 9, 11]);

const flag = (value: boolean | undefined): string => (value ? '1' : '0');

export function seedOrderStates(languages: readonly number[]): Row[] {
  return DEFAULT_STATES.map((state, index) => ({
    id: index + 1,
    fields: {
      id: String(index + 1),
      unremovable: '1',
      delivery: flag(state.delivery),
      hidden: '0',
      send_email: '1',
      module_name: state.module ?? '',
      invoice: flag(state.invoice),
      color: '#34209E',
      logable: flag(state.logable),
      shipped: flag(state.shipped),
      paid: flag(state.paid),
      pdf_delivery: '0',
      pdf_invoice: flag(state.invoice),
      deleted: '0',
    },
    i18n: {
      name: translated(state.name[0], state.name[1], languages),
      template: translated(state.template, state.template, languages),
    },
  }));
}

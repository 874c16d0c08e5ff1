// What `ledgerline seed --demo` creates: a small coffee-shop catalog, a staff user, two customer
// accounts with the customers they bill, their invoices and their orders. Plain data, no I/O; the
// builder (seed-demo.ts) turns it into service calls and skips whatever already exists.
//
// The passwords are in this file, so anyone can read them: `seed --demo` refuses to run with
// APP_ENV=production, and a demo database must never be reachable by others.
import type { Currency } from '../config.ts';
import type { PaymentMethod } from '../features/orders/order.ts';

export interface DemoProduct {
  name: string;
  priceCents: number;
  description: string;
}

export interface DemoCategory {
  name: string;
  slug: string;
  products: readonly DemoProduct[];
}

export interface DemoInvoice {
  /** Index into the account's `customers`. */
  customer: number;
  amountCents: number;
  currency: Currency;
  memo: string;
  /** Where the invoice ends up: `open` stays as created. */
  status: 'open' | 'paid' | 'void';
}

export interface DemoOrder {
  /** Products by name (they are looked up in the seeded catalog), with quantities. */
  items: readonly { product: string; qty: number }[];
  paymentMethod: PaymentMethod;
}

export interface DemoAccount {
  email: string;
  name: string;
  password: string;
  isStaff: boolean;
  /** Opening balance, credited by a staff adjustment (minor units of the base currency). */
  fundCents: number;
  customers: readonly { name: string; email: string | null }[];
  invoices: readonly DemoInvoice[];
  orders: readonly DemoOrder[];
}

/** The ledger reference of the opening balance; a re-run looks for it before funding again. */
export const DEMO_FUNDING_REASON = 'Demo opening balance (ledgerline seed --demo)';

const p = (name: string, priceCents: number, description: string): DemoProduct => ({ name, priceCents, description });

export const DEMO_CATEGORIES: readonly DemoCategory[] = [
  {
    name: 'Coffee beans',
    slug: 'coffee-beans',
    products: [
      p('Ethiopia Yirgacheffe', 1650, 'Washed heirloom varieties; jasmine, bergamot and lemon. 250 g, whole bean.'),
      p('Colombia Huila', 1450, 'Caturra and Castillo from smallholders; red apple, caramel, cocoa. 250 g.'),
      p('Kenya Nyeri AA', 1900, 'SL28 and SL34; blackcurrant and grapefruit, a bright juicy cup. 250 g.'),
      p('Guatemala Antigua', 1500, 'Bourbon grown on volcanic soil; milk chocolate and toasted almond. 250 g.'),
      p('Brazil Cerrado', 1200, 'Natural process; hazelnut, dark chocolate, low acidity. Good for espresso. 250 g.'),
      p('Sumatra Mandheling', 1550, 'Wet-hulled; cedar, earth and dark cocoa with a heavy body. 250 g.'),
      p('House espresso blend', 1350, 'Brazil and Colombia; syrupy, sweet, forgiving on any grinder. 250 g.'),
      p('Swiss Water decaf', 1400, 'Colombian beans decaffeinated with water only; cocoa and red fruit. 250 g.'),
      p('Costa Rica Tarrazu', 1700, 'Honey process; brown sugar, orange and a clean finish. 250 g.'),
    ],
  },
  {
    name: 'Tea',
    slug: 'tea',
    products: [
      p('Darjeeling first flush', 1800, 'Spring harvest from the Himalayan foothills; floral, muscatel. 100 g loose leaf.'),
      p('Assam breakfast', 950, 'Malty and strong; takes milk well. 100 g loose leaf.'),
      p('Sencha', 1300, 'Steamed Japanese green tea; grassy, sweet, marine. 100 g.'),
      p('Genmaicha', 1100, 'Green tea with toasted rice; nutty and comforting. 100 g.'),
      p('Earl Grey', 1050, 'Black tea scented with bergamot oil from Calabria. 100 g.'),
      p('Oolong Tieguanyin', 2200, 'Lightly oxidised rolled oolong; orchid and cream, many infusions. 100 g.'),
      p('Rooibos vanilla', 900, 'Caffeine-free South African red bush with vanilla pieces. 100 g.'),
      p('Ceremonial matcha', 2600, 'Stone-ground shade-grown tencha from Uji. 30 g tin.'),
    ],
  },
  {
    name: 'Brewing gear',
    slug: 'brewing-gear',
    products: [
      p('Pour-over dripper', 2400, 'Ceramic cone dripper with spiral ribs; fits size 02 filters.'),
      p('Paper filters, size 02', 650, 'One hundred unbleached cone filters.'),
      p('French press, 1 l', 3900, 'Borosilicate glass and stainless steel; four-level mesh filter.'),
      p('Gooseneck kettle', 5900, 'Temperature-controlled electric kettle, 0.9 l, holds to the degree.'),
      p('Burr grinder', 14900, 'Conical steel burrs, 40 grind settings from espresso to cold brew.'),
      p('Hand grinder', 7900, 'Stainless burrs in an aluminium body; fits in a travel bag.'),
      p('Digital scale', 3400, 'Weighs to 0.1 g with a built-in timer for pour-overs.'),
      p('Aeropress', 3500, 'Immersion and pressure in one; makes a clean cup in two minutes.'),
      p('Cold brew bottle', 2900, 'One-litre bottle with a fine mesh core; steep overnight in the fridge.'),
      p('Moka pot, 6 cup', 3200, 'Classic aluminium stovetop brewer.'),
      p('Milk frother', 2700, 'Handheld whisk frother; two speeds, runs on two AA batteries.'),
    ],
  },
  {
    name: 'Mugs and cups',
    slug: 'mugs-and-cups',
    products: [
      p('Stoneware mug', 1800, 'Hand-glazed, 350 ml; every one a little different.'),
      p('Double-wall glass', 1600, 'Keeps coffee hot and hands cool; 250 ml, set of two.'),
      p('Espresso cups', 2200, 'Thick porcelain demitasse cups with saucers, set of four.'),
      p('Travel tumbler', 2500, 'Vacuum-insulated steel, 470 ml, leak-proof lid.'),
      p('Tea bowl', 2100, 'Wheel-thrown chawan for matcha.'),
      p('Latte glass', 1400, 'Tall 300 ml glass with a heavy base, set of two.'),
      p('Enamel camping mug', 1200, 'Speckled blue enamel on steel, 400 ml.'),
    ],
  },
  {
    name: 'Pantry',
    slug: 'pantry',
    products: [
      p('Raw cane sugar cubes', 450, 'Irregular cubes of unrefined cane sugar, 500 g.'),
      p('Vanilla syrup', 850, 'Made with Madagascar vanilla; 250 ml.'),
      p('Oat drink, barista', 350, 'Foams like milk, does not split in hot coffee. 1 l.'),
      p('Dark chocolate, 70 %', 550, 'Single-origin Peruvian cacao, 100 g bar.'),
      p('Almond biscotti', 650, 'Twice-baked Tuscan biscuits for dunking, 200 g.'),
      p('Honey, wildflower', 950, 'Raw, unfiltered honey from a local apiary, 340 g jar.'),
      p('Cinnamon sticks', 500, 'Ceylon cinnamon quills, 50 g.'),
    ],
  },
  {
    name: 'Gifts',
    slug: 'gifts',
    products: [
      p('Tasting flight', 4200, 'Four 100 g bags of single origins, one from each continent we buy from.'),
      p('Tea sampler', 3600, 'Six of our teas in 25 g tins, with brewing notes.'),
      p('Gift card, 25', 2500, 'A card worth 25 in store credit; never expires.'),
      p('Gift card, 50', 5000, 'A card worth 50 in store credit; never expires.'),
      p('Brewing class', 6500, 'Two hours with our head barista: pour-over, immersion and espresso basics.'),
      p('Coffee subscription, 3 months', 4500, 'A fresh 250 g bag every month, chosen by our roasters.'),
    ],
  },
];

export const DEMO_STAFF: DemoAccount = {
  email: 'staff@example.com',
  name: 'Demo Staff',
  password: 'ledgerline-demo-staff-2026',
  isStaff: true,
  fundCents: 0,
  customers: [],
  invoices: [],
  orders: [],
};

export const DEMO_CUSTOMERS: readonly DemoAccount[] = [
  {
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    password: 'ledgerline-demo-ada-2026',
    isStaff: false,
    fundCents: 50_000,
    customers: [
      { name: 'Analytical Engines Ltd', email: 'accounts@analytical.example.com' },
      { name: 'Babbage & Sons', email: 'billing@babbage.example.com' },
      { name: 'Difference Works', email: null },
    ],
    invoices: [
      { customer: 0, amountCents: 150_000, currency: 'GBP', memo: 'November retainer', status: 'open' },
      { customer: 0, amountCents: 150_000, currency: 'GBP', memo: 'October retainer', status: 'paid' },
      { customer: 1, amountCents: 42_500, currency: 'EUR', memo: 'Workshop, two days', status: 'paid' },
      { customer: 2, amountCents: 9_900, currency: 'USD', memo: 'Sent twice by mistake', status: 'void' },
      { customer: 2, amountCents: 12_000, currency: 'USD', memo: 'Consulting, 4 hours', status: 'open' },
    ],
    orders: [
      { items: [{ product: 'Ethiopia Yirgacheffe', qty: 2 }, { product: 'Paper filters, size 02', qty: 1 }], paymentMethod: 'balance' },
      { items: [{ product: 'Burr grinder', qty: 1 }], paymentMethod: 'balance' },
      { items: [{ product: 'Tasting flight', qty: 1 }, { product: 'Stoneware mug', qty: 2 }], paymentMethod: 'card' },
    ],
  },
  {
    email: 'grace@example.com',
    name: 'Grace Hopper',
    password: 'ledgerline-demo-grace-2026',
    isStaff: false,
    fundCents: 20_000,
    customers: [
      { name: 'Harvard Computation Lab', email: 'lab@harvard-computation.example.com' },
      { name: 'Cobol Consulting', email: 'ap@cobol.example.com' },
    ],
    invoices: [
      { customer: 0, amountCents: 80_000, currency: 'USD', memo: 'Compiler review', status: 'paid' },
      { customer: 1, amountCents: 35_000, currency: 'USD', memo: 'Training materials', status: 'open' },
      { customer: 1, amountCents: 5_000, currency: 'EUR', memo: 'Travel expenses', status: 'open' },
    ],
    orders: [
      { items: [{ product: 'Assam breakfast', qty: 3 }, { product: 'Almond biscotti', qty: 2 }], paymentMethod: 'balance' },
      { items: [{ product: 'Gooseneck kettle', qty: 1 }, { product: 'Sencha', qty: 1 }, { product: 'Tea bowl', qty: 1 }], paymentMethod: 'balance' },
    ],
  },
];

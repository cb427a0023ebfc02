/**
 * The realistic seed: 8 categories and 64 products with 1–4 SKUs each, every SKU with its packed
 * weight and size, every product with two pictures. Ids are fixed (UUIDv7 shape, from a fixed time) so docs, other services' seeds
 * and tests can refer to them.
 */
export interface SeedProduct {
  id: string;
  name: string;
  description: string;
  categoryId: string;
  skus: Array<{
    id: string;
    code: string;
    name: string;
    priceMinor: number;
    attributes: Record<string, string>;
    weightGrams: number;
    dimensions: { lengthMm: number; widthMm: number; heightMm: number };
  }>;
  /** Keys in the image store; the first is the main picture. */
  images: Array<{ id: string; key: string; altText: string }>;
}

export const seedCategories = [
  { id: "cat-kitchen", slug: "home-kitchen", name: "Home & Kitchen" },
  { id: "cat-apparel", slug: "apparel", name: "Apparel" },
  { id: "cat-outdoor", slug: "outdoor", name: "Outdoor & Camping" },
  { id: "cat-electronics", slug: "electronics", name: "Electronics" },
  { id: "cat-books", slug: "books", name: "Books" },
  { id: "cat-toys", slug: "toys-games", name: "Toys & Games" },
  { id: "cat-beauty", slug: "beauty", name: "Beauty & Care" },
  { id: "cat-office", slug: "office", name: "Office Supplies" },
];

/** Packed for shipping: grams, then length, width and height in millimetres. */
type Packed = [grams: number, lengthMm: number, widthMm: number, heightMm: number];
type Line = [
  name: string,
  description: string,
  basePriceCents: number,
  variants: Array<Record<string, string>>,
  packed: Packed,
];

const sizes = (...s: string[]) => s.map((size) => ({ size }));
const colors = (...c: string[]) => c.map((color) => ({ color }));
const one = [{}];

const lines: Record<string, Line[]> = {
  "cat-kitchen": [
    [
      "Cast Iron Skillet",
      "Pre-seasoned 26 cm cast iron skillet that goes from stove top to oven.",
      3499,
      sizes("20 cm", "26 cm", "30 cm"),
      [2600, 480, 290, 70],
    ],
    [
      "Chef's Knife",
      "Forged stainless steel chef's knife with a full tang and a balanced handle.",
      5900,
      sizes("18 cm", "21 cm"),
      [350, 380, 90, 40],
    ],
    [
      "Pour-Over Coffee Kettle",
      "Gooseneck kettle for precise pour-over coffee brewing, 1 litre.",
      4250,
      colors("steel", "matte black"),
      [900, 300, 180, 200],
    ],
    [
      "Bamboo Cutting Board",
      "Sturdy bamboo cutting board with a juice groove, easy on knife edges.",
      1999,
      sizes("M", "L"),
      [1100, 420, 300, 30],
    ],
    [
      "Ceramic Dinner Plates",
      "Set of four stoneware dinner plates, dishwasher and microwave safe.",
      3800,
      colors("white", "sand", "slate"),
      [3400, 300, 300, 120],
    ],
    [
      "French Press",
      "Borosilicate glass French press coffee maker with a double mesh filter.",
      2900,
      sizes("350 ml", "1 l"),
      [800, 220, 160, 250],
    ],
    [
      "Silicone Baking Mat",
      "Non-stick reusable baking mat that replaces parchment paper.",
      1200,
      one,
      [180, 420, 60, 60],
    ],
    [
      "Espresso Cups",
      "Double-walled glass espresso cups that keep coffee hot, set of two.",
      1650,
      one,
      [300, 180, 100, 90],
    ],
  ],
  "cat-apparel": [
    [
      "Organic Cotton T-Shirt",
      "Soft crew-neck t-shirt made of 100% organic cotton.",
      2200,
      sizes("S", "M", "L", "XL"),
      [220, 300, 220, 30],
    ],
    [
      "Merino Wool Sweater",
      "Fine-knit merino wool sweater, warm and breathable.",
      8900,
      sizes("S", "M", "L"),
      [480, 350, 280, 60],
    ],
    [
      "Rain Jacket",
      "Waterproof, breathable rain jacket with taped seams and a packable hood.",
      12900,
      sizes("S", "M", "L", "XL"),
      [520, 350, 280, 70],
    ],
    ["Denim Jeans", "Straight-fit jeans in rigid selvedge denim.", 9500, sizes("30", "32", "34"), [750, 380, 300, 50]],
    [
      "Wool Socks",
      "Cushioned hiking socks in a merino wool blend, two pairs.",
      1800,
      sizes("S", "M", "L"),
      [160, 220, 120, 40],
    ],
    ["Linen Shirt", "Relaxed linen shirt for warm days.", 6400, sizes("M", "L"), [280, 320, 240, 40]],
    ["Running Cap", "Lightweight running cap with a sweat band.", 2400, colors("black", "white"), [110, 250, 200, 120]],
    [
      "Leather Belt",
      "Full-grain leather belt with a brass buckle.",
      4500,
      sizes("85", "95", "105"),
      [300, 250, 120, 50],
    ],
  ],
  "cat-outdoor": [
    [
      "Two-Person Tent",
      "Freestanding three-season tent for two, 2.1 kg.",
      24900,
      colors("green", "orange"),
      [2300, 500, 180, 180],
    ],
    [
      "Down Sleeping Bag",
      "Lightweight down sleeping bag rated to -5 °C.",
      28900,
      sizes("regular", "long"),
      [1200, 400, 250, 250],
    ],
    ["Trekking Poles", "Collapsible aluminium trekking poles with cork grips, pair.", 6900, one, [600, 700, 120, 80]],
    [
      "Camping Stove",
      "Compact gas canister stove that boils a litre in four minutes.",
      4900,
      one,
      [400, 160, 120, 100],
    ],
    ["Headlamp", "Rechargeable 400 lumen headlamp with a red light mode.", 3900, one, [180, 150, 100, 70]],
    ["Water Filter", "Squeeze water filter that removes bacteria and protozoa.", 3400, one, [160, 200, 100, 60]],
    [
      "Hiking Backpack",
      "45 litre hiking backpack with an adjustable back system.",
      15900,
      sizes("S/M", "L/XL"),
      [1700, 650, 350, 250],
    ],
    [
      "Insulated Water Bottle",
      "Stainless steel bottle that keeps drinks cold for 24 hours.",
      2900,
      colors("blue", "black", "white"),
      [450, 290, 100, 100],
    ],
  ],
  "cat-electronics": [
    [
      "Wireless Headphones",
      "Over-ear wireless headphones with active noise cancelling.",
      19900,
      colors("black", "silver"),
      [600, 250, 220, 110],
    ],
    [
      "Bluetooth Speaker",
      "Waterproof portable speaker with 12 hours of battery.",
      7900,
      colors("black", "red", "teal"),
      [700, 220, 120, 120],
    ],
    ["USB-C Charger", "65 W USB-C charger with two ports for laptop and phone.", 4500, one, [250, 120, 90, 60]],
    [
      "Mechanical Keyboard",
      "Tenkeyless mechanical keyboard with hot-swappable switches.",
      11900,
      colors("linear", "tactile"),
      [1100, 420, 170, 60],
    ],
    [
      "Wireless Mouse",
      "Ergonomic wireless mouse with a silent click.",
      3900,
      colors("graphite", "white"),
      [180, 160, 100, 60],
    ],
    ["E-Reader", "Glare-free 6 inch e-reader with a warm light.", 12900, sizes("8 GB", "32 GB"), [320, 210, 160, 40]],
    ["Smart Plug", "Wi-Fi smart plug with energy monitoring.", 1900, one, [150, 110, 90, 80]],
    ["Portable Power Bank", "20 000 mAh power bank with fast charging.", 4900, one, [450, 170, 100, 40]],
  ],
  "cat-books": [
    [
      "Designing Data-Intensive Applications",
      "The big ideas behind reliable, scalable and maintainable systems.",
      4500,
      [{ format: "paperback" }, { format: "ebook" }],
      [1100, 240, 180, 40],
    ],
    [
      "Domain-Driven Design Distilled",
      "A concise introduction to strategic and tactical domain-driven design.",
      3200,
      [{ format: "paperback" }],
      [350, 240, 170, 20],
    ],
    [
      "Building Microservices",
      "Designing fine-grained systems, second edition.",
      4900,
      [{ format: "paperback" }, { format: "ebook" }],
      [1000, 240, 180, 40],
    ],
    [
      "The Pragmatic Programmer",
      "Your journey to mastery, 20th anniversary edition.",
      4200,
      [{ format: "hardcover" }],
      [800, 240, 170, 35],
    ],
    [
      "Release It!",
      "Design and deploy production-ready software: stability patterns.",
      3900,
      [{ format: "paperback" }],
      [650, 240, 180, 30],
    ],
    ["Thinking in Systems", "A primer on systems thinking.", 1900, [{ format: "paperback" }], [300, 220, 150, 20]],
    [
      "The Art of Fermentation",
      "An in-depth exploration of fermentation from around the world.",
      3500,
      [{ format: "hardcover" }],
      [1500, 260, 200, 50],
    ],
    [
      "Trail Guide to the Alps",
      "Forty multi-day hiking routes across the Alps.",
      2800,
      [{ format: "paperback" }],
      [450, 220, 130, 25],
    ],
  ],
  "cat-toys": [
    ["Wooden Building Blocks", "Set of 100 natural wooden blocks.", 3900, one, [2200, 350, 250, 200]],
    ["Strategy Board Game", "A game of trading and building for 3–4 players.", 4400, one, [1300, 300, 300, 80]],
    ["Jigsaw Puzzle 1000", "1000-piece jigsaw puzzle of a mountain lake.", 1900, one, [700, 350, 250, 60]],
    [
      "Remote Control Car",
      "Off-road remote control car with rechargeable battery.",
      5900,
      colors("red", "blue"),
      [1400, 400, 250, 180],
    ],
    ["Card Game", "Fast-paced card game for 2–6 players.", 1200, one, [200, 130, 95, 40]],
    ["Kite", "Easy-flying delta kite with a 50 m line.", 2500, colors("rainbow", "blue"), [350, 800, 150, 50]],
    ["Plush Bear", "Soft plush bear made of recycled fibres.", 2200, sizes("small", "large"), [300, 300, 200, 150]],
    ["Marble Run", "Construction set for marble runs, 120 pieces.", 4900, one, [1500, 400, 300, 100]],
  ],
  "cat-beauty": [
    [
      "Natural Soap Bar",
      "Cold-process soap with olive oil and lavender.",
      650,
      [{ scent: "lavender" }, { scent: "cedar" }, { scent: "unscented" }],
      [130, 90, 60, 35],
    ],
    ["Shampoo Bar", "Plastic-free shampoo bar for all hair types.", 1100, one, [100, 80, 80, 40]],
    ["Face Moisturiser", "Light daily moisturiser with SPF 30.", 2400, one, [120, 140, 60, 60]],
    ["Bamboo Toothbrush", "Biodegradable toothbrush, pack of four.", 900, one, [90, 200, 80, 30]],
    ["Beard Oil", "Conditioning beard oil with jojoba and argan.", 1500, one, [110, 120, 50, 50]],
    ["Lip Balm", "Beeswax lip balm, set of three.", 800, one, [60, 110, 80, 25]],
    ["Hand Cream", "Rich hand cream for dry skin.", 1300, sizes("50 ml", "100 ml"), [90, 160, 60, 40]],
    ["Safety Razor", "Stainless steel double-edge safety razor.", 3400, one, [200, 150, 80, 50]],
  ],
  "cat-office": [
    [
      "Dot Grid Notebook",
      "A5 notebook with 160 pages of dot grid paper.",
      1800,
      colors("black", "navy", "olive"),
      [380, 230, 160, 20],
    ],
    ["Fountain Pen", "Steel-nib fountain pen with a converter.", 2900, sizes("fine", "medium"), [120, 180, 70, 40]],
    [
      "Desk Lamp",
      "Dimmable LED desk lamp with adjustable colour temperature.",
      5900,
      colors("white", "black"),
      [1600, 500, 200, 150],
    ],
    ["Standing Desk Mat", "Anti-fatigue mat for standing desks.", 4900, one, [2500, 800, 200, 200]],
    ["Monitor Stand", "Bamboo monitor stand with storage.", 3900, one, [3000, 600, 250, 100]],
    ["Cable Organiser", "Set of reusable cable ties and clips.", 900, one, [120, 180, 120, 40]],
    ["Paper Tray", "Stackable paper tray, set of two.", 1500, one, [900, 350, 270, 150]],
    [
      "Ergonomic Office Chair",
      "Office chair with adjustable lumbar support.",
      34900,
      colors("grey", "black"),
      [17000, 700, 650, 400],
    ],
  ],
};

/** UUIDv7-shaped ids from a fixed timestamp and a counter: stable across runs and machines. */
function fixedId(kind: number, n: number): string {
  const hex = (n * 16 + kind).toString(16).padStart(12, "0");
  return `0192f000-0000-7000-8000-${hex}`;
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

const code = (name: string) =>
  name
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40);

export const seedProducts: SeedProduct[] = Object.entries(lines).flatMap(([categoryId, products], c) =>
  products.map(([name, description, base, variants, [grams, lengthMm, widthMm, heightMm]], i) => {
    const n = c * 100 + i;
    return {
      id: fixedId(1, n),
      name,
      description,
      categoryId,
      skus: variants.map((attributes, v) => {
        const label = Object.values(attributes).join(" ");
        return {
          id: fixedId(2, n * 10 + v),
          code: `${code(name)}${label ? `-${code(label)}` : ""}`,
          name: label ? `${name}, ${label}` : name,
          priceMinor: base + v * Math.round(base * 0.1),
          attributes,
          // Larger variants (sizes are listed small to large) weigh a little more.
          weightGrams: grams + v * Math.round(grams * 0.1),
          dimensions: { lengthMm, widthMm, heightMm },
        };
      }),
      images: [
        { id: fixedId(3, n * 10), key: `products/${slug(name)}/main.jpg`, altText: name },
        { id: fixedId(3, n * 10 + 1), key: `products/${slug(name)}/detail.jpg`, altText: `${name}, close-up` },
      ],
    };
  }),
);

/**
 * The seeded products whose SKUs start without stock: every seventh, as inventory's seed has it
 * (tools/seed/make-inventory-seed.ts). Seeds publish no events, so the catalog seeds its stock
 * projection with the same starting state; a spec holds the two seeds to each other.
 */
export const seedSoldOutProducts: ReadonlySet<string> = new Set(
  seedProducts.filter((_, i) => i % 7 === 3).map((p) => p.id),
);
